/**
 * The heart of autogenerate and check: the schema the Objection models describe, against the
 * schema the revision history produces, read from a shadow database (shadow.ts) or, with
 * `against: 'database'`, from the configured database, which must be at head.
 */
import { join } from 'node:path';
import type { Project } from '../config/load-project';
import { renameResolverFromHints } from '../diff';
import { diffSchemas, type DiffWarning } from '../diff';
import { ModelError, StateError } from '../errors';
import type { Op } from '../ops';
import { readHeads } from '../runner/version-store';
import type { Diagnostic } from '../schema/diagnostic';
import type { Schema } from '../schema/schema';
import type { CommandContext, DatabaseOptions } from './context';
import { connectionFor, withDatabase, type OpenDatabase } from './open-database';
import { readShadow } from './shadow';
import type { RevisionGraph } from './revision-graph';

export interface CompareOptions extends DatabaseOptions {
  /** `shadow` (default): replay the history into a scratch database; `database`: the configured one. */
  readonly against?: 'shadow' | 'database';
  /** Go on when the models only have warnings (errors always stop). */
  readonly allowWarnings?: boolean;
  /** Revisions the comparison starts from (default: every head). */
  readonly parents?: readonly string[];
  /** Reuse what an earlier replay of the same history built (default: the config's `shadowCache`, else true). */
  readonly shadowCache?: boolean;
}

export interface Comparison {
  readonly ops: Op[];
  readonly warnings: DiffWarning[];
  readonly diagnostics: Diagnostic[];
  readonly models: Schema;
  readonly database: Schema;
}

export async function compareWithModels(project: Project, graph: RevisionGraph, context: CommandContext, options: CompareOptions = {}): Promise<Comparison> {
  const connection = connectionFor(project, context, options);
  const dialect = connection.dialect === 'mysql' ? 'mysql' : 'postgres';
  const { schema: models, diagnostics } = await readProjectModels(project, dialect, options.allowWarnings ?? false);
  const database = options.against === 'database'
    ? await readConfiguredDatabase(project, graph, context, options)
    : await readShadow(project, graph, context, connection, {
      parents: options.parents ?? graph.map.heads,
      cache: options.shadowCache ?? project.config.shadowCache ?? true,
    });
  const include = tableFilter(project);
  const { ops, warnings } = diffSchemas(database, models, {
    renames: renameResolverFromHints(models, project.config.renames),
    include,
  });
  return { ops, warnings, diagnostics, models, database };
}

async function readProjectModels(project: Project, dialect: 'postgres' | 'mysql', allowWarnings: boolean) {
  if (!project.config.models) {
    throw new ModelError('MIG_MODEL_READ', `${project.configFile} does not say where the models are.`, {
      file: project.configFile,
      hint: "Add models: 'src/models/**/*.ts' (globs relative to the project root) to mig.config.ts.",
    });
  }
  // Lazy: ts-morph and the model reader load only for autogenerate and check.
  const { readModels } = await import('../models/index');
  const result = await readModels({
    workspaceRoot: project.workspaceRoot,
    // The reader resolves globs against this folder: absolute, whatever the process's cwd.
    projectRoot: join(project.workspaceRoot, project.projectRoot),
    models: project.config.models,
    dialect,
    identifierMapping: project.config.identifierMapping ?? 'auto',
  });
  const blocking = result.diagnostics.filter((d) => d.severity === 'error' || !allowWarnings);
  if (blocking.length > 0) {
    const list = blocking.map((d) => `  ${d.file}:${d.line} ${d.severity} ${d.code}: ${d.message}${d.hint ? ` (fix: ${d.hint})` : ''}`).join('\n');
    const onlyWarnings = blocking.every((d) => d.severity === 'warning');
    throw new ModelError('MIG_MODEL_DIAGNOSTICS', `The models cannot be read cleanly (${blocking.length} problem${blocking.length === 1 ? '' : 's'}):\n${list}`, {
      file: blocking[0].file,
      line: blocking[0].line,
      hint: onlyWarnings ? 'Fix them, or pass --allow-warnings to go on with warnings only.' : 'Fix the errors in the models (or add hints) and run again.',
    });
  }
  return result;
}

function tableFilter(project: Project): (table: string) => boolean {
  const own = new Set([project.tables.version, project.tables.history]);
  const matches = (patterns: readonly string[], name: string) => patterns.some((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(name));
  const { include, exclude } = project.config;
  return (table) => !own.has(table) && (!include || matches(include, table)) && !(exclude && matches(exclude, table));
}

function introspect(db: OpenDatabase, project: Project): Promise<Schema> {
  return db.dialect.introspect(db.session.knex, { schemas: project.config.schemas, exclude: [project.tables.version, project.tables.history] });
}

async function readConfiguredDatabase(project: Project, graph: RevisionGraph, context: CommandContext, options: CompareOptions): Promise<Schema> {
  return withDatabase(project, context, { ...options, command: 'compare', lock: false }, async (db) => {
    const current = await readHeads(db.session.knex, project.tables);
    const heads = graph.map.heads;
    if (current.join() !== heads.join()) {
      throw new StateError('MIG_NOT_AT_HEAD', `--against=database needs the database at head (${heads.join(', ') || 'base'}), but it is at ${current.join(', ') || 'base'}.`, {
        hint: 'Run migrate-up first, or leave out --against to compare with a shadow database.',
      });
    }
    return introspect(db, project);
  });
}
