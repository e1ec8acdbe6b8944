/**
 * Opening MariaDB the way the commands do: connection resolution, errors a user can cause (each
 * a MigError without the password), identity for cache keys, and lock names.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnection, type ResolvedConnection } from '../../config/resolve-connection';
import { MigError } from '../../errors';
import { createTestDatabase, MYSQL_ADMIN_URL, type TestDatabase } from '../../testing/test-databases';
import { dialectFor } from '../registry';
import { openSession } from '../session';
import { mysqlConnectionConfig, mysqlDialect } from './mysql-dialect';
import { mysqlLockName } from './mysql-lock';
import { withMysql } from './mysql-fixtures';

const resolve = (url: string, env: Record<string, string> = {}) =>
  resolveConnection({ url: url || undefined, env, dialect: 'mysql', workspaceRoot: '/tmp', projectName: 'api' });

/** What opening a session on the connection fails with, as the commands report it. */
async function openError(connection: ResolvedConnection): Promise<MigError> {
  const knex = await mysqlDialect.createKnex(connection, { applicationName: 'mig test', lockTimeoutMs: 1000 });
  try {
    const session = await openSession(knex);
    await session.release();
  } catch (error) {
    return mysqlDialect.translateError(error, connection);
  } finally {
    await knex.destroy();
  }
  throw new Error('expected the connection to fail');
}

describe('the mysql dialect on MariaDB', () => {
  let db: TestDatabase;
  const user = `mig_u_${randomBytes(3).toString('hex')}`;
  const password = `Pw-${randomBytes(6).toString('hex')}`;
  const serverUrl = (credentials: string, database: string) => {
    const u = new URL(MYSQL_ADMIN_URL);
    return `mysql://${credentials}@${u.host}/${database}`;
  };
  beforeAll(async () => {
    db = await createTestDatabase('mysql', 'dialect');
    await withMysql(MYSQL_ADMIN_URL, async (knex) => {
      await knex.raw(`CREATE USER ?@'%' IDENTIFIED BY ?`, [user, password]);
      await knex.raw(`GRANT SELECT ON \`${db.name}\`.* TO ?@'%'`, [user]);
    });
  });
  afterAll(async () => {
    await withMysql(MYSQL_ADMIN_URL, (knex) => knex.raw(`DROP USER IF EXISTS ?@'%'`, [user]));
    await db?.drop();
  });

  it('is what the registry gives for mysql:// and mariadb:// URLs and for DB_* with dialect mysql', () => {
    expect(dialectFor(resolve(db.url))).toBe(mysqlDialect);
    expect(dialectFor(resolve(db.url.replace(/^mysql:/, 'mariadb:')))).toBe(mysqlDialect);
    const fromEnv = resolve('', { DB_HOST: '127.0.0.1', DB_NAME: db.name, DB_USER: user, DB_PASS: password });
    expect(fromEnv).toMatchObject({ dialect: 'mysql', source: 'DB_*' });
    expect(dialectFor(fromEnv)).toBe(mysqlDialect);
    expect(mysqlDialect.transactionalDdl).toBe(false);
  });

  it('turns the URL into mysql2 options, decoding the user, password and database', () => {
    const connection = resolve('mysql://app%40corp:p%40ss%2Fw@db.example:3307/my%2Ddb?ssl=true');
    expect(mysqlConnectionConfig(connection as never, 'mig up host=h pid=1')).toMatchObject({
      host: 'db.example',
      port: 3307,
      user: 'app@corp',
      password: 'p@ss/w',
      database: 'my-db',
      ssl: {},
      multipleStatements: false,
      connectAttributes: { program_name: 'mig up host=h pid=1' },
    });
  });

  it('connects with DB_* variables and runs as that user', async () => {
    const connection = resolve('', { DB_HOST: '127.0.0.1', DB_NAME: db.name, DB_USER: user, DB_PASS: password });
    const knex = await mysqlDialect.createKnex(connection, { applicationName: 'mig test', lockTimeoutMs: 1000 });
    try {
      const [[row]] = (await knex.raw('SELECT CURRENT_USER() AS who, DATABASE() AS db')) as [{ who: string; db: string }[], unknown];
      expect(row).toEqual({ who: `${user}@%`, db: db.name });
    } finally {
      await knex.destroy();
    }
  });

  it('reports a wrong password as MIG_DB_AUTH without the password', async () => {
    const wrong = `Wrong-${randomBytes(4).toString('hex')}`;
    const error = await openError(resolve(serverUrl(`${user}:${wrong}`, db.name)));
    expect(error.code).toBe('MIG_DB_AUTH');
    expect(error.message).toContain(`${user}@`);
    expect(`${error.message} ${error.hint}`).not.toContain(wrong);
  });

  it('reports a missing database as MIG_DB_MISSING and one the user may not use as MIG_DB_PERMISSION', async () => {
    const missing = await openError(resolve(serverUrl('root', `mig_missing_${randomBytes(3).toString('hex')}`)));
    expect(missing.code).toBe('MIG_DB_MISSING');
    expect(missing.hint).toMatch(/CREATE DATABASE/);
    const denied = await openError(resolve(serverUrl(`${user}:${password}`, 'mysql')));
    expect(denied.code).toBe('MIG_DB_PERMISSION');
    expect(`${denied.message} ${denied.hint}`).not.toContain(password);
  });

  it('reports a server that does not answer as MIG_DB_UNREACHABLE', async () => {
    const error = await openError(resolve('mysql://root@127.0.0.1:1/test'));
    expect(error.code).toBe('MIG_DB_UNREACHABLE');
    expect(error.message).toContain('mysql://root@127.0.0.1:1/test');
  });

  it('reports a table privilege the user lacks as MIG_DB_PERMISSION', async () => {
    const connection = resolve(serverUrl(`${user}:${password}`, db.name));
    const knex = await mysqlDialect.createKnex(connection, { applicationName: 'mig test', lockTimeoutMs: 1000 });
    try {
      const error = await knex.schema.createTable('nope', (t) => t.increments('id')).then(
        () => undefined,
        (e: unknown) => mysqlDialect.translateError(e, connection),
      );
      expect(error).toMatchObject({ code: 'MIG_DB_PERMISSION', hint: expect.stringContaining('GRANT') });
    } finally {
      await knex.destroy();
    }
  });

  it('identifies the server and database, the same from any session', async () => {
    const identity = async (url: string) => {
      const knex = await mysqlDialect.createKnex(resolve(url), { applicationName: 'mig test', lockTimeoutMs: 1000 });
      const session = await openSession(knex);
      try {
        return await mysqlDialect.identity(session);
      } finally {
        await session.release();
        await knex.destroy();
      }
    };
    const first = await identity(db.url);
    expect(first).toMatch(new RegExp(`^mysql:.+:\\d+:${db.name}$`));
    expect(await identity(db.url)).toBe(first);
    expect(await identity(MYSQL_ADMIN_URL)).not.toBe(first);
  });

  it('names locks by database and key, hashing names past MySQL 64-character limit', () => {
    expect(mysqlLockName('app', 'mig_version')).toBe('mig:app:mig_version');
    const long = mysqlLockName('a'.repeat(64), 'mig_version');
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^mig:[0-9a-f]{60}$/);
    expect(mysqlLockName('b'.repeat(64), 'mig_version')).not.toBe(long);
  });
});
