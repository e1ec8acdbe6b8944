/**
 * The files and the database disagree, as the CLI reports it: an applied revision edited (warn,
 * or refuse with --strict and under CI=true), an applied revision's file deleted, and a database
 * ahead of the code. Nothing runs while they disagree, and the database stays as it was.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { StatusResult } from '../commands/inspect';
import { chainOf, tableRevision, type FixtureProject } from '../testing/fixture-project';
import { fixtureScope, readCatalog, versionState, withKnex } from '../testing/fixture-database';
import { migInProcess, STACK_LINE } from './run-mig';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
const args = (project: FixtureProject, url: string) => ['--project-root', project.projectDir, '--url', url];

describe.each(['postgres', 'pglite'] as const)('an applied revision edited afterwards on %s', (dialect) => {
  const fixtures = fixtureScope(dialect, 'edited');
  afterAll(() => fixtures.cleanup());

  it('up and status warn naming the file and both checksums; --strict and CI=true refuse and run nothing', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    const at = args(project, url);
    expect((await migInProcess(['up', ...at])).code).toBe(0);
    const then = sha(project.fileOf('r02'));
    project.edit('r02', (source) => source.replace("t.string('name', 40)", "t.string('name', 80)"));
    const now = sha(project.fileOf('r02'));
    const file = project.displayPathOf('r02');
    const expected = `Applied revision r02 (${file}) was edited after it ran: checksum ${then} then, ${now} now.`;

    const warned = await migInProcess(['up', ...at]);
    expect(warned.code).toBe(0);
    expect(warned.stderr.split('\n')).toEqual([
      `warning MIG_CHECKSUM_MISMATCH: ${expected}`,
      '  fix: Editing an applied revision does not change the database. Revert the edit and write a new revision instead.',
    ]);
    expect((await migInProcess(['status', ...at])).stdout).toContain(`edited after apply: r02 (${file}): checksum ${then} then, ${now} now`);

    project.write(tableRevision('r04', 'r03'));
    const before = await versionState(url);
    for (const [how, extra, env] of [['--strict', ['--strict'], {}], ['CI=true', [], { CI: 'true' }]] as const) {
      const refused = await migInProcess(['up', ...at, ...extra], env);
      expect(refused.code, how).toBe(1);
      expect(refused.stderr.split('\n')[0], how).toBe(`error MIG_CHECKSUM_MISMATCH at ${file}: ${expected}`);
      expect(refused.stderr, how).not.toMatch(STACK_LINE);
    }
    expect(await versionState(url)).toEqual(before);
  });
});

describe('applied revision files deleted, and a database ahead of the code, on postgres', () => {
  const fixtures = fixtureScope('postgres', 'files');
  afterAll(() => fixtures.cleanup());

  it('names a deleted head as unknown, and a deleted parent as missing, before touching the database', async () => {
    const { project, url } = await fixtures.create(chainOf(4));
    const at = args(project, url);
    expect((await migInProcess(['up', ...at])).code).toBe(0);
    const before = await versionState(url);

    const r04 = project.fileOf('r04');
    rmSync(r04);
    for (const verb of ['up', 'status']) {
      const run = await migInProcess([verb, ...at]);
      expect(run.code).toBe(1);
      expect(run.stderr.split('\n')).toEqual([
        'error MIG_UNKNOWN_DB_REVISION: The database is at revision r04, which no revision file in this checkout defines.',
        expect.stringMatching(/^ {2}fix: The database is ahead of this code \(or a revision file was deleted\)\. .*restore the file/),
      ]);
    }
    project.write(chainOf(4)[3]);
    rmSync(project.fileOf('r02'));
    const run = await migInProcess(['up', ...at]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error MIG_MISSING_PARENT at ${project.displayPathOf('r03')}:\\d+: .*r02`));
    expect(run.stderr).toContain('fix: restore the file of r02');
    expect(await versionState(url)).toEqual(before);
  });

  it('warns about an applied revision whose file is gone (its child re-pointed past it) until a stamp acknowledges it', async () => {
    const { project, url } = await fixtures.create(chainOf(4));
    const at = args(project, url);
    expect((await migInProcess(['up', '--to', 'r03', ...at])).code).toBe(0);
    const recorded = project.displayPathOf('r02');
    rmSync(project.fileOf('r02'));
    project.write(tableRevision('r03', 'r01'));

    const warned = await migInProcess(['up', ...at]);
    expect(warned.code, warned.stderr).toBe(0);
    const lines = warned.stderr.split('\n');
    expect(lines).toContain(`warning MIG_MISSING_FILE: Revision r02 is recorded as applied (from ${recorded}), but no revision file defines it any more.`);
    expect(lines).toContain('  fix: Restore the file. If it was removed on purpose (squashed), acknowledge that with migrate-stamp --to=r03.');
    // Re-pointing the child edited it: that is reported too.
    expect(lines.filter((line) => line.startsWith('warning '))).toEqual([expect.stringContaining('MIG_CHECKSUM_MISMATCH: Applied revision r03'), expect.stringContaining('MIG_MISSING_FILE')]);
    expect((await versionState(url)).heads).toEqual(['r04']);
    const status = JSON.parse((await migInProcess(['status', '--json', ...at])).stdout) as StatusResult;
    expect(status.missing).toEqual([{ revision: 'r02', file: recorded }]);

    expect((await migInProcess(['stamp', '--to', 'r04', ...at])).code).toBe(0);
    expect((await migInProcess(['up', ...at])).stderr).not.toContain('MIG_MISSING_FILE');
    expect((JSON.parse((await migInProcess(['status', '--json', ...at])).stdout) as StatusResult).missing).toEqual([]);
  });

  it('refuses every command that reads the heads when the database is at a revision this checkout lacks, running nothing', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    const at = args(project, url);
    expect((await migInProcess(['up', '--to', 'r01', ...at])).code).toBe(0);
    await withKnex(url, (knex) => knex('mig_version').insert({ version_num: 'f00dfeed9a1b' }));
    const catalog = await withKnex(url, readCatalog);
    const before = await versionState(url);
    for (const argv of [['up'], ['down', '--to=-1'], ['stamp', '--to', 'r02'], ['status'], ['current'], ['history', '--indicate-current']]) {
      const run = await migInProcess([...argv, ...at]);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr.split('\n')[0], argv.join(' ')).toBe('error MIG_UNKNOWN_DB_REVISION: The database is at revision f00dfeed9a1b, which no revision file in this checkout defines.');
      expect(run.stderr, argv.join(' ')).toContain('migrate-stamp --purge');
    }
    expect(await withKnex(url, readCatalog)).toEqual(catalog);
    expect(await versionState(url)).toEqual(before);
  });
});
