/**
 * Introspection against real databases: the canonical DDL of every fixture model set, applied to
 * PGlite and PostgreSQL, reads back as exactly the hand-written expected schema; and tables built
 * by knex's schema builder normalize to the same canonical values.
 */
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SETS } from '../../models/fixtures/sets';
import { renderSchemaSql } from '../../render/schema-sql';
import type { Schema } from '../../schema/schema';
import { createTestDatabase, type TestDatabase } from '../../testing/test-databases';
import { newMemoryPglite } from '../pglite/memory-pglite';
import { introspectPostgres } from './introspect';

/**
 * Drops what introspection cannot know (model origins, rename hints). Check expressions come back
 * in PostgreSQL's own spelling (`(price >= (0)::numeric)`), and a raw `'n/a'` default as the
 * literal it is: comparing those is diff/'s job, so here checks compare by name and enum values.
 */
function comparable(schema: Schema): unknown {
  return JSON.parse(
    JSON.stringify(schema, (key, value) => {
      if (key === 'origin' || key === 'renamedFrom') return undefined;
      if (key === 'expression') return undefined;
      if (key === 'default' && value?.kind === 'raw' && /^'[^']*'$/.test(value.sql)) return { kind: 'literal', value: value.sql.slice(1, -1) };
      return value;
    }),
  );
}

async function openPglite(): Promise<Knex> {
  const pglite = await newMemoryPglite();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return knexFactory({ client: require('knex-pglite'), connection: { pglite } as never });
}

describe.each(['pglite', 'postgres'] as const)('introspectPostgres on %s', (dialect) => {
  let db: TestDatabase | undefined;
  let knex: Knex;
  beforeAll(async () => {
    if (dialect === 'pglite') knex = await openPglite();
    else {
      db = await createTestDatabase('postgres', 'introspect');
      knex = knexFactory({ client: 'pg', connection: db.url });
    }
  });
  afterAll(async () => {
    await knex?.destroy();
    await db?.drop();
  });

  async function inFreshSchema<T>(name: string, fn: () => Promise<T>): Promise<T> {
    await knex.raw(`DROP SCHEMA IF EXISTS "${name}" CASCADE; CREATE SCHEMA "${name}"`.split(';')[0]);
    await knex.raw(`CREATE SCHEMA "${name}"`);
    await knex.raw(`SET search_path TO "${name}"`);
    try {
      return await fn();
    } finally {
      await knex.raw('SET search_path TO public');
    }
  }

  for (const set of FIXTURE_SETS.filter((s) => s.name !== 'diagnostics')) {
    it(`reads back the ${set.name} fixture schema exactly`, async () => {
      const schemaName = `fx_${set.name.replace(/-/g, '_')}`;
      const read = await inFreshSchema(schemaName, async () => {
        for (const statement of renderSchemaSql(set.expected)) await knex.raw(statement);
        return introspectPostgres(knex, { schemas: [schemaName] });
      });
      expect(comparable(read)).toEqual(comparable(set.expected));
    });
  }

  it('normalizes what knex builds: increments, string, enu, defaults, references, comments', async () => {
    const read = await inFreshSchema('knex_built', async () => {
      await knex.schema.withSchema('knex_built').createTable('owner', (t) => {
        t.increments('id');
        t.string('name', 50).notNullable().defaultTo('anon');
        t.enu('kind', ['a', 'b']).notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.jsonb('meta').defaultTo(knex.raw(`'{"x":1}'::jsonb`));
        t.boolean('active').defaultTo(true);
        t.integer('score').defaultTo(-3);
        t.comment('owners');
      });
      await knex.schema.withSchema('knex_built').createTable('pet', (t) => {
        t.bigIncrements('id');
        t.integer('owner_id').unsigned().references('id').inTable('knex_built.owner').onDelete('CASCADE');
        t.specificType('tags', 'text[]');
        t.index(['owner_id'], 'pet_owner_idx');
        t.unique(['owner_id', 'tags']);
      });
      return introspectPostgres(knex, { schemas: ['knex_built'], exclude: ['mig_version'] });
    });
    const [owner, pet] = read.tables;
    expect(owner.name).toBe('owner');
    expect(owner.comment).toBe('owners');
    expect(owner.columns).toEqual([
      { name: 'id', type: 'integer', nullable: false, autoIncrement: true },
      { name: 'name', type: 'varchar(50)', nullable: false, default: { kind: 'literal', value: 'anon' } },
      { name: 'kind', type: 'text', nullable: false },
      { name: 'created_at', type: 'timestamptz', nullable: false, default: { kind: 'raw', sql: 'CURRENT_TIMESTAMP' } },
      { name: 'meta', type: 'jsonb', nullable: true, default: { kind: 'json', value: { x: 1 } } },
      { name: 'active', type: 'boolean', nullable: true, default: { kind: 'literal', value: true } },
      { name: 'score', type: 'integer', nullable: true, default: { kind: 'literal', value: -3 } },
    ]);
    expect(owner.primaryKey).toEqual({ name: 'owner_pkey', columns: ['id'] });
    expect(owner.checks).toHaveLength(1);
    expect(owner.checks[0].enumOf).toEqual({ column: 'kind', values: ['a', 'b'] });
    expect(pet.columns[0]).toEqual({ name: 'id', type: 'bigint', nullable: false, autoIncrement: true });
    expect(pet.columns[2].type).toBe('text[]');
    expect(pet.foreignKeys).toEqual([
      { name: 'pet_owner_id_foreign', columns: ['owner_id'], referencedTable: 'owner', referencedColumns: ['id'], onDelete: 'CASCADE' },
    ]);
    expect(pet.indexes).toEqual([{ name: 'pet_owner_idx', columns: ['owner_id'], unique: false }]);
    expect(pet.uniques).toEqual([{ name: 'pet_owner_id_tags_unique', columns: ['owner_id', 'tags'] }]);
  });

  it('spells time types with a precision as the model reader does (timestamptz(3), not "timestamp(3) with time zone")', async () => {
    const read = await inFreshSchema('precise_times', async () => {
      await knex.raw('CREATE TABLE precise_times.event (a timestamptz(3), b timestamp(0), c timetz(6), d time(2), e timestamptz(3)[])');
      return introspectPostgres(knex, { schemas: ['precise_times'] });
    });
    expect(read.tables[0].columns.map((c) => c.type)).toEqual(['timestamptz(3)', 'timestamp(0)', 'timetz(6)', 'time(2)', 'timestamptz(3)[]']);
  });
});
