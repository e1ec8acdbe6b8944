/**
 * Embedded PostgreSQL (PGlite 0.5, which is PostgreSQL 18) through knex-pglite: the default
 * database when none is configured. Same SQL and lock-free semantics as postgres, but one
 * process at a time: the file lock is taken before the data directory is opened and held until
 * knex is destroyed. knex-pglite pins a pool of one, so everything runs on that connection.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { ConfigError } from '../../errors';
import type { ResolvedConnection } from '../../config/resolve-connection';
import type { Dialect, OpenOptions } from '../dialect';
import { translatePgError } from '../postgres/pg-errors';
import { knexLog } from '../knex-log';
import { acquireFileLock } from './file-lock';
import { openPglite } from './memory-pglite';
import { introspectPostgres } from '../postgres/introspect';
import { pgliteVersionWrites } from '../postgres/pg-version-writes';

async function createPgliteKnex(connection: ResolvedConnection, options: OpenOptions): Promise<Knex> {
  if (connection.dialect !== 'pglite') {
    throw new ConfigError('MIG_CONFIG', `pglite dialect given a ${connection.dialect} connection.`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ClientPGLite = require('knex-pglite');
  const dataDir = connection.dataDir;
  let lock: { release(): void } | undefined;
  if (dataDir) {
    mkdirSync(dirname(dataDir), { recursive: true });
    lock = await acquireFileLock(`${dataDir}.lock`, options.lockTimeoutMs, options.applicationName, options.onLockWait);
  }
  try {
    const pglite = await openPglite(dataDir ?? undefined);
    await pglite.waitReady;
    const knex = knexFactory({ client: ClientPGLite, connection: { pglite } as unknown as Knex.StaticConnectionConfig, log: knexLog(options.onWarning) });
    const destroy = knex.destroy.bind(knex);
    // Release the file lock only after PGlite has flushed and closed its directory.
    const closeAll = async (callback?: unknown) => {
      try {
        await destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
      if (typeof callback === 'function') callback();
    };
    Object.defineProperty(knex, 'destroy', { value: closeAll, configurable: true });
    return knex;
  } catch (error) {
    lock?.release();
    throw error;
  }
}

export const pgliteDialect: Dialect = {
  name: 'pglite',
  transactionalDdl: true,
  createKnex: createPgliteKnex,
  // The file lock taken in createKnex already makes the run exclusive.
  acquireLock: async () => {},
  releaseLock: async () => {},
  translateError: translatePgError,
  introspect: introspectPostgres,
  versionWrites: pgliteVersionWrites,
  identity: async (session) => {
    const result = await session.knex.raw(`SELECT (SELECT system_identifier::text FROM pg_control_system()) AS sysid, current_database() AS db`);
    return `pglite:${result.rows[0].sysid}:${result.rows[0].db}`;
  },
};
