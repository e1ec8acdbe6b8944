/**
 * What a run writes to the version tables, and with which statements, straight through runSteps on
 * each dialect's own session: heads and history after several steps, merges, a head row that moved
 * under the run, and PostgreSQL's relaxed commits (every revision's but the run's last).
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../dialects/dialect';
import type { Session } from '../dialects/session';
import { runSteps, type RunnableStep } from './run-steps';
import { openRunnerSession, type RunnerSession, tableStep } from './test-steps';
import { ensureVersionTables, readHeads, readHistory, type VersionTables } from './version-store';

const RELAX = 'synchronous_commit';

const step = tableStep;

/** r1 ← r2 ← … ← r<count>, as upgrade steps. */
const chain = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, i) => step(`${prefix}${i + 1}`, 'up', i === 0 ? [] : [`${prefix}${i}`]));

const down = (steps: readonly RunnableStep[]) => [...steps].reverse().map((s) => ({ ...s, direction: 'down' as const }));

/** What revision/ computes for a graph without dependsOn. */
function headsAfter(heads: readonly string[], s: RunnableStep): string[] {
  const parents = s.header.downRevisions;
  return s.direction === 'up' ? [...heads.filter((h) => !parents.includes(h)), s.revision] : [...heads.filter((h) => h !== s.revision), ...parents];
}

