/**
 * Name → declaration, across files: module-level declarations, imports, re-exports (barrels),
 * and CommonJS `module.exports`/`require`. Built once per file from its top-level statements;
 * no type checker involved.
 */
import { Node, SyntaxKind, type Expression, type SourceFile, type VariableDeclaration } from 'ts-morph';
import type { Workspace } from './workspace';

export type Binding =
  | { readonly kind: 'declaration'; readonly node: Node }
  /** `const { a: b } = init` — the value is `init[path]`. */
  | { readonly kind: 'destructured'; readonly decl: VariableDeclaration; readonly property: string }
  | { readonly kind: 'expression'; readonly node: Expression }
  | { readonly kind: 'external'; readonly module: string; readonly name: string }
  | { readonly kind: 'module'; readonly file: SourceFile };

type LocalEntry = Binding | { readonly kind: 'import'; readonly specifier: string; readonly name: string; readonly node: Node };
type ExportEntry =
  | { readonly kind: 'local'; readonly name: string }
  | { readonly kind: 'binding'; readonly binding: Binding }
  | { readonly kind: 'reexport'; readonly specifier: string; readonly name: string; readonly node: Node };

interface FileScope {
  readonly locals: Map<string, LocalEntry>;
  readonly exports: Map<string, ExportEntry>;
  readonly stars: { readonly specifier: string; readonly node: Node }[];
}

export interface Scope {
  /** What `name` means at module level of `file`, following imports to their declarations. */
  lookup(file: SourceFile, name: string): Binding | undefined;
  lookupExport(file: SourceFile, name: string): Binding | undefined;
}

function declarationName(node: Node): string | undefined {
  return Node.hasName(node) ? node.getName() : undefined;
}

function addVariable(locals: Map<string, LocalEntry>, decl: VariableDeclaration): string[] {
  const nameNode = decl.getNameNode();
  if (Node.isIdentifier(nameNode)) {
    locals.set(nameNode.getText(), { kind: 'declaration', node: decl });
    return [nameNode.getText()];
  }
  if (!Node.isObjectBindingPattern(nameNode)) return [];
  const names: string[] = [];
  for (const element of nameNode.getElements()) {
    const local = element.getName();
    const property = element.getPropertyNameNode()?.getText() ?? local;
    locals.set(local, { kind: 'destructured', decl, property });
    names.push(local);
  }
  return names;
}

