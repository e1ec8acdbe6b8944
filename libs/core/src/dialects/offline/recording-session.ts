/**
 * Offline SQL is the same runner with another sink (STYLE.md lesson 4): a knex whose client never
 * connects, records every statement with its bindings inlined, and answers writes with empty
 * results. Transactions still issue BEGIN/COMMIT through the client, so they are recorded too.
 * A revision that reads from the database cannot be rendered offline: reading throws.
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
  /** The dialect's version-row statements, so the script records what an online run executes. */
  readonly versionWrites: VersionWrites;
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
function recordingClient(dialect: keyof typeof CLIENTS, statements: string[]): ClientClass {
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
      if (!WRITES.has(obj.method ?? '') && READS.test(obj.sql)) return Promise.reject(new OfflineReadError(obj.sql));
      statements.push(formatQuery(obj.sql, obj.bindings ?? [], undefined, this).trim().replace(/;\s*$/, ''));
      obj.response = dialect === 'pg' ? { rows: [], rowCount: 0, command: '' } : [[], []];
      return Promise.resolve(obj);
    }
    /** Keep `?` placeholders (pg would turn them into $1…) so formatQuery can inline the values. */
    override positionBindings(sql: string) {
      return sql;
    }
    processResponse(obj: QueryObject) {
      return obj.method === 'select' || obj.method === 'first' || obj.method === 'pluck' ? [] : undefined;
    }
  }
  return Recording as unknown as ClientClass;
}

// knex's deprecation notice for createTableIfNotExists: that is the point offline, where nothing can be asked.
const SILENT = { warn() {}, deprecate() {}, debug() {}, error() {} };

export function createRecordingSession(dialect: keyof typeof CLIENTS): RecordingSession {
  const statements: string[] = [];
  const knex = knexFactory({ client: recordingClient(dialect, statements) as unknown as typeof Knex.Client, useNullAsDefault: true, log: SILENT });
  return {
    knex,
    statements,
    versionWrites: VERSION_WRITES[dialect],
    transaction: (fn) => knex.transaction(fn),
    release: async () => {
      await knex.destroy();
    },
  };
}
