/**
 * The same schema as a knex-built database reports it and as the models produce it must diff to
 * nothing: names, casts, enum spellings and default spellings differ, meaning does not.
 */
import { describe, expect, it } from 'vitest';
import { describeOp } from '../ops/describe';
import { reverseAll } from '../ops/reverse';
import { random, randomTable } from '../ops/test-support/random';
import { expectedHints } from '../models/fixtures/hints/expected';
import { expectedTutorial } from '../models/fixtures/tutorial/expected';
import type { Schema } from '../schema/schema';
import { diffSchemas } from './diff-schemas';

/** expectedTutorial as introspected from a database that knex's schema builder created. */
const tutorialBuiltByKnex: Schema = {
  dialect: 'postgres',
  tables: [
    {
      name: 'accounts',
      columns: [
        { name: 'id', type: 'integer', nullable: false, autoIncrement: true },
        { name: 'name', type: 'varchar(255)', nullable: false },
        { name: 'description', type: 'text', nullable: true },
      ],
      primaryKey: { name: 'accounts_pkey', columns: ['id'] },
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    },
    {
      name: 'orders',
      columns: [
        { name: 'id', type: 'integer', nullable: false, autoIncrement: true },
        { name: 'accountId', type: 'integer', nullable: false },
        { name: 'total', type: 'double precision', nullable: false },
        { name: 'status', type: 'text', nullable: false, default: { kind: 'raw', sql: `'pending'::text` } },
        { name: 'note', type: 'text', nullable: true },
        { name: 'placedAt', type: 'timestamptz', nullable: true },
      ],
      primaryKey: { name: 'orders_pkey', columns: ['id'] },
      uniques: [],
      indexes: [],
      foreignKeys: [{ name: 'orders_accountid_foreign', columns: ['accountId'], referencedTable: 'accounts', referencedColumns: ['id'], onDelete: 'NO ACTION' }],
      checks: [{ name: 'orders_status_check', expression: `(status = ANY (ARRAY['pending'::text, 'paid'::text, 'cancelled'::text]))` }],
    },
  ],
};

describe('diffSchemas: equivalent spellings', () => {
  it('finds no change between a knex-built database and the models that describe it', () => {
    expect(diffSchemas(tutorialBuiltByKnex, expectedTutorial)).toEqual({ ops: [], warnings: [] });
  });

  it('finds no change between a schema and itself (the model fixtures)', () => {
    for (const s of [expectedTutorial, expectedHints]) expect(diffSchemas(s, s).ops).toEqual([]);
  });

  it('diffs the other way round into exactly the reversed ops (300 random schema pairs)', () => {
    const names = ['account', 'order', 'item', 'tag'];
    const randomSchema = (seed: number): Schema => {
      const r = random(seed);
      return { dialect: 'postgres', tables: names.filter(() => r.chance(0.7)).map((n) => randomTable(r, n, names)) };
    };
    const sorted = (lines: string[]) => [...lines].sort();
    for (let seed = 1; seed <= 300; seed++) {
      const a = randomSchema(seed);
      const b = randomSchema(seed + 10_000);
      expect(diffSchemas(a, a).ops, `seed ${seed}`).toEqual([]);
      const forward = diffSchemas(a, b).ops.map(describeOp);
      const backward = reverseAll(diffSchemas(b, a).ops).map(describeOp);
      expect(sorted(backward), `seed ${seed}`).toEqual(sorted(forward));
    }
  });
});
