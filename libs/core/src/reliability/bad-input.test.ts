/**
 * The bad-input corpus (bad-input-cases.ts), each case through the CLI's main(): exit code 1, the
 * expected MigError code, a one-line message and a `fix:` remedy, no stack trace without
 * --verbose, nothing on stdout, and the database and the project files exactly as before.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgrade } from '../commands/migrate';
import { chainOf, createFixtureProject } from '../testing/fixture-project';
import { readCatalog } from '../testing/fixture-database';
import { createTestDatabase, MYSQL_ADMIN_URL, PG_ADMIN_URL, type TestDatabase } from '../testing/test-databases';
import { BAD_INPUT_CASES, type BadInputCase, type CaseFixture } from './bad-input-cases';
import { migInProcess, STACK_LINE } from './run-mig';

/** Every file of a folder by relative path, with its hash. */
function fileTree(root: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    tree[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return tree;
}

/** One connection per database for the snapshots, closed in afterAll. */
const observers = new Map<string, Knex>();
const observer = (url: string) => observers.get(url) ?? observers.set(url, knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } })).get(url)!;

/** The catalog of the public schema and every row of every table in it. */
async function databaseSnapshot(url: string): Promise<unknown> {
  const knex = observer(url);
  const tables = (await knex.raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)).rows as { table_name: string }[];
  const rows: Record<string, string[]> = {};
  for (const { table_name } of tables) rows[table_name] = (await knex(table_name).select('*')).map((row) => JSON.stringify(row)).sort();
  return { catalog: await readCatalog(knex), rows };
}

const withParts = (url: string, parts: { user?: string; password?: string; port?: string; host?: string; database?: string }) => {
  const u = new URL(url);
  if (parts.user !== undefined) u.username = parts.user;
  if (parts.password !== undefined) u.password = parts.password;
  if (parts.port !== undefined) u.port = parts.port;
  if (parts.host !== undefined) u.hostname = parts.host;
  if (parts.database !== undefined) u.pathname = `/${parts.database}`;
  return u.toString();
};

describe('the bad-input corpus, on postgres', () => {
  const databases: TestDatabase[] = [];
  // A role without CREATE on schema public (PostgreSQL 15 grants it to the owner only).
  const role = `mig_ro_${randomBytes(4).toString('hex')}`;
  let base: TestDatabase;
  let atR02: TestDatabase;
  const admin = () => knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });

  beforeAll(async () => {
    base = await createTestDatabase('postgres', 'corpus');
    atR02 = await createTestDatabase('postgres', 'corpus');
    databases.push(base, atR02);
    const project = createFixtureProject(chainOf(3));
    try {
      await upgrade(project.context, { url: atR02.url, to: 'r02' });
    } finally {
      project.remove();
    }
    const knex = admin();
    await knex.raw(`CREATE ROLE "${role}" LOGIN PASSWORD 'corpus-ro'`).finally(() => knex.destroy());
  });

  afterAll(async () => {
    for (const knex of observers.values()) await knex.destroy();
    for (const db of databases) await db.drop();
    const knex = admin();
    await knex.raw(`DROP ROLE IF EXISTS "${role}"`).finally(() => knex.destroy());
  });

  it('holds at least 60 cases with distinct names', () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(BAD_INPUT_CASES.map((c) => c.name)).size).toBe(BAD_INPUT_CASES.length);
  });

  async function databaseFor(c: BadInputCase, fixture: Omit<CaseFixture, 'url' | 'at' | 'readOnlyUrl'>): Promise<{ url: string; release?: () => Promise<void> }> {
    if (c.db === undefined || c.db === 'base') return { url: base.url };
    if (c.db === 'r02') return { url: atR02.url };
    const db = await createTestDatabase('postgres', 'corpus');
    databases.push(db);
    const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 1 } });
    try {
      const release = await c.db.arrange(knex, { ...fixture, url: db.url, at: [], readOnlyUrl: withParts(db.url, { user: role, password: 'corpus-ro' }) });
      return { url: db.url, release: release ?? undefined };
    } finally {
      await knex.destroy();
    }
  }

  it.each(BAD_INPUT_CASES.map((c) => [c.name, c.code, c] as const))('%s → %s', async (_name, code, c) => {
    const project = createFixtureProject(c.revisions ?? chainOf(3));
    let release: (() => Promise<void>) | undefined;
    try {
      for (const [path, text] of Object.entries(c.files ?? {})) {
        mkdirSync(dirname(join(project.projectDir, path)), { recursive: true });
        writeFileSync(join(project.projectDir, path), text);
      }
      const partial = {
        projectDir: project.projectDir,
        serverUrl: (parts: Parameters<CaseFixture['serverUrl']>[0]) => withParts(PG_ADMIN_URL, parts),
        mysqlUrl: (parts: Parameters<CaseFixture['mysqlUrl']>[0]) => withParts(MYSQL_ADMIN_URL, parts),
      };
      const database = await databaseFor(c, partial);
      release = database.release;
      const fixture: CaseFixture = {
        ...partial,
        url: database.url,
        at: ['--project-root', project.projectDir, '--url', database.url],
        readOnlyUrl: withParts(database.url, { user: role, password: 'corpus-ro' }),
      };
      const files = fileTree(project.workspaceRoot);
      const before = await databaseSnapshot(database.url);

      const run = await migInProcess(c.argv(fixture), { ...c.env });

      expect(run.code).toBe(1);
      const lines = run.stderr.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^error ${code}(?: at \\S+)?: \\S`));
      if (c.says) expect(run.stderr).toMatch(typeof c.says === 'string' ? new RegExp(c.says.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : c.says);
      const fix = lines.findIndex((line) => line.startsWith('  fix: '));
      expect(fix, 'a remedy').toBeGreaterThan(0);
      if (c.multiline) expect(fix, 'the remedy comes last').toBe(lines.length - 1);
      else expect(lines, 'one line of message, one of remedy').toHaveLength(2);
      expect(run.stderr).not.toMatch(STACK_LINE);
      // stdout holds progress lines at most (waiting for a lock), never the error.
      expect(run.stdout.split('\n').filter((line) => line && !line.startsWith('waiting for the migration lock'))).toEqual([]);
      expect(fileTree(project.workspaceRoot), 'the project files are unchanged').toEqual(files);
      expect(await databaseSnapshot(database.url), 'the database is unchanged').toEqual(before);
    } finally {
      await release?.();
      project.remove();
    }
  });
});
