/**
 * MySQL and MariaDB through mysql2. DDL commits implicitly here, so `transactionalDdl` is false:
 * the runner runs each revision in autocommit and records heads and history right after it.
 */
import knexFactory, { type Knex } from 'knex';
import { ConfigError } from '../../errors';
import type { ResolvedConnection, ServerConnection } from '../../config/resolve-connection';
import type { Dialect, OpenOptions } from '../dialect';
import type { Session } from '../session';
import { knexLog } from '../knex-log';
import { translateMysqlError } from './mysql-errors';
import { acquireMysqlLock, releaseMysqlLock } from './mysql-lock';
import { introspectMysql } from './introspect';
import { mysqlVersionWrites } from './mysql-version-writes';

export type MysqlConnectionConfig = Knex.MySql2ConnectionConfig;

/** `mysql://user:pass@host:3306/db?ssl=true` → mysql2 options, with the password from the resolved connection. */
export function mysqlConnectionConfig(connection: ServerConnection, applicationName: string): MysqlConnectionConfig {
  const url = new URL(connection.url);
  const params = url.searchParams;
  const ssl = params.get('ssl') ?? params.get('sslmode') ?? '';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: connection.password,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
    // No `charset`: knex would append it to every CREATE TABLE and override the database's
    // default collation. mysql2 talks utf8mb4 to the server anyway.
    connectTimeout: 10_000,
    // One statement per query: the failure report lists exactly the statements that ran.
    multipleStatements: false,
    // Visible as program_name in performance_schema.session_connect_attrs: who holds the lock.
    connectAttributes: { program_name: applicationName },
    // `?ssl=true` (or sslmode=required): TLS with the server certificate verified.
    ...(/^(true|1|required?)$/i.test(ssl) ? { ssl: {} } : {}),
  };
}

function serverConnection(connection: ResolvedConnection): ServerConnection {
  if (connection.dialect !== 'mysql') {
    throw new ConfigError('MIG_CONFIG', `mysql dialect given a ${connection.dialect} connection.`);
  }
  return connection;
}

interface VariableRow {
  Variable_name: string;
  Value: string;
}

/**
 * MySQL has `@@server_uuid`; MariaDB does not, so it is host name + port. SHOW VARIABLES answers
 * on both without failing on the variable the server lacks.
 */
export async function mysqlIdentity(session: Session): Promise<string> {
  const [variables] = (await session.knex.raw(`SHOW VARIABLES WHERE Variable_name IN ('server_uuid', 'hostname', 'port')`)) as [VariableRow[], unknown];
  const [[row]] = (await session.knex.raw('SELECT DATABASE() AS db')) as [{ db: string | null }[], unknown];
  const value = (name: string) => variables.find((v) => v.Variable_name === name)?.Value;
  const server = value('server_uuid') ?? `${value('hostname') ?? 'unknown'}:${value('port') ?? '3306'}`;
  return `mysql:${server}:${row.db ?? ''}`;
}

export const mysqlDialect: Dialect = {
  name: 'mysql',
  transactionalDdl: false,
  async createKnex(connection: ResolvedConnection, options: OpenOptions): Promise<Knex> {
    return knexFactory({
      client: 'mysql2',
      connection: mysqlConnectionConfig(serverConnection(connection), options.applicationName),
      pool: { min: 0, max: 2 },
      acquireConnectionTimeout: 15_000,
      log: knexLog(options.onWarning),
    });
  },
  acquireLock: acquireMysqlLock,
  releaseLock: releaseMysqlLock,
  translateError: translateMysqlError,
  identity: mysqlIdentity,
  introspect: introspectMysql,
  versionWrites: mysqlVersionWrites,
};
