/**
 * Name → declaration, across files: module-level declarations, imports, re-exports (barrels),
 * and CommonJS `module.exports`/`require`. Built once per file from its top-level statements;
 * no type checker involved.
 */
import { declarationName, isDefaultExport, isExported, textOf, ts, type TS } from './ast';
import type { Workspace } from './workspace';

export type Binding =
  | { readonly kind: 'declaration'; readonly node: TS.Node }
  /** `const { a: b } = init` — the value is `init[property]`. */
  | { readonly kind: 'destructured'; readonly decl: TS.VariableDeclaration; readonly property: string }
  | { readonly kind: 'expression'; readonly node: TS.Expression }
  | { readonly kind: 'external'; readonly module: string; readonly name: string }
  | { readonly kind: 'module'; readonly file: TS.SourceFile };

type LocalEntry = Binding | { readonly kind: 'import'; readonly specifier: string; readonly name: string; readonly node: TS.Node };
type ExportEntry =
  | { readonly kind: 'local'; readonly name: string }
  | { readonly kind: 'binding'; readonly binding: Binding }
  | { readonly kind: 'reexport'; readonly specifier: string; readonly name: string; readonly node: TS.Node };

interface FileScope {
  readonly locals: Map<string, LocalEntry>;
  readonly exports: Map<string, ExportEntry>;
  readonly stars: { readonly specifier: string; readonly node: TS.Node }[];
}

export interface Scope {
  /** What `name` means at module level of `file`, following imports to their declarations. */
  lookup(file: TS.SourceFile, name: string): Binding | undefined;
  lookupExport(file: TS.SourceFile, name: string): Binding | undefined;
}

const specifierOf = (node: TS.Expression | undefined) => (node && ts.isStringLiteral(node) ? node.text : undefined);

function addVariable(locals: Map<string, LocalEntry>, decl: TS.VariableDeclaration): string[] {
  if (ts.isIdentifier(decl.name)) {
    locals.set(decl.name.text, { kind: 'declaration', node: decl });
    return [decl.name.text];
  }
  if (!ts.isObjectBindingPattern(decl.name)) return [];
  const names: string[] = [];
  for (const element of decl.name.elements) {
    if (!ts.isIdentifier(element.name)) continue;
    const local = element.name.text;
    locals.set(local, { kind: 'destructured', decl, property: (element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined) ?? local });
    names.push(local);
  }
  return names;
}

function commonJsExport(statement: TS.Statement, exports: Map<string, ExportEntry>): void {
  if (!ts.isExpressionStatement(statement)) return;
  const expr = statement.expression;
  if (!ts.isBinaryExpression(expr) || expr.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const target = textOf(expr.left).replace(/\s/g, '');
  const value = expr.right;
  if (target === 'module.exports') {
    exports.set('default', { kind: 'binding', binding: { kind: 'expression', node: value } });
    if (ts.isObjectLiteralExpression(value)) {
      for (const prop of value.properties) {
        if (ts.isShorthandPropertyAssignment(prop)) exports.set(prop.name.text, { kind: 'local', name: prop.name.text });
        else if (ts.isPropertyAssignment(prop)) {
          const name = declarationName(prop);
          if (name) exports.set(name, { kind: 'binding', binding: { kind: 'expression', node: prop.initializer } });
        }
      }
    } else if (ts.isIdentifier(value)) exports.set(value.text, { kind: 'local', name: value.text });
    return;
  }
  const named = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
  if (named) exports.set(named[1], { kind: 'binding', binding: { kind: 'expression', node: value } });
}

function addImport(statement: TS.ImportDeclaration, locals: Map<string, LocalEntry>): void {
  const specifier = specifierOf(statement.moduleSpecifier);
  const clause = statement.importClause;
  if (!specifier || !clause) return;
  const entry = (name: string) => ({ kind: 'import' as const, specifier, name, node: statement });
  if (clause.name) locals.set(clause.name.text, entry('default'));
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) locals.set(bindings.name.text, entry('*'));
  else if (bindings) for (const el of bindings.elements) locals.set(el.name.text, entry((el.propertyName && nameOf(el.propertyName)) ?? el.name.text));
}

const nameOf = (name: TS.ModuleExportName) => (ts.isIdentifier(name) ? name.text : name.text);

