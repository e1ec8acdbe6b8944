/**
 * Real databases for tests: a fresh database per test file on the local PostgreSQL / MariaDB,
 * or an in-memory PGlite. Never a mock. Tests call `drop()` in afterAll.
 *
 * Server addresses come from MIG_TEST_PG_URL / MIG_TEST_MYSQL_URL, defaulting to the services
 * this machine and CI run (trust auth / root with no password).
 */
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';

export type TestDialect = 'postgres' | 'pglite' | 'mysql';

export const PG_ADMIN_URL = process.env.MIG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_ADMIN_URL = process.env.MIG_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface TestDatabase {
  readonly dialect: TestDialect;
  /** Connection URL (`pglite://memory` for PGlite). */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(client: 'pg' | 'mysql2', url: string, fn: (k: Knex) => Promise<T>): Promise<T> {
  const admin = knexFactory({ client, connection: url, pool: { min: 0, max: 1 } });
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}

/** Creates an empty database named `mig_<prefix>_<random>` on the given server. */
export async function createTestDatabase(dialect: TestDialect, prefix = 't'): Promise<TestDatabase> {
  const name = `mig_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'pglite') return { dialect, url: 'pglite://memory', name, drop: async () => {} };
  if (dialect === 'postgres') {
    await withAdmin('pg', PG_ADMIN_URL, (k) => k.raw(`CREATE DATABASE "${name}"`));
    return {
      dialect,
      name,
      url: withDatabase(PG_ADMIN_URL, name),
      drop: () =>
        withAdmin('pg', PG_ADMIN_URL, (k) => k.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
    };
  }
  await withAdmin('mysql2', MYSQL_ADMIN_URL, (k) => k.raw(`CREATE DATABASE \`${name}\``));
  return {
    dialect,
    name,
    url: withDatabase(MYSQL_ADMIN_URL, name),
    drop: () => withAdmin('mysql2', MYSQL_ADMIN_URL, (k) => k.raw(`DROP DATABASE IF EXISTS \`${name}\``)).then(() => {}),
  };
}
