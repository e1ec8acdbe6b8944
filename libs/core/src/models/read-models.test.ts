import { describe, expect, it } from 'vitest';
import { FIXTURE_SETS } from './fixtures/sets';
import { readModels } from './index';
import { withoutOrigins } from './test-support/schema-shape';

describe('readModels on the fixture sets', () => {
  for (const set of FIXTURE_SETS) {
    it(`reads the ${set.name} models into the schema written by hand from MODELS.md`, async () => {
      const { schema } = await readModels(set.options);
      expect(withoutOrigins(schema)).toEqual(set.expected);
    });
  }
});
