/**
 * `nx g mig:adopt` on a real PostgreSQL database that knex migrations built: the baseline goes
 * through the Tree, the database is stamped by the callback Nx runs after writing the files.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FsTree } from '@nx/devkit/internal';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../core/src/testing/test-databases';
import adoptGenerator from './generator';

const WORKSPACE = resolve(__dirname, '../../../../..');
const VERSIONS = 'apps/shop/migrations/versions';

let root: string;
let db: TestDatabase;
let knex: Knex;

function write(path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

function knexMigration(name: string, table: string): void {
  write(`apps/shop/db/migrations/${name}.js`, `exports.up = (knex) => knex.schema.createTable('${table}', (t) => { t.increments('id'); t.string('name', 80).notNullable(); });\nexports.down = (knex) => knex.schema.dropTable('${table}');\n`);
}

/** What `nx g` does after the generator returns: write the Tree's changes, then run the callback. */
function flush(tree: FsTree): void {
  for (const change of tree.listChanges()) {
    if (change.type === 'DELETE') rmSync(join(root, change.path), { force: true });
    else write(change.path, change.content!.toString());
  }
}

const tables = async () => (await knex.raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r: { table_name: string }) => r.table_name);
const onDisk = () => readdirSync(join(root, VERSIONS));
const migrateLatest = () => knex.migrate.latest({ directory: join(root, 'apps/shop/db/migrations') });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mig-adopt-gen-'));
  symlinkSync(join(WORKSPACE, 'node_modules'), join(root, 'node_modules'));
  db = await createTestDatabase('postgres', 'adopt_gen');
  knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 1 } });
  write('package.json', '{ "name": "shop-workspace", "private": true }');
  write('nx.json', '{}');
  write('apps/shop/project.json', '{ "name": "shop", "root": "apps/shop" }');
  write('apps/shop/migrations/mig.config.ts', "export default { dialect: 'postgres', versions: ['versions'] };\n");
  write('apps/shop/migrations/script.ts.ejs', readFileSync(join(WORKSPACE, 'libs/core/templates/script.ts.ejs'), 'utf8'));
  mkdirSync(join(root, VERSIONS), { recursive: true });
  // A knexfile without a migrations.directory of its own would mean ./migrations; this one says where.
  write('apps/shop/knexfile.js', "module.exports = { client: 'pg', migrations: { directory: './db/migrations' } };\n");
  knexMigration('20240101_item', 'item');
  await migrateLatest();
});

afterAll(async () => {
  await knex?.destroy();
  await db?.drop();
  if (root) {
    unlinkSync(join(root, 'node_modules'));
    rmSync(root, { recursive: true, force: true });
  }
});

describe('mig:adopt', () => {
  it('writes the baseline through the Tree and reads the database only (what --dry-run shows)', async () => {
    const tree = new FsTree(root, false);
    await adoptGenerator(tree, { project: 'shop', url: db.url, revId: 'base01', skipFormat: true });
    expect(tree.listChanges().map((c) => `${c.type} ${c.path}`)).toEqual([`CREATE ${VERSIONS}/base01_baseline_adopted_from_knex.ts`]);
    expect(tree.read(`${VERSIONS}/base01_baseline_adopted_from_knex.ts`, 'utf-8')).toContain("createTable('item'");
    expect(onDisk()).toEqual([]);
    expect(await tables()).toEqual(['item', 'knex_migrations', 'knex_migrations_lock']);
  });

  it('refuses to stamp when a knex migration ran after the baseline was read, and takes the file back', async () => {
    const tree = new FsTree(root, false);
    const stamp = await adoptGenerator(tree, { project: 'shop', url: db.url, revId: 'base02', skipFormat: true });
    knexMigration('20240102_tag', 'tag');
    await migrateLatest();
    flush(tree);
    await expect(stamp()).rejects.toMatchObject({ code: 'MIG_ADOPT_CHANGED' });
    expect(onDisk()).toEqual([]);
    expect(await tables()).not.toContain('mig_version');
  });

  it('stamps the database once the file is written, and drops the knex tables when asked', async () => {
    const tree = new FsTree(root, false);
    const stamp = await adoptGenerator(tree, { project: 'shop', url: db.url, revId: 'base03', dropKnexTables: true });
    flush(tree);
    await stamp();
    const file = `${VERSIONS}/base03_baseline_adopted_from_knex.ts`;
    expect(onDisk()).toEqual(['base03_baseline_adopted_from_knex.ts']);
    expect(await tables()).toEqual(['item', 'mig_history', 'mig_version', 'tag']);
    expect((await knex('mig_version').select('version_num')).map((r) => r.version_num)).toEqual(['base03']);
    const [history] = await knex('mig_history').select('*');
    expect(history).toMatchObject({ revision: 'base03', direction: 'stamp', file });
    expect(history.checksum).toBe(createHash('sha256').update(readFileSync(join(root, file))).digest('hex'));
  });
});
