/**
 * The database side of the revision history: `mig_version` holds the current heads (one row per
 * head, as alembic_version does) and `mig_history` records every step. All writes take the knex
 * they are given, so they join the revision's transaction and commit (or roll back) with it. A
 * step is recorded in as few statements as the dialect's VersionWrites allow (one on PostgreSQL).
 */
import type { Knex } from 'knex';
import type { VersionWrites } from '../dialects/dialect';
import { StateError } from '../errors';

export interface VersionTables {
  readonly version: string;
  readonly history: string;
}

/** `running`: a revision outside a transaction has started; a leftover one was interrupted. */
export type StepStatus = 'applied' | 'failed' | 'running';
export type HistoryDirection = 'up' | 'down' | 'stamp';

export interface HistoryRow {
  readonly revision: string;
  readonly direction: HistoryDirection;
  readonly status: StepStatus;
  readonly checksum: string | null;
  readonly file: string | null;
  /** null: the database's own clock (offline scripts run later). */
  readonly startedAt: Date | null;
  readonly durationMs: number;
  readonly appliedBy: string | null;
}

export interface RecordedStep extends HistoryRow {
  readonly id: number;
  readonly startedAt: Date;
}

export async function versionTablesExist(knex: Knex, tables: VersionTables): Promise<boolean> {
  return knex.schema.hasTable(tables.version);
}

/** MySQL: transactional tables even where the server's default engine is not (knex rejects engine() elsewhere). */
function innoDb(knex: Knex, table: Knex.CreateTableBuilder): void {
  if ((knex.client as { dialect?: string }).dialect === 'mysql') table.engine('InnoDB');
}

function versionColumns(knex: Knex): (t: Knex.CreateTableBuilder) => void {
  return (t) => {
    innoDb(knex, t);
    t.string('version_num', 64).notNullable().primary();
  };
}

function historyColumns(knex: Knex): (t: Knex.CreateTableBuilder) => void {
  return (t) => {
    innoDb(knex, t);
    t.increments('id');
    t.string('revision', 64).notNullable();
    t.string('direction', 8).notNullable();
    t.string('status', 8).notNullable();
    t.string('checksum', 64);
    t.string('file', 1024);
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.integer('duration_ms').notNullable();
    t.string('applied_by', 128);
  };
}

const HISTORY_COLUMNS = ['id', 'revision', 'direction', 'status', 'checksum', 'file', 'started_at', 'duration_ms', 'applied_by'];

export async function ensureVersionTables(knex: Knex, tables: VersionTables): Promise<void> {
  if (!(await knex.schema.hasTable(tables.version))) await knex.schema.createTable(tables.version, versionColumns(knex));
  if (!(await knex.schema.hasTable(tables.history))) await knex.schema.createTable(tables.history, historyColumns(knex));
}

/** The same tables as `CREATE TABLE IF NOT EXISTS`, for offline scripts that cannot ask first. */
export async function createVersionTablesIfMissing(knex: Knex, tables: VersionTables): Promise<void> {
  await knex.schema.createTableIfNotExists(tables.version, versionColumns(knex));
  await knex.schema.createTableIfNotExists(tables.history, historyColumns(knex));
}

/** The current heads; none when the version table does not exist yet. */
export async function readHeads(knex: Knex, tables: VersionTables): Promise<string[]> {
  if (!(await versionTablesExist(knex, tables))) return [];
  try {
    const rows: { version_num: string }[] = await knex(tables.version).select('version_num');
    return rows.map((r) => r.version_num).sort();
  } catch (error) {
    throw new StateError('MIG_BAD_VERSION_TABLE', `The table "${tables.version}" exists but is not a mig version table (${(error as Error).message}).`, {
      hint: `Rename or drop it, or set versionTable in mig.config.ts to another name.`,
    });
  }
}

/**
 * The one statement that turns heads `before` into `after`, when one suffices: an UPDATE for a
 * linear step, a DELETE down to base, an INSERT up from base. Merges and branch points need two.
 */
function headStatement(knex: Knex, tables: VersionTables, removed: readonly string[], added: readonly string[]): Knex.QueryBuilder | undefined {
  const version = () => knex(tables.version);
  if (removed.length === 1 && added.length === 1) return version().where('version_num', removed[0]).update({ version_num: added[0] });
  if (removed.length === 1 && added.length === 0) return version().where('version_num', removed[0]).delete();
  if (removed.length === 0 && added.length === 1) return version().insert({ version_num: added[0] });
  return undefined;
}

export const changes = (before: readonly string[], after: readonly string[]) => ({
  removed: before.filter((h) => !after.includes(h)),
  added: after.filter((h) => !before.includes(h)),
});

/**
 * A head row this run read (under the lock) is gone: something else writes to the version table.
 * The step's transaction rolls back rather than record a state nobody can trust.
 */
function headsMoved(tables: VersionTables, removed: readonly string[]): StateError {
  return new StateError('MIG_BAD_VERSION_TABLE', `The head ${removed.join(', ')} is no longer in "${tables.version}": something changed the table while this run held the migration lock.`, {
    hint: `Find what writes to "${tables.version}" besides mig, then run migrate-current to see the heads and migrate-stamp to correct them.`,
  });
}

/**
 * Replaces the heads `before` with `after`, touching only the rows that change. A driver that
 * reports how many rows changed (the offline recorder reports nothing) must report the one row.
 */
