import { describe, expect, it } from 'vitest';
import { findTable } from '../schema/schema';
import { FIXTURE_SETS } from './fixtures/sets';
import { readModels } from './index';
import { withoutOrigins } from './test-support/schema-shape';

describe('readModels on the fixture sets', () => {
  for (const set of FIXTURE_SETS) {
    it(`reads the ${set.name} models into the schema written by hand from MODELS.md`, async () => {
      const { schema } = await readModels(set.options);
      expect(withoutOrigins(schema)).toEqual(set.expected);
    });

    if (set.name !== 'diagnostics') {
      it(`reads the ${set.name} models without any diagnostic`, async () => {
        const { diagnostics } = await readModels(set.options);
        expect(diagnostics).toEqual([]);
      });
    }
  }
});

describe('origins', () => {
  it('point at the declaring file and line of each table, column and constraint', async () => {
    const set = FIXTURE_SETS.find((s) => s.name === 'tutorial')!;
    const { schema } = await readModels(set.options);
    const dir = 'libs/core/src/models/fixtures/tutorial/models';
    const accounts = findTable(schema, 'accounts')!;
    const orders = findTable(schema, 'orders')!;
    expect(accounts.origin).toEqual({ file: `${dir}/account.ts`, line: 5 });
    expect(accounts.columns.map((c) => c.origin?.line)).toEqual([8, 9, 10]);
    expect(orders.foreignKeys[0].origin).toEqual({ file: `${dir}/account.ts`, line: 25 });
    expect(orders.checks[0].origin).toEqual({ file: `${dir}/order.ts`, line: 14 });
  });
});