function addExport(statement: TS.ExportDeclaration, exports: Map<string, ExportEntry>, stars: FileScope['stars']): void {
  const specifier = specifierOf(statement.moduleSpecifier);
  const clause = statement.exportClause;
  if (!clause) {
    if (specifier) stars.push({ specifier, node: statement });
    return;
  }
  if (ts.isNamespaceExport(clause)) {
    if (specifier) exports.set(nameOf(clause.name), { kind: 'reexport', specifier, name: '*', node: statement });
    return;
  }
  for (const el of clause.elements) {
    const local = el.propertyName ? nameOf(el.propertyName) : nameOf(el.name);
    exports.set(nameOf(el.name), specifier ? { kind: 'reexport', specifier, name: local, node: statement } : { kind: 'local', name: local });
  }
}

function buildScope(file: TS.SourceFile): FileScope {
  const locals = new Map<string, LocalEntry>();
  const exports = new Map<string, ExportEntry>();
  const stars: FileScope['stars'] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) addImport(statement, locals);
    else if (ts.isImportEqualsDeclaration(statement)) {
      const ref = statement.moduleReference;
      const specifier = ts.isExternalModuleReference(ref) ? specifierOf(ref.expression) : undefined;
      if (specifier) locals.set(statement.name.text, { kind: 'import', specifier, name: '*', node: statement });
    } else if (ts.isExportDeclaration(statement)) addExport(statement, exports, stars);
    else if (ts.isExportAssignment(statement)) {
      const expr = statement.expression;
      exports.set('default', ts.isIdentifier(expr) ? { kind: 'local', name: expr.text } : { kind: 'binding', binding: { kind: 'expression', node: expr } });
    } else if (ts.isVariableStatement(statement)) {
      const names = statement.declarationList.declarations.flatMap((decl) => addVariable(locals, decl));
      if (isExported(statement)) for (const name of names) exports.set(name, { kind: 'local', name });
    } else if (
      ts.isClassDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isFunctionDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement)
    ) {
      const name = declarationName(statement);
      const typeOnly = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement);
      // Interfaces and types share names with values in TS; the value (class/enum/const) wins here.
      if (name && !(typeOnly && locals.has(name))) locals.set(name, { kind: 'declaration', node: statement });
      if (isDefaultExport(statement)) {
        exports.set('default', name ? { kind: 'local', name } : { kind: 'binding', binding: { kind: 'declaration', node: statement } });
      } else if (name && isExported(statement)) exports.set(name, { kind: 'local', name });
    } else commonJsExport(statement, exports);
  }
  return { locals, exports, stars };
}

export function createScope(workspace: Workspace): Scope {
  const scopes = new Map<TS.SourceFile, FileScope>();
  const scopeOf = (file: TS.SourceFile): FileScope => {
    let scope = scopes.get(file);
    if (!scope) scopes.set(file, (scope = buildScope(file)));
    return scope;
  };

  const fromModule = (specifier: string, from: TS.SourceFile, name: string, seen: Set<string>, node: TS.Node): Binding | undefined => {
    const target = workspace.importTarget(specifier, from);
    if (!target) {
      workspace.report('MIG_MODEL_UNRESOLVED_IMPORT', workspace.locate(node), `Cannot resolve '${specifier}' (needed for '${name}')`);
      return undefined;
    }
    if ('package' in target) return { kind: 'external', module: target.package, name };
    if (name === '*') return { kind: 'module', file: target };
    return exported(target, name, seen);
  };

  const local = (file: TS.SourceFile, name: string, seen: Set<string>): Binding | undefined => {
    const entry = scopeOf(file).locals.get(name);
    if (!entry) return undefined;
    return entry.kind === 'import' ? fromModule(entry.specifier, file, entry.name, seen, entry.node) : entry;
  };

  const exported = (file: TS.SourceFile, name: string, seen: Set<string>): Binding | undefined => {
    const key = `${file.fileName}#${name}`;
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

  // Each answer depends only on the file and the name, and the same few names (the model
  // base, related models, shared constants) are looked up again for every model.
  const cached = (find: (file: TS.SourceFile, name: string, seen: Set<string>) => Binding | undefined) => {
    const answers = new Map<TS.SourceFile, Map<string, Binding | undefined>>();
    return (file: TS.SourceFile, name: string): Binding | undefined => {
      let known = answers.get(file);
      if (!known) answers.set(file, (known = new Map()));
      if (known.has(name)) return known.get(name);
      const binding = find(file, name, new Set());
      known.set(name, binding);
      return binding;
    };
  };
  return { lookup: cached(local), lookupExport: cached(exported) };
}
