/**
 * The runner on a real MariaDB, where DDL is not transactional: each revision commits as it runs,
 * heads and history follow right after it, and a failure is recorded and reported with the
 * statements that stay applied.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { status } from '../../commands/inspect';
import { downgrade, upgrade } from '../../commands/migrate';
import { stamp } from '../../commands/stamp';
import { RevisionRunError, StateError } from '../../errors';
import type { MigEvent } from '../../events';
import { failingRevision, tableRevision } from '../../testing/fixture-project';
import { mysqlScope, mysqlState, unsignedChainOf as chainOf, withMysql } from './mysql-fixtures';

const ids = (steps: readonly { revision: string }[]) => steps.map((s) => s.revision);

async function failure(run: Promise<unknown>): Promise<RevisionRunError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RevisionRunError);
  return error as RevisionRunError;
}

describe('the runner on MariaDB', () => {
  const fixtures = mysqlScope('runner');
  afterAll(() => fixtures.cleanup());

  it('upgrades, downgrades to base and back, with InnoDB version tables and one history row per step', async () => {
    const { project, url } = await fixtures.create(chainOf(4));
    const up = await upgrade(project.context, { url });
    expect(ids(up.steps)).toEqual(['r01', 'r02', 'r03', 'r04']);
    const state = await mysqlState(url);
    expect(state.heads).toEqual(['r04']);
    expect(state.tables).toEqual(['t_r01', 't_r02', 't_r03', 't_r04']);
    expect(state.engines).toEqual({ mig_history: 'InnoDB', mig_version: 'InnoDB' });
    expect(state.history.map((r) => `${r.direction} ${r.revision} ${r.status}`)).toEqual(['r01', 'r02', 'r03', 'r04'].map((r) => `up ${r} applied`));
    expect(state.history[0].checksum).toBe(createHash('sha256').update(readFileSync(project.fileOf('r01'))).digest('hex'));
    expect(state.history[0].file).toBe(project.displayPathOf('r01'));
    expect(await upgrade(project.context, { url })).toEqual({ before: ['r04'], after: ['r04'], steps: [] });

    expect(ids((await downgrade(project.context, { url, to: '-1' })).steps)).toEqual(['r04']);
    expect(ids((await downgrade(project.context, { url, to: 'base' })).steps)).toEqual(['r03', 'r02', 'r01']);
    const empty = await mysqlState(url);
    expect(empty.heads).toEqual([]);
    expect(empty.tables).toEqual([]);
    expect((await upgrade(project.context, { url, to: 'r02' })).after).toEqual(['r02']);
    expect((await mysqlState(url)).tables).toEqual(['t_r01', 't_r02']);
  });

  it('stamps without running anything, and upgrade continues from there', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    expect(await stamp(project.context, { url, to: 'r01' })).toEqual({ before: [], after: ['r01'] });
    await withMysql(url, (knex) => knex.raw('CREATE TABLE t_r01 (id int unsigned AUTO_INCREMENT PRIMARY KEY)'));
    expect(ids((await upgrade(project.context, { url })).steps)).toEqual(['r02', 'r03']);
    const state = await mysqlState(url);
    expect(state.history.map((r) => `${r.direction} ${r.revision}`)).toEqual(['stamp r01', 'up r02', 'up r03']);
    expect(state.heads).toEqual(['r03']);
  });

  it('keeps what a failing revision committed, records it as failed and lists the statements that ran', async () => {
    const revisions = [...chainOf(2), failingRevision('r03', 'r02', 'sql'), tableRevision('r04', 'r03')];
    const { project, url } = await fixtures.create(revisions);
    const error = await failure(upgrade(project.context, { url }));
    expect(error.code).toBe('MIG_REVISION_FAILED');
    expect(error.revision).toBe('r03');
    expect(error.file).toBe(project.displayPathOf('r03'));
    expect(error.message).toContain('no_such_table_r03');
    const listed = error.message.slice(error.message.indexOf('These statements completed'));
    expect(listed.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ {2}1\. create table `t_r03` \(`id` int unsigned not null auto_increment primary key, `name` varchar\(40\) not null\)/),
      '  2. alter table `t_r03` add unique `t_r03_name_unique`(`name`)',
    ]);
    expect(error.hint).toMatch(/outside a transaction/);
    expect(error.hint).toContain('migrate-stamp --to=r03');

    // DDL committed as it ran: t_r03 exists, the heads stayed at r02, the failure is on record.
    const failed = await mysqlState(url);
    expect(failed.tables).toEqual(['t_r01', 't_r02', 't_r03']);
    expect(failed.heads).toEqual(['r02']);
    expect(failed.history.at(-1)).toMatchObject({ revision: 'r03', direction: 'up', status: 'failed', file: project.displayPathOf('r03') });

    const refused = upgrade(project.context, { url });
    await expect(refused).rejects.toBeInstanceOf(StateError);
    await expect(refused).rejects.toMatchObject({ code: 'MIG_FAILED_REVISION', file: project.displayPathOf('r03') });
    expect((await status(project.context, { url })).failed).toEqual([expect.objectContaining({ revision: 'r03' })]);

    // The user undoes the partial change and fixes the file: the changed file is retried.
    await withMysql(url, (knex) => knex.schema.dropTable('t_r03'));
    project.write(tableRevision('r03', 'r02'));
    expect(ids((await upgrade(project.context, { url })).steps)).toEqual(['r03', 'r04']);
    expect((await mysqlState(url)).history.filter((r) => r.revision === 'r03').map((r) => r.status)).toEqual(['failed', 'applied']);
  });

  it('says so when a revision fails before changing anything, and resumes after a stamp', async () => {
    const { project, url } = await fixtures.create([...chainOf(1), failingRevision('r02', 'r01', 'error'), tableRevision('r03', 'r02')]);
    project.edit('r02', (source) => source.replace(/await knex\.schema\.createTable[\s\S]*?\}\);\n/, ''));
    const error = await failure(upgrade(project.context, { url }));
    expect(error.message).toContain('r02 fails on purpose');
    expect(error.message).toContain('No statement that changes the database completed before the failure.');
    await expect(upgrade(project.context, { url })).rejects.toMatchObject({ code: 'MIG_FAILED_REVISION' });
    await stamp(project.context, { url, to: 'r02' });
    await withMysql(url, (knex) => knex.raw('CREATE TABLE t_r02 (id int unsigned AUTO_INCREMENT PRIMARY KEY)'));
    expect(ids((await upgrade(project.context, { url })).steps)).toEqual(['r03']);
  });

  it('refuses one transaction around the whole upgrade, since DDL would commit anyway', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    await expect(upgrade(project.context, { url, singleTransaction: true })).rejects.toMatchObject({ code: 'MIG_BAD_OPTION' });
    expect((await mysqlState(url)).tables).toEqual([]);
  });

  it('warns about an applied revision edited after it ran, and stops on it in strict mode', async () => {
    const { project, url } = await fixtures.create(chainOf(2));
    await upgrade(project.context, { url, to: 'r01' });
    project.edit('r01', (source) => `${source}\n// edited after it ran\n`);
    const events: MigEvent[] = [];
    await upgrade({ ...project.context, onEvent: (e) => events.push(e) }, { url });
    expect(events.filter((e) => e.kind === 'warning').map((e) => (e as { code: string }).code)).toEqual(['MIG_CHECKSUM_MISMATCH']);
    await expect(downgrade(project.context, { url, to: 'base', strict: true })).rejects.toMatchObject({ code: 'MIG_CHECKSUM_MISMATCH' });
    expect((await mysqlState(url)).heads).toEqual(['r02']);
  });

  it('handles hostile identifiers in revisions: quotes, backticks, spaces, reserved words, non-ASCII', async () => {
    const names = ['select', 'we`ird "name', "it's; drop table x", 'ünïcødé tàble'];
    const { project, url } = await fixtures.create([
      {
        id: 'h01',
        down: null,
        message: 'hostile names',
        upgrade: names.map((n) => `await knex.schema.createTable(${JSON.stringify(n)}, (t) => { t.increments('id'); t.string(${JSON.stringify(`${n} col`)}, 20).defaultTo(${JSON.stringify(n)}); });`).join('\n'),
        downgrade: names.map((n) => `await knex.schema.dropTable(${JSON.stringify(n)});`).join('\n'),
      },
    ]);
    await upgrade(project.context, { url });
    expect((await mysqlState(url)).tables).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)));
    await downgrade(project.context, { url, to: 'base' });
    expect((await mysqlState(url)).tables).toEqual([]);
  });
});
