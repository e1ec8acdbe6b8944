import { afterAll, describe, expect, it } from 'vitest';
import { StateError } from '../errors';
import { chainOf, tableRevision } from '../testing/fixture-project';
import { fixtureScope, versionState } from '../testing/fixture-database';
import { status } from './inspect';
import { downgrade, upgrade } from './migrate';

const appendComment = (source: string) => `${source}\n// edited after it ran\n`;

describe.each(['pglite', 'postgres'] as const)('checksums of applied revisions on %s', (dialect) => {
  const fixtures = fixtureScope(dialect, 'checks');
  afterAll(() => fixtures.cleanup());

  it('warns about an edited applied revision and still runs', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    await upgrade(project.context, { url });
    project.edit('r02', appendComment);
    project.write(tableRevision('r04', 'r03'));
    project.events.length = 0;

    const result = await upgrade(project.context, { url, strict: false });
    expect(result.steps.map((s) => s.revision)).toEqual(['r04']);
    const warnings = project.events.filter((e) => e.kind === 'warning');
    expect(warnings).toEqual([expect.objectContaining({ code: 'MIG_CHECKSUM_MISMATCH', message: expect.stringContaining(project.displayPathOf('r02')) })]);
    expect((await status(project.context, { url })).edited).toEqual([
      { revision: 'r02', file: project.displayPathOf('r02'), recorded: expect.stringMatching(/^[0-9a-f]{64}$/), current: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
  });

  it('refuses to run in strict mode (and by default under CI=true) when an applied revision was edited', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    await upgrade(project.context, { url, to: 'r02' });
    project.edit('r01', appendComment);

    const strict = upgrade(project.context, { url, strict: true });
    await expect(strict).rejects.toBeInstanceOf(StateError);
    await expect(strict).rejects.toMatchObject({ code: 'MIG_CHECKSUM_MISMATCH', file: project.displayPathOf('r01') });
    const ci = { ...project.context, env: { CI: 'true' } };
    await expect(upgrade(ci, { url })).rejects.toMatchObject({ code: 'MIG_CHECKSUM_MISMATCH' });
    expect((await versionState(url)).heads).toEqual(['r02']);

    // Editing a revision that is not applied yet is fine.
    project.edit('r01', (source) => source.replace('\n// edited after it ran\n', ''));
    project.edit('r03', appendComment);
    expect((await upgrade(project.context, { url, strict: true })).after).toEqual(['r03']);
  });

  it('compares with the checksum of the latest upgrade of a revision that was re-applied', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    await upgrade(project.context, { url });
    await downgrade(project.context, { url, to: '-1' });
    project.edit('r02', appendComment);
    await upgrade(project.context, { url, strict: true });
    expect((await status(project.context, { url })).edited).toEqual([]);
    expect((await upgrade(project.context, { url, strict: true })).steps).toEqual([]);
  });
});
