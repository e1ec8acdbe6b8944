/**
 * `mig adopt` / `nx g mig:adopt`: take over a database that knex migrations built. Read the
 * database as it is, write a baseline revision whose upgrade creates that schema (the autogenerate
 * renderer, from an empty schema to the introspected one) and whose downgrade drops it, and stamp
 * the database at the baseline without running it. `knex_migrations` stays, unless asked to go.
 *
 * Two steps, so the Nx generator can write the file through its Tree (and `--dry-run` touches no
 * database): `planAdoption` only reads the database; `stampAdoption` runs once the file is on disk.
 * `adopt` does both for the CLI.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { loadProject, type Project } from '../config/load-project';
import { diffSchemas, type DiffWarning } from '../diff';
import { renderOps } from '../render';
import { appendHistory, ensureVersionTables, readHeads, writeHeads } from '../runner/version-store';
import { emptySchema } from '../schema/schema';
import { scanRevisionFiles } from '../script';
import { AdoptError, locateKnexMigrations, readKnexState, type KnexMigrations, type KnexState } from './adopt-knex';
import type { CommandContext, DatabaseOptions } from './context';
import { newRevision, revisionSetting, type RevisionBody } from './new-revision';
import { withDatabase, type OpenDatabase } from './open-database';
import { loadRevisionGraph } from './revision-graph';

export { AdoptError } from './adopt-knex';

export interface AdoptOptions extends DatabaseOptions {
  /** Folder of the knex migration files: absolute, or relative to the project root. Default: see adopt-knex.ts. */
  readonly knexDir?: string;
  /** Drop knex_migrations and knex_migrations_lock in the stamping transaction. */
  readonly dropKnexTables?: boolean;
  /** Default `baseline adopted from knex`. */
  readonly message?: string;
  readonly revId?: string;
}

export interface AdoptionPlan {
  readonly knex: KnexMigrations & KnexState;
  /** Tables the baseline creates. */
  readonly tables: readonly string[];
  /** Bodies of the baseline's upgrade()/downgrade(). */
  readonly body: RevisionBody;
  readonly warnings: readonly DiffWarning[];
}

export interface StampAdoptionOptions extends DatabaseOptions {
  /** The baseline revision, on disk by now. */
  readonly revision: string;
  /** What planAdoption saw: the stamp refuses if knex ran a migration since. */
  readonly plan: AdoptionPlan;
  readonly dropKnexTables?: boolean;
}

export interface AdoptResult {
  readonly revision: string;
  /** Workspace-relative path of the baseline revision. */
  readonly file: string;
  readonly tables: readonly string[];
  readonly knex: { readonly table: string; readonly applied: number; readonly directories: readonly string[]; readonly from: KnexMigrations['from']; readonly dropped: boolean };
  readonly warnings: readonly DiffWarning[];
}

export async function planAdoption(context: CommandContext, options: AdoptOptions = {}): Promise<AdoptionPlan> {
  const project = await loadProject(context);
  const { headers } = await scanRevisionFiles([...project.versionDirs]);
  if (headers.length > 0) {
    throw new AdoptError('MIG_ADOPT_HAS_REVISIONS', `Project "${project.projectName}" already has ${headers.length} revision${headers.length === 1 ? '' : 's'}; adopt writes the first one.`, {
      hint: 'adopt a knex project before writing revisions; to mark a database that already has this schema, use migrate-stamp --to=<revision>',
    });
  }
  const located = locateKnexMigrations(project, options.knexDir, context.env ?? {});
  return withDatabase(project, context, { ...options, command: 'adopt', lock: false }, async (db) => {
    const knex = { ...located, ...(await readAdoptableState(db, project, located)) };
    if (knex.missing.length > 0) {
      context.onEvent?.({
        kind: 'warning',
        code: 'MIG_ADOPT_MISSING_FILES',
        message: `${knex.tableName} records ${knex.missing.length} migration(s) that are not in ${displayDirs(project, knex)}: ${knex.missing.slice(0, 5).join(', ')}${knex.missing.length > 5 ? ', …' : ''}.`,
        hint: 'the baseline is read from the database either way; check --knex-dir if that folder is not the right one',
      });
    }
    const knexTables = [knex.tableName, `${knex.tableName}_lock`];
    const schema = await db.dialect.introspect(db.session.knex, { schemas: project.config.schemas, exclude: [project.tables.version, project.tables.history, ...knexTables] });
    const include = tableFilter(project, knexTables);
    const { ops, warnings } = diffSchemas(emptySchema(schema.dialect), schema, { include });
    const tables = schema.tables.map((t) => t.name).filter(include);
    const nothing = `// The database had no tables when it was adopted from knex.`;
    const body = ops.length > 0 ? renderOps(ops, schema.dialect, { indent: '' }) : { upgrades: nothing, downgrades: nothing };
    return { knex, tables, body, warnings };
  });
}

