import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { branchedRevisions, chainOf, tableOf, tableRevision } from '../testing/fixture-project';
import { fixtureScope, readCatalog, versionState, withKnex } from '../testing/fixture-database';
import { downgrade, upgrade } from './migrate';

const ids = (steps: readonly { revision: string }[]) => steps.map((s) => s.revision);

describe.each(['pglite', 'postgres'] as const)('upgrade and downgrade on %s', (dialect) => {
  const fixtures = fixtureScope(dialect, 'migrate');
  afterAll(() => fixtures.cleanup());

  it('upgrades to heads with one history row per revision, and a second upgrade does nothing', async () => {
    const { project, url } = await fixtures.create(chainOf(5));
    const first = await upgrade(project.context, { url });
    expect(first.before).toEqual([]);
    expect(first.after).toEqual(['r05']);
    expect(ids(first.steps)).toEqual(['r01', 'r02', 'r03', 'r04', 'r05']);

    const state = await versionState(url);
    expect(state.heads).toEqual(['r05']);
    expect(state.tables).toEqual(['t_r01', 't_r02', 't_r03', 't_r04', 't_r05']);
    expect(state.history).toHaveLength(5);
    state.history.forEach((row, i) => {
      const id = `r0${i + 1}`;
      expect(row).toMatchObject({ revision: id, direction: 'up', status: 'applied', file: project.displayPathOf(id) });
      expect(row.checksum).toBe(createHash('sha256').update(readFileSync(project.fileOf(id))).digest('hex'));
      expect(Number.isInteger(row.durationMs) && row.durationMs >= 0).toBe(true);
    });

    const second = await upgrade(project.context, { url });
    expect(second).toEqual({ before: ['r05'], after: ['r05'], steps: [] });
    expect((await versionState(url)).history).toHaveLength(5);
  });

  it('downgrades to base in reverse order and upgrades back to the same catalog', async () => {
    const { project, url } = await fixtures.create(chainOf(4));
    await upgrade(project.context, { url });
    const catalog = await withKnex(url, readCatalog);
    expect(catalog.some((line) => line.includes('t_r04_t_r03_id_foreign'))).toBe(true);

    const down = await downgrade(project.context, { url, to: 'base' });
    expect(ids(down.steps)).toEqual(['r04', 'r03', 'r02', 'r01']);
    expect(down.after).toEqual([]);
    const empty = await versionState(url);
    expect(empty.heads).toEqual([]);
    expect(empty.tables).toEqual([]);
    expect(empty.history.map((r) => `${r.direction} ${r.revision}`).slice(4)).toEqual(['down r04', 'down r03', 'down r02', 'down r01']);

    await upgrade(project.context, { url });
    expect(await withKnex(url, readCatalog)).toEqual(catalog);
  });

  it('moves by relative targets and revision ids', async () => {
    const { project, url } = await fixtures.create(chainOf(5));
    const heads = async () => (await versionState(url)).heads;
    expect((await upgrade(project.context, { url, to: '+1' })).after).toEqual(['r01']);
    expect(ids((await upgrade(project.context, { url, to: '+2' })).steps)).toEqual(['r02', 'r03']);
    expect(ids((await downgrade(project.context, { url, to: '-1' })).steps)).toEqual(['r03']);
    expect(await heads()).toEqual(['r02']);
    expect(ids((await upgrade(project.context, { url, to: 'r04' })).steps)).toEqual(['r03', 'r04']);
    expect(ids((await downgrade(project.context, { url, to: 'r01' })).steps)).toEqual(['r04', 'r03', 'r02']);
    await expect(downgrade(project.context, { url, to: '-2' })).rejects.toMatchObject({ code: 'MIG_RELATIVE_OUT_OF_RANGE' });
    await expect(upgrade(project.context, { url, to: '+5' })).rejects.toMatchObject({ code: 'MIG_RELATIVE_OUT_OF_RANGE' });
    expect(await heads()).toEqual(['r01']);
    expect((await versionState(url)).tables).toEqual(['t_r01']);
  });

  it('follows branch labels and refuses relative steps that would cross the branch point', async () => {
    const { project, url } = await fixtures.create(branchedRevisions());
    expect(ids((await upgrade(project.context, { url, to: 'alpha@head' })).steps)).toEqual(['b01', 'b02', 'a01', 'a02']);
    expect(ids((await upgrade(project.context, { url, to: 'beta@head' })).steps)).toEqual(['c01']);
    expect((await versionState(url)).heads).toEqual(['a02', 'c01']);

    await expect(downgrade(project.context, { url, to: '-2' })).rejects.toMatchObject({ code: 'MIG_MULTIPLE_HEADS' });
    await expect(upgrade(project.context, { url, to: '+1' })).rejects.toMatchObject({ code: 'MIG_MULTIPLE_HEADS' });
    await expect(downgrade(project.context, { url, to: 'alpha@-3' })).rejects.toMatchObject({ code: 'MIG_RELATIVE_OUT_OF_RANGE' });
    expect((await versionState(url)).tables).toEqual(['a01', 'a02', 'b01', 'b02', 'c01'].map(tableOf));

    expect(ids((await downgrade(project.context, { url, to: 'alpha@-2' })).steps)).toEqual(['a02', 'a01']);
    expect((await versionState(url)).heads).toEqual(['c01']);

    project.write(...branchedRevisions(true).filter((r) => r.id === 'm01'));
    const merged = await upgrade(project.context, { url });
    expect(ids(merged.steps)).toEqual(['a01', 'a02', 'm01']);
    expect(merged.after).toEqual(['m01']);
    expect((await versionState(url)).heads).toEqual(['m01']);
  });

  it('refuses parallel heads without --to, naming them and the merge command; --to=heads upgrades both', async () => {
    // Two git branches each added a revision on r01 and were merged: two unlabelled heads.
    const { project, url } = await fixtures.create([...chainOf(1), tableRevision('p01', 'r01'), tableRevision('q01', 'r01')]);
    const refused = await upgrade(project.context, { url }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'MIG_MULTIPLE_HEADS', message: expect.stringMatching(/2 heads and no merge revision.*p01.*q01/) });
    expect((refused as { hint: string }).hint).toContain('nx g mig:merge --project=app');
    expect((await versionState(url)).history).toEqual([]);

    expect(ids((await upgrade(project.context, { url, to: 'heads' })).steps)).toEqual(['r01', 'p01', 'q01']);
    project.write(tableRevision('m01', ['p01', 'q01']));
    expect((await upgrade(project.context, { url })).after).toEqual(['m01']);
  });

  it('refuses a downgrade without a target before touching the database', async () => {
    const { project, url } = await fixtures.create(chainOf(1));
    await expect(downgrade(project.context, { url })).rejects.toMatchObject({ code: 'MIG_BAD_OPTION' });
    expect((await versionState(url)).history).toEqual([]);
  });
});
