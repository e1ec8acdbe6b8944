/**
 * The version state (heads and history) of a PostgreSQL database read without knex: one client of
 * the `pg` driver, one round trip (a multi-statement simple query in one read-only snapshot), then
 * close. Loading knex and its lodash is most of what a no-op `up` or a `status` costs, and these
 * commands need nothing from it. Only the clean case is answered here: both tables present in the
 * current schema and readable as mig tables. Anything else (missing or malformed tables, a failing
 * query, no loadable driver) answers undefined, and the caller takes the knex path, which
 * reports it exactly as before. A connection that cannot be made throws the same MigError as there.
 */
import type { ServerConnection } from '../../config/resolve-connection';
import type { HistoryDirection, RecordedStep, StepStatus, VersionTables } from '../../runner/version-store';
import { withNodeNavigator } from './node-navigator';
import { translatePgError } from './pg-errors';

export interface ProbedState {
  /** Sorted, as readHeads returns them. */
  readonly heads: string[];
  /** Oldest first, as readHistory returns them. */
  readonly history: RecordedStep[];
}

/** The little of pg's Client used here (pg's own types are not a dependency of core). */
interface PgClient {
  connect(): Promise<void>;
  query(text: string): Promise<PgResult | PgResult[]>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgResult {
  readonly rows: Record<string, unknown>[];
}
type PgClientClass = new (config: Record<string, unknown>) => PgClient;

/** Same settings as the knex path (postgres-dialect.ts), so connection failures read the same. */
const CONNECTION_TIMEOUT_MS = 10_000;

export async function probeVersionState(connection: ServerConnection, tables: VersionTables, applicationName: string): Promise<ProbedState | undefined> {
  const Client = loadClient();
  if (!Client) return undefined;
  const client = new Client({ connectionString: connection.url, application_name: applicationName, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS });
  // A server that goes away later emits 'error' on the client; without a listener that kills the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    // Not awaited: after a failed connect, pg may never report the socket's end.
    client.end().catch(() => undefined);
    throw translatePgError(error, connection);
  }
  try {
    return stateOf(await client.query(stateQuery(tables)));
  } catch {
    return undefined;
  } finally {
    // Not awaited: the answer is in, and the goodbye needs no reply.
    client.end().catch(() => undefined);
  }
}

function loadClient(): PgClientClass | undefined {
  try {
    // The client alone: pg's index also loads its pool and the native-binding probe.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return withNodeNavigator(() => require('pg/lib/client') as PgClientClass);
  } catch {
    return undefined;
  }
}

/**
 * readHistory's columns, with started_at as milliseconds since 1970. pg's parser turned the
 * timestamptz text into a Date by its fields, dropping the sub-millisecond digits: the server's
 * date_trunc('milliseconds') does the same (a floor, before 1970 too), and the round() only mends
 * the binary fraction of the float `extract` returns before PostgreSQL 14.
 */
const HISTORY_COLUMNS =
  "id, revision, direction, status, checksum, file, round(extract(epoch FROM date_trunc('milliseconds', started_at)) * 1000)::bigint, duration_ms, applied_by";

/**
 * Table names are plain identifiers (the config validates them), quoted as knex quotes them; the
 * existence check is knex's hasTable (the current schema), which the knex path asks first.
 */
export function stateQuery(tables: VersionTables): string {
  return [
    'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('${tables.version}', '${tables.history}')`,
    `SELECT version_num FROM "${tables.version}"`,
    // One JSON text instead of a row per step: decoding 1,000 rows was ~20 ms of a 0.3 s command.
    `SELECT coalesce(json_agg(json_build_array(${HISTORY_COLUMNS}) ORDER BY id), '[]')::text AS steps FROM "${tables.history}"`,
    'COMMIT',
  ].join(';\n');
}

function stateOf(results: PgResult | PgResult[]): ProbedState | undefined {
  if (!Array.isArray(results) || results.length !== 5) return undefined;
  const [, found, heads, history] = results as [PgResult, PgResult, PgResult, PgResult];
  if (found.rows[0]?.n !== 2) return undefined;
  const steps = JSON.parse(String(history.rows[0]?.steps)) as HistoryTuple[];
  return {
    heads: heads.rows.map((r) => String(r.version_num)).sort(),
    history: steps.map(recordedStep),
  };
}

type HistoryTuple = [number, string, string, string, string | null, string | null, number, number, string | null];

/** The row as readHistory (runner/version-store.ts) maps it; indexes, not destructuring (an iterator per row). */
function recordedStep(step: HistoryTuple): RecordedStep {
  return {
    id: Number(step[0]),
    revision: String(step[1]),
    direction: step[2] as HistoryDirection,
    status: step[3] as StepStatus,
    checksum: step[4] ?? null,
    file: step[5] ?? null,
    startedAt: new Date(step[6]),
    durationMs: Number(step[7]),
    appliedBy: step[8] ?? null,
  };
}
