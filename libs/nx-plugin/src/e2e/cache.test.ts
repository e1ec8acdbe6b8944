/**
 * Nx's cache on the inferred targets, through `nx run` in a copy of this workspace (its own
 * .nx/cache) against a fresh PostgreSQL database given as DATABASE_URL, the way the runtime input
 * (`mig state-key`) sees it too. migrate-check is a pure function of files: the second run is a
 * hit. migrate-up caches on the database's state: a hit only replays a no-op, and every change to
 * the database (down, up, a reset) makes the next run miss and run.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import knexFactory from 'knex';
import { copyWorkspace } from './copy-workspace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, PG_ADMIN_URL, type TestDatabase } from '../../../core/src/testing/test-databases';

const ROOT = resolve(__dirname, '../../../..');
const API_REVISIONS = ['1975ea83b712', '27c6a30d7c24', '3f1c9d2e8a47', 'ddb4c7684804'];
let ws: string;
let db: TestDatabase;

function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): string {
  const env: Record<string, string | undefined> = { ...process.env, NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1' };
  for (const key of Object.keys(env)) {
    if (key === 'DATABASE_URL' || key.startsWith('DB_') || key.startsWith('NX_WORKSPACE') || key === 'FORCE_COLOR' || key.startsWith('GIT_')) delete env[key];
  }
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...env, ...extraEnv }, timeout: 120_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/\u001b\[[0-9;]*m/g, '');
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${output}`);
  return output;
}

interface NxRun {
  readonly output: string;
  readonly fromCache: boolean;
  /** Revision ids the run printed as applied (↑) or reverted (↓). */
  readonly up: string[];
  readonly down: string[];
}

function nx(...args: string[]): NxRun {
  const output = run(process.execPath, [join(ws, 'node_modules/nx/dist/bin/nx.js'), ...args], ws, { DATABASE_URL: db.url });
  const fromCache = /\[(local cache|existing outputs match the cache, left as is)\]/.test(output);
  if (fromCache) expect(output).toContain('Nx read the output from the cache instead of running the command for 1 out of 1 tasks');
  const ids = (arrow: string) => [...output.matchAll(new RegExp(`^${arrow} ([0-9a-f]{12}) `, 'gm'))].map((m) => m[1]);
  return { output, fromCache, up: ids('↑'), down: ids('↓') };
}

async function heads(): Promise<string[]> {
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 1 } });
  try {
    return (await knex('mig_version').select('version_num')).map((row) => row.version_num);
  } finally {
    await knex.destroy();
  }
}

async function resetDatabase(): Promise<void> {
  const admin = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`DROP DATABASE "${db.name}" WITH (FORCE)`);
    await admin.raw(`CREATE DATABASE "${db.name}"`);
  } finally {
    await admin.destroy();
  }
}


beforeAll(async () => {
  ws = copyWorkspace('mig-cache-');
  db = await createTestDatabase('postgres', 'nxcache');
});

afterAll(async () => {
  await db?.drop();
  if (ws) rmSync(dirname(ws), { recursive: true, force: true });
});

describe('Nx cache', () => {
  it('migrate-check: the second run is a cache hit', () => {
    const first = nx('run', 'api:migrate-check');
    expect(first.fromCache).toBe(false);
    expect(first.output).toContain('No changes detected');
    const second = nx('run', 'api:migrate-check');
    expect(second.fromCache).toBe(true);
    expect(second.output).toContain('No changes detected');
  }, 60_000);

  it('migrate-up: applies, then is a no-op, then replays that no-op from the cache (unless --skip-nx-cache)', async () => {
    const first = nx('run', 'api:migrate-up');
    expect(first).toMatchObject({ fromCache: false, up: API_REVISIONS });
    // First time at the heads: runs (a fast no-op). From then on the same state is a hit.
    const second = nx('run', 'api:migrate-up');
    expect(second).toMatchObject({ fromCache: false, up: [] });
    expect(second.output).toContain('nothing to do');
    const third = nx('run', 'api:migrate-up');
    expect(third).toMatchObject({ fromCache: true, up: [] });
    expect(third.output).toContain('nothing to do');
    // --skip-nx-cache: Nx runs the task although it would be a hit.
    const skipped = nx('run', 'api:migrate-up', '--skip-nx-cache');
    expect(skipped).toMatchObject({ fromCache: false, up: [] });
    expect(skipped.output).toContain('nothing to do');
    expect(await heads()).toEqual(['ddb4c7684804']);
  }, 60_000);

  it('after migrate-down --to=-1 the next migrate-up misses and applies, also the second time round', async () => {
    for (let round = 0; round < 2; round++) {
      // The second round starts from the same heads as the first: only the history tells them apart.
      expect(nx('run', 'api:migrate-down', '--to=-1')).toMatchObject({ fromCache: false, down: ['ddb4c7684804'] });
      expect(await heads()).toEqual(['3f1c9d2e8a47']);
      expect(nx('run', 'api:migrate-up')).toMatchObject({ fromCache: false, up: ['ddb4c7684804'] });
      expect(await heads()).toEqual(['ddb4c7684804']);
    }
  }, 80_000);

  it('a database dropped and created again misses, and is migrated from scratch', async () => {
    await resetDatabase();
    expect(nx('run', 'api:migrate-up')).toMatchObject({ fromCache: false, up: API_REVISIONS });
    expect(await heads()).toEqual(['ddb4c7684804']);
  }, 60_000);
});
