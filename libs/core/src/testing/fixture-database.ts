/**
 * Databases that the commands open themselves, one per call: a fresh PostgreSQL database, or a
 * PGlite data directory (an in-memory PGlite would not outlive the call). A new PGlite directory
 * costs ~8 s of initdb, so it is copied from a template made once per machine and PGlite version.
 * `withKnex` opens the database the way the commands do (PGlite: behind its file lock).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import { resolveConnection } from '../config/resolve-connection';
import { dialectFor } from '../dialects/registry';
import { createFixtureProject, type FixtureProject, type FixtureRevision } from './fixture-project';
import { createTestDatabase } from './test-databases';

export type RunDialect = 'postgres' | 'pglite';

export interface FixtureDatabase {
  readonly dialect: RunDialect;
  /** `postgres://…/mig_<prefix>_<random>` or `pglite:/abs/dir`. */
  readonly url: string;
  drop(): Promise<void>;
}

function pgliteVersion(): string {
  const main = require.resolve('@electric-sql/pglite');
  for (let dir = dirname(main); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
  }
  return 'unknown';
}

/** An initdb'ed, closed PGlite directory; built in a private folder and renamed into place. */
async function pgliteTemplate(): Promise<string> {
  const template = join(tmpdir(), `mig-test-pglite-${pgliteVersion()}`);
  if (existsSync(template)) return template;
  const building = mkdtempSync(`${template}.building-`);
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = new PGlite(join(building, 'data'));
  await pglite.waitReady;
  await pglite.close();
  try {
    renameSync(join(building, 'data'), template);
  } catch {
    // another test file finished first: use its template
  }
  rmSync(building, { recursive: true, force: true });
  return template;
}

/** A RAM disk when there is one: copying and removing a 40 MB data directory there is ~6× faster. */
function scratchDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

export async function createFixtureDatabase(dialect: RunDialect, prefix: string): Promise<FixtureDatabase> {
  if (dialect === 'postgres') {
    const db = await createTestDatabase('postgres', prefix);
    return { dialect, url: db.url, drop: db.drop };
  }
  const dir = mkdtempSync(join(scratchDir(), `mig-${prefix}-`));
  cpSync(await pgliteTemplate(), join(dir, 'data'), { recursive: true });
  return { dialect, url: `pglite:${join(dir, 'data')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens the database as a command would (PGlite through its file lock) and closes it after `fn`. */
export async function withKnex<T>(url: string, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const connection = resolveConnection({ url, env: {}, workspaceRoot: tmpdir(), projectName: 'test' });
  const knex = await dialectFor(connection).createKnex(connection, { applicationName: 'mig test', lockTimeoutMs: 30_000 });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

export interface VersionState {
  readonly heads: string[];
  readonly history: { revision: string; direction: string; status: string; checksum: string | null; file: string | null; durationMs: number }[];
  /** Tables of the public schema, mig's own excluded. */
  readonly tables: string[];
}

export async function readVersionState(knex: Knex): Promise<VersionState> {
  const tables = (await knex.raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)).rows.map(
    (r: { table_name: string }) => r.table_name,
  );
  const has = (name: string) => tables.includes(name);
  const heads = has('mig_version') ? (await knex('mig_version').select('version_num').orderBy('version_num')).map((r) => r.version_num as string) : [];
  const history = has('mig_history')
    ? (await knex('mig_history').select('*').orderBy('id')).map((r) => ({
        revision: r.revision as string,
        direction: r.direction as string,
        status: r.status as string,
        checksum: r.checksum as string | null,
        file: r.file as string | null,
        durationMs: Number(r.duration_ms),
      }))
    : [];
  return { heads, history, tables: tables.filter((t: string) => !t.startsWith('mig_')) };
}

export const versionState = (url: string) => withKnex(url, readVersionState);

/** Columns and constraints of the public schema as PostgreSQL reports them, one line each. */
export async function readCatalog(knex: Knex): Promise<string[]> {
  const columns = await knex.raw(`
    SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '-') AS column_default, coalesce(character_maximum_length, 0) AS len
      FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`);
  const constraints = await knex.raw(`
    SELECT tc.table_name, tc.constraint_name, tc.constraint_type, string_agg(k.column_name, ',' ORDER BY k.ordinal_position) AS cols
      FROM information_schema.table_constraints tc
      LEFT JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
     WHERE tc.table_schema = 'public' AND tc.constraint_type <> 'CHECK'
     GROUP BY tc.table_name, tc.constraint_name, tc.constraint_type ORDER BY tc.table_name, tc.constraint_name`);
  const line = (row: Record<string, unknown>) => Object.values(row).join(' | ');
  return [...columns.rows.map(line), ...constraints.rows.map(line)];
}

export interface Fixture {
  readonly project: FixtureProject;
  readonly db: FixtureDatabase;
  /** The database URL to pass as `url`. */
  readonly url: string;
}

/**
 * For one test file: each `create` makes a fresh project and database; `cleanup` (in afterAll)
 * drops and removes them all, also when a test failed halfway.
 */
export function fixtureScope(dialect: RunDialect, prefix: string) {
  const cleanups: (() => unknown)[] = [];
  return {
    async create(revisions: readonly FixtureRevision[]): Promise<Fixture> {
      const project = createFixtureProject(revisions);
      cleanups.push(project.remove);
      const db = await createFixtureDatabase(dialect, prefix);
      cleanups.push(db.drop);
      return { project, db, url: db.url };
    },
    async cleanup(): Promise<void> {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    },
  };
}
