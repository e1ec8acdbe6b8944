/**
 * The set of source files the reader works on: the model globs, parsed up front without a type
 * checker, plus whatever those files import, parsed lazily when an identifier leads there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markJsDocParsed, ts, type TS } from './ast';
import type { Location, Report } from './diagnostics';
import { readPathAliases, resolveModule, type PathAliases } from './module-resolver';

export interface Workspace {
  readonly root: string;
  readonly report: Report;
  /** Model files matched by the globs, parsed without syntax errors, in path order. */
  readonly modelFiles: readonly TS.SourceFile[];
  locate(node: TS.Node): Location;
  /** The file an import specifier names, or the package it names, or undefined. */
  importTarget(specifier: string, from: TS.SourceFile): TS.SourceFile | { readonly package: string } | undefined;
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
  const relativeNames = new WeakMap<TS.SourceFile, string>();
  const relative = (file: TS.SourceFile): string => {
    let name = relativeNames.get(file);
    if (name === undefined) relativeNames.set(file, (name = path.relative(root, file.fileName).split(path.sep).join('/')));
    return name;
  };
  const locate = (node: TS.Node): Location => {
    const file = node.getSourceFile();
    return { file: relative(file), line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 };
  };

  const syntaxOk = (file: TS.SourceFile): boolean => {
    const first = (file as ParsedSourceFile).parseDiagnostics?.[0];
    if (!first) return true;
    const line = file.getLineAndCharacterOfPosition(first.start).line + 1;
    options.report('MIG_MODEL_SYNTAX', { file: relative(file), line }, `Syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`);
    return false;
  };

  const openFile = (file: string): TS.SourceFile | undefined => {
    const absolute = path.resolve(file);
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
    const parsed = ts.createSourceFile(absolute, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode }, true, scriptKind(absolute));
    if (jsDocParsingMode === ts.JSDocParsingMode.ParseAll) markJsDocParsed(parsed);
    const usable = syntaxOk(parsed) ? parsed : undefined;
    files.set(absolute, usable);
    return usable;
  };

  const modelFiles = globFiles(options.projectRoot, options.globs)
    .map(openFile)
    .filter((f): f is TS.SourceFile => f !== undefined);

  return {
    root,
    report: options.report,
    modelFiles,
    locate,
    openFile,
    importTarget(specifier, from) {
      const resolved = resolveModule(specifier, from.fileName, aliases);
      if (resolved.kind === 'package') return { package: resolved.name };
      if (resolved.kind === 'missing') return undefined;
      return openFile(resolved.path);
    },
  };
}
