import { afterAll, describe, expect, it } from 'vitest';
import { branchedRevisions, chainOf, createFixtureProject } from '../testing/fixture-project';
import { fixtureScope, withKnex } from '../testing/fixture-database';
import { branches, heads, history, show, status } from './inspect';
import { upgrade } from './migrate';

const ids = (list: readonly { revision: string }[]) => list.map((r) => r.revision);

describe.each(['pglite', 'postgres'] as const)('status and history on %s', (dialect) => {
  const fixtures = fixtureScope(dialect, 'inspect');
  afterAll(() => fixtures.cleanup());

  it('reports a new database as empty without creating the version tables', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    const result = await status(project.context, { url });
    expect(result).toMatchObject({ current: [], heads: ['r02'], upToDate: false, failed: [], edited: [] });
    expect(ids(result.pending)).toEqual(['r01', 'r02']);
    expect(result.database).not.toMatch(/pglite:memory/);
    const tables = await withKnex(url, (knex) => knex.raw(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`));
    expect(tables.rows[0].n).toBe(0);
  });

  it('shows the current revision, what is pending, and marks current in history', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    await upgrade(project.context, { url, to: 'r02' });
    const result = await status(project.context, { url });
    expect(result.current).toEqual(['r02']);
    expect(ids(result.pending)).toEqual(['r03']);
    expect(result.pending[0]).toMatchObject({ file: project.displayPathOf('r03'), message: 'create t_r03', isHead: true, isCurrent: false });

    const listed = await history(project.context, { url, indicateCurrent: true });
    expect(ids(listed)).toEqual(['r03', 'r02', 'r01']);
    expect(listed.map((r) => r.isCurrent)).toEqual([false, true, false]);
    expect(ids(await history(project.context, { url, range: 'current:' }))).toEqual(['r03', 'r02']);
    expect(ids(await history(project.context, { url, range: ':current' }))).toEqual(['r02', 'r01']);
  });

  it('counts relative history ranges from the database heads', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    await upgrade(project.context, { url, to: 'r02' });
    expect(ids(await history(project.context, { url, range: '-1:' }))).toEqual(['r03', 'r02', 'r01']);
    expect(ids(await history(project.context, { url, range: ':+1' }))).toEqual(['r03', 'r02', 'r01']);
  });
});

describe('heads, branches and show (no database)', () => {
  const project = createFixtureProject(branchedRevisions());
  afterAll(() => project.remove());

  it('lists the heads with their labels and files', async () => {
    const list = await heads(project.context);
    expect(ids(list)).toEqual(['a02', 'c01']);
    expect(list.find((r) => r.revision === 'c01')).toMatchObject({ branchLabels: ['beta'], isHead: true, file: project.displayPathOf('c01') });
  });

  it('lists branch points with their children', async () => {
    expect(await branches(project.context)).toEqual([expect.objectContaining({ revision: 'b02', isBranchPoint: true, children: ['a01', 'c01'] })]);
  });

  it('shows one revision by id or label', async () => {
    expect(await show(project.context, { revision: 'a01' })).toMatchObject({ revision: 'a01', downRevisions: ['b02'], branchLabels: ['alpha'], message: 'create t_a01' });
    expect((await show(project.context, { revision: 'alpha@head' })).revision).toBe('a02');
    await expect(show(project.context, { revision: 'head' })).rejects.toMatchObject({ code: 'MIG_MULTIPLE_HEADS' });
    await expect(show(project.context, { revision: 'zzz' })).rejects.toMatchObject({ code: 'MIG_UNKNOWN_REVISION' });
  });
});
