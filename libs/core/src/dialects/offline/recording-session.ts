/**
 * Offline SQL is the same runner with another sink (STYLE.md lesson 4): a knex whose client never
 * connects, records every statement with its bindings inlined, and answers writes with empty
 * results. Transactions still issue BEGIN/COMMIT through the client, so they are recorded too.
 * A revision that reads from the database cannot be rendered offline: reading throws.
 *
 * The online runner records a revision the same way to send it in one round trip
 * (runner/batched-steps.ts). It asks for `doubts`: every reason the recorded text may not be what
 * the revision would have sent to a live database (it tried to read, even if it caught the error,
 * or had a value inlined that a driver parameter would carry differently); any doubt sends the
 * revision the ordinary way. A revision that uses a write's result throws here (it gets undefined).
 */
import knexFactory, { type Knex } from 'knex';
import { RevisionRunError } from '../../errors';
import type { VersionWrites } from '../dialect';
import { mysqlVersionWrites } from '../mysql/mysql-version-writes';
import { postgresVersionWrites } from '../postgres/pg-version-writes';
import type { Session } from '../session';

export interface RecordingSession extends Session {
  /** Statements in order, each a complete SQL string without a trailing semicolon. */
  readonly statements: string[];
  /** Why the statements may differ from an online run's (see above); empty when they cannot. */
  readonly doubts: string[];
  /** The dialect's version-row statements, so the script records what an online run executes. */
  readonly versionWrites: VersionWrites;
  /** Forgets the statements and doubts recorded so far (one session records many revisions). */
  clear(): void;
}

export interface RecordingOptions {
  /** The server version a live client would compile for (knex's `client.version`). */
  readonly serverVersion?: string;
}

interface QueryObject {
  sql: string;
  bindings?: readonly unknown[];
  method?: string;
  response?: unknown;
}

// knex's own binding inliner (the one behind `.toString()`), so values are quoted as knex does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { formatQuery } = require('knex/lib/execution/internal/query-executioner') as {
  formatQuery(sql: string, bindings: readonly unknown[], timeZone: string | undefined, client: unknown): string;
};

const READS = /^\s*(select|show|with|explain|describe)\b/i;
/** knex's write methods: a write may start with WITH (mig records a step in one such statement). */
const WRITES = new Set(['insert', 'update', 'del', 'upsert']);

export class OfflineReadError extends RevisionRunError {
  constructor(sql: string) {
    super('MIG_OFFLINE_UNSUPPORTED', `A revision reads from the database during offline SQL generation: ${sql.slice(0, 120)}`, {
      hint: 'Offline SQL can only record statements; run this revision online (migrate-up), or make it write-only.',
    });
  }
}

const CLIENTS = {
  pg: 'knex/lib/dialects/postgres/index.js',
  mysql2: 'knex/lib/dialects/mysql2/index.js',
} as const;

const VERSION_WRITES: Record<keyof typeof CLIENTS, VersionWrites> = { pg: postgresVersionWrites, mysql2: mysqlVersionWrites };

type ClientClass = new (config: Knex.Config) => Knex.Client;

/**
 * A subclass, not patched instance methods: knex builds transaction clients from the client's
 * prototype, so only prototype methods reach statements run inside a transaction.
 */
function recordingClient(dialect: keyof typeof CLIENTS, statements: string[], doubts: string[]): ClientClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Base = require(CLIENTS[dialect]) as ClientClass;
  const connection = { __migOffline: true };
  class Recording extends (Base as new (config: Knex.Config) => Knex.Client & Record<string, any>) {
    override acquireConnection() {
      return Promise.resolve(connection);
    }
    override releaseConnection() {
      return Promise.resolve();
    }
    _query(_connection: unknown, obj: QueryObject) {
      if (!WRITES.has(obj.method ?? '') && READS.test(obj.sql)) {
        // Noted as well as thrown: a revision may catch the error and go on with a made-up answer.
        doubts.push(`reads: ${obj.sql.slice(0, 80)}`);
        return Promise.reject(new OfflineReadError(obj.sql));
      }
      const bindings = obj.bindings ?? [];
      const unlike = bindings.find((value) => !inlinesAsParameter(value));
      if (unlike !== undefined) doubts.push(`a ${describeValue(unlike)} value inlined`);
      // Online, pg numbers every `?` ($1 …): one without a value fails there, and stays a `?` here.
      if (placeholders(obj.sql) > bindings.length) doubts.push('a ? without a value');
      statements.push(formatQuery(obj.sql, obj.bindings ?? [], undefined, this).trim().replace(/;\s*$/, ''));
      obj.response = dialect === 'pg' ? { rows: [], rowCount: 0, command: '' } : [[], []];
      return Promise.resolve(obj);
    }
    /** Keep `?` placeholders (pg would turn them into $1…) so formatQuery can inline the values. */
    override positionBindings(sql: string) {
      return sql;
    }
    /** Writes answer undefined: a revision that looks at a write's result throws, and is not batched. */
    processResponse(obj: QueryObject) {
      return obj.method === 'select' || obj.method === 'first' || obj.method === 'pluck' ? [] : undefined;
    }
  }
  return Recording as unknown as ClientClass;
}

// knex's deprecation notice for createTableIfNotExists: that is the point offline, where nothing can be asked.
const SILENT = { warn() {}, deprecate() {}, debug() {}, error() {} };

/**
 * Whether knex's inliner writes `value` as the database would read the same value sent as a
 * parameter: plain strings, booleans, null and non-negative finite numbers (a negative one after
 * a `-` would start a comment). Dates, buffers, arrays, objects and bigints are written otherwise.
 */
function inlinesAsParameter(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return true;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

const placeholders = (sql: string) => (sql.match(/\\?\?/g) ?? []).filter((m) => m === '?').length;

function describeValue(value: unknown): string {
  if (value instanceof Date) return 'Date';
  if (Buffer.isBuffer(value)) return 'Buffer';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function createRecordingSession(dialect: keyof typeof CLIENTS, options: RecordingOptions = {}): RecordingSession {
  const statements: string[] = [];
  const doubts: string[] = [];
  const config: Knex.Config = { client: recordingClient(dialect, statements, doubts) as unknown as typeof Knex.Client, useNullAsDefault: true, log: SILENT };
  const knex = knexFactory(options.serverVersion ? { ...config, version: options.serverVersion } : config);
  return {
    knex,
    statements,
    doubts,
    clear: () => {
      statements.length = 0;
      doubts.length = 0;
    },
    versionWrites: VERSION_WRITES[dialect],
    transaction: (fn) => knex.transaction(fn),
    release: async () => {
      await knex.destroy();
    },
  };
}
