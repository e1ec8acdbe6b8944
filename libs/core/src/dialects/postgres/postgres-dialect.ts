/** PostgreSQL through node-postgres: transactional DDL, advisory lock. */
import knexFactory, { type Knex } from 'knex';
import { ConfigError } from '../../errors';
import type { ResolvedConnection } from '../../config/resolve-connection';
import type { Dialect, OpenOptions } from '../dialect';
import type { Session } from '../session';
import { knexLog } from '../knex-log';
import { translatePgError } from './pg-errors';
import { acquireAdvisoryLock, releaseAdvisoryLock } from './pg-lock';
import { introspectPostgres } from './introspect';
import { postgresVersionWrites } from './pg-version-writes';
import { withNodeNavigator } from './node-navigator';

export async function pgIdentity(session: Session): Promise<string> {
  const result = await session.knex.raw(
    `SELECT current_database() AS db, (SELECT system_identifier::text FROM pg_control_system()) AS sysid,
            inet_server_addr()::text AS addr, current_setting('port') AS port`,
  );
  const row = result.rows[0];
  return `postgres:${row.sysid}:${row.addr ?? 'local'}:${row.port}:${row.db}`;
}

export const postgresDialect: Dialect = {
  name: 'postgres',
  transactionalDdl: true,
  async createKnex(connection: ResolvedConnection, options: OpenOptions): Promise<Knex> {
    if (connection.dialect !== 'postgres') {
      throw new ConfigError('MIG_CONFIG', `postgres dialect given a ${connection.dialect} connection.`);
    }
    // knex requires pg here, synchronously (node-navigator.ts: why the navigator).
    return withNodeNavigator(() => knexFactory({
      client: 'pg',
      connection: {
        connectionString: connection.url,
        application_name: options.applicationName,
        connectionTimeoutMillis: 10_000,
      },
      pool: { min: 0, max: 2 },
      acquireConnectionTimeout: 15_000,
      log: knexLog(options.onWarning),
    }));
  },
  acquireLock: acquireAdvisoryLock,
  releaseLock: releaseAdvisoryLock,
  translateError: translatePgError,
  identity: pgIdentity,
  introspect: introspectPostgres,
  versionWrites: postgresVersionWrites,
};
