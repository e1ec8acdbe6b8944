/**
 * The slow, sure path of readRevisionHeader: the TypeScript parser, used only for the few files the
 * lexer cannot read (a missing or duplicated key, or a value that is not a plain literal). Besides
 * what the lexer reads it accepts escapes, parentheses, `as T`, `satisfies T`, a reference to a
 * top-level `const` holding a literal, `export const a = …, b = …` and CommonJS
 * `module.exports = { … }`. It never evaluates anything else: a header must be readable without
 * running the file.
 */
import type * as TS from 'typescript';
import { RevisionGraphError } from '../errors';
import { HEADER_KEYS, type HeaderEntries, type HeaderKey, type HeaderLiteral } from './header-lexer';

let typescript: typeof TS | undefined;
function ts(): typeof TS {
  // Loaded on first use: most runs never need the parser (and it costs ~150 ms to load).
  typescript ??= require('typescript') as typeof TS;
  return typescript;
}

const NOT_LITERAL = Symbol('not a literal');
type Evaluated = HeaderLiteral | typeof NOT_LITERAL;

function isHeaderKey(name: string): name is HeaderKey {
  return (HEADER_KEYS as readonly string[]).includes(name);
}

/** Header exports of `source` by parsing it; throws MIG_BAD_HEADER for a duplicate or a non-literal. */
export function parseHeaderEntries(source: string, file: string): HeaderEntries {
  const t = ts();
  const sourceFile = t.createSourceFile(file, source, t.ScriptTarget.ES2022, true, scriptKindOf(file));
  const constants = new Map<string, TS.Expression>();
  const found: Array<{ key: HeaderKey; node: TS.Node; expression: TS.Node }> = [];

  for (const statement of sourceFile.statements) {
    if (t.isVariableStatement(statement)) {
      const exported = statement.modifiers?.some((m) => m.kind === t.SyntaxKind.ExportKeyword) ?? false;
      for (const declaration of statement.declarationList.declarations) {
        if (!t.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const name = declaration.name.text;
        if ((statement.declarationList.flags & t.NodeFlags.Const) !== 0) constants.set(name, declaration.initializer);
        if (exported && isHeaderKey(name)) found.push({ key: name, node: declaration, expression: declaration.initializer });
      }
    } else if (t.isExpressionStatement(statement) && t.isBinaryExpression(statement.expression)) {
      const { left, right, operatorToken } = statement.expression;
      if (operatorToken.kind !== t.SyntaxKind.EqualsToken) continue;
      const target = left.getText(sourceFile).replace(/\s+/g, '');
      const member = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
      if (member && isHeaderKey(member[1])) found.push({ key: member[1], node: statement, expression: right });
      if (target === 'module.exports' && t.isObjectLiteralExpression(right)) {
        for (const property of right.properties) {
          const name = property.name && (t.isIdentifier(property.name) || t.isStringLiteral(property.name)) ? property.name.text : undefined;
          if (!name || !isHeaderKey(name)) continue;
          if (t.isPropertyAssignment(property)) found.push({ key: name, node: property, expression: property.initializer });
          else if (t.isShorthandPropertyAssignment(property)) found.push({ key: name, node: property, expression: property.name });
          else found.push({ key: name, node: property, expression: property }); // a method or accessor: reported below
        }
      }
    }
  }

  const lineOf = (node: TS.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const entries: HeaderEntries = {};
  for (const { key, node, expression } of found) {
    const line = lineOf(node);
    const previous = entries[key];
    if (previous) {
      throw new RevisionGraphError('MIG_BAD_HEADER', `${file}:${line}: \`${key}\` is declared twice (first at line ${previous.line}).`, {
        file,
        line,
        hint: `Keep one \`export const ${key} = …\` in the revision file.`,
      });
    }
    const value = evaluate(expression, constants, 0);
    if (value === NOT_LITERAL) {
      throw new RevisionGraphError(
        'MIG_BAD_HEADER',
        `${file}:${line}: \`${key}\` must be a literal (mig reads revision headers without running the file), found \`${expression.getText(sourceFile)}\`.`,
        { file, line, hint: `Write it as a literal, e.g. ${exampleLine(key)}` },
      );
    }
    entries[key] = { value, line };
  }
  return entries;
}

function evaluate(node: TS.Node, constants: ReadonlyMap<string, TS.Expression>, depth: number): Evaluated {
  const t = ts();
  if (t.isStringLiteral(node) || t.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (t.isNumericLiteral(node)) return Number(node.text); // read so that the error can say "must be a string"
  if (node.kind === t.SyntaxKind.NullKeyword) return null;
  if (node.kind === t.SyntaxKind.TrueKeyword) return true;
  if (node.kind === t.SyntaxKind.FalseKeyword) return false;
  if (t.isParenthesizedExpression(node) || t.isAsExpression(node) || t.isSatisfiesExpression(node) || t.isTypeAssertionExpression(node)) {
    return evaluate(node.expression, constants, depth);
  }
  if (t.isArrayLiteralExpression(node)) {
    const items: HeaderLiteral[] = [];
    for (const element of node.elements) {
      const item = evaluate(element, constants, depth);
      if (item === NOT_LITERAL) return NOT_LITERAL;
      items.push(item);
    }
    return items;
  }
  if (t.isIdentifier(node)) {
    if (node.text === 'undefined') return null;
    // One level of indirection is what people write (`const REV = '…'`); more is a smell.
    const target = constants.get(node.text);
    return target && depth < 1 ? evaluate(target, constants, depth + 1) : NOT_LITERAL;
  }
  return NOT_LITERAL;
}

function scriptKindOf(file: string): TS.ScriptKind {
  const t = ts();
  return /\.[mc]?js$/.test(file) ? t.ScriptKind.JS : t.ScriptKind.TS;
}

/** The line a revision file is expected to contain for `key`, shown in hints. */
export function exampleLine(key: HeaderKey): string {
  const examples: Record<HeaderKey, string> = {
    revision: "`export const revision = '3512b954651e';`",
    downRevision: "`export const downRevision: string | string[] | null = null;` (or the parent's id, or a list of ids for a merge)",
    branchLabels: "`export const branchLabels: string[] = ['accounts'];`",
    dependsOn: "`export const dependsOn: string[] = ['3512b954651e'];`",
    transaction: '`export const transaction = false;`',
  };
  return examples[key];
}