function commonJsExport(statement: Node, exports: Map<string, ExportEntry>): void {
  if (!Node.isExpressionStatement(statement)) return;
  const expr = statement.getExpression();
  if (!Node.isBinaryExpression(expr) || expr.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return;
  const target = expr.getLeft().getText().replace(/\s/g, '');
  const value = expr.getRight();
  if (target === 'module.exports') {
    exports.set('default', { kind: 'binding', binding: { kind: 'expression', node: value } });
    if (Node.isObjectLiteralExpression(value)) {
      for (const prop of value.getProperties()) {
        if (Node.isShorthandPropertyAssignment(prop)) exports.set(prop.getName(), { kind: 'local', name: prop.getName() });
        else if (Node.isPropertyAssignment(prop)) exports.set(prop.getName(), { kind: 'binding', binding: { kind: 'expression', node: prop.getInitializerOrThrow() } });
      }
    } else if (Node.isIdentifier(value)) {
      exports.set(value.getText(), { kind: 'local', name: value.getText() });
    }
    return;
  }
  const named = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
  if (named) exports.set(named[1], { kind: 'binding', binding: { kind: 'expression', node: value } });
}

function buildScope(file: SourceFile): FileScope {
  const locals = new Map<string, LocalEntry>();
  const exports = new Map<string, ExportEntry>();
  const stars: FileScope['stars'] = [];
  for (const statement of file.getStatements()) {
    if (Node.isImportDeclaration(statement)) {
      const specifier = statement.getModuleSpecifierValue();
      const def = statement.getDefaultImport();
      if (def) locals.set(def.getText(), { kind: 'import', specifier, name: 'default', node: statement });
      const ns = statement.getNamespaceImport();
      if (ns) locals.set(ns.getText(), { kind: 'import', specifier, name: '*', node: statement });
      for (const named of statement.getNamedImports()) {
        locals.set(named.getAliasNode()?.getText() ?? named.getName(), { kind: 'import', specifier, name: named.getName(), node: statement });
      }
    } else if (Node.isImportEqualsDeclaration(statement)) {
      const ref = statement.getModuleReference();
      if (Node.isExternalModuleReference(ref)) {
        const arg = ref.getExpression();
        if (arg && Node.isStringLiteral(arg)) locals.set(statement.getName(), { kind: 'import', specifier: arg.getLiteralValue(), name: '*', node: statement });
      }
    } else if (Node.isExportDeclaration(statement)) {
      const specifier = statement.getModuleSpecifierValue();
      const nsExport = statement.getNamespaceExport();
      if (specifier && nsExport) exports.set(nsExport.getName(), { kind: 'reexport', specifier, name: '*', node: statement });
      else if (specifier && statement.getNamedExports().length === 0) stars.push({ specifier, node: statement });
      for (const named of statement.getNamedExports()) {
        const exported = named.getAliasNode()?.getText() ?? named.getName();
        exports.set(exported, specifier ? { kind: 'reexport', specifier, name: named.getName(), node: statement } : { kind: 'local', name: named.getName() });
      }
    } else if (Node.isExportAssignment(statement)) {
      const expr = statement.getExpression();
      exports.set('default', Node.isIdentifier(expr) ? { kind: 'local', name: expr.getText() } : { kind: 'binding', binding: { kind: 'expression', node: expr } });
    } else if (Node.isVariableStatement(statement)) {
      const names = statement.getDeclarations().flatMap((decl) => addVariable(locals, decl));
      if (statement.hasExportKeyword()) for (const name of names) exports.set(name, { kind: 'local', name });
    } else if (
      Node.isClassDeclaration(statement) ||
      Node.isEnumDeclaration(statement) ||
      Node.isFunctionDeclaration(statement) ||
      Node.isInterfaceDeclaration(statement) ||
      Node.isTypeAliasDeclaration(statement)
    ) {
      const name = declarationName(statement);
      // Interfaces and types share names with values in TS; the value (class/enum/const) wins here.
      if (name && !(locals.has(name) && (Node.isInterfaceDeclaration(statement) || Node.isTypeAliasDeclaration(statement)))) {
        locals.set(name, { kind: 'declaration', node: statement });
      }
      if (Node.isExportable(statement) && statement.hasDefaultKeyword()) {
        exports.set('default', name ? { kind: 'local', name } : { kind: 'binding', binding: { kind: 'declaration', node: statement } });
      } else if (name && Node.isExportable(statement) && statement.hasExportKeyword()) {
        exports.set(name, { kind: 'local', name });
      }
    } else {
      commonJsExport(statement, exports);
    }
  }
  return { locals, exports, stars };
}

export function createScope(workspace: Workspace): Scope {
  const scopes = new Map<SourceFile, FileScope>();
  const scopeOf = (file: SourceFile): FileScope => {
    let scope = scopes.get(file);
    if (!scope) scopes.set(file, (scope = buildScope(file)));
    return scope;
  };

  const fromModule = (specifier: string, from: SourceFile, name: string, seen: Set<string>, node: Node): Binding | undefined => {
    const target = workspace.importTarget(specifier, from);
    if (!target) {
      workspace.report('MIG_MODEL_UNRESOLVED_IMPORT', workspace.locate(node), `Cannot resolve '${specifier}' (needed for '${name}')`);
      return undefined;
    }
    if ('package' in target) return { kind: 'external', module: target.package, name };
    if (name === '*') return { kind: 'module', file: target };
    return exported(target, name, seen);
  };

  const local = (file: SourceFile, name: string, seen: Set<string>): Binding | undefined => {
    const entry = scopeOf(file).locals.get(name);
    if (!entry) return undefined;
    return entry.kind === 'import' ? fromModule(entry.specifier, file, entry.name, seen, entry.node) : entry;
  };

  const exported = (file: SourceFile, name: string, seen: Set<string>): Binding | undefined => {
    const key = `${file.getFilePath()}#${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const scope = scopeOf(file);
    const entry = scope.exports.get(name);
    if (entry?.kind === 'local') return local(file, entry.name, seen);
    if (entry?.kind === 'binding') return entry.binding;
    if (entry?.kind === 'reexport') return fromModule(entry.specifier, file, entry.name, seen, entry.node);
    if (name === 'default') return undefined;
    for (const star of scope.stars) {
      const found = fromModule(star.specifier, file, name, seen, star.node);
      if (found && found.kind !== 'external') return found;
    }
    return undefined;
  };

  return {
    lookup: (file, name) => local(file, name, new Set()),
    lookupExport: (file, name) => exported(file, name, new Set()),
  };
}
