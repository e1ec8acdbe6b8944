import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { upgrade } from '../commands/migrate';
import { acquireFileLock } from '../dialects/pglite/file-lock';
import { advisoryKey } from '../dialects/postgres/pg-lock';
import { LockError } from '../errors';
import { chainOf, tableRevision } from '../testing/fixture-project';
import { fixtureScope, versionState } from '../testing/fixture-database';

const WORKSPACE = join(__dirname, '..', '..', '..', '..');
const BIN = join(WORKSPACE, 'libs', 'core', 'bin', 'mig.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `mig <args>` as its own process, with no database variables from this environment. */
function startMig(args: string[]): { child: ChildProcess; exit: Promise<Exit> } {
  const env = { ...process.env, DATABASE_URL: '', DB_HOST: '', DB_NAME: '', DB_USER: '', NO_COLOR: '1' };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: WORKSPACE, env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, exit };
}

const mig = (args: string[]) => startMig(args).exit;

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const upRows = (history: { direction: string; status: string; revision: string }[]) =>
  history.filter((r) => r.direction === 'up' && r.status === 'applied').map((r) => r.revision);

describe('concurrent runs on postgres', () => {
  const fixtures = fixtureScope('postgres', 'concurrency');
  afterAll(() => fixtures.cleanup());

  it('two mig up processes started at once apply each of 50 revisions exactly once', async () => {
    const { project, url } = await fixtures.create(chainOf(50));
    const args = ['up', '--project-root', project.projectDir, '--url', url, '--json'];
    const [a, b] = await Promise.all([mig(args), mig(args)]);
    expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    const steps = [a, b].map((run) => (JSON.parse(run.stdout) as { steps: unknown[] }).steps.length).sort((x, y) => x - y);
    expect(steps).toEqual([0, 50]);

    const state = await versionState(url);
    expect(state.heads).toEqual(['r50']);
    expect(state.history).toHaveLength(50);
    expect(upRows(state.history)).toEqual(chainOf(50).map((r) => r.id));
    expect(state.tables).toHaveLength(50);
  });

  it('a run killed inside a revision leaves whole revisions only, and the next run completes the rest once', async () => {
    const r02 = tableRevision('r02', 'r01', { references: 't_r01' });
    const slow = { ...r02, upgrade: `${r02.upgrade}\nawait knex.raw('SELECT pg_sleep(2)');` };
    const { project, url } = await fixtures.create([...chainOf(1), slow, tableRevision('r03', 'r02')]);
    const observer = new Client({ connectionString: url });
    await observer.connect();
    try {
      const run = startMig(['up', '--project-root', project.projectDir, '--url', url]);
      const sleeping = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(2)%' AND pid <> pg_backend_pid()`;
      await waitUntil(async () => (await observer.query(sleeping)).rows[0].n > 0);
      run.child.kill('SIGKILL');
      expect((await run.exit).code).toBe(null);

      const killed = await versionState(url);
      expect(killed.heads).toEqual(['r01']);
      expect(killed.tables).toEqual(['t_r01']);

      // The orphaned session keeps the lock until its statement ends; this run waits for it.
      const next = await upgrade(project.context, { url, lockTimeoutMs: 30_000 });
      expect(next.steps.map((s) => s.revision)).toEqual(['r02', 'r03']);
      const state = await versionState(url);
      expect(upRows(state.history)).toEqual(['r01', 'r02', 'r03']);
      expect(state.tables).toEqual(['t_r01', 't_r02', 't_r03']);
    } finally {
      await observer.end();
    }
  });

  it('serializes two upgrades started at once in one process', async () => {
    const { project, url } = await fixtures.create(chainOf(10));
    const results = await Promise.all([upgrade(project.context, { url }), upgrade(project.context, { url })]);
    expect(results.map((r) => r.steps.length).sort((x, y) => x - y)).toEqual([0, 10]);
    expect(upRows((await versionState(url)).history)).toHaveLength(10);
  });

  it('times out naming the session that holds the migration lock, then runs once it is free', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    const holder = new Client({ connectionString: url, application_name: 'mig-test-holder' });
    await holder.connect();
    try {
      const pid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      await holder.query('SELECT pg_advisory_lock($1, $2)', advisoryKey('mig_version'));
      const started = Date.now();
      project.events.length = 0;
      const blocked = upgrade(project.context, { url, lockTimeoutMs: 500 });
      await expect(blocked).rejects.toBeInstanceOf(LockError);
      await expect(blocked).rejects.toMatchObject({ code: 'MIG_LOCK_TIMEOUT', message: expect.stringContaining(`pid ${pid}`) });
      await expect(blocked).rejects.toMatchObject({ message: expect.stringContaining('mig-test-holder') });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(project.events.map((e) => e.kind)).toContain('lock-waiting');
      expect((await versionState(url)).history).toEqual([]);

      await holder.query('SELECT pg_advisory_unlock($1, $2)', advisoryKey('mig_version'));
      expect((await upgrade(project.context, { url, lockTimeoutMs: 500 })).after).toEqual(['r02']);
    } finally {
      await holder.end();
    }
  });
});

describe('concurrent runs on pglite', () => {
  const fixtures = fixtureScope('pglite', 'concurrency');
  afterAll(() => fixtures.cleanup());
  const lockFileOf = (url: string) => `${url.slice('pglite:'.length)}.lock`;

  it('a second process times out while the data directory is locked, naming the holder', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    const lock = await acquireFileLock(lockFileOf(url), 1000, 'mig test holder');
    let run: Exit;
    try {
      run = await mig(['up', '--project-root', project.projectDir, '--url', url, '--lock-timeout', '500']);
    } finally {
      lock.release();
    }
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('MIG_LOCK_TIMEOUT');
    expect(run.stderr).toContain(`pid ${process.pid}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect((await versionState(url)).history).toEqual([]);
  });

  it('reports waiting for the lock and times out when this process holds it elsewhere', async () => {
    const { project, url } = await fixtures.create(chainOf(1));
    const lock = await acquireFileLock(lockFileOf(url), 1000, 'mig test holder');
    try {
      const blocked = upgrade(project.context, { url, lockTimeoutMs: 300 });
      await expect(blocked).rejects.toBeInstanceOf(LockError);
      await expect(blocked).rejects.toMatchObject({ code: 'MIG_LOCK_TIMEOUT', file: lockFileOf(url), message: expect.stringContaining('mig test holder') });
      expect(project.events).toEqual([{ kind: 'lock-waiting', display: expect.stringContaining(url.slice('pglite:'.length)) }]);
    } finally {
      lock.release();
    }
    expect((await upgrade(project.context, { url, lockTimeoutMs: 300 })).after).toEqual(['r01']);
  });

  it('takes over a lock file left by a process that is gone', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lockFileOf(url), JSON.stringify({ pid: dead, host: hostname(), since: new Date(0).toISOString(), command: 'mig up (killed)' }));
    expect((await upgrade(project.context, { url, lockTimeoutMs: 500 })).after).toEqual(['r02']);
    expect(existsSync(lockFileOf(url))).toBe(false);
  });

  it('serializes two upgrades started at once in one process', async () => {
    const { project, url } = await fixtures.create(chainOf(5));
    const results = await Promise.all([upgrade(project.context, { url }), upgrade(project.context, { url })]);
    expect(results.map((r) => r.steps.length).sort((x, y) => x - y)).toEqual([0, 5]);
    const state = await versionState(url);
    expect(upRows(state.history)).toEqual(chainOf(5).map((r) => r.id));
    expect(state.tables).toHaveLength(5);
  });
});
