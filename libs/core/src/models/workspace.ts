/**
 * The set of source files the reader works on: the model globs, parsed up front without a type
 * checker, plus whatever those files import, parsed lazily when an identifier leads there.
 */
import * as path from 'node:path';
import { Project, type Node, type SourceFile, type ts } from 'ts-morph';
import type { Location, Report } from './diagnostics';
import { readPathAliases, resolveModule, type PathAliases } from './module-resolver';

export interface Workspace {
  readonly root: string;
  readonly report: Report;
  /** Model files matched by the globs, parsed without syntax errors, in path order. */
  readonly modelFiles: readonly SourceFile[];
  locate(node: Node): Location;
  /** The file an import specifier names, or the package it names, or undefined. */
  importTarget(specifier: string, from: SourceFile): SourceFile | { readonly package: string } | undefined;
  /** Parse any file (the knexfile). */
  openFile(file: string): SourceFile | undefined;
  isModelFile(file: SourceFile): boolean;
}

export interface WorkspaceOptions {
  readonly workspaceRoot: string;
  readonly projectRoot: string;
  readonly globs: readonly string[];
  readonly tsconfig: string;
  readonly report: Report;
}

type ParsedSourceFile = ts.SourceFile & { readonly parseDiagnostics?: readonly ts.DiagnosticWithLocation[] };

function absoluteGlob(projectRoot: string, glob: string): string {
  const negated = glob.startsWith('!');
  const body = negated ? glob.slice(1) : glob;
  const absolute = path.isAbsolute(body) ? body : path.join(projectRoot, body);
  return (negated ? '!' : '') + absolute.split(path.sep).join('/');
}

export function openWorkspace(options: WorkspaceOptions): Workspace {
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true },
  });
  const root = options.workspaceRoot;
  const aliases: PathAliases | undefined = readPathAliases(options.tsconfig);
  const broken = new Set<SourceFile>();
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const locate = (node: Node): Location => ({ file: relative(node.getSourceFile().getFilePath()), line: node.getStartLineNumber() });

  const checkSyntax = (file: SourceFile): boolean => {
    const first = (file.compilerNode as ParsedSourceFile).parseDiagnostics?.[0];
    if (!first) return true;
    broken.add(file);
    const line = file.compilerNode.getLineAndCharacterOfPosition(first.start).line + 1;
    const text = typeof first.messageText === 'string' ? first.messageText : first.messageText.messageText;
    options.report('MIG_MODEL_SYNTAX', { file: relative(file.getFilePath()), line }, `Syntax error: ${text}`);
    return false;
  };

  const globbed = project.addSourceFilesAtPaths(options.globs.map((g) => absoluteGlob(options.projectRoot, g)));
  const modelFiles = globbed
    .filter((file) => !file.isDeclarationFile())
    .sort((a, b) => (a.getFilePath() < b.getFilePath() ? -1 : 1))
    .filter(checkSyntax);
  const modelSet = new Set(modelFiles);

  const openFile = (file: string): SourceFile | undefined => {
    const existing = project.getSourceFile(file);
    if (existing) return broken.has(existing) ? undefined : existing;
    const added = project.addSourceFileAtPathIfExists(file);
    return added && checkSyntax(added) ? added : undefined;
  };

  return {
    root,
    report: options.report,
    modelFiles,
    locate,
    openFile,
    isModelFile: (file) => modelSet.has(file),
    importTarget(specifier, from) {
      const resolved = resolveModule(specifier, from.getFilePath(), aliases);
      if (resolved.kind === 'package') return { package: resolved.name };
      if (resolved.kind === 'missing') return undefined;
      return openFile(resolved.path);
    },
  };
}
