/**
 * Small helpers over TypeScript's syntax tree. The reader walks compiler nodes directly, with
 * the TypeScript that ts-morph bundles: ts-morph's wrapper objects doubled the reading time of a
 * 500-model workspace, and we never need its manipulation API or the type checker.
 */
import type { ts as TS } from 'ts-morph';
import { loadTypeScript } from './load-typescript';

export type { TS };

/** ts-morph's own TypeScript (so the version is exactly ts-morph's), without its wrapper layer (~100 ms we do not use). */
export const ts = loadTypeScript();

/** Files parsed with their JSDoc (those that mention a mig tag); others have none to read. */
const withJsDoc = new WeakSet<TS.SourceFile>();

export function markJsDocParsed(file: TS.SourceFile): void {
  withJsDoc.add(file);
}

export function hasParsedJsDoc(node: TS.Node): boolean {
  return withJsDoc.has(node.getSourceFile());
}

/**
 * Sets `parent` on every node (and on JSDoc comments) of a file parsed without `setParentNodes`:
 * the same result as TypeScript's own fix-up pass, at half its cost (no work queue, no arrays).
 */
export function bindParents(file: TS.SourceFile): void {
  let parent: TS.Node = file;
  const visit = (child: TS.Node): undefined => {
    (child as { parent: TS.Node }).parent = parent;
    const saved = parent;
    const jsDoc = (child as { jsDoc?: readonly TS.Node[] }).jsDoc;
    if (jsDoc !== undefined) {
      for (const doc of jsDoc) {
        (doc as { parent: TS.Node }).parent = child;
        parent = doc;
        ts.forEachChild(doc, visit);
      }
    }
    parent = child;
    ts.forEachChild(child, visit);
    parent = saved;
    return undefined;
  };
  ts.forEachChild(file, visit);
}

export function hasModifier(node: TS.Node, kind: TS.SyntaxKind): boolean {
  if (!ts.canHaveModifiers(node)) return false;
  // `ts.getModifiers` would copy the list (it drops decorators, which never match a keyword kind).
  const modifiers = (node as TS.Node & { readonly modifiers?: TS.NodeArray<TS.ModifierLike> }).modifiers;
  if (modifiers === undefined) return false;
  for (const modifier of modifiers) if (modifier.kind === kind) return true;
  return false;
}

export const isStatic = (node: TS.Node) => hasModifier(node, ts.SyntaxKind.StaticKeyword);
export const isExported = (node: TS.Node) => hasModifier(node, ts.SyntaxKind.ExportKeyword);
export const isDefaultExport = (node: TS.Node) => isExported(node) && hasModifier(node, ts.SyntaxKind.DefaultKeyword);

/** Text of a property/member name when it is static (identifier, string or number literal). */
export function nameText(name: TS.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

export function declarationName(node: TS.Node): string | undefined {
  const name = (node as TS.Node & { name?: TS.Node }).name;
  return nameText(name);
}

export function lineOf(node: TS.Node): number {
  const file = node.getSourceFile();
  return file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
}

export function textOf(node: TS.Node): string {
  return node.getText(node.getSourceFile());
}

/** The class that directly or indirectly contains `node`. */
export function enclosingClass(node: TS.Node): TS.ClassLikeDeclaration | undefined {
  for (let n: TS.Node | undefined = node.parent; n; n = n.parent) if (ts.isClassLike(n)) return n;
  return undefined;
}

/** Expressions that only wrap another one for the type checker: `(x)`, `x as T`, `x satisfies T`, `x!`. */
export function unwrap(node: TS.Node): TS.Node {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isTypeAssertionExpression(n) || ts.isNonNullExpression(n)) {
    n = n.expression;
  }
  return n;
}

export function className(decl: TS.ClassLikeDeclaration): string {
  if (decl.name) return decl.name.text;
  // `const Person = class extends Model {}` is called by its variable's name.
  return decl.parent && ts.isVariableDeclaration(decl.parent) && ts.isIdentifier(decl.parent.name) ? decl.parent.name.text : 'default';
}

/**
 * Classes a file defines at module level: declarations, and class expressions assigned to a
 * const, `module.exports` or `exports.X` (how JavaScript models are often written).
 */
export function moduleClasses(file: TS.SourceFile): TS.ClassLikeDeclaration[] {
  const out: TS.ClassLikeDeclaration[] = [];
  for (const statement of file.statements) {
    if (ts.isClassDeclaration(statement)) out.push(statement);
    else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) if (decl.initializer && ts.isClassExpression(unwrap(decl.initializer))) out.push(unwrap(decl.initializer) as TS.ClassExpression);
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && ts.isClassExpression(unwrap(statement.expression.right))) {
      out.push(unwrap(statement.expression.right) as TS.ClassExpression);
    }
  }
  return out;
}
