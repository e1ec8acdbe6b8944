/**
 * kill -9 of the runner during a 100-revision upgrade, at 20 moments: random delays after the
 * process connected (seeded: MIG_CRASH_SEED=<n> replays a run), inside a revision before and after
 * its DDL (pause hook), and while the heads or the history row of a revision are being written
 * (a trigger stalls that INSERT). After every kill: whole revisions only, nothing left to unlock,
 * and the next run goes on from there. PGlite: a few kills, the data directory still opens and
 * the stale lock file is taken over.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { upgrade } from '../commands/migrate';
import { chainOf } from '../testing/fixture-project';
import { fixtureScope, versionState } from '../testing/fixture-database';
import { assertWholeRevisions, migrationLockHolders, sessionPattern, waitForSessionsOf } from './consistency';
import { killMigAt, pausable, pausePoint } from './pause-hook';
import { runMig, sleep, startMig, type StartedMig, waitUntil } from './run-mig';

const KILLS = 20;
/** A random kill's run pauses this many revisions ahead at most: 12 × 5 + 8 × 3 stays below 100. */
const BACKSTOP = 5;

/** mulberry32: a small seeded PRNG, so a failing sequence of kill moments can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type KillKind = 'random' | 'inside-before-ddl' | 'inside-after-ddl' | 'writing-heads' | 'writing-history';

/** 12 random moments, 6 pauses inside a revision, 2 stalled version-table writes, in a seeded order. */
function killPlan(random: () => number): KillKind[] {
  const kinds: KillKind[] = [
    ...Array<KillKind>(12).fill('random'),
    ...Array<KillKind>(3).fill('inside-before-ddl'),
    ...Array<KillKind>(3).fill('inside-after-ddl'),
    'writing-heads',
    'writing-history',
  ];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  return kinds;
}

/** `waiting`, unless the process ends first: then its output says why. */
function beforeExit<T>(waiting: Promise<T>, run: StartedMig): Promise<T> {
  const exited = run.exit.then((r) => Promise.reject(new Error(`the run ended first (exit ${r.code}):\n${r.stdout}\n${r.stderr}`)));
  exited.catch(() => undefined);
  return Promise.race([waiting, exited]);
}

/** An advisory lock of the test's own, which the stall trigger waits for. */
const STALL_KEY = 424242;

/**
 * Makes the write of `revision`'s row into a version table (an INSERT, or the UPDATE of the head
 * row) wait for the observer's STALL_KEY lock, so the test can kill the runner during that
 * statement; `release` lets the orphaned statement end.
 */
async function stallWrite(observer: Client, table: 'mig_version' | 'mig_history', revision: string) {
  const column = table === 'mig_version' ? 'version_num' : 'revision';
  await observer.query('SELECT pg_advisory_lock($1)', [STALL_KEY]);
  await observer.query(`CREATE OR REPLACE FUNCTION mig_test_stall() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.${column} = '${revision}' THEN PERFORM pg_advisory_xact_lock(${STALL_KEY}); END IF; RETURN NEW; END $$`);
  await observer.query(`CREATE TRIGGER mig_test_stall BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION mig_test_stall()`);
  return {
    release: () => observer.query('SELECT pg_advisory_unlock($1)', [STALL_KEY]),
    remove: async () => {
      await observer.query(`DROP TRIGGER mig_test_stall ON ${table}`);
      await observer.query('DROP FUNCTION mig_test_stall()');
    },
  };
}

