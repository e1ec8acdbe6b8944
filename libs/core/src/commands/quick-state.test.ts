import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../config/load-project';
import { advisoryKey } from '../dialects/postgres/pg-lock';
import { readHeads, readHistory } from '../runner/version-store';
import { fixtureScope, withKnex } from '../testing/fixture-database';
import { chainOf, tableRevision, type FixtureProject } from '../testing/fixture-project';
import type { CommandContext } from './context';
import { status } from './inspect';
import { downgrade, upgrade } from './migrate';
import { connectionFor } from './open-database';
import { readQuickState } from './quick-state';
import { stamp } from './stamp';

/** The same project with the quick read turned off: the knex path every result is compared with. */
const knexPath = (project: FixtureProject): CommandContext => ({ ...project.context, env: { MIG_NO_QUICK_READ: '1' } });

async function quickState(project: FixtureProject, url: string) {
  const loaded = await loadProject(project.context);
  return readQuickState(loaded, project.context, { url, command: 'status', connection: connectionFor(loaded, project.context, { url }) });
}

/** The rejection of `run` as the code and message a user sees. */
const failure = (run: Promise<unknown>) =>
  run.then(
    () => undefined,
    (error: { code?: string; message?: string }) => ({ code: error.code, message: error.message }),
  );

describe('the quick read of heads and history on postgres', () => {
  const fixtures = fixtureScope('postgres', 'quick');
  afterAll(() => fixtures.cleanup());

  it('reads the heads and every history row exactly as the knex readers do', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    await upgrade(project.context, { url });
    await downgrade(project.context, { url, to: 'r01' });
    await stamp(project.context, { url, to: 'r02' });
    // Sub-millisecond digits, a time before 1970 and another offset: each Date as pg's parser made it.
    await withKnex(url, (knex) =>
      knex.raw(`INSERT INTO mig_history (revision, direction, status, checksum, file, started_at, duration_ms, applied_by) VALUES
        ('r01', 'stamp', 'applied', NULL, NULL, '2026-02-03 04:05:06.789999+00', 0, NULL),
        ('r01', 'stamp', 'applied', NULL, NULL, '1969-12-31 23:59:59.9995+00', 0, NULL),
        ('r02', 'stamp', 'applied', NULL, NULL, '2026-05-06 07:08:09.0005+05:30', 0, 'someone')`),
    );
    const quick = await quickState(project, url);
    const loaded = await loadProject(project.context);
    const [heads, history] = await withKnex(url, async (knex) => [await readHeads(knex, loaded.tables), await readHistory(knex, loaded.tables)] as const);
    expect(quick?.heads).toEqual(['r02']);
    expect(quick?.heads).toEqual(heads);
    expect(quick?.history).toEqual(history);
    expect(history.map((row) => `${row.direction} ${row.revision}`)).toEqual(['up r01', 'up r02', 'up r03', 'down r03', 'down r02', 'stamp r02', 'stamp r01', 'stamp r01', 'stamp r02']);
    expect(history.slice(-3).map((row) => row.startedAt.toISOString())).toEqual(['2026-02-03T04:05:06.789Z', '1969-12-31T23:59:59.999Z', '2026-05-06T01:38:09.000Z']);
  });

  it('answers nothing for a database without the tables or with a table that is not mig’s', async () => {
    const { project, url } = await fixtures.create(chainOf(1));
    expect(await quickState(project, url)).toBeUndefined();
    await withKnex(url, async (knex) => {
      await knex.schema.createTable('mig_version', (t) => t.string('something_else'));
      await knex.schema.createTable('mig_history', (t) => t.increments('id'));
    });
    expect(await quickState(project, url)).toBeUndefined();
    const quick = await failure(status(project.context, { url }));
    expect(quick).toMatchObject({ code: 'MIG_BAD_VERSION_TABLE' });
    expect(quick).toEqual(await failure(status(knexPath(project), { url })));
  });

  it('gives the same status as the knex path: pending, edited and failed revisions', async () => {
    const { project, url } = await fixtures.create(chainOf(4));
    await upgrade(project.context, { url, to: 'r03' });
    project.edit('r01', (source) => `${source}\n// edited after it ran\n`);
    await withKnex(url, (knex) =>
      knex('mig_history').insert({ revision: 'r04', direction: 'up', status: 'failed', checksum: null, file: project.displayPathOf('r04'), started_at: new Date('2026-02-03T04:05:06.789Z'), duration_ms: 5 }),
    );
    const quick = await status(project.context, { url });
    expect(quick.pending.map((r) => r.revision)).toEqual(['r04']);
    expect(quick.edited.map((r) => r.revision)).toEqual(['r01']);
    expect(quick.failed).toEqual([{ revision: 'r04', file: project.displayPathOf('r04'), at: '2026-02-03T04:05:06.789Z', status: 'failed' }]);
    expect(quick).toEqual(await status(knexPath(project), { url }));
  });

  it('says a database at head has nothing to do without waiting for a held lock, and waits when there is work', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    await upgrade(project.context, { url });
    const holder = new Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1, $2)', advisoryKey('mig_version'));
      project.events.length = 0;
      expect(await upgrade(project.context, { url, lockTimeoutMs: 300 })).toEqual({ before: ['r02'], after: ['r02'], steps: [] });
      expect(project.events.map((e) => e.kind)).toEqual(['connected']);

      project.write(tableRevision('r03', 'r02'));
      await expect(upgrade(project.context, { url, lockTimeoutMs: 300 })).rejects.toMatchObject({ code: 'MIG_LOCK_TIMEOUT' });
      await holder.query('SELECT pg_advisory_unlock($1, $2)', advisoryKey('mig_version'));
      expect((await upgrade(project.context, { url, lockTimeoutMs: 300 })).steps.map((s) => s.revision)).toEqual(['r03']);
    } finally {
      await holder.end();
    }
  });

  it('warns about an edited applied revision on a no-op upgrade, and fails with strict, as the locked path does', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    await upgrade(project.context, { url });
    project.edit('r01', (source) => `${source}\n// edited after it ran\n`);
    project.events.length = 0;
    expect((await upgrade(project.context, { url })).steps).toEqual([]);
    const quickEvents = project.events.splice(0);
    expect((await upgrade(knexPath(project), { url })).steps).toEqual([]);
    expect(quickEvents).toEqual(project.events);
    expect(quickEvents.filter((e) => e.kind === 'warning')).toEqual([expect.objectContaining({ code: 'MIG_CHECKSUM_MISMATCH' })]);

    const strict = await failure(upgrade(project.context, { url, strict: true }));
    expect(strict).toMatchObject({ code: 'MIG_CHECKSUM_MISMATCH' });
    expect(strict).toEqual(await failure(upgrade(knexPath(project), { url, strict: true })));
  });

  it('leaves an unresolved failed step and an unknown head to the locked path and its errors', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    await upgrade(project.context, { url });
    await withKnex(url, (knex) =>
      knex('mig_history').insert({ revision: 'r02', direction: 'up', status: 'running', checksum: null, file: null, started_at: new Date(), duration_ms: 0 }),
    );
    const running = await failure(upgrade(project.context, { url }));
    expect(running).toMatchObject({ code: 'MIG_FAILED_REVISION' });
    expect(running).toEqual(await failure(upgrade(knexPath(project), { url })));

    await withKnex(url, (knex) => knex('mig_version').update({ version_num: 'zz9' }));
    const unknown = await failure(upgrade(project.context, { url }));
    expect(unknown).toMatchObject({ code: 'MIG_UNKNOWN_DB_REVISION' });
    expect(unknown).toEqual(await failure(upgrade(knexPath(project), { url })));
    expect(await failure(status(project.context, { url }))).toEqual(await failure(status(knexPath(project), { url })));
  });

  it('reports a missing database and an unreachable server as the knex path does', async () => {
    const { project, url } = await fixtures.create(chainOf(1));
    const missing = url.replace(/\/[^/]+$/, '/mig_quick_no_such_database');
    const unreachable = url.replace(/:5432\//, ':1/');
    for (const target of [missing, unreachable]) {
      for (const run of [(c: CommandContext) => status(c, { url: target }), (c: CommandContext) => upgrade(c, { url: target })]) {
        const quick = await failure(run(project.context));
        expect(quick?.code).toMatch(/^MIG_DB_(MISSING|UNREACHABLE)$/);
        expect(quick).toEqual(await failure(run(knexPath(project))));
      }
    }
  });
});

describe('status and a no-op upgrade on PGlite', () => {
  const fixtures = fixtureScope('pglite', 'quick');
  afterAll(() => fixtures.cleanup());

  it('take the usual path, with the same results', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    expect(await quickState(project, url)).toBeUndefined();
    await upgrade(project.context, { url });
    expect(await upgrade(project.context, { url })).toEqual({ before: ['r02'], after: ['r02'], steps: [] });
    expect(await status(project.context, { url })).toMatchObject({ current: ['r02'], upToDate: true, pending: [] });
  });
});
