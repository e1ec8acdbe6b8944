/**
 * MySQL and MariaDB commit each DDL statement as it runs, so a run killed inside a revision leaves
 * part of it applied. The runner writes a `running` history row before such a revision; the next
 * run, holding the lock, reads a leftover one as interrupted and refuses to go on until the user
 * says what the database holds (stamp), as after a failure.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mysqlLockName } from '../dialects/mysql/mysql-lock';
import { mysqlScope, mysqlState, rowsOf, unsignedChainOf, withMysql } from '../dialects/mysql/mysql-fixtures';
import { tableRevision, type FixtureRevision } from '../testing/fixture-project';
import { killMigAt, pauseAt } from './pause-hook';
import { migInProcess, STACK_LINE, waitUntil } from './run-mig';

/** Creates t_r02_a, can pause, then creates t_r02_b: killed at the pause, half of it stays. */
const halfway: FixtureRevision = {
  id: 'r02',
  down: 'r01',
  message: 'two tables',
  upgrade: [
    `await knex.schema.createTable('t_r02_a', (t) => { t.increments('id'); });`,
    pauseAt('r02:halfway'),
    `await knex.schema.createTable('t_r02_b', (t) => { t.increments('id'); });`,
  ].join('\n'),
  downgrade: `await knex.schema.dropTableIfExists('t_r02_b');\nawait knex.schema.dropTableIfExists('t_r02_a');`,
};

describe('kill -9 inside a revision on MariaDB', () => {
  const fixtures = mysqlScope('crash');
  afterAll(() => fixtures.cleanup());

  it('leaves a running row that the next run reports as interrupted, with the remedy; a stamp lets it go on', async () => {
    const { project, db, url } = await fixtures.create([...unsignedChainOf(1), halfway, tableRevision('r03', 'r02')]);
    const at = ['--project-root', project.projectDir, '--url', url];
    await killMigAt('r02:halfway', ['up', ...at]);

    // The lock belonged to the killed connection: the server frees it.
    const lockName = mysqlLockName(db.name, 'mig_version');
    await waitUntil(async () => (await withMysql(url, (knex) => rowsOf<{ id: number | null }>(knex, 'SELECT IS_USED_LOCK(?) AS id', [lockName])))[0].id === null, 10_000, 'the lock to be freed');
    const killed = await mysqlState(url);
    expect(killed.heads).toEqual(['r01']);
    expect(killed.tables).toEqual(['t_r01', 't_r02_a']);
    expect(killed.history.map((r) => `${r.revision} ${r.status}`)).toEqual(['r01 applied', 'r02 running']);

    const refused = await migInProcess(['up', ...at]);
    expect(refused.code).toBe(1);
    const [message, fix] = refused.stderr.split('\n');
    expect(message).toMatch(/^error MIG_FAILED_REVISION at .*: Revision r02 \(.*\) was interrupted in upgrade\(\) outside a transaction: the run that started it at .* ended before it finished \(killed or crashed\), so it may be partly applied\.$/);
    expect(fix).toMatch(/^ {2}fix: Inspect the database\. If you completed its upgrade by hand, run migrate-stamp --to=r02; .*migrate-stamp --to=r01\.$/);
    expect(refused.stderr).not.toMatch(STACK_LINE);
    expect(await mysqlState(url)).toEqual(killed);
    expect((await migInProcess(['status', ...at])).stdout).toMatch(/running or interrupted: r02 \(.*\) since .*: unless a run is in progress, resolve before upgrading/);

    // Completed by hand and stamped: the run goes on from there.
    await withMysql(url, (knex) => knex.schema.createTable('t_r02_b', (t) => t.increments('id')));
    expect((await migInProcess(['stamp', '--to', 'r02', ...at])).code).toBe(0);
    const done = await migInProcess(['up', ...at]);
    expect(done.code, done.stderr).toBe(0);
    expect((await mysqlState(url)).heads).toEqual(['r03']);
  });
});
