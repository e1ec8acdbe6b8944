/**
 * What must hold after any crash, read from the database itself: the revisions whose tables
 * exist, the revisions `mig_version` says are applied (the chain up to the head) and the
 * revisions `mig_history` records as applied are the same set, each recorded once; and no
 * session of a dead process holds the migration lock.
 */
import type { Client } from 'pg';
import { expect } from 'vitest';
import { advisoryKey } from '../dialects/postgres/pg-lock';
import { tableOf } from '../testing/fixture-project';
import type { VersionState } from '../testing/fixture-database';
import { waitUntil } from './run-mig';

/** For a linear chain `ids`: asserts the state is whole, and returns how many revisions are applied. */
export function assertWholeRevisions(state: VersionState, ids: readonly string[]): number {
  expect(state.heads.length, `heads ${state.heads.join(', ')}`).toBeLessThanOrEqual(1);
  const head = state.heads[0];
  if (head !== undefined) expect(ids, 'the head is a revision of the chain').toContain(head);
  const applied = head === undefined ? 0 : ids.indexOf(head) + 1;
  const expected = ids.slice(0, applied);
  const recorded = state.history.filter((r) => r.direction === 'up' && r.status === 'applied').map((r) => r.revision);
  expect(recorded, 'history records each applied revision once, in order').toEqual(expected);
  expect(state.history.filter((r) => r.status !== 'applied' || r.direction !== 'up'), 'no failed, running or other rows').toEqual([]);
  const sorted = (list: readonly string[]) => [...list].sort();
  expect(sorted(state.tables), 'tables exist exactly for the applied revisions').toEqual(sorted(expected.map(tableOf)));
  return applied;
}

/** Matches the application_name of a mig process (`mig up pid=<pid> host=<host>`). */
export const sessionPattern = (pid: number) => `^mig \\S+ pid=${pid}( |$)`;

/** Waits until the server has ended every session of process `pid` (named in its application_name). */
export async function waitForSessionsOf(observer: Client, pid: number, timeoutMs = 10_000): Promise<void> {
  const alive = async () =>
    (await observer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name ~ $1`, [sessionPattern(pid)])).rows[0].n > 0;
  await waitUntil(async () => !(await alive()), timeoutMs, `sessions of killed process ${pid} to end`);
}

/** Who holds the migration lock of the observer's database: nobody, after a kill. */
export async function migrationLockHolders(observer: Client, lockName = 'mig_version'): Promise<number[]> {
  const [hi, lo] = advisoryKey(lockName);
  const result = await observer.query(
    `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
      WHERE l.locktype = 'advisory' AND d.datname = current_database() AND l.classid::int = $1 AND l.objid::int = $2`,
    [hi, lo],
  );
  return result.rows.map((r: { pid: number }) => r.pid);
}
