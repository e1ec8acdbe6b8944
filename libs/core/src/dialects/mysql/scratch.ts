/**
 * A throwaway database on the configured MySQL / MariaDB server, for autogenerate's shadow: PGlite
 * cannot stand in for MySQL (other types, other DDL semantics), so the revision history is
 * replayed into `<db>_mig_shadow_<random>` next to the real database, then dropped.
 * It gets the real database's character set and collation, so both introspect alike.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { ConfigError, ConnectionError } from '../../errors';
import type { ResolvedConnection, ServerConnection } from '../../config/resolve-connection';
import { mysqlDialect } from './mysql-dialect';

export interface ScratchDatabase {
  readonly name: string;
  /** The same server and user, pointed at the scratch database. */
  readonly connection: ServerConnection;
  drop(): Promise<void>;
}

const MAX_NAME = 64;
const SUFFIX = '_mig_shadow_';
const SCRATCH_NAME = /_mig_shadow_[0-9a-f]{8}$|^mig_shadow_[0-9a-f]{8}$/;

const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;
/** A database-level GRANT pattern matching every scratch name (`_` and `%` are wildcards there). */
const grantPattern = (database: string) => `${quote(`${database}${SUFFIX}`.replace(/[_%\\]/g, '\\$&') + '%')}.*`;

export function scratchDatabaseName(database: string): string {
  const random = randomBytes(4).toString('hex');
  if (!database) return `mig_shadow_${random}`;
  return `${[...database].slice(0, MAX_NAME - SUFFIX.length - random.length).join('')}${SUFFIX}${random}`;
}

function withDatabase(connection: ServerConnection, name: string): ServerConnection;
function withDatabase(connection: ResolvedConnection, name: string): ResolvedConnection;
function withDatabase(connection: ResolvedConnection, name: string): ResolvedConnection {
  if (connection.dialect !== 'mysql') return connection;
  const url = new URL(connection.url);
  url.pathname = `/${encodeURIComponent(name)}`;
  const display = connection.display.replace(/\/[^/]*$/, `/${name}`);
  return { ...connection, url: url.toString(), display };
}

async function withServer<T>(connection: ResolvedConnection, fn: (knex: Knex, server: ServerConnection) => Promise<T>): Promise<T> {
  if (connection.dialect !== 'mysql') throw new ConfigError('MIG_CONFIG', `A MySQL scratch database needs a mysql connection, not ${connection.dialect}.`);
  const knex = await mysqlDialect.createKnex(connection, { applicationName: 'mig shadow', lockTimeoutMs: 0 });
  try {
    return await fn(knex, connection);
  } catch (error) {
    throw mysqlDialect.translateError(error, connection);
  } finally {
    await knex.destroy();
  }
}

export async function createScratchDatabase(connection: ResolvedConnection): Promise<ScratchDatabase> {
  return withServer(connection, async (knex, server) => {
    const [[source]] = (await knex.raw('SELECT DATABASE() AS db, @@character_set_database AS charset, @@collation_database AS collation')) as [
      { db: string | null; charset: string; collation: string }[],
      unknown,
    ];
    const database = source.db ?? '';
    const name = scratchDatabaseName(database);
    const words = [source.charset, source.collation].every((w) => /^\w+$/.test(w));
    try {
      await knex.raw(`CREATE DATABASE ${quote(name)}${words ? ` CHARACTER SET ${source.charset} COLLATE ${source.collation}` : ''}`);
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (errno !== 1044 && errno !== 1227 && errno !== 1142) throw error;
      throw new ConnectionError('MIG_DB_PERMISSION', `${server.display}: the user may not CREATE DATABASE, so mig cannot make the scratch database ${name} to replay the revision history into.`, {
        hint:
          `Grant it (GRANT ALL ON ${grantPattern(database)} TO <user>), or compare with the configured database instead ` +
          '(--against=database, the database must be at head), or set shadowUrl to a server where mig may create databases.',
      });
    }
    const scratch = withDatabase(server, name);
    return { name, connection: scratch, drop: () => dropScratchDatabase(scratch) };
  });
}

/** Drops a scratch database; refuses any name that createScratchDatabase would not have made. */
export async function dropScratchDatabase(scratch: ResolvedConnection): Promise<void> {
  const name = scratch.dialect === 'mysql' ? decodeURIComponent(new URL(scratch.url).pathname.slice(1)) : '';
  if (!SCRATCH_NAME.test(name)) {
    throw new ConfigError('MIG_CONFIG', `Refusing to drop "${name}": it is not a mig scratch database (<db>${SUFFIX}<8 hex digits>).`);
  }
  // Connected to no database, so a scratch database that is already gone is no error.
  await withServer(withDatabase(scratch, ''), (knex) => knex.raw(`DROP DATABASE IF EXISTS ${quote(name)}`));
}
