/**
 * The tutorial app end to end through Nx, as a user runs it: `nx run api:migrate-up` on the
 * embedded PGlite and on the real PostgreSQL (via DATABASE_URL), a second run is a no-op, and
 * down to base then up again gives the same catalog.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downgrade, upgrade } from '@mig/core';
import { createTestDatabase, type TestDatabase } from '../../../libs/core/src/testing/test-databases';

const run = promisify(execFile);
const workspaceRoot = resolve(__dirname, '../../..');
const context = { workspaceRoot, projectName: 'api', projectRoot: 'apps/api' };

async function nx(args: string[], env: Record<string, string>) {
  const result = await run('npx', ['nx', ...args, '--skip-nx-cache'], {
    cwd: workspaceRoot,
    env: { ...process.env, NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_TUI: 'false', FORCE_COLOR: '0', ...env },
  });
  return result.stdout;
}

async function catalog(knex: Knex) {
  const result = await knex.raw(`
    SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default
      FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`);
  const constraints = await knex.raw(`
    SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`);
  return { columns: result.rows, constraints: constraints.rows };
}

async function withPglite<T>(dir: string, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = new PGlite(dir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const knex = knexFactory({ client: require('knex-pglite'), connection: { pglite } as never });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

describe('tutorial app on the embedded PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mig-api-'));
  const url = `pglite:${join(dir, 'db')}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the four revisions once, one line each, then is up to date', async () => {
    const first = await nx(['run', 'api:migrate-up', `--url=${url}`], {});
    expect(first.match(/↑ [0-9a-f]{12} /g)).toHaveLength(4);
    expect(first).toContain('rename username field');
    const second = await nx(['run', 'api:migrate-up', `--url=${url}`], {});
    expect(second).toContain('nothing to do');
    expect(second).not.toContain('↑');
  });

  it('down to base and up again gives the same catalog', async () => {
    const before = await withPglite(join(dir, 'db'), catalog);
    const appColumns = before.columns.filter((c: { table_name: string }) => !c.table_name.startsWith('mig_'));
    expect(appColumns.map((c: { table_name: string; column_name: string }) => `${c.table_name}.${c.column_name}`)).toEqual([
      'account.id',
      'account.name',
      'account.description',
      'account.order_id',
      'order.id',
      'order.description',
      // From TimestampedModel in libs/shared-models (revision ddb4c7684804).
      'order.created_at',
      'order.updated_at',
    ]);
    await downgrade(context, { to: 'base', url });
    const empty = await withPglite(join(dir, 'db'), catalog);
    expect(empty.columns.filter((c: { table_name: string }) => !c.table_name.startsWith('mig_'))).toEqual([]);
    await upgrade(context, { url });
    expect(await withPglite(join(dir, 'db'), catalog)).toEqual(before);
  });
});

describe('tutorial app on PostgreSQL via DATABASE_URL', () => {
  let db: TestDatabase;
  let knex: Knex;
  beforeAll(async () => {
    db = await createTestDatabase('postgres', 'api');
    knex = knexFactory({ client: 'pg', connection: db.url });
  });
  afterAll(async () => {
    await knex?.destroy();
    await db?.drop();
  });

  it('applies the revisions, records heads and history, then is a no-op', async () => {
    const first = await nx(['run', 'api:migrate-up'], { DATABASE_URL: db.url });
    expect(first.match(/↑ [0-9a-f]{12} /g)).toHaveLength(4);
    expect((await knex('mig_version').select('version_num')).map((r) => r.version_num)).toEqual(['ddb4c7684804']);
    const history = await knex('mig_history').select('revision', 'direction', 'status', 'checksum').orderBy('id');
    expect(history.map((h) => h.revision)).toEqual(['1975ea83b712', '27c6a30d7c24', '3f1c9d2e8a47', 'ddb4c7684804']);
    expect(history.every((h) => h.direction === 'up' && h.status === 'applied' && /^[0-9a-f]{64}$/.test(h.checksum))).toBe(true);
    expect(await nx(['run', 'api:migrate-up'], { DATABASE_URL: db.url })).toContain('nothing to do');
  });

  it('down to base and up again gives the same catalog', async () => {
    const before = await catalog(knex);
    await downgrade({ ...context, env: { DATABASE_URL: db.url } }, { to: 'base' });
    expect((await catalog(knex)).columns.filter((c: { table_name: string }) => !c.table_name.startsWith('mig_'))).toEqual([]);
    await upgrade({ ...context, env: { DATABASE_URL: db.url } });
    expect(await catalog(knex)).toEqual(before);
  });
});