export async function writeHeads(knex: Knex, tables: VersionTables, before: readonly string[], after: readonly string[]): Promise<void> {
  const { removed, added } = changes(before, after);
  const single = headStatement(knex, tables, removed, added);
  if (single) {
    const changed: unknown = await single;
    if (typeof changed === 'number' && changed !== 1) throw headsMoved(tables, removed);
    return;
  }
  if (removed.length > 0) await knex(tables.version).whereIn('version_num', removed).delete();
  if (added.length > 0) await knex(tables.version).insert(added.map((version_num) => ({ version_num })));
}

export function historyValues(knex: Knex, row: HistoryRow): Record<string, Knex.Value> {
  return {
    revision: row.revision,
    direction: row.direction,
    status: row.status,
    checksum: row.checksum,
    file: row.file,
    started_at: row.startedAt ?? knex.fn.now(),
    duration_ms: Math.round(row.durationMs),
    applied_by: row.appliedBy,
  };
}

export async function appendHistory(knex: Knex, tables: VersionTables, row: HistoryRow): Promise<void> {
  await knex(tables.history).insert(historyValues(knex, row));
}

export interface RecordOptions {
  readonly writes: VersionWrites;
  /** Fold `writes.relaxCommit` in: a later commit of the run flushes this one. */
  readonly relaxCommit: boolean;
}

/**
 * Records a step inside its own transaction: the head change and the history row. One statement
 * where the dialect has a data-modifying WITH and one head row changes, else two or three. The
 * relaxed-commit expression, when asked for, rides along.
 */
export async function recordStep(knex: Knex, tables: VersionTables, before: readonly string[], after: readonly string[], row: HistoryRow, options: RecordOptions): Promise<void> {
  const { removed, added } = changes(before, after);
  const head = headStatement(knex, tables, removed, added);
  const relax = options.relaxCommit ? options.writes.relaxCommit : undefined;
  if (head && options.writes.writableCte) return recordInOneStatement(knex, tables, head, removed, row, relax);
  if (relax) await knex.raw(`SELECT ${relax}`);
  await writeHeads(knex, tables, before, after);
  await appendHistory(knex, tables, row);
}

/**
 * `WITH mig_step_heads AS (<head change> RETURNING …) INSERT INTO <history> SELECT … FROM mig_step_heads`:
 * the history row is inserted once per head row changed, so a head row that is not where the run
 * left it inserts nothing, and the step fails.
 */
async function recordInOneStatement(knex: Knex, tables: VersionTables, head: Knex.QueryBuilder, removed: readonly string[], row: HistoryRow, relax: string | undefined): Promise<void> {
  const values = historyValues(knex, row);
  const columns = Object.keys(values);
  const source = knex.select(columns.map((c) => knex.raw('?', [values[c]]))).from('mig_step_heads');
  let statement = knex.with('mig_step_heads', head.returning('version_num'));
  if (relax) {
    statement = statement.with('mig_relax', knex.raw(`SELECT ${relax}`));
    source.joinRaw('CROSS JOIN mig_relax');
  }
  const result: unknown = await statement.insert(source).into(knex.raw(`?? (${columns.map(() => '??').join(', ')})`, [tables.history, ...columns]));
  // knex answers an INSERT without RETURNING with the driver's result (nothing offline).
  const inserted = (result as { rowCount?: unknown } | undefined)?.rowCount;
  if (typeof inserted === 'number' && inserted !== 1) throw headsMoved(tables, removed);
}

/**
 * Records the outcome of a revision announced by a `running` row: that row becomes `applied` or
 * `failed` (one UPDATE). Appends the outcome instead when the row is gone.
 */
export async function settleRunning(knex: Knex, tables: VersionTables, row: HistoryRow): Promise<void> {
  const changed: unknown = await knex(tables.history)
    .where({ revision: row.revision, status: 'running' })
    .update({ status: row.status, duration_ms: Math.round(row.durationMs) });
  if (changed === 0) await appendHistory(knex, tables, row);
}

/**
 * A small commit that writes (the newest history row, rewritten unchanged) at full durability:
 * PostgreSQL flushes its log up to it, so every relaxed commit before it is on disk as well.
 */
export async function flushCommits(knex: Knex, tables: VersionTables): Promise<void> {
  await knex(tables.history)
    .where('id', knex(tables.history).max('id'))
    .update({ status: knex.ref('status') });
}

/** Every recorded step, oldest first; empty when the tables do not exist. */
export async function readHistory(knex: Knex, tables: VersionTables): Promise<RecordedStep[]> {
  if (!(await knex.schema.hasTable(tables.history))) return [];
  let rows: Record<string, unknown>[];
  try {
    // Named columns: a table of another shape fails here, not later as the failure of a revision.
    rows = await knex(tables.history).select(HISTORY_COLUMNS).orderBy('id');
  } catch (error) {
    throw new StateError('MIG_BAD_VERSION_TABLE', `The table "${tables.history}" exists but is not a mig history table (${(error as Error).message}).`, {
      hint: 'Rename or drop it, or set historyTable in mig.config.ts to another name.',
    });
  }
  return rows.map((r) => ({
    id: Number(r.id),
    revision: String(r.revision),
    direction: r.direction as HistoryDirection,
    status: r.status as StepStatus,
    checksum: (r.checksum as string | null) ?? null,
    file: (r.file as string | null) ?? null,
    startedAt: new Date(r.started_at as string),
    durationMs: Number(r.duration_ms),
    appliedBy: (r.applied_by as string | null) ?? null,
  }));
}
