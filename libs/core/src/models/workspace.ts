/**
 * The set of source files the reader works on: the model globs, parsed up front without a type
 * checker, plus whatever those files import, parsed lazily when an identifier leads there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bindParents, markJsDocParsed, ts, type TS } from './ast';
import type { Location, Report } from './diagnostics';
import { readPathAliases, resolveModule, type PathAliases } from './module-resolver';

export type ImportTarget = TS.SourceFile | { readonly package: string } | undefined;

export interface Workspace {
  readonly root: string;
  readonly report: Report;
  /** Model files matched by the globs, parsed without syntax errors, in path order. */
  readonly modelFiles: readonly TS.SourceFile[];
  locate(node: TS.Node): Location;
  /** The file an import specifier names, or the package it names, or undefined. */
  importTarget(specifier: string, from: TS.SourceFile): ImportTarget;
  /** Parse any file (the knexfile). */
  openFile(file: string): TS.SourceFile | undefined;
}

export interface WorkspaceOptions {
  readonly workspaceRoot: string;
  readonly projectRoot: string;
  readonly globs: readonly string[];
  readonly tsconfig: string;
  readonly report: Report;
}

type ParsedSourceFile = TS.SourceFile & { readonly parseDiagnostics?: readonly TS.DiagnosticWithLocation[] };

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

function scriptKind(file: string): TS.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

/** Globs as tsconfig `include`/`exclude` patterns (`**`, `*`, `?`), relative to the project root; `!` excludes. */
export function globFiles(projectRoot: string, globs: readonly string[]): string[] {
  const includes = globs.filter((g) => !g.startsWith('!'));
  const excludes = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  return ts.sys
    .readDirectory(projectRoot, SOURCE_EXTENSIONS, excludes, includes)
    .filter((file) => !/\.d\.[cm]?ts$/.test(file))
    .map((file) => path.resolve(file))
    .sort();
}

export function openWorkspace(options: WorkspaceOptions): Workspace {
  const root = options.workspaceRoot;
  const aliases: PathAliases | undefined = readPathAliases(options.tsconfig);
  const files = new Map<string, TS.SourceFile | undefined>();
  const targets = new Map<TS.SourceFile, Map<string, ImportTarget>>();
  const relativeNames = new WeakMap<TS.SourceFile, string>();
  const rootPrefix = path.resolve(root) + path.sep;
  const relative = (file: TS.SourceFile): string => {
    let name = relativeNames.get(file);
    if (name === undefined) {
      // File names are resolved paths: inside the root, the name is what follows it.
      const inside = file.fileName.startsWith(rootPrefix) ? file.fileName.slice(rootPrefix.length) : path.relative(root, file.fileName);
      relativeNames.set(file, (name = inside.split(path.sep).join('/')));
    }
    return name;
  };
  // The same node is located several times (a column's origin, its warnings): once is enough.
  const locations = new Map<TS.Node, Location>();
  const locate = (node: TS.Node): Location => {
    let location = locations.get(node);
    if (location === undefined) {
      const file = node.getSourceFile();
      locations.set(node, (location = { file: relative(file), line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 }));
    }
    return location;
  };

  const syntaxOk = (file: TS.SourceFile): boolean => {
    const first = (file as ParsedSourceFile).parseDiagnostics?.[0];
    if (!first) return true;
    const line = file.getLineAndCharacterOfPosition(first.start).line + 1;
    options.report('MIG_MODEL_SYNTAX', { file: relative(file), line }, `Syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`);
    return false;
  };

  /** `absolute` is a resolved path (from the glob, the resolver or `openFile`). */
  const openResolved = (absolute: string): TS.SourceFile | undefined => {
    if (files.has(absolute)) return files.get(absolute);
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch {
      files.set(absolute, undefined);
      return undefined;
    }
    // JSDoc is only parsed where a mig tag can be: most model files have none, and skipping it is cheaper.
    const jsDocParsingMode = /@(db[A-Z]|renamedFrom)/.test(text) ? ts.JSDocParsingMode.ParseAll : ts.JSDocParsingMode.ParseNone;
    const parsed = ts.createSourceFile(absolute, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode }, false, scriptKind(absolute));
    bindParents(parsed);
    if (jsDocParsingMode === ts.JSDocParsingMode.ParseAll) markJsDocParsed(parsed);
    const usable = syntaxOk(parsed) ? parsed : undefined;
    files.set(absolute, usable);
    return usable;
  };

  const openFile = (file: string): TS.SourceFile | undefined => openResolved(path.resolve(file));

  const modelFiles = globFiles(options.projectRoot, options.globs)
    .map(openResolved)
    .filter((f): f is TS.SourceFile => f !== undefined);

  return {
    root,
    report: options.report,
    modelFiles,
    locate,
    openFile,
    importTarget(specifier, from) {
      // Every lookup of an imported name comes here: resolve each specifier once per file.
      let known = targets.get(from);
      if (!known) targets.set(from, (known = new Map()));
      if (known.has(specifier)) return known.get(specifier);
      const resolved = resolveModule(specifier, from.fileName, aliases);
      const target = resolved.kind === 'package' ? { package: resolved.name } : resolved.kind === 'missing' ? undefined : openResolved(resolved.path);
      known.set(specifier, target);
      return target;
    },
  };
}
