import { afterAll, describe, expect, it } from 'vitest';
import { status } from '../commands/inspect';
import { downgrade, upgrade } from '../commands/migrate';
import { stamp } from '../commands/stamp';
import { RevisionRunError, StateError } from '../errors';
import { autocommitRevision, chainOf, failingRevision, tableRevision } from '../testing/fixture-project';
import { fixtureScope, versionState } from '../testing/fixture-database';

/** r01 ← r02 ← <third> ← r04 ← r05 */
function fiveWithThird(third: ReturnType<typeof tableRevision>) {
  const [r01, r02] = chainOf(2);
  return [r01, r02, third, tableRevision('r04', 'r03'), tableRevision('r05', 'r04')];
}

async function failure(run: Promise<unknown>): Promise<RevisionRunError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RevisionRunError);
  return error as RevisionRunError;
}

describe.each(['pglite', 'postgres'] as const)('running revisions on %s', (dialect) => {
  const fixtures = fixtureScope(dialect, 'runsteps');
  afterAll(() => fixtures.cleanup());

  it.each(['error', 'sql'] as const)('keeps earlier revisions and rolls back all of a revision that fails (%s)', async (how) => {
    const { project, url } = await fixtures.create(fiveWithThird(failingRevision('r03', 'r02', how)));
    const error = await failure(upgrade(project.context, { url }));
    expect(error.code).toBe('MIG_REVISION_FAILED');
    expect(error.revision).toBe('r03');
    expect(error.file).toBe(project.displayPathOf('r03'));
    expect(error.message).toContain(project.displayPathOf('r03'));
    expect(error.message).toContain(how === 'error' ? 'r03 fails on purpose' : 'no_such_table_r03');
    expect(error.hint).toMatch(/rolled back/);

    const state = await versionState(url);
    expect(state.heads).toEqual(['r02']);
    expect(state.tables).toEqual(['t_r01', 't_r02']);
    expect(state.history.map((r) => `${r.revision} ${r.status}`)).toEqual(['r01 applied', 'r02 applied']);
    const after = await status(project.context, { url });
    expect(after.current).toEqual(['r02']);
    expect(after.pending.map((r) => r.revision)).toEqual(['r03', 'r04', 'r05']);
    expect(after.failed).toEqual([]);

    project.write(tableRevision('r03', 'r02'));
    expect((await upgrade(project.context, { url })).steps.map((s) => s.revision)).toEqual(['r03', 'r04', 'r05']);
  });

  it('loads every planned revision before running any, so one that does not compile stops the run with nothing applied', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    project.edit('r03', (source) => source.replace('export async function downgrade', 'export async function downgrade(('));
    const error = await failure(upgrade(project.context, { url }));
    expect(error).toMatchObject({ code: 'MIG_REVISION_LOAD', revision: 'r03', file: project.fileOf('r03') });
    expect(error.message).toContain('does not compile');
    const state = await versionState(url);
    expect(state.history).toEqual([]);
    expect(state.tables).toEqual([]);
  });

  it('records a transaction = false revision that fails halfway and refuses to go on until it is stamped', async () => {
    const { project, url } = await fixtures.create(fiveWithThird(autocommitRevision('r03', 'r02', true)));
    const error = await failure(upgrade(project.context, { url }));
    expect(error.message).toContain('r03 fails halfway');
    expect(error.hint).toMatch(/outside a transaction/);

    const failed = await versionState(url);
    expect(failed.heads).toEqual(['r02']);
    expect(failed.tables).toEqual(['t_r01', 't_r02', 't_r03_a']);
    expect(failed.history.at(-1)).toMatchObject({ revision: 'r03', direction: 'up', status: 'failed', file: project.displayPathOf('r03') });

    const refused = upgrade(project.context, { url });
    await expect(refused).rejects.toBeInstanceOf(StateError);
    await expect(refused).rejects.toMatchObject({ code: 'MIG_FAILED_REVISION', file: project.displayPathOf('r03') });
    await expect(refused).rejects.toMatchObject({ hint: expect.stringMatching(/completed its upgrade by hand, run migrate-stamp --to=r03;.*migrate-stamp --to=r02\.$/) });
    expect((await status(project.context, { url })).failed).toEqual([expect.objectContaining({ revision: 'r03', file: project.displayPathOf('r03') })]);
    expect((await versionState(url)).history).toHaveLength(failed.history.length);

    // The user completed r03 by hand: stamp it, then the rest runs.
    await stamp(project.context, { url, to: 'r03' });
    expect((await status(project.context, { url })).failed).toEqual([]);
    expect((await upgrade(project.context, { url })).steps.map((s) => s.revision)).toEqual(['r04', 'r05']);
    expect((await versionState(url)).heads).toEqual(['r05']);
  });

  it('records a failed transaction = false downgrade and points the stamp hint at its parent', async () => {
    const r02 = autocommitRevision('r02', 'r01', false);
    const downgradeFails = { ...r02, downgrade: `await knex.schema.dropTable('t_r02_b');\nthrow new Error('r02 downgrade fails halfway');` };
    const { project, url } = await fixtures.create([...chainOf(1), downgradeFails]);
    await upgrade(project.context, { url });
    const error = await failure(downgrade(project.context, { url, to: 'base' }));
    expect(error.hint).toContain('complete them and run migrate-stamp --to=r01.');
    const failed = await versionState(url);
    expect(failed.heads).toEqual(['r02']);
    expect(failed.tables).toEqual(['t_r01', 't_r02_a']);
    expect(failed.history.at(-1)).toMatchObject({ revision: 'r02', direction: 'down', status: 'failed' });

    const refused = downgrade(project.context, { url, to: 'base' });
    await expect(refused).rejects.toMatchObject({ code: 'MIG_FAILED_REVISION', message: expect.stringContaining('downgrade()') });
    await expect(refused).rejects.toMatchObject({ hint: expect.stringMatching(/completed its downgrade by hand, run migrate-stamp --to=r01;/) });

    await stamp(project.context, { url, to: 'r01' });
    expect((await downgrade(project.context, { url, to: 'base' })).steps.map((s) => s.revision)).toEqual(['r01']);
  });

  it('retries a failed transaction = false revision once its file was fixed', async () => {
    const { project, url } = await fixtures.create(fiveWithThird(autocommitRevision('r03', 'r02', true)));
    await failure(upgrade(project.context, { url }));
    project.write(autocommitRevision('r03', 'r02', false));
    expect((await upgrade(project.context, { url })).steps.map((s) => s.revision)).toEqual(['r03', 'r04', 'r05']);
    const state = await versionState(url);
    expect(state.tables).toEqual(['t_r01', 't_r02', 't_r03_a', 't_r03_b', 't_r04', 't_r05']);
    expect(state.history.filter((r) => r.revision === 'r03').map((r) => r.status)).toEqual(['failed', 'applied']);
  });

  it('runs a transaction = false revision in autocommit and records it like any other', async () => {
    const { project, url } = await fixtures.create(fiveWithThird(autocommitRevision('r03', 'r02', false)));
    expect((await upgrade(project.context, { url })).after).toEqual(['r05']);
    const state = await versionState(url);
    expect(state.history.map((r) => `${r.revision} ${r.status}`)).toEqual(['r01', 'r02', 'r03', 'r04', 'r05'].map((r) => `${r} applied`));
    expect((await status(project.context, { url })).upToDate).toBe(true);
  });

  it('applies nothing in single-transaction mode when a later revision fails', async () => {
    const revisions = [...chainOf(3), failingRevision('r04', 'r03', 'sql'), tableRevision('r05', 'r04')];
    const { project, url } = await fixtures.create(revisions);
    const error = await failure(upgrade(project.context, { url, singleTransaction: true }));
    expect(error.revision).toBe('r04');
    expect(error.hint).not.toMatch(/earlier revisions stay applied/);

    const state = await versionState(url);
    expect(state.heads).toEqual([]);
    expect(state.tables).toEqual([]);
    expect(state.history).toEqual([]);

    project.write(tableRevision('r04', 'r03'));
    expect((await upgrade(project.context, { url, singleTransaction: true })).after).toEqual(['r05']);
    expect((await versionState(url)).history).toHaveLength(5);
  });

  it('refuses single-transaction mode when a planned revision opts out of transactions', async () => {
    const { project, url } = await fixtures.create(fiveWithThird(autocommitRevision('r03', 'r02', false)));
    await expect(upgrade(project.context, { url, singleTransaction: true })).rejects.toMatchObject({ code: 'MIG_BAD_OPTION', file: project.displayPathOf('r03') });
    expect((await versionState(url)).history).toEqual([]);
  });
});
