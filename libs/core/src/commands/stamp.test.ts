import { afterAll, describe, expect, it } from 'vitest';
import { StateError } from '../errors';
import { chainOf } from '../testing/fixture-project';
import { fixtureScope, versionState, withKnex } from '../testing/fixture-database';
import { history, status } from './inspect';
import { downgrade, upgrade } from './migrate';
import { stamp } from './stamp';

const insertHead = (url: string, revision: string) => withKnex(url, (knex) => knex('mig_version').insert({ version_num: revision }));

describe.each(['pglite', 'postgres'] as const)('stamp on %s', (dialect) => {
  const fixtures = fixtureScope(dialect, 'stamp');
  afterAll(() => fixtures.cleanup());

  it('sets the heads without running anything, and upgrade continues from there', async () => {
    const { project, url } = await fixtures.create(chainOf(4));
    expect(await stamp(project.context, { url, to: 'r02' })).toEqual({ before: [], after: ['r02'] });
    const stamped = await versionState(url);
    expect(stamped.heads).toEqual(['r02']);
    expect(stamped.tables).toEqual([]);
    expect(stamped.history).toEqual([expect.objectContaining({ revision: 'r02', direction: 'stamp', status: 'applied', file: project.displayPathOf('r02') })]);

    // r03 references t_r02, which the stamp pretends exists: create it by hand as a user would have.
    await withKnex(url, (knex) => knex.raw('CREATE TABLE t_r02 (id serial PRIMARY KEY)'));
    expect((await upgrade(project.context, { url })).steps.map((s) => s.revision)).toEqual(['r03', 'r04']);

    expect(await stamp(project.context, { url, to: 'base' })).toEqual({ before: ['r04'], after: [] });
    const based = await versionState(url);
    expect(based.heads).toEqual([]);
    expect(based.tables).toEqual(['t_r02', 't_r03', 't_r04']);
    expect(based.history.at(-1)).toMatchObject({ revision: 'base', direction: 'stamp', checksum: null, file: null });
  });

  it('refuses to run anything while the database holds a revision this checkout does not know', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    await upgrade(project.context, { url, to: 'r01' });
    await withKnex(url, (knex) => knex('mig_version').where({ version_num: 'r01' }).update({ version_num: 'feedbeef0001' }));

    const refused = upgrade(project.context, { url });
    await expect(refused).rejects.toBeInstanceOf(StateError);
    await expect(refused).rejects.toMatchObject({ code: 'MIG_UNKNOWN_DB_REVISION', message: expect.stringContaining('feedbeef0001') });
    await expect(downgrade(project.context, { url, to: 'base' })).rejects.toMatchObject({ code: 'MIG_UNKNOWN_DB_REVISION' });
    await expect(status(project.context, { url })).rejects.toMatchObject({ code: 'MIG_UNKNOWN_DB_REVISION' });
    await expect(history(project.context, { url, indicateCurrent: true })).rejects.toMatchObject({ code: 'MIG_UNKNOWN_DB_REVISION' });
    await expect(stamp(project.context, { url, to: 'r02' })).rejects.toMatchObject({ code: 'MIG_UNKNOWN_DB_REVISION' });

    const state = await versionState(url);
    expect(state.heads).toEqual(['feedbeef0001']);
    expect(state.tables).toEqual(['t_r01']);
    expect(state.history).toHaveLength(1);
  });

  it('purges unknown heads and stamps the target', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    await upgrade(project.context, { url, to: 'r01' });
    await insertHead(url, 'feedbeef0002');

    expect(await stamp(project.context, { url, to: 'r01', purge: true })).toEqual({ before: ['feedbeef0002', 'r01'], after: ['r01'] });
    expect((await versionState(url)).heads).toEqual(['r01']);
    expect((await status(project.context, { url })).pending.map((r) => r.revision)).toEqual(['r02', 'r03']);
    expect((await upgrade(project.context, { url })).after).toEqual(['r03']);
  });

  it('purges to base, leaving an empty version table', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    await upgrade(project.context, { url });
    await insertHead(url, 'feedbeef0003');
    expect((await stamp(project.context, { url, to: 'base', purge: true })).after).toEqual([]);
    const state = await versionState(url);
    expect(state.heads).toEqual([]);
    expect(state.tables).toEqual(['t_r01', 't_r02']);
  });

  it('stamps a new database, creating the version tables', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    expect((await stamp(project.context, { url, to: 'heads' })).after).toEqual(['r02']);
    expect((await status(project.context, { url })).upToDate).toBe(true);
    expect((await upgrade(project.context, { url })).steps).toEqual([]);
  });
});
