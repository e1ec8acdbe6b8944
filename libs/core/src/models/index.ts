/**
 * Objection models → the normalized schema, read statically (MODELS.md). The only entry point
 * that loads ts-morph; the rest of mig reaches it through `await import('./models')`.
 */
import * as path from 'node:path';
import { moduleClasses, type TS } from './ast';
import { sortDiagnostics, type Diagnostic } from '../schema/diagnostic';
import type { Schema, SchemaDialect } from '../schema/schema';
import { assembleTables } from './assemble';
import type { StringDefault } from './column-types';
import type { ReaderContext } from './context';
import { createCollector } from './diagnostics';
import { createEvaluator } from './evaluate';
import { findKnexfile, knexSnakeCaseOptions } from './knexfile';
import { saveTypeScriptCache } from './load-typescript';
import { createModelTest } from './model-info';
import type { SnakeCaseOptions } from './naming';
import { createScope } from './scope';
import { openWorkspace } from './workspace';

export type { DbHints } from './db-hints';
export { MODEL_DIAGNOSTICS, type ModelDiagnosticCode } from './diagnostics';

export interface ReadModelsOptions {
  readonly workspaceRoot: string;
  readonly projectRoot: string;
  /** Globs relative to projectRoot, e.g. `src/models/**\/*.ts`; `!` excludes. */
  readonly models: string | readonly string[];
  readonly dialect: SchemaDialect;
  /** Default `auto`: `knexSnakeCaseMappers` when the knexfile spreads it, else none. */
  readonly identifierMapping?: 'none' | 'knexSnakeCaseMappers' | 'auto';
  /** Relative to projectRoot; default: knexfile.{ts,js} in the project root, then the workspace root. */
  readonly knexfile?: string;
  /** For path aliases; default `<workspaceRoot>/tsconfig.base.json`. */
  readonly tsconfig?: string;
  /** PostgreSQL type of unbounded strings; default `text`. */
  readonly stringDefault?: StringDefault;
}

export interface ReadModelsResult {
  readonly schema: Schema;
  readonly diagnostics: Diagnostic[];
}

function knexNaming(options: ReadModelsOptions, ctx: Pick<ReaderContext, 'evaluator' | 'report'>): SnakeCaseOptions | undefined {
  const mode = options.identifierMapping ?? 'auto';
  if (mode === 'none') return undefined;
  const file = findKnexfile(options.projectRoot, options.workspaceRoot, options.knexfile);
  const found = file ? knexSnakeCaseOptions(ctx.evaluator, file, ctx.report) : undefined;
  return mode === 'knexSnakeCaseMappers' ? (found ?? {}) : found;
}

export async function readModels(options: ReadModelsOptions): Promise<ReadModelsResult> {
  const { report, diagnostics } = createCollector();
  const globs = typeof options.models === 'string' ? [options.models] : [...options.models];
  const workspace = openWorkspace({
    workspaceRoot: options.workspaceRoot,
    projectRoot: options.projectRoot,
    globs,
    tsconfig: options.tsconfig ?? path.join(options.workspaceRoot, 'tsconfig.base.json'),
    report,
  });
  if (workspace.modelFiles.length === 0 && diagnostics.length === 0) {
    report('MIG_MODEL_NO_FILES', { file: path.relative(options.workspaceRoot, options.projectRoot) || '.', line: 1 }, `No file matches ${globs.join(', ')}`);
  }
  const evaluator = createEvaluator(workspace, createScope(workspace));
  const isModel = createModelTest({ evaluator });
  const base = { evaluator, report };
  const ctx: ReaderContext = {
    evaluator,
    workspace,
    report,
    dialect: options.dialect,
    stringDefault: options.stringDefault ?? 'text',
    knexNaming: knexNaming(options, base),
    at: (node: TS.Node) => workspace.locate(node),
    isModel,
  };
  const classes = workspace.modelFiles.flatMap(moduleClasses).filter((decl) => isModel(decl));
  const tables = assembleTables(ctx, classes);
  // Now the parser's functions are compiled, a code cache covers them (first run only).
  saveTypeScriptCache();
  return { schema: { dialect: options.dialect, tables }, diagnostics: sortDiagnostics(diagnostics) };
}
