import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SETS } from '../models/fixtures/sets';
import type { Schema } from '../schema/schema';
import { createTestDatabase, type TestDatabase } from '../testing/test-databases';
import { renderSchemaSql } from './schema-sql';

const schema = (dialect: Schema['dialect']): Schema => ({
  dialect,
  tables: [
    {
      name: 'orders',
      columns: [
        { name: 'id', type: dialect === 'postgres' ? 'integer' : 'int unsigned', nullable: false, autoIncrement: true },
        { name: 'accountId', type: dialect === 'postgres' ? 'integer' : 'int unsigned', nullable: false },
        { name: 'status', type: 'text', nullable: false, default: { kind: 'literal', value: "it's new" } },
        { name: 'meta', type: dialect === 'postgres' ? 'jsonb' : 'json', nullable: true, default: { kind: 'json', value: { a: 1 } }, comment: 'free form' },
        { name: 'paid', type: 'boolean', nullable: false, default: { kind: 'literal', value: false } },
        { name: 'at', type: 'timestamptz', nullable: false, default: { kind: 'raw', sql: 'now()' } },
      ],
      primaryKey: { name: dialect === 'postgres' ? 'orders_pkey' : 'PRIMARY', columns: ['id'] },
      uniques: [{ name: 'orders_accountId_status_key', columns: ['accountId', 'status'] }],
      indexes: [
        { name: 'orders_meta_idx', columns: ['meta'], unique: false, using: 'gin' },
        { name: 'orders_lower_idx', columns: ['lower(status)'], unique: true, where: 'paid' },
      ],
      foreignKeys: [{ name: 'orders_accountId_fkey', columns: ['accountId'], referencedTable: 'accounts', referencedColumns: ['id'], onDelete: 'CASCADE' }],
      checks: [{ name: 'orders_status_check', expression: `"status" IN ('a', 'b')`, enumOf: { column: 'status', values: ['a', 'b'] } }],
      comment: 'Orders',
    },
    { name: 'accounts', columns: [{ name: 'id', type: 'integer', nullable: false }], primaryKey: { name: 'accounts_pkey', columns: ['id'] }, uniques: [], indexes: [], foreignKeys: [], checks: [] },
  ],
});

describe('renderSchemaSql', () => {
  it('prints canonical PostgreSQL DDL: tables by name, then foreign keys, indexes, comments', () => {
    expect(renderSchemaSql(schema('postgres'))).toEqual([
      'CREATE TABLE "accounts" (\n  "id" integer NOT NULL,\n  CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")\n);',
      'CREATE TABLE "orders" (\n' +
        '  "id" serial NOT NULL,\n' +
        '  "accountId" integer NOT NULL,\n' +
        `  "status" text NOT NULL DEFAULT 'it''s new',\n` +
        `  "meta" jsonb DEFAULT '{"a":1}'::jsonb,\n` +
        '  "paid" boolean NOT NULL DEFAULT false,\n' +
        '  "at" timestamptz NOT NULL DEFAULT now(),\n' +
        '  CONSTRAINT "orders_pkey" PRIMARY KEY ("id"),\n' +
        '  CONSTRAINT "orders_accountId_status_key" UNIQUE ("accountId", "status"),\n' +
        `  CONSTRAINT "orders_status_check" CHECK ("status" IN ('a', 'b'))\n` +
        ');',
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts" ("id") ON DELETE CASCADE;',
      'CREATE UNIQUE INDEX "orders_lower_idx" ON "orders" ((lower(status))) WHERE paid;',
      'CREATE INDEX "orders_meta_idx" ON "orders" USING gin ("meta");',
      `COMMENT ON TABLE "orders" IS 'Orders';`,
      `COMMENT ON COLUMN "orders"."meta" IS 'free form';`,
    ]);
  });

  it('prints MySQL DDL with inline comments, AUTO_INCREMENT and JSON casts', () => {
    const [accounts, orders, fk] = renderSchemaSql(schema('mysql'));
    expect(accounts).toBe('CREATE TABLE `accounts` (\n  `id` integer NOT NULL,\n  PRIMARY KEY (`id`)\n);');
    expect(orders.split('\n')).toEqual([
      'CREATE TABLE `orders` (',
      '  `id` int unsigned NOT NULL AUTO_INCREMENT,',
      '  `accountId` int unsigned NOT NULL,',
      "  `status` text NOT NULL DEFAULT 'it''s new',",
      `  \`meta\` json DEFAULT (CAST('{"a":1}' AS JSON)) COMMENT 'free form',`,
      '  `paid` boolean NOT NULL DEFAULT 0,',
      '  `at` timestamptz NOT NULL DEFAULT now(),',
      '  PRIMARY KEY (`id`),',
      '  CONSTRAINT `orders_accountId_status_key` UNIQUE KEY (`accountId`, `status`),',
      `  CONSTRAINT \`orders_status_check\` CHECK ("status" IN ('a', 'b'))`,
      ") COMMENT='Orders';",
    ]);
    expect(fk).toBe('ALTER TABLE `orders` ADD CONSTRAINT `orders_accountId_fkey` FOREIGN KEY (`accountId`) REFERENCES `accounts` (`id`) ON DELETE CASCADE;');
  });
});

describe('MySQL DDL of the fixture models on the real MariaDB', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('mysql', 'schema_sql');
  });
  afterAll(async () => {
    await db?.drop();
  });

  // hints and diagnostics carry PostgreSQL-only SQL written by the user (gin, partial and expression indexes).
  const portable = FIXTURE_SETS.filter((s) => !['hints', 'diagnostics'].includes(s.name));

  it('applies the MySQL rendering of every portable fixture set and yields the MySQL type table', async () => {
    const { readModels } = await import('../models');
    const knex = knexFactory({ client: 'mysql2', connection: db.url, pool: { min: 0, max: 1 } });
    try {
      for (const set of portable) {
        await knex.raw('SET FOREIGN_KEY_CHECKS = 0');
        for (const t of (await knex.raw('SHOW TABLES'))[0]) await knex.raw(`DROP TABLE \`${Object.values(t)[0]}\``);
        await knex.raw('SET FOREIGN_KEY_CHECKS = 1');
        const { schema: read } = await readModels({ ...set.options, dialect: 'mysql' });
        for (const statement of renderSchemaSql(read)) await knex.raw(statement);
        if (set.name !== 'tutorial') continue;
        const [rows] = await knex.raw(
          `SELECT TABLE_NAME t, COLUMN_NAME c, COLUMN_TYPE ty, IS_NULLABLE n, COALESCE(COLUMN_DEFAULT, '-') d, EXTRA e
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
          [db.name],
        );
        expect((rows as Record<string, string>[]).map((r) => `${r.t}.${r.c} ${r.ty} ${r.n} ${r.d} ${r.e}`.trim())).toEqual([
          'accounts.id int(10) unsigned NO - auto_increment',
          'accounts.name varchar(255) NO -',
          'accounts.description varchar(255) YES NULL',
          'orders.id int(10) unsigned NO - auto_increment',
          'orders.accountId int(10) unsigned NO -',
          'orders.total double NO -',
          "orders.status enum('pending','paid','cancelled') NO 'pending'",
          'orders.note varchar(255) YES NULL',
          'orders.placedAt datetime YES NULL',
        ]);
      }
    } finally {
      await knex.destroy();
    }
  });
});
