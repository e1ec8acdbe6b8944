/**
 * A revision that fails in the middle of a long run, as the CLI reports it: revision 37 of 50
 * throws a database error (1–36 stay, 37 rolls back whole), and a `transaction = false` revision
 * that fails halfway blocks later runs until it is stamped.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { StatusResult } from '../commands/inspect';
import { autocommitRevision, chainOf, failingRevision, tableRevision } from '../testing/fixture-project';
import { fixtureScope, versionState, withKnex } from '../testing/fixture-database';
import { assertWholeRevisions } from './consistency';
import { migInProcess, STACK_LINE } from './run-mig';

const ids = chainOf(50).map((r) => r.id);

describe.each(['postgres', 'pglite'] as const)('a failing revision in a 50-revision run on %s', (dialect) => {
  const fixtures = fixtureScope(dialect, 'failure');
  afterAll(() => fixtures.cleanup());

  it('keeps 1–36, rolls back all of 37, exits 1 naming the file, the revision and the database error; status shows r36', async () => {
    const revisions = chainOf(50);
    revisions[36] = failingRevision('r37', 'r36', 'sql');
    const { project, url } = await fixtures.create(revisions);
    const at = ['--project-root', project.projectDir, '--url', url];

    const up = await migInProcess(['up', ...at]);
    expect(up.code).toBe(1);
    const [message, fix, ...rest] = up.stderr.split('\n');
    expect(message).toMatch(new RegExp(`^error MIG_REVISION_FAILED at ${project.displayPathOf('r37')}:\\d+: Revision r37 \\(${project.displayPathOf('r37')}\\) failed in upgrade\\(\\): `));
    expect(message).toContain('relation "no_such_table_r37" does not exist');
    expect(fix).toBe('  fix: Its changes were rolled back; earlier revisions stay applied. Fix the revision and run the command again.');
    expect(rest).toEqual([]);
    expect(up.stdout.split('\n').filter((line) => line.startsWith('↑'))).toHaveLength(36);
    expect(assertWholeRevisions(await versionState(url), ids)).toBe(36);

    const status = await migInProcess(['status', '--json', ...at]);
    expect(status.code).toBe(0);
    const result = JSON.parse(status.stdout) as StatusResult;
    expect(result).toMatchObject({ current: ['r36'], upToDate: false, failed: [] });
    expect(result.pending.map((p) => p.revision)).toEqual(ids.slice(36));

    project.write(tableRevision('r37', 'r36', { references: 't_r36' }));
    expect((await migInProcess(['up', ...at])).code).toBe(0);
    expect(assertWholeRevisions(await versionState(url), ids)).toBe(50);
  });

});

// The runner takes the same path on PGlite (run-steps.test.ts runs it there); here the long run, on the server.
describe('a failing transaction = false revision in a 50-revision run on postgres', () => {
  const fixtures = fixtureScope('postgres', 'failure');
  afterAll(() => fixtures.cleanup());

  it('records it as failed and refuses to go on until it is stamped', async () => {
    const revisions = chainOf(50);
    revisions[36] = autocommitRevision('r37', 'r36', true);
    revisions[37] = tableRevision('r38', 'r37');
    const { project, url } = await fixtures.create(revisions);
    const at = ['--project-root', project.projectDir, '--url', url];

    const up = await migInProcess(['up', ...at]);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/^error MIG_REVISION_FAILED at .*: Revision r37 \(.*\) failed in upgrade\(\): r37 fails halfway/);
    expect(up.stderr).toContain('These statements completed before the failure and stay applied:\n  1. create table "t_r37_a"');
    expect(up.stderr).toContain('fix: It ran outside a transaction, so part of it may be applied.');
    const failed = await versionState(url);
    expect(failed.heads).toEqual(['r36']);
    expect(failed.tables).toContain('t_r37_a');
    expect(failed.history.slice(36)).toEqual([expect.objectContaining({ revision: 'r37', status: 'failed', file: project.displayPathOf('r37') })]);

    const refused = await migInProcess(['up', ...at]);
    expect(refused.code).toBe(1);
    const [message, fix] = refused.stderr.split('\n');
    expect(message).toMatch(/^error MIG_FAILED_REVISION at .*: Revision r37 \(.*\) failed in upgrade\(\) outside a transaction at .* and may be partly applied\.$/);
    expect(fix).toMatch(/^ {2}fix: Inspect the database\. If you completed its upgrade by hand, run migrate-stamp --to=r37; .* run migrate-stamp --to=r36\.$/);
    expect(refused.stderr).not.toMatch(STACK_LINE);
    expect((await versionState(url)).history).toHaveLength(failed.history.length);
    expect((await migInProcess(['status', ...at])).stdout).toMatch(/failed: r37 \(.*\) at .*: resolve before upgrading/);

    // Completed by hand, then stamped: the run goes on.
    await withKnex(url, (knex) => knex.schema.createTable('t_r37_b', (t) => t.increments('id')));
    expect((await migInProcess(['stamp', '--to', 'r37', ...at])).code).toBe(0);
    const done = await migInProcess(['up', ...at]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('Applied 13 revisions; now at r50.');
  });
});
