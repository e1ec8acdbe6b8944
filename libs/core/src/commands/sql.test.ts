/**
 * Offline SQL is the same runner with another sink: the script it prints, run by psql on a fresh
 * PostgreSQL database, must leave the same catalog and version rows as migrate-up does.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-databases';
import { chainOf, createFixtureProject, tableRevision } from '../testing/fixture-project';
import { readCatalog, readVersionState, withKnex } from '../testing/fixture-database';
import { downgrade, upgrade } from './migrate';
import { offlineSql } from './sql';

const dbs: TestDatabase[] = [];
async function freshDb(): Promise<TestDatabase> {
  const db = await createTestDatabase('postgres', 'sql');
  dbs.push(db);
  return db;
}
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

function psql(url: string, file: string): void {
  execFileSync('psql', ['-v', 'ON_ERROR_STOP=1', '-q', '-f', file, url], { stdio: 'pipe' });
}

const workspaceRoot = join(__dirname, '../../../..');
const tutorial = { workspaceRoot, projectName: 'api', projectRoot: 'apps/api' };

describe('offline SQL', () => {
  it('runs through psql to the same catalog and version rows as migrate-up (tutorial app)', async () => {
    const [online, offline] = [await freshDb(), await freshDb()];
    await upgrade({ ...tutorial, env: {} }, { url: online.url });
    const result = await offlineSql(tutorial, { outputFile: join(workspaceRoot, 'tmp', `sql-test-${process.pid}.sql`) });
    const applied = (await withKnex(online.url, readVersionState)).history.map((h) => h.revision);
    expect(result.steps.map((s) => s.revision)).toEqual(applied);
    expect(result.sql.match(/^BEGIN;$/gm)).toHaveLength(applied.length);
    psql(offline.url, result.outputFile!);
    const [a, b] = [await withKnex(online.url, readCatalog), await withKnex(offline.url, readCatalog)];
    expect(b).toEqual(a);
    const [va, vb] = [await withKnex(online.url, readVersionState), await withKnex(offline.url, readVersionState)];
    expect(vb.heads).toEqual(va.heads);
    expect(vb.history.map((h) => [h.revision, h.direction, h.checksum])).toEqual(va.history.map((h) => [h.revision, h.direction, h.checksum]));
  });

  it('renders downgrade SQL from a revision to base that undoes the upgrade', async () => {
    const project = createFixtureProject(chainOf(3));
    try {
      const db = await freshDb();
      await upgrade(project.context, { url: db.url });
      const script = await offlineSql(project.context, { down: true, from: 'heads', to: 'base' });
      const file = join(project.workspaceRoot, 'down.sql');
      writeFileSync(file, script.sql);
      psql(db.url, file);
      const state = await withKnex(db.url, readVersionState);
      expect(state.heads).toEqual([]);
      expect(state.tables).toEqual([]);
      // The database agrees: a real downgrade now has nothing to do.
      expect((await downgrade(project.context, { url: db.url, to: 'base' })).steps).toEqual([]);
    } finally {
      project.remove();
    }
  });

  it('refuses a revision that reads from the database, naming it', async () => {
    const reader = tableRevision('r02', 'r01', { upgrade: "const rows = await knex('t_r01').select('id');\n  if (rows.length) throw new Error('x');" });
    const project = createFixtureProject([...chainOf(1), reader]);
    try {
      await expect(offlineSql(project.context)).rejects.toMatchObject({ code: 'MIG_OFFLINE_UNSUPPORTED' });
      await expect(offlineSql(project.context)).rejects.toThrow(/r02/);
    } finally {
      project.remove();
    }
  });
});
