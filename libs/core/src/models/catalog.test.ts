import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSchemaSql } from '../render/schema-sql';
import { createTestDatabase, type TestDatabase } from '../testing/test-databases';
import { FIXTURE_SETS } from './fixtures/sets';
import { readModels } from './index';
import { applyIn, readCatalog, withClient } from './test-support/pg-catalog';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('postgres', 'models_catalog');
});
afterAll(async () => {
  await db?.drop();
});

describe('the schema read from models, applied to PostgreSQL', () => {
  for (const set of FIXTURE_SETS) {
    it(`builds the same catalog as the hand-written DDL for the ${set.name} models`, async () => {
      const { schema } = await readModels(set.options);
      await withClient(db.url, async (client) => {
        await applyIn(client, `${set.name}_actual`, renderSchemaSql(schema));
        await applyIn(client, `${set.name}_expected`, fs.readFileSync(set.expectedSql, 'utf8'));
        const actual = await readCatalog(client, `${set.name}_actual`);
        const expected = await readCatalog(client, `${set.name}_expected`);
        expect(actual).toEqual(expected);
        expect(actual.columns.length).toBeGreaterThan(0);
      });
    });
  }
});
