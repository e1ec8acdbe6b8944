/**
 * The one-round-trip path on real PostgreSQL (batched-steps.ts): what goes as a script and what
 * runs the ordinary way, that both build the same database, that a script failing on the server
 * leaves nothing and reports today's error, and that a kill between scripts leaves whole revisions.
 * The ordinary path is the same run on a session without `sendScript`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTarget } from '../commands/apply-target';
import { withDatabase } from '../commands/open-database';
import { loadRevisionGraph } from '../commands/revision-graph';
import { loadProject } from '../config/load-project';
import type { Dialect } from '../dialects/dialect';
import type { Session } from '../dialects/session';
import { RevisionRunError } from '../errors';
import { assertWholeRevisions, migrationLockHolders, waitForSessionsOf } from '../reliability/consistency';
import { killMigAt, pausable } from '../reliability/pause-hook';
import { runMig } from '../reliability/run-mig';
import { chainOf, type FixtureProject, type FixtureRevision, tableRevision } from '../testing/fixture-project';
import { type Fixture, fixtureScope, readCatalog, versionState, withKnex } from '../testing/fixture-database';
import { runSteps, type RunnableStep } from './run-steps';
import { openRunnerSession, type RunnerSession, tableStep } from './test-steps';
import { ensureVersionTables, readHeads } from './version-store';

interface Outcome {
  /** The revision each script was sent for, in order. */
  readonly scripts: string[];
  readonly error?: unknown;
}

/** applyTarget as migrate-up/-down run it; `scripts: false` takes sendScript away (the ordinary path). */
async function apply(project: FixtureProject, url: string, direction: 'up' | 'down', target: string, scripts = true): Promise<Outcome> {
  const loaded = await loadProject(project.context);
  const graph = await loadRevisionGraph(loaded, { checksums: true });
  const sent: string[] = [];
  try {
    await withDatabase(loaded, project.context, { url, command: direction, lock: true }, (db) => {
      const send = db.session.sendScript!;
      const sendScript = scripts ? (sql: string) => (sent.push(/^-- mig \w+ (\S+)/.exec(sql)![1]), send(sql)) : undefined;
      return applyTarget({ ...db, session: { ...db.session, sendScript } }, loaded, graph, direction, target, { strict: false, singleTransaction: false, onEvent: project.context.onEvent! });
    });
    return { scripts: sent };
  } catch (error) {
    return { scripts: sent, error };
  }
}

const stepsDone = (project: FixtureProject) => project.events.flatMap((e) => (e.kind === 'step-done' ? [`${e.direction} ${e.revision}`] : []));
const rows = (state: Awaited<ReturnType<typeof versionState>>) => state.history.map((r) => `${r.revision} ${r.direction} ${r.status} ${r.file} ${r.checksum}`);

/** A revision whose upgrade is `body` and whose downgrade drops `tables`. */
const custom = (id: string, down: string, body: string, tables: readonly string[]): FixtureRevision => ({
  id,
  down,
  message: `custom ${id}`,
  upgrade: body,
  downgrade: tables.map((t) => `await knex.schema.dropTableIfExists('${t}');`).join('\n'),
});

