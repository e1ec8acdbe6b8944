/**
 * Many deploy jobs at once on one PostgreSQL database: 8 `mig up` processes on a 100-revision
 * chain, then 4 `up` and 4 `status` together, and a run that times out waiting for another
 * process's lock. (runner/concurrency.test.ts has the 2-process and in-process cases.)
 */
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { StatusResult } from '../commands/inspect';
import { upgrade, type MigrateResult } from '../commands/migrate';
import { advisoryKey } from '../dialects/postgres/pg-lock';
import { chainOf } from '../testing/fixture-project';
import { fixtureScope, versionState } from '../testing/fixture-database';
import { assertWholeRevisions, migrationLockHolders, waitForSessionsOf } from './consistency';
import { pausable, pausePoint } from './pause-hook';
import { runMig, STACK_LINE, startMig } from './run-mig';

const ids = chainOf(100).map((r) => r.id);

/** Each revision in exactly one process's steps, in chain order across the processes. */
function stepsOf(runs: readonly { stdout: string }[]): string[][] {
  return runs.map((run) => (JSON.parse(run.stdout) as MigrateResult).steps.map((s) => s.revision));
}

describe('concurrent mig processes on postgres', () => {
  const fixtures = fixtureScope('postgres', 'many');
  afterAll(() => fixtures.cleanup());

  it('8 mig up processes at once on 100 revisions: all exit 0 and each revision is applied once', async () => {
    const { project, url } = await fixtures.create(chainOf(100));
    const args = ['up', '--json', '--project-root', project.projectDir, '--url', url];
    const runs = await Promise.all(Array.from({ length: 8 }, () => runMig(args)));
    expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual(Array(8).fill(0));
    const applied = stepsOf(runs).flat();
    expect([...applied].sort()).toEqual([...ids].sort());
    expect(runs.every((r) => (JSON.parse(r.stdout) as MigrateResult).after.join() === 'r100')).toBe(true);
    expect(assertWholeRevisions(await versionState(url), ids)).toBe(100);
  });

  it('4 up and 4 status processes at once: the ups apply each revision once, every status sees a whole state', async () => {
    const { project, url } = await fixtures.create(chainOf(100));
    const at = ['--json', '--project-root', project.projectDir, '--url', url];
    const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => runMig([i % 2 === 0 ? 'up' : 'status', ...at])));
    expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual(Array(8).fill(0));
    const ups = runs.filter((_, i) => i % 2 === 0);
    expect(stepsOf(ups).flat().sort()).toEqual([...ids].sort());
    for (const run of runs.filter((_, i) => i % 2 === 1)) {
      const status = JSON.parse(run.stdout) as StatusResult;
      // Whatever moment it read: one head or none, and pending is exactly the rest of the chain.
      const done = status.current.length === 0 ? 0 : ids.indexOf(status.current[0]) + 1;
      expect(status.current.length).toBeLessThanOrEqual(1);
      expect(status.pending.map((p) => p.revision)).toEqual(ids.slice(done));
      expect(status).toMatchObject({ heads: ['r100'], failed: [], edited: [], missing: [] });
    }
    expect(assertWholeRevisions(await versionState(url), ids)).toBe(100);
  });

  it('a run that waits for another process times out naming it (pid, application name, since when) and the remedy', async () => {
    const { project, url } = await fixtures.create(chainOf(3).map(pausable));
    const args = ['up', '--project-root', project.projectDir, '--url', url];
    const point = pausePoint('r02');
    const holder = startMig(args, point.env);
    const observer = new Client({ connectionString: url });
    await observer.connect();
    try {
      await point.reached();
      const started = Date.now();
      const waiting = await runMig([...args, '--lock-timeout', '300']);
      expect(waiting.code).toBe(1);
      const [message, fix] = waiting.stderr.split('\n');
      expect(message).toMatch(/^error MIG_LOCK_TIMEOUT: Timed out after 300 ms waiting for the migration lock held by pid \d+ /);
      expect(message).toContain(`(mig up pid=${holder.child.pid} host=`);
      expect(message).toMatch(/connected since \d{4}-\d\d-\d\dT/);
      expect(fix).toMatch(/^ {2}fix: Wait for the other run to finish, or raise --lock-timeout\..*pg_terminate_backend/);
      expect(waiting.stderr).not.toMatch(STACK_LINE);
      expect(Date.now() - started).toBeLessThan(10_000);

      // Killed while holding the lock: the server frees it with the session; the next run completes.
      holder.child.kill('SIGKILL');
      await holder.exit;
      await waitForSessionsOf(observer, holder.child.pid!);
      expect(await migrationLockHolders(observer)).toEqual([]);
      const next = await runMig([...args, '--lock-timeout', '300']);
      expect(next.code, next.stderr).toBe(0);
      expect(assertWholeRevisions(await versionState(url), ['r01', 'r02', 'r03'])).toBe(3);
    } finally {
      point.remove();
      await observer.end();
    }
  });

  it('names the holder on its own database, not a session holding the same lock on another database of the server', async () => {
    const mine = await fixtures.create(chainOf(1));
    const other = await fixtures.create(chainOf(1));
    const holders = [new Client({ connectionString: other.url, application_name: 'other database' }), new Client({ connectionString: mine.url, application_name: 'this database' })];
    try {
      for (const holder of holders) {
        await holder.connect();
        await holder.query('SELECT pg_advisory_lock($1, $2)', advisoryKey('mig_version'));
      }
      const blocked = upgrade(mine.project.context, { url: mine.url, lockTimeoutMs: 200 });
      await expect(blocked).rejects.toMatchObject({ code: 'MIG_LOCK_TIMEOUT', message: expect.stringContaining('(this database') });
    } finally {
      for (const holder of holders) await holder.end();
    }
  });
});
