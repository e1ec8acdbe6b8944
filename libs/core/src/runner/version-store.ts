/**
 * The database side of the revision history: `mig_version` holds the current heads (one row per
 * head, as alembic_version does) and `mig_history` records every step. All writes take the knex
 * they are given, so they join the revision's transaction and commit (or roll back) with it.
 */
import type { Knex } from 'knex';
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

/** Replaces the heads `before` with `after`, touching only the rows that change. */
export async function writeHeads(knex: Knex, tables: VersionTables, before: readonly string[], after: readonly string[]): Promise<void> {
  const removed = before.filter((h) => !after.includes(h));
  const added = after.filter((h) => !before.includes(h));
  if (removed.length > 0) await knex(tables.version).whereIn('version_num', removed).delete();
  if (added.length > 0) await knex(tables.version).insert(added.map((version_num) => ({ version_num })));
}

export async function appendHistory(knex: Knex, tables: VersionTables, row: HistoryRow): Promise<void> {
  await knex(tables.history).insert({
    revision: row.revision,
    direction: row.direction,
    status: row.status,
    checksum: row.checksum,
    file: row.file,
    started_at: row.startedAt ?? knex.fn.now(),
    duration_ms: Math.round(row.durationMs),
    applied_by: row.appliedBy,
  });
}

/** Removes the `running` row of a revision once its outcome is recorded. */
export async function clearRunning(knex: Knex, tables: VersionTables, revision: string): Promise<void> {
  await knex(tables.history).where({ revision, status: 'running' }).delete();
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