describe.each(['postgres', 'pglite', 'mysql'] as const)('version rows written by a run on %s', (name) => {
  let opened: RunnerSession;
  let dialect: Dialect;
  let session: Session;
  /** Every statement sent, transactions included. */
  const sent: string[] = [];
  let tablesUsed = 0;

  beforeAll(async () => {
    opened = await openRunnerSession(name, 'vwrites');
    ({ dialect, session } = opened);
    opened.root.on('query', (query: { sql: string }) => sent.push(query.sql.replace(/\s+/g, ' ').trim()));
  }, 60_000);

  afterAll(async () => opened?.close());

  /** Fresh version tables per test, so the tests share one database. */
  async function freshTables(): Promise<VersionTables> {
    tablesUsed += 1;
    const tables = { version: `v_${tablesUsed}`, history: `h_${tablesUsed}` };
    await ensureVersionTables(session.knex, tables);
    return tables;
  }

  const run = (tables: VersionTables, steps: readonly RunnableStep[], heads: readonly string[] = []) =>
    runSteps({
      session,
      tables,
      steps,
      heads,
      headsAfter,
      singleTransaction: false,
      transactionalDdl: dialect.transactionalDdl,
      versionWrites: dialect.versionWrites,
      appliedBy: 'mig test',
      onEvent: () => {},
      scrub: (text) => text,
    });

  const history = async (tables: VersionTables) =>
    (await readHistory(session.knex, tables)).map((r) => `${r.revision} ${r.direction} ${r.status} ${r.file} ${r.checksum}`);

  it('writes the heads and one history row per step, up to the last revision and back down to base', async () => {
    const tables = await freshTables();
    const steps = chain(4, 'a');
    expect(await run(tables, steps)).toEqual(['a4']);
    expect(await readHeads(session.knex, tables)).toEqual(['a4']);
    const up = ['a1', 'a2', 'a3', 'a4'].map((r) => `${r} up applied versions/${r}.ts sum-${r}`);
    expect(await history(tables)).toEqual(up);

    expect(await run(tables, down(steps), ['a4'])).toEqual([]);
    expect(await readHeads(session.knex, tables)).toEqual([]);
    expect(await history(tables)).toEqual([...up, ...['a4', 'a3', 'a2', 'a1'].map((r) => `${r} down applied versions/${r}.ts sum-${r}`)]);
  });

  it('replaces both heads of a merge with one, and its downgrade restores both', async () => {
    const tables = await freshTables();
    const merge = step('m1', 'up', ['b1', 'c1']);
    expect(await run(tables, [step('b1', 'up', []), step('c1', 'up', []), merge])).toEqual(['m1']);
    expect(await readHeads(session.knex, tables)).toEqual(['m1']);
    expect(await run(tables, [{ ...merge, direction: 'down' }], ['m1'])).toEqual(['b1', 'c1']);
    expect(await readHeads(session.knex, tables)).toEqual(['b1', 'c1']);
    expect((await history(tables)).map((r) => r.split(' ').slice(0, 3).join(' '))).toEqual(['b1 up applied', 'c1 up applied', 'm1 up applied', 'm1 down applied']);
  });

  it('fails a step whose head row something else removed instead of recording it', async () => {
    const tables = await freshTables();
    await run(tables, [step('d1', 'up', [])]);
    const tamper = step('d2', 'up', ['d1'], {
      upgrade: async (knex) => {
        await knex.schema.createTable('t_d2', (t) => t.increments('id'));
        await knex(tables.version).delete();
      },
    });
    await expect(run(tables, [tamper], ['d1'])).rejects.toMatchObject({ code: 'MIG_BAD_VERSION_TABLE', message: expect.stringContaining('d1') });
    const rows = await history(tables);
    if (dialect.transactionalDdl) {
      // The whole step rolled back, the tampering with it.
      expect(await readHeads(session.knex, tables)).toEqual(['d1']);
      expect(await session.knex.schema.hasTable('t_d2')).toBe(false);
      expect(rows).toEqual(['d1 up applied versions/d1.ts sum-d1']);
    } else {
      // DDL committed on its own: the `running` row stays, so the next run stops at it.
      expect(rows.at(-1)).toBe('d2 up running versions/d2.ts sum-d2');
    }
  });

  it(`records a linear step in ${name === 'mysql' ? 'two statements' : 'one statement'} besides the revision's own`, async () => {
    const tables = await freshTables();
    const steps = chain(3, 'e');
    await run(tables, steps.slice(0, 1));
    const from = sent.length;
    await run(tables, steps.slice(1), ['e1']);
    const statements = sent.slice(from);
    if (name === 'postgres') {
      // One message per step: the revision's statement, then the record (batched-steps.ts).
      const scripts = statements.map((sql) => sql.split(' ; ').map((part) => part.replace(/^-- mig upgrade e\d /, '').split(' ').slice(0, 2).join(' ')));
      expect(scripts).toEqual([
        ['create table', 'WITH mig_step_heads'],
        ['create table', 'WITH mig_step_heads'],
      ]);
      return;
    }
    const ours = statements.filter((sql) => !/create table/i.test(sql)).map((sql) => sql.replace(/[`"]/g, '').replace(/_\d+\b/g, '_N').split(' ').slice(0, 2).join(' '));
    // MySQL: announce `running` (autocommit DDL follows), then the head and the outcome together.
    const perStep = name === 'mysql' ? ['insert into', 'BEGIN;', 'update v_N', 'update h_N', 'COMMIT;'] : ['BEGIN;', 'with mig_step_heads', 'COMMIT;'];
    expect(ours).toEqual([...perStep, ...perStep]);
  });

  it(name === 'postgres' ? "relaxes each revision's commit but the run's last, for that transaction only" : 'never relaxes a commit', async () => {
    const tables = await freshTables();
    const seen: string[] = [];
    const readSetting = async (knex: Knex) => {
      if (name === 'mysql') return;
      seen.push((await knex.raw(`SELECT current_setting('${RELAX}') AS value`)).rows[0].value);
    };
    const steps = chain(4, 'f').map((s) => ({ ...s, module: { ...s.module, upgrade: async (knex: Knex) => (await s.module.upgrade(knex), readSetting(knex)) } }));
    const from = sent.length;
    await run(tables, steps);
    const records = sent.slice(from).filter((sql) => /h_\d+/.test(sql) && !/^(BEGIN|COMMIT)/.test(sql));
    const relaxed = records.map((sql) => sql.includes(RELAX));
    // MySQL writes twice per step outside the revision's transaction (announce, then outcome).
    expect(relaxed).toEqual(name === 'postgres' ? [true, true, true, false] : Array(name === 'mysql' ? 8 : 4).fill(false));
    if (name !== 'mysql') {
      // Each revision ran after the relaxed commits before it: none of them carried over.
      expect(seen).toEqual(['on', 'on', 'on', 'on']);
      expect((await session.knex.raw(`SHOW ${RELAX}`)).rows[0][RELAX]).toBe('on');
    }
  });

  // Only PostgreSQL relaxes commits, so only there is a flush owed.
  if (name === 'postgres')
  it('after relaxed commits, a failing revision is followed by a durable write before the run reports it', async () => {
    const tables = await freshTables();
    const failing = step('g3', 'up', ['g2'], { upgrade: () => Promise.reject(new Error('g3 fails on purpose')) });
    const from = sent.length;
    await expect(run(tables, [...chain(2, 'g'), failing])).rejects.toMatchObject({ code: 'MIG_REVISION_FAILED' });
    const tail = sent.slice(from).slice(-4);
    expect(tail).toEqual(['ROLLBACK', 'BEGIN;', expect.stringMatching(/^update "h_\d+" set "status" = "status" where "id" = \(select max\("id"\)/), 'COMMIT;']);
    expect(await readHeads(session.knex, tables)).toEqual(['g2']);
    expect((await history(tables)).map((r) => r.split(' ')[0])).toEqual(['g1', 'g2']);
  });
});
