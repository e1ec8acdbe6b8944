/**
 * The GET_LOCK migration lock on a real MariaDB: concurrent runs apply each revision once, a
 * waiting run times out naming the holder's connection, and a lock dies with its connection.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { upgrade } from '../../commands/migrate';
import { LockError } from '../../errors';
import { mysqlLockName } from './mysql-lock';
import { mysqlScope, mysqlState, unsignedChainOf } from './mysql-fixtures';

const WORKSPACE = join(__dirname, '..', '..', '..', '..', '..');
const BIN = join(WORKSPACE, 'libs', 'core', 'bin', 'mig.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `mig <args>` as its own process, with no database variables from this environment. */
function mig(args: string[]): Promise<Exit> {
  const env = { ...process.env, DATABASE_URL: '', DB_HOST: '', DB_NAME: '', DB_USER: '', NO_COLOR: '1' };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: WORKSPACE, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const upRows = (history: { direction: string; status: string; revision: string }[]) =>
  history.filter((r) => r.direction === 'up' && r.status === 'applied').map((r) => r.revision);

describe('concurrent runs on MariaDB', () => {
  const fixtures = mysqlScope('concurrency');
  afterAll(() => fixtures.cleanup());

  it('two mig up processes started at once apply each of 20 revisions exactly once', async () => {
    const { project, url } = await fixtures.create(unsignedChainOf(20));
    const args = ['up', '--project-root', project.projectDir, '--url', url, '--json'];
    const [a, b] = await Promise.all([mig(args), mig(args)]);
    expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    const steps = [a, b].map((run) => (JSON.parse(run.stdout) as { steps: unknown[] }).steps.length).sort((x, y) => x - y);
    expect(steps).toEqual([0, 20]);
    const state = await mysqlState(url);
    expect(state.heads).toEqual(['r20']);
    expect(upRows(state.history)).toEqual(unsignedChainOf(20).map((r) => r.id));
    expect(state.tables).toHaveLength(20);
  });

  it('serializes two upgrades started at once in one process', async () => {
    const { project, url } = await fixtures.create(unsignedChainOf(6));
    const results = await Promise.all([upgrade(project.context, { url }), upgrade(project.context, { url })]);
    expect(results.map((r) => r.steps.length).sort((x, y) => x - y)).toEqual([0, 6]);
    expect(upRows((await mysqlState(url)).history)).toHaveLength(6);
  });

  it('times out naming the connection that holds the lock, and runs once that connection is gone', async () => {
    const { project, db, url } = await fixtures.create(unsignedChainOf(2));
    const holder = await createConnection({ uri: url });
    let closed = false;
    try {
      const [[{ id }]] = (await holder.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]];
      await holder.query('SELECT GET_LOCK(?, 0)', [mysqlLockName(db.name, 'mig_version')]);
      const started = Date.now();
      const blocked = upgrade(project.context, { url, lockTimeoutMs: 500 });
      await expect(blocked).rejects.toBeInstanceOf(LockError);
      await expect(blocked).rejects.toMatchObject({ code: 'MIG_LOCK_TIMEOUT', message: expect.stringContaining(`held by connection ${id} (root@`) });
      await expect(blocked).rejects.toMatchObject({ message: expect.stringContaining('idle for'), hint: expect.stringContaining('KILL <connection id>') });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(project.events.filter((e) => e.kind === 'lock-waiting')).toEqual([{ kind: 'lock-waiting', display: expect.stringContaining(db.name) }]);
      expect((await mysqlState(url)).history).toEqual([]);

      // A killed run releases the lock with its connection: nothing is left to clean up.
      await holder.end();
      closed = true;
      expect((await upgrade(project.context, { url, lockTimeoutMs: 2000 })).after).toEqual(['r02']);
    } finally {
      if (!closed) await holder.end();
    }
  });

  it('does not block a run on another database of the same server (user locks are server-wide)', async () => {
    const first = await fixtures.create(unsignedChainOf(1));
    const second = await fixtures.create(unsignedChainOf(1));
    const holder = await createConnection({ uri: first.url });
    try {
      await holder.query('SELECT GET_LOCK(?, 0)', [mysqlLockName(first.db.name, 'mig_version')]);
      expect((await upgrade(second.project.context, { url: second.url, lockTimeoutMs: 200 })).after).toEqual(['r01']);
      await expect(upgrade(first.project.context, { url: first.url, lockTimeoutMs: 200 })).rejects.toMatchObject({ code: 'MIG_LOCK_TIMEOUT' });
    } finally {
      await holder.end();
    }
  });
});
