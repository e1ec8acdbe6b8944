/**
 * Test support for the MariaDB tests: a fresh database and fixture project per test, and the
 * recorded state read back the way a DBA would (information_schema of the current database).
 * The shared testing/fixture-database.ts reads PostgreSQL's `public` schema only.
 */
import knexFactory, { type Knex } from 'knex';
import { chainOf, createFixtureProject, type FixtureProject, type FixtureRevision } from '../../testing/fixture-project';
import { createTestDatabase, type TestDatabase } from '../../testing/test-databases';

export interface MysqlFixture {
  readonly project: FixtureProject;
  readonly db: TestDatabase;
  readonly url: string;
}

/** Per test file: `create` makes a project and a database; `cleanup` (afterAll) removes them all. */
export function mysqlScope(prefix: string) {
  const cleanups: (() => unknown)[] = [];
  return {
    async create(revisions: readonly FixtureRevision[]): Promise<MysqlFixture> {
      const project = createFixtureProject(revisions);
      cleanups.push(project.remove);
      const db = await createTestDatabase('mysql', prefix);
      cleanups.push(db.drop);
      return { project, db, url: db.url };
    },
    async cleanup(): Promise<void> {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    },
  };
}

/**
 * `chainOf` with foreign key columns made unsigned: `increments` is `int unsigned` on MySQL, and
 * InnoDB refuses a signed column referencing it ("Foreign key constraint is incorrectly formed").
 */
export function unsignedChainOf(count: number, prefix = 'r', after: string | null = null): FixtureRevision[] {
  return chainOf(count, prefix, after).map((r) => ({ ...r, upgrade: r.upgrade.replace(/(t\.integer\('[^']+'\))\.references/, '$1.unsigned().references') }));
}

export async function withMysql<T>(url: string, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = knexFactory({ client: 'mysql2', connection: url, pool: { min: 0, max: 1 } });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

/** The rows of a `knex.raw` on mysql2 (`[rows, fields]`). */
export async function rowsOf<T>(knex: Knex, sql: string, bindings: readonly Knex.RawBinding[] = []): Promise<T[]> {
  return ((await knex.raw(sql, bindings)) as [T[], unknown])[0];
}

export interface MysqlVersionState {
  readonly heads: string[];
  readonly history: { revision: string; direction: string; status: string; checksum: string | null; file: string | null }[];
  /** Tables of the database, mig's own excluded, in code-point order. */
  readonly tables: string[];
  /** Storage engine of each of mig's tables. */
  readonly engines: Record<string, string>;
}

export async function readMysqlState(knex: Knex): Promise<MysqlVersionState> {
  const all = await rowsOf<{ name: string; engine: string }>(
    knex,
    `SELECT TABLE_NAME AS name, ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`,
  );
  const names = all.map((t) => t.name);
  const heads = names.includes('mig_version') ? (await knex('mig_version').select('version_num')).map((r) => r.version_num as string).sort() : [];
  const history = names.includes('mig_history')
    ? (await knex('mig_history').select('*').orderBy('id')).map((r) => ({
        revision: r.revision as string,
        direction: r.direction as string,
        status: r.status as string,
        checksum: r.checksum as string | null,
        file: r.file as string | null,
      }))
    : [];
  const engines = Object.fromEntries(all.filter((t) => t.name.startsWith('mig_')).map((t) => [t.name, t.engine]));
  const tables = names.filter((n) => !n.startsWith('mig_')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { heads, history, tables, engines };
}

export const mysqlState = (url: string) => withMysql(url, readMysqlState);
