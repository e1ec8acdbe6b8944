/**
 * Introspection against a real MariaDB: a hand-made MySQL schema and the MySQL reading of every
 * portable fixture model set, applied as MySQL DDL, read back as exactly themselves; tables built
 * by knex's schema builder normalize to the canonical MySQL values; the query count is fixed.
 */
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SETS } from '../../models/fixtures/sets';
import { renderSchemaSql } from '../../render/schema-sql';
import type { Schema, Table } from '../../schema/schema';
import { createTestDatabase, type TestDatabase } from '../../testing/test-databases';
import { introspectMysql } from './introspect';
import { rowsOf } from './mysql-fixtures';
import { canonicalMysqlExpression } from './mysql-normalize';

/**
 * Drops what introspection cannot know (origins, rename hints) and how a check is spelled, and
 * spells raw defaults canonically (`now()` is CURRENT_TIMESTAMP): the model side must be
 * normalized with the dialect's functions too before a diff.
 */
function comparable(schema: Schema): unknown {
  return JSON.parse(
    JSON.stringify(schema, (key, value) => {
      if (key === 'origin' || key === 'renamedFrom' || key === 'expression') return undefined;
      if (key === 'default' && value?.kind === 'raw') return { kind: 'raw', sql: canonicalMysqlExpression(value.sql) };
      return value;
    }),
  );
}

const table = (name: string, rest: Partial<Table>): Table => ({ name, columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [], ...rest });

/** What the model reader produces for MySQL (MODELS.md §4), with names that need quoting. */
const HAND_MADE: Schema = {
  dialect: 'mysql',
  tables: [
    table('order lines', {
      columns: [
        { name: 'id', type: 'bigint unsigned', nullable: false, autoIncrement: true },
        { name: 'order`Id', type: 'int unsigned', nullable: false },
        { name: 'qty', type: 'int', nullable: false, default: { kind: 'literal', value: 1 } },
        { name: 'kind', type: 'int', nullable: true },
      ],
      primaryKey: { name: 'PRIMARY', columns: ['id'] },
      foreignKeys: [{ name: 'order lines_order`Id_fkey', columns: ['order`Id'], referencedTable: 'orders', referencedColumns: ['id'], onDelete: 'CASCADE' }],
      checks: [
        { name: 'order lines_kind_check', expression: '`kind` in (1,2)', enumOf: { column: 'kind', values: ['1', '2'] } },
        { name: 'order lines_qty_check', expression: '`qty` > 0' },
      ],
    }),
    table('orders', {
      columns: [
        { name: 'id', type: 'int unsigned', nullable: false, autoIncrement: true },
        { name: 'ref', type: 'char(36)', nullable: false },
        // No backslash: renderSchemaSql does not escape it for MySQL yet (the knex-built test covers it).
        { name: 'note', type: 'varchar(80)', nullable: true, default: { kind: 'literal', value: "it's new" }, comment: 'free text' },
        { name: 'status', type: "enum('new','it''s paid')", nullable: false, default: { kind: 'literal', value: 'new' } },
        { name: 'paid', type: 'tinyint(1)', nullable: false, default: { kind: 'literal', value: false } },
        { name: 'total', type: 'decimal(12,2)', nullable: false, default: { kind: 'literal', value: 0 } },
        { name: 'ratio', type: 'double', nullable: true },
        { name: 'meta', type: 'json', nullable: true },
        { name: 'body', type: 'text', nullable: true },
        { name: 'blob', type: 'longblob', nullable: true },
        { name: 'placedAt', type: 'datetime', nullable: false, default: { kind: 'raw', sql: 'CURRENT_TIMESTAMP' } },
        { name: 'shippedAt', type: 'datetime(3)', nullable: true, default: { kind: 'raw', sql: 'CURRENT_TIMESTAMP(3)' } },
        { name: 'accountId', type: 'int unsigned', nullable: true },
      ],
      primaryKey: { name: 'PRIMARY', columns: ['id'] },
      uniques: [{ name: 'orders_ref_key', columns: ['ref'] }],
      indexes: [{ name: 'orders_accountId_placedAt_idx', columns: ['accountId', 'placedAt'], unique: false }],
      foreignKeys: [{ name: 'orders_accountId_fkey', columns: ['accountId'], referencedTable: 'orders', referencedColumns: ['id'], onDelete: 'SET NULL', onUpdate: 'CASCADE' }],
      comment: "the orders' table",
    }),
  ],
};

