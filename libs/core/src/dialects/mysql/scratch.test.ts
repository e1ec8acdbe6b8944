/** Scratch (shadow) databases on the configured MariaDB server. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnection } from '../../config/resolve-connection';
import { createTestDatabase, MYSQL_ADMIN_URL, type TestDatabase } from '../../testing/test-databases';
import { rowsOf, withMysql } from './mysql-fixtures';
import { createScratchDatabase, dropScratchDatabase, scratchDatabaseName } from './scratch';

const resolve = (url: string) => resolveConnection({ url, env: {}, workspaceRoot: '/tmp', projectName: 'api' });
const databases = () => withMysql(MYSQL_ADMIN_URL, async (knex) => (await rowsOf<{ Database: string }>(knex, 'SHOW DATABASES')).map((r) => r.Database));

describe('scratch databases on MariaDB', () => {
  let db: TestDatabase;
  const user = `mig_s_${randomBytes(3).toString('hex')}`;
  const password = `Pw-${randomBytes(6).toString('hex')}`;
  const asUser = () => {
    const u = new URL(db.url);
    u.username = user;
    u.password = password;
    return resolve(u.toString());
  };
  beforeAll(async () => {
    db = await createTestDatabase('mysql', 'scratch');
    await withMysql(MYSQL_ADMIN_URL, async (knex) => {
      await knex.raw(`ALTER DATABASE \`${db.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await knex.raw(`CREATE USER ?@'%' IDENTIFIED BY ?`, [user, password]);
      await knex.raw(`GRANT ALL ON \`${db.name}\`.* TO ?@'%'`, [user]);
    });
  });
  afterAll(async () => {
    await withMysql(MYSQL_ADMIN_URL, (knex) => knex.raw(`DROP USER IF EXISTS ?@'%'`, [user]));
    await db?.drop();
  });

  it('creates <db>_mig_shadow_<random> with the database collation, usable, and drops it', async () => {
    const scratch = await createScratchDatabase(resolve(db.url));
    try {
      expect(scratch.name).toMatch(new RegExp(`^${db.name}_mig_shadow_[0-9a-f]{8}$`));
      expect(scratch.connection).toMatchObject({ dialect: 'mysql', display: `mysql://root@127.0.0.1:3306/${scratch.name}` });
      expect(await databases()).toContain(scratch.name);
      const collation = await withMysql(scratch.connection.url, async (knex) => {
        await knex.schema.createTable('probe', (t) => t.increments('id'));
        return (await rowsOf<{ c: string }>(knex, 'SELECT @@collation_database AS c'))[0].c;
      });
      expect(collation).toBe('utf8mb4_unicode_ci');
    } finally {
      await scratch.drop();
    }
    expect(await databases()).not.toContain(scratch.name);
    await scratch.drop(); // already gone: no error
  });

  it('keeps scratch names within 64 characters and refuses to drop anything else', async () => {
    expect(scratchDatabaseName('x'.repeat(64))).toMatch(/^x{44}_mig_shadow_[0-9a-f]{8}$/);
    expect(scratchDatabaseName('')).toMatch(/^mig_shadow_[0-9a-f]{8}$/);
    await expect(dropScratchDatabase(resolve(db.url))).rejects.toMatchObject({ code: 'MIG_CONFIG', message: expect.stringContaining('not a mig scratch database') });
    expect(await databases()).toContain(db.name);
  });

  it('explains, without the password, that the user may not CREATE DATABASE, and how to get on', async () => {
    const error = await createScratchDatabase(asUser()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'MIG_DB_PERMISSION', message: expect.stringContaining('may not CREATE DATABASE') });
    const { message, hint } = error as { message: string; hint: string };
    expect(hint).toContain('--against=database');
    expect(hint).toContain('shadowUrl');
    expect(`${message} ${hint}`).not.toContain(password);
    expect((await databases()).filter((d) => d.startsWith(`${db.name}_mig_shadow_`))).toEqual([]);
  });

  it('works for that user once granted what the error names', async () => {
    const error = (await createScratchDatabase(asUser()).catch((e: unknown) => e)) as { hint: string };
    const grant = /GRANT ALL ON (\S+) TO <user>/.exec(error.hint)![1];
    await withMysql(MYSQL_ADMIN_URL, (knex) => knex.raw(`GRANT ALL ON ${grant} TO ?@'%'`, [user]));
    const scratch = await createScratchDatabase(asUser());
    await scratch.drop();
    expect(await databases()).not.toContain(scratch.name);
  });
});