// The two tests run at once: both mostly wait for the processes they start.
describe.concurrent('kill -9 during an upgrade', () => {
  const fixtures = fixtureScope('postgres', 'crash');
  const pglite = fixtureScope('pglite', 'crash');
  afterAll(async () => {
    await fixtures.cleanup();
    await pglite.cleanup();
  });

  it(`leaves whole revisions after each of ${KILLS} kills on postgres, nothing to unlock, and the next run reaches head`, async () => {
    const seed = Number(process.env.MIG_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = seededRandom(seed);
    const revisions = chainOf(100).map(pausable);
    const ids = revisions.map((r) => r.id);
    const { project, url } = await fixtures.create(revisions);
    const args = ['up', '--project-root', project.projectDir, '--url', url];
    // The version tables exist from here on, so the stalled-write kills have a table to stall.
    await upgrade(project.context, { url, to: 'r01' });
    const observer = new Client({ connectionString: url });
    await observer.connect();
    const log: string[] = [];
    let applied = 1;
    const nextOf = (id: string) => ids[ids.indexOf(id) + 1];
    const sessionOf = async (pid: number, extra = '') =>
      (await observer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name ~ $1 ${extra}`, [sessionPattern(pid)])).rows[0].n > 0;

    /**
     * Starts `mig up`, kills it at the moment `kind` describes; returns what it did and the
     * revisions it may have stopped before. PostgreSQL gets each revision as one script
     * (runner/batched-steps.ts), and a script the server has received runs to its commit even
     * when the client is gone: a run killed while its version write stalls may have applied it.
     */
    async function killOnce(kind: KillKind): Promise<{ what: string; stopsBefore?: readonly string[]; pid: number }> {
      const next = ids[Math.min(applied + Math.floor(random() * 3), ids.length - 1)];
      if (kind === 'inside-before-ddl' || kind === 'inside-after-ddl') {
        const point = pausePoint(kind === 'inside-before-ddl' ? `${next}:before` : next);
        const run = startMig(args, point.env);
        try {
          await beforeExit(point.reached(), run);
          run.child.kill('SIGKILL');
          await run.exit;
        } finally {
          point.remove();
        }
        return { what: `${kind} of ${next}`, stopsBefore: [next], pid: run.child.pid! };
      }
      if (kind === 'writing-heads' || kind === 'writing-history') {
        const stall = await stallWrite(observer, kind === 'writing-heads' ? 'mig_version' : 'mig_history', next);
        const run = startMig(args);
        try {
          await beforeExit(waitUntil(() => sessionOf(run.child.pid!, `AND wait_event = 'advisory'`), 30_000, `${kind} of ${next}`), run);
          run.child.kill('SIGKILL');
          await run.exit;
        } finally {
          await stall.release();
        }
        await waitForSessionsOf(observer, run.child.pid!);
        await stall.remove();
        return { what: `${kind} of ${next}`, stopsBefore: [next, nextOf(next)], pid: run.child.pid! };
      }
      // A backstop pause a few revisions ahead bounds how far one run gets on a fast machine, so all
      // 20 kills land before the chain is done; a kill that finds the run waiting there is inside a revision.
      const delayMs = Math.floor(random() * 400);
      const backstop = pausePoint(`${ids[Math.min(applied + BACKSTOP, ids.length - 1)]}:before`);
      const run = startMig(args, backstop.env);
      try {
        await beforeExit(waitUntil(() => sessionOf(run.child.pid!), 30_000, 'the run to connect'), run);
        await sleep(delayMs);
        run.child.kill('SIGKILL');
        const exit = await run.exit;
        const where = backstop.isReached() ? ' (waiting at the backstop)' : exit.signal ? '' : ` (finished first, exit ${exit.code})`;
        return { what: `random: ${delayMs} ms after connecting${where}`, pid: run.child.pid! };
      } finally {
        backstop.remove();
      }
    }

    try {
      for (const [n, kind] of killPlan(random).entries()) {
        const before = applied;
        const kill = await killOnce(kind);
        await waitForSessionsOf(observer, kill.pid);
        expect(await migrationLockHolders(observer), 'the lock died with the session').toEqual([]);
        applied = assertWholeRevisions(await versionState(url), ids);
        log.push(`#${n + 1} ${kill.what}: ${ids[before - 1] ?? 'base'} → ${ids[applied - 1] ?? 'base'}`);
        if (kill.stopsBefore) expect(kill.stopsBefore, `the run stopped before one of ${kill.stopsBefore.join(', ')}`).toContain(ids[applied]);
        expect(applied, 'a run never goes back').toBeGreaterThanOrEqual(before);
      }
      expect(applied, 'the kills happened before the chain was done').toBeLessThan(ids.length);
      const rerun = await runMig(args);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(assertWholeRevisions(await versionState(url), ids)).toBe(100);
    } catch (error) {
      const replay = `crash loop seed ${seed} (replay with MIG_CRASH_SEED=${seed}); kills so far:\n  ${log.join('\n  ')}`;
      throw Object.assign(error as Error, { message: `${(error as Error).message}\n${replay}` });
    } finally {
      await observer.end();
    }
  }, 180_000);

  it('opens the pglite data directory after each kill, consistent, and takes over the stale lock file', async () => {
    const revisions = chainOf(12).map(pausable);
    const ids = revisions.map((r) => r.id);
    const { project, url } = await pglite.create(revisions);
    const lockFile = `${url.slice('pglite:'.length)}.lock`;
    const args = ['up', '--project-root', project.projectDir, '--url', url];
    const points = ['r03', 'r06:before', 'r09'];
    let applied = 0;
    for (const at of points) {
      const { pid } = await killMigAt(at, args);
      // The killed process's lock file stays behind: the next opener sees its pid is dead.
      expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid });
      const state = await versionState(url);
      expect(existsSync(lockFile), 'taken over and released').toBe(false);
      const now = assertWholeRevisions(state, ids);
      // PGlite may lose the last commit under SIGKILL, never part of one.
      expect(now).toBeGreaterThanOrEqual(applied);
      expect(now).toBeLessThanOrEqual(ids.indexOf(at.replace(':before', '')));
      applied = now;
    }
    const rerun = await runMig(args);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(assertWholeRevisions(await versionState(url), ids)).toBe(12);
  }, 120_000);
});