describe('one script per revision on postgres', () => {
  const fixtures = fixtureScope('postgres', 'batched');
  const scratch = mkdtempSync(join(tmpdir(), 'mig-batched-'));
  afterAll(async () => {
    await fixtures.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The same revisions twice: one fixture run with scripts, one the ordinary way. */
  const pair = async (revisions: readonly FixtureRevision[]): Promise<[Fixture, Fixture]> => [await fixtures.create(revisions), await fixtures.create(revisions)];

  it('sends each revision that only writes as one script, up and down, and builds what the ordinary run builds', async () => {
    const [batched, reference] = await pair(chainOf(4));
    expect(await apply(batched.project, batched.url, 'up', 'heads')).toEqual({ scripts: ['r01', 'r02', 'r03', 'r04'] });
    expect(await apply(reference.project, reference.url, 'up', 'heads', false)).toEqual({ scripts: [] });
    expect(await withKnex(batched.url, readCatalog)).toEqual(await withKnex(reference.url, readCatalog));
    const [state, expected] = [await versionState(batched.url), await versionState(reference.url)];
    expect(state.heads).toEqual(expected.heads);
    const file = (project: FixtureProject) => (row: string) => row.replace(project.workspaceRoot, '<workspace>');
    expect(rows(state).map(file(batched.project))).toEqual(rows(expected).map(file(reference.project)));
    expect(stepsDone(batched.project)).toEqual(stepsDone(reference.project));

    const down = await apply(batched.project, batched.url, 'down', 'base');
    expect(down).toEqual({ scripts: ['r04', 'r03', 'r02', 'r01'] });
    const after = await versionState(batched.url);
    expect(after.tables).toEqual([]);
    expect(after.heads).toEqual([]);
    expect(after.history.map((r) => `${r.revision} ${r.direction} ${r.status}`).slice(4)).toEqual(['r04 down applied', 'r03 down applied', 'r02 down applied', 'r01 down applied']);
  });

  it('runs a revision the ordinary way when it reads, even one that catches the error, or uses an UPDATE count', async () => {
    const revisions = [
      tableRevision('r01', null),
      custom('r02', 'r01', `if (await knex.schema.hasTable('t_r01')) await knex.schema.createTable('t_r02', (t) => t.increments('id'));`, ['t_r02']),
      custom('r03', 'r02', `const seen = await knex.schema.hasTable('t_r02').catch(() => false);\nawait knex.schema.createTable(seen ? 't_r03_seen' : 't_r03_blind', (t) => t.increments('id'));`, ['t_r03_seen', 't_r03_blind']),
      custom('r04', 'r03', `await knex('t_r01').insert({ name: 'a' });\nconst n = await knex('t_r01').update({ name: 'b' });\nawait knex.schema.createTable(n === 1 ? 't_r04_one' : 't_r04_other', (t) => t.increments('id'));`, ['t_r04_one', 't_r04_other']),
      tableRevision('r05', 'r04'),
    ];
    const { project, url } = await fixtures.create(revisions);
    expect(await apply(project, url, 'up', 'heads')).toEqual({ scripts: ['r01', 'r05'] });
    const state = await versionState(url);
    expect(state.tables).toEqual(['t_r01', 't_r02', 't_r03_seen', 't_r04_one', 't_r05']);
    expect(state.heads).toEqual(['r05']);
    expect(state.history.map((r) => `${r.revision} ${r.status}`)).toEqual(['r01 applied', 'r02 applied', 'r03 applied', 'r04 applied', 'r05 applied']);
  });

  it('leaves nothing of a revision whose script fails on the server, runs it again the ordinary way and reports the same error', async () => {
    const runs = join(scratch, 'runs');
    const failing = custom(
      'r03',
      'r02',
      [
        `require('node:fs').appendFileSync(${JSON.stringify(runs)}, 'r03\\n');`,
        `await knex.schema.createTable('t_r03', (t) => t.increments('id'));`,
        `await knex.raw('ALTER TABLE no_such_table_r03 ADD COLUMN x integer');`,
      ].join('\n'),
      ['t_r03'],
    );
    const [batched, ordinary] = await pair([...chainOf(2), failing, tableRevision('r04', 'r03')]);
    const scripted = await apply(batched.project, batched.url, 'up', 'heads');
    // r03 went as a script, failed there, and ran again: its JavaScript ran twice.
    expect(scripted.scripts).toEqual(['r01', 'r02', 'r03']);
    expect(readFileSync(runs, 'utf8')).toBe('r03\nr03\n');
    rmSync(runs);
    const plain = await apply(ordinary.project, ordinary.url, 'up', 'heads', false);
    expect(readFileSync(runs, 'utf8')).toBe('r03\n');

    expect(scripted.error).toBeInstanceOf(RevisionRunError);
    const error = scripted.error as RevisionRunError;
    const reference = plain.error as RevisionRunError;
    expect(error.message).toContain('no_such_table_r03');
    expect(error.hint).toMatch(/rolled back/);
    const seen = (e: RevisionRunError) => ({ code: e.code, message: e.message.replace(ordinary.project.displayPathOf('r03'), '<file>').replace(batched.project.displayPathOf('r03'), '<file>'), hint: e.hint, line: e.line, revision: e.revision });
    expect(seen(error)).toEqual(seen(reference));

    const state = await versionState(batched.url);
    expect(state.heads).toEqual(['r02']);
    expect(state.tables).toEqual(['t_r01', 't_r02']);
    expect(state.history.map((r) => `${r.revision} ${r.status}`)).toEqual(['r01 applied', 'r02 applied']);
  });

  describe('straight through runSteps', () => {
    let opened: RunnerSession;
    let session: Session;
    let dialect: Dialect;
    let used = 0;
    beforeAll(async () => {
      opened = await openRunnerSession('postgres', 'batchedsteps');
      ({ session, dialect } = opened);
    }, 60_000);
    afterAll(async () => opened?.close());

    const step = (revision: string, parents: readonly string[]): RunnableStep => tableStep(revision, 'up', parents);

    /** Runs `steps` from `heads` on fresh version tables holding `stored`; every script sent lands in `sent`. */
    async function run(steps: readonly RunnableStep[], heads: readonly string[], stored: readonly string[], sent: string[]) {
      used += 1;
      const tables = { version: `v_${used}`, history: `h_${used}` };
      await ensureVersionTables(session.knex, tables);
      if (stored.length > 0) await session.knex(tables.version).insert(stored.map((version_num) => ({ version_num })));
      const result = runSteps({
        session: { ...session, sendScript: (sql) => (sent.push(sql), session.sendScript!(sql)) },
        tables,
        steps,
        heads,
        headsAfter: (_heads, s) => [s.revision],
        singleTransaction: false,
        transactionalDdl: true,
        versionWrites: dialect.versionWrites,
        appliedBy: 'mig test',
        onEvent: () => {},
        scrub: (text) => text,
      });
      return { tables, result };
    }

    it("relaxes every script's commit but the run's last, for that script only", async () => {
      const sent: string[] = [];
      const { tables, result } = await run([step('a1', []), step('a2', ['a1']), step('a3', ['a2'])], [], [], sent);
      expect(await result).toEqual(['a3']);
      expect(sent.map((sql) => sql.includes("set_config('synchronous_commit', 'off', true)"))).toEqual([true, true, false]);
      expect((await session.knex.raw('SHOW synchronous_commit')).rows[0].synchronous_commit).toBe('on');
      expect(await readHeads(session.knex, tables)).toEqual(['a3']);
      const history = await session.knex(tables.history).select('revision', 'started_at', 'duration_ms').orderBy('id');
      expect(history.map((r) => r.revision)).toEqual(['a1', 'a2', 'a3']);
      // The database's clock: each script's start, in order, and how long it ran.
      const now = (await session.knex.raw('SELECT now() AS now')).rows[0].now as Date;
      const starts = history.map((r) => (r.started_at as Date).getTime());
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(starts.at(-1)).toBeLessThanOrEqual(now.getTime());
      for (const row of history) expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    });

    it('fails a script whose head row is not where the run left it, and reports it as the ordinary run does', async () => {
      const sent: string[] = [];
      // The run believes the head is h1; the table says h0.
      const { tables, result } = await run([step('h2', ['h1'])], ['h1'], ['h0'], sent);
      await expect(result).rejects.toMatchObject({ code: 'MIG_BAD_VERSION_TABLE', message: expect.stringContaining('h1') });
      expect(sent).toHaveLength(1);
      expect(await readHeads(session.knex, tables)).toEqual(['h0']);
      expect(await session.knex.schema.hasTable('t_h2')).toBe(false);
      expect(await session.knex(tables.history).count({ n: '*' })).toEqual([{ n: '0' }]);
    });
  });

  it('leaves whole revisions when killed while the next revision is recorded, and the next run goes on', async () => {
    const revisions = chainOf(10).map(pausable);
    const ids = revisions.map((r) => r.id);
    const { project, url } = await fixtures.create(revisions);
    const args = ['up', '--project-root', project.projectDir, '--url', url];
    const observer = new Client({ connectionString: url });
    await observer.connect();
    try {
      let applied = 0;
      for (const at of ['r04', 'r08:before']) {
        const { pid } = await killMigAt(at, args);
        await waitForSessionsOf(observer, pid);
        expect(await migrationLockHolders(observer)).toEqual([]);
        const now = assertWholeRevisions(await versionState(url), ids);
        // The revision before the pause may still have been on the server: it committed whole, or not at all.
        const paused = ids.indexOf(at.replace(':before', ''));
        expect([paused - 1, paused]).toContain(now);
        expect(now).toBeGreaterThanOrEqual(applied);
        applied = now;
      }
      const rerun = await runMig(args);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(assertWholeRevisions(await versionState(url), ids)).toBe(10);
    } finally {
      await observer.end();
    }
  }, 120_000);
});