export async function stampAdoption(context: CommandContext, options: StampAdoptionOptions): Promise<Omit<AdoptResult, 'tables' | 'warnings'>> {
  const project = await loadProject(context);
  const graph = await loadRevisionGraph(project);
  const { revision, plan } = options;
  if (!graph.map.has(revision) || graph.map.size !== 1) {
    throw new AdoptError('MIG_ADOPT_CHANGED', `The baseline ${revision} must be the project's only revision, but the revisions are: ${graph.map.all.map((r) => r.id).join(', ') || 'none'}.`, {
      hint: 'remove the other revision files (or the baseline) and adopt again',
    });
  }
  return withDatabase(project, context, { ...options, command: 'adopt', lock: true }, async (db) => {
    const now = await readAdoptableState(db, project, plan.knex);
    if (now.applied.join('\n') !== plan.knex.applied.join('\n')) {
      throw new AdoptError('MIG_ADOPT_CHANGED', `${plan.knex.tableName} changed while the baseline was written (a knex migration ran).`, {
        hint: `delete ${graph.displayPathOf(revision)} and adopt again`,
      });
    }
    const drop = Boolean(options.dropKnexTables);
    // One transaction: version tables, head, history row (and knex's tables when asked).
    await db.session.transaction(async (trx) => {
      await ensureVersionTables(trx, project.tables);
      await writeHeads(trx, project.tables, [], [revision]);
      await appendHistory(trx, project.tables, {
        revision,
        direction: 'stamp',
        status: 'applied',
        checksum: await graph.checksumOf(revision),
        file: graph.displayPathOf(revision),
        startedAt: new Date(),
        durationMs: 0,
        appliedBy: db.applicationName,
      });
      if (drop) {
        const schema = () => (plan.knex.schemaName ? trx.schema.withSchema(plan.knex.schemaName) : trx.schema);
        await schema().dropTableIfExists(`${plan.knex.tableName}_lock`);
        await schema().dropTable(plan.knex.tableName);
      }
    });
    return {
      revision,
      file: graph.displayPathOf(revision),
      knex: { table: plan.knex.tableName, applied: plan.knex.applied.length, directories: plan.knex.directories.map((dir) => relative(project.workspaceRoot, dir)), from: plan.knex.from, dropped: drop },
    };
  });
}

/** The CLI's adopt: plan, write the baseline file, stamp; the file goes again if the stamp fails. */
export async function adopt(context: CommandContext, options: AdoptOptions = {}): Promise<AdoptResult> {
  const plan = await planAdoption(context, options);
  const project = await loadProject(context);
  const file = newRevision(
    { ...revisionSetting(project, []), body: plan.body },
    { head: 'base', message: options.message ?? 'baseline adopted from knex', revId: options.revId },
  );
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.content, { flag: 'wx' });
  try {
    const stamped = await stampAdoption(context, { ...options, revision: file.revision, plan });
    return { ...stamped, tables: plan.tables, warnings: plan.warnings };
  } catch (error) {
    rmSync(file.path, { force: true });
    throw error;
  }
}

/** Not yet under mig, knex's table there, nothing pending. */
async function readAdoptableState(db: OpenDatabase, project: Project, knex: KnexMigrations): Promise<KnexState> {
  const heads = await readHeads(db.session.knex, project.tables);
  if (heads.length > 0) {
    throw new AdoptError('MIG_ADOPT_ALREADY_STAMPED', `The database is already managed by mig: ${project.tables.version} is at ${heads.join(', ')}.`, {
      hint: 'nothing to adopt; run migrate-status to see where it is',
    });
  }
  const state = await readKnexState(db.session.knex, knex);
  if (!state) {
    throw new AdoptError('MIG_ADOPT_NO_KNEX_TABLE', `The database ${db.connection.display} has no ${knex.schemaName ? `${knex.schemaName}.` : ''}${knex.tableName} table: knex migrations never ran there.`, {
      hint: 'check --url (or DATABASE_URL) points at the knex-managed database; a database without knex history needs no adopt: write revisions and migrate-up',
    });
  }
  if (state.applied.length > 0 && knex.files.length === 0) {
    throw new AdoptError('MIG_ADOPT_NO_KNEX_DIR', `${displayDirs(project, knex)} holds no knex migration files, but ${knex.tableName} records ${state.applied.length}.`, {
      hint: 'point to the folder of the knex migration files: --knex-dir <dir>',
    });
  }
  if (state.pending.length > 0) {
    throw new AdoptError('MIG_ADOPT_PENDING', `${state.pending.length} knex migration${state.pending.length === 1 ? ' has' : 's have'} not run on this database: ${state.pending.join(', ')}.`, {
      hint: `run them first (npx knex migrate:latest${knex.knexfile ? ` --knexfile ${knex.knexfile}` : ''}), or delete them if they are abandoned; then adopt again`,
    });
  }
  return state;
}

function displayDirs(project: Project, knex: KnexMigrations): string {
  return knex.directories.map((dir) => relative(project.workspaceRoot, dir) || '.').join(', ');
}

/** mig's own and knex's tables never; then the config's include/exclude globs (as check applies them). */
function tableFilter(project: Project, knexTables: readonly string[]): (table: string) => boolean {
  const skip = new Set([project.tables.version, project.tables.history, ...knexTables]);
  const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const { include, exclude } = project.config;
  return (table) => !skip.has(table) && (!include || include.some((p) => glob(p).test(table))) && !(exclude && exclude.some((p) => glob(p).test(table)));
}