describe('introspectMysql on MariaDB', () => {
  let db: TestDatabase;
  let knex: Knex;
  beforeAll(async () => {
    db = await createTestDatabase('mysql', 'introspect');
    knex = knexFactory({ client: 'mysql2', connection: db.url, pool: { min: 1, max: 1 } });
  });
  afterAll(async () => {
    await knex?.destroy();
    await db?.drop();
  });

  async function emptyDatabase(): Promise<void> {
    await knex.raw('SET FOREIGN_KEY_CHECKS = 0');
    for (const t of await rowsOf<{ name: string }>(knex, 'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()')) {
      await knex.schema.dropTable(t.name);
    }
    await knex.raw('SET FOREIGN_KEY_CHECKS = 1');
  }

  async function roundTrip(schema: Schema): Promise<Schema> {
    await emptyDatabase();
    for (const statement of renderSchemaSql(schema)) await knex.raw(statement);
    return introspectMysql(knex);
  }

  it('reads back a hand-made MySQL schema exactly, check spelling included', async () => {
    const read = await roundTrip(HAND_MADE);
    expect(read).toEqual(HAND_MADE);
  });

  // hints and diagnostics carry PostgreSQL-only SQL written by the user (gin, partial and expression indexes).
  for (const set of FIXTURE_SETS.filter((s) => !['hints', 'diagnostics'].includes(s.name))) {
    it(`reads back the MySQL schema of the ${set.name} models exactly`, async () => {
      const { readModels } = await import('../../models');
      const { schema } = await readModels({ ...set.options, dialect: 'mysql' });
      expect(comparable(await roundTrip(schema))).toEqual(comparable(schema));
    });
  }

  it('normalizes what knex builds: increments, boolean, enu, json, defaults, references, comments', async () => {
    await emptyDatabase();
    await knex.schema.createTable('owner', (t) => {
      t.increments('id');
      t.string('name', 50).notNullable().defaultTo("it's a\\b");
      t.enu('kind', ['a', 'b']).notNullable();
      t.boolean('active').defaultTo(true);
      t.integer('score').defaultTo(-3);
      t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
      t.datetime('seen_at', { precision: 3 });
      t.json('meta').defaultTo({ x: 1 } as never); // knex renders DEFAULT ('{"x":1}')
      t.uuid('ref');
      t.decimal('price', 8, 2);
      t.double('ratio');
      t.text('bio');
      t.binary('avatar');
      t.comment('owners');
    });
    await knex.schema.createTable('pet', (t) => {
      t.bigIncrements('id');
      t.integer('owner_id').unsigned().references('id').inTable('owner').onDelete('CASCADE');
      t.string('tag', 20);
      t.index(['tag'], 'pet_tag_idx');
      t.unique(['owner_id', 'tag']);
    });
    await knex.schema.createTable('mig_version', (t) => t.string('version_num', 64).primary());
    const read = await introspectMysql(knex, { exclude: ['mig_version'] });
    expect(read.tables.map((t) => t.name)).toEqual(['owner', 'pet']);
    const [owner, pet] = read.tables;
    expect(owner.comment).toBe('owners');
    expect(owner.columns).toEqual([
      { name: 'id', type: 'int unsigned', nullable: false, autoIncrement: true },
      { name: 'name', type: 'varchar(50)', nullable: false, default: { kind: 'literal', value: "it's a\\b" } },
      { name: 'kind', type: "enum('a','b')", nullable: false },
      { name: 'active', type: 'tinyint(1)', nullable: true, default: { kind: 'literal', value: true } },
      { name: 'score', type: 'int', nullable: true, default: { kind: 'literal', value: -3 } },
      { name: 'created_at', type: 'timestamp', nullable: false, default: { kind: 'raw', sql: 'CURRENT_TIMESTAMP' } },
      { name: 'seen_at', type: 'datetime(3)', nullable: true },
      { name: 'meta', type: 'json', nullable: true, default: { kind: 'json', value: { x: 1 } } },
      { name: 'ref', type: 'char(36)', nullable: true },
      { name: 'price', type: 'decimal(8,2)', nullable: true },
      { name: 'ratio', type: 'double', nullable: true },
      { name: 'bio', type: 'text', nullable: true },
      { name: 'avatar', type: 'blob', nullable: true },
    ]);
    expect(owner.primaryKey).toEqual({ name: 'PRIMARY', columns: ['id'] });
    // MariaDB's JSON is longtext + CHECK (json_valid(`meta`)): the check is the type, not a constraint.
    expect(owner.checks).toEqual([]);
    expect(pet.columns[0]).toEqual({ name: 'id', type: 'bigint unsigned', nullable: false, autoIncrement: true });
    expect(pet.foreignKeys).toEqual([{ name: 'pet_owner_id_foreign', columns: ['owner_id'], referencedTable: 'owner', referencedColumns: ['id'], onDelete: 'CASCADE' }]);
    // The unique key covers owner_id, so InnoDB adds no index of its own for the foreign key.
    expect(pet.uniques).toEqual([{ name: 'pet_owner_id_tag_unique', columns: ['owner_id', 'tag'] }]);
    expect(pet.indexes).toEqual([{ name: 'pet_tag_idx', columns: ['tag'], unique: false }]);
  });

  it('leaves out the index InnoDB adds for a foreign key, but keeps prefix and fulltext indexes', async () => {
    await emptyDatabase();
    await knex.raw('CREATE TABLE a (id int unsigned PRIMARY KEY, body text, title varchar(100))');
    await knex.raw('CREATE TABLE b (id int unsigned PRIMARY KEY, a_id int unsigned, CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id))');
    await knex.raw('CREATE INDEX a_body_prefix ON a (body(10))');
    await knex.raw('CREATE FULLTEXT INDEX a_title_ft ON a (title)');
    await knex.raw('CREATE UNIQUE INDEX a_title_prefix ON a (title(20))');
    const [a, b] = (await introspectMysql(knex)).tables;
    expect(b.indexes).toEqual([]);
    expect(b.foreignKeys).toEqual([{ name: 'b_a_fk', columns: ['a_id'], referencedTable: 'a', referencedColumns: ['id'] }]);
    expect(a.uniques).toEqual([]);
    expect(a.indexes).toEqual([
      { name: 'a_body_prefix', columns: ['body(10)'], unique: false },
      { name: 'a_title_ft', columns: ['title'], unique: false, using: 'fulltext' },
      { name: 'a_title_prefix', columns: ['title(20)'], unique: true },
    ]);
  });

  it('reads any number of tables with the same six queries', async () => {
    await emptyDatabase();
    const count = async () => {
      let queries = 0;
      const onQuery = () => queries++;
      knex.on('query', onQuery);
      try {
        await introspectMysql(knex);
      } finally {
        knex.removeListener('query', onQuery);
      }
      return queries;
    };
    await knex.raw('CREATE TABLE t0 (id int PRIMARY KEY)');
    const one = await count();
    for (let i = 1; i < 12; i++) await knex.raw(`CREATE TABLE t${i} (id int PRIMARY KEY, j json, CONSTRAINT t${i}_c CHECK (id > 0))`);
    expect(one).toBe(6);
    expect(await count()).toBe(6);
  });
});
