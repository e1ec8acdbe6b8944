/**
 * `mig state-key`: one short text that changes whenever the database a project migrates is not
 * in the same state as before. Nx runs it as a `{ runtime }` input of migrate-up/down/stamp, so
 * their cache key is "these revision files + this exact database state + these options".
 *
 * What goes in: the dialect's identity of the server and database, the database's incarnation
 * (PostgreSQL: database OID and server start time; PGlite: the data directory's PG_VERSION
 * inode; every dialect: the version table's OID or creation time), the current heads, the
 * history table's row count and last id (append-only: every applied step and stamp adds a row,
 * so a state, once left, never comes back through mig), and the revision files' checksums.
 *
 * Where a hit could replay a run that changed the database, the key holds a nonce, so Nx
 * misses: for `up` (the default) whenever the database is not at the heads of the files, since
 * from there an up is never a no-op. The same when the state cannot be read: no version table
 * yet, no PGlite directory yet (not created here), an in-memory PGlite, a PGlite directory
 * another process holds (its file lock is tried, never waited for), a connection error. Never
 * throws for those: a failing runtime input fails Nx's hashing with an unreadable error; the
 * task itself then reports the real one.
 *
 * Prints no secrets: the identity is sysid/host/port/database, never the URL or the user.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject, type Project } from '../config/load-project';
import { MigError } from '../errors';
import { readHeads, versionTablesExist } from '../runner/version-store';
import type { CommandContext, DatabaseOptions } from './context';
import { connectionFor, withDatabase, type OpenDatabase } from './open-database';
import { loadRevisionGraph } from './revision-graph';

/** The target whose cache key this is: `up` only caches runs that start at the heads. */
export type StateKeyPurpose = 'up' | 'down' | 'stamp';

export interface StateKeyOptions extends Pick<DatabaseOptions, 'url'> {
  readonly for?: StateKeyPurpose;
}

export interface StateKeyResult {
  readonly for: StateKeyPurpose;
  /** False: the key holds a nonce, so a cache keyed on it always misses. */
  readonly cacheable: boolean;
  /** Why it is not cacheable (an error code, `pending`, `no version table`, …). */
  readonly reason?: string;
  /** Dialect identity plus incarnation; no secrets. */
  readonly database?: string;
  /** The database's heads; null when it has no version table. */
  readonly heads?: string[] | null;
  /** `<rows>/<last id>` of the history table, or `none`. */
  readonly history?: string;
  /** Heads of the revision files. */
  readonly fileHeads?: string[];
  /** sha256 (16 hex) over every revision id and checksum. */
  readonly revisions?: string;
  /** The key, one `name: value` per line: what the Nx runtime input hashes. */
  readonly key: string;
}

export async function stateKey(context: CommandContext, options: StateKeyOptions = {}): Promise<StateKeyResult> {
  const purpose = options.for ?? 'up';
  const quiet = { ...context, onEvent: undefined };
  let project: Project;
  let files: { heads: string[]; revisions: string };
  try {
    project = await loadProject(quiet);
    files = await revisionFiles(project);
  } catch (error) {
    return uncacheable(purpose, errorReason(error));
  }
  const base = { fileHeads: files.heads, revisions: files.revisions };
  const connection = (() => {
    try {
      return connectionFor(project, quiet, options);
    } catch (error) {
      return errorReason(error);
    }
  })();
  if (typeof connection === 'string') return uncacheable(purpose, connection, base);
  // An in-memory PGlite is a new, empty database in every process: nothing to key on.
  if (connection.dialect === 'pglite' && connection.dataDir === null) return uncacheable(purpose, 'in-memory database', base);
  // Opening a PGlite directory that does not exist yet would create one: not for a cache key.
  if (connection.dialect === 'pglite' && !existsSync(join(connection.dataDir!, 'PG_VERSION'))) return uncacheable(purpose, 'no database yet', base);

  let state: DatabaseState;
  try {
    // lockTimeoutMs 0: a PGlite directory another process holds is not waited for (LockError → no key).
    state = await withDatabase(project, quiet, { url: options.url, command: 'state-key', lock: false, lockTimeoutMs: 0 }, (db) => readState(db, project));
  } catch (error) {
    return uncacheable(purpose, errorReason(error), base);
  }
  const known = { ...base, database: state.database, heads: state.heads, history: state.history };
  if (state.heads === null) return uncacheable(purpose, 'no version table', known);
  if (purpose === 'up' && !sameSet(state.heads, files.heads)) return uncacheable(purpose, 'pending: the database is not at the heads', known);
  return { for: purpose, cacheable: true, ...known, key: render(purpose, known) };
}

interface DatabaseState {
  readonly database: string;
  readonly heads: string[] | null;
  readonly history: string;
}

async function readState(db: OpenDatabase, project: Project): Promise<DatabaseState> {
  const knex = db.session.knex;
  const identity = await db.dialect.identity(db.session);
  const hasVersionTable = await versionTablesExist(knex, project.tables);
  const incarnation = await incarnationOf(db, project.tables.version, hasVersionTable);
  const heads = hasVersionTable ? await readHeads(knex, project.tables) : null;
  let history = 'none';
  if (await knex.schema.hasTable(project.tables.history)) {
    const row = (await knex(project.tables.history).count({ n: '*' }).max({ last: 'id' }).first()) as { n: string | number; last: string | number | null };
    history = `${Number(row.n)}/${row.last ?? 0}`;
  }
  return { database: `${identity} ${incarnation}`, heads, history };
}

/**
 * What changes when the database is dropped and created again, restored from a dump, or its
 * server restored from a file-level backup (which needs a restart), although its name and heads
 * may be the same.
 */
async function incarnationOf(db: OpenDatabase, versionTable: string, hasVersionTable: boolean): Promise<string> {
  const knex = db.session.knex;
  if (db.dialect.name === 'mysql') {
    const [rows] = await knex.raw(`SELECT CAST(CREATE_TIME AS CHAR) AS created FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, [versionTable]);
    return `version-table=${(rows as { created?: string }[])[0]?.created ?? 'none'}`;
  }
  const regclass = versionTable
    .split('.')
    .map((part) => `quote_ident(${knex.raw('?', [part]).toQuery()})`)
    .join(` || '.' || `);
  const row = (
    await knex.raw(
      `SELECT (SELECT oid::text FROM pg_database WHERE datname = current_database()) AS db_oid,
              ${hasVersionTable ? `to_regclass(${regclass})::oid::text` : 'NULL'} AS table_oid,
              pg_postmaster_start_time()::text AS started`,
    )
  ).rows[0] as { db_oid: string; table_oid: string | null; started: string };
  const parts = [`db-oid=${row.db_oid}`, `version-table-oid=${row.table_oid ?? 'none'}`];
  if (db.dialect.name === 'pglite') {
    // Every open is a new "server start"; a data directory copied back in place gets new inodes.
    if (db.connection.dialect === 'pglite' && db.connection.dataDir) {
      const stat = statSync(join(db.connection.dataDir, 'PG_VERSION'), { bigint: true });
      parts.push(`data-dir=${stat.ino}:${stat.ctimeNs}`);
    }
  } else {
    parts.push(`started=${row.started}`);
  }
  return parts.join(' ');
}

async function revisionFiles(project: Project): Promise<{ heads: string[]; revisions: string }> {
  const graph = await loadRevisionGraph(project);
  const hash = createHash('sha256');
  for (const revision of graph.map.all) hash.update(`${revision.id}:${await graph.checksumOf(revision.id)}\n`);
  return { heads: graph.map.heads, revisions: hash.digest('hex').slice(0, 16) };
}

type Known = Partial<Pick<StateKeyResult, 'database' | 'heads' | 'history' | 'fileHeads' | 'revisions'>>;

function uncacheable(purpose: StateKeyPurpose, reason: string, known: Known = {}): StateKeyResult {
  const nonce = randomBytes(8).toString('hex');
  return { for: purpose, cacheable: false, reason, ...known, key: `${render(purpose, known)}\nuncacheable: ${reason} (nonce ${nonce})` };
}

function render(purpose: StateKeyPurpose, known: Known): string {
  const lines = [`mig state-key v1 for ${purpose}`];
  if (known.database !== undefined) lines.push(`database: ${known.database}`);
  if (known.heads !== undefined) lines.push(`heads: ${known.heads === null ? '(no version table)' : known.heads.join(',') || '(base)'}`);
  if (known.history !== undefined) lines.push(`history: ${known.history}`);
  if (known.revisions !== undefined) lines.push(`revisions: ${known.revisions} heads ${known.fileHeads?.join(',') || '(none)'}`);
  return lines.join('\n');
}

/** An error's code only: its message may name hosts, files or (from a driver) worse. */
function errorReason(error: unknown): string {
  return error instanceof MigError ? error.code : 'error';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);
}
