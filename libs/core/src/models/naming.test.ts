import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { breaksRoundTrip, camelCase, propertyDbName, refDbName, snakeCase, tableDbName } from './naming';

// objection's own implementation is the oracle: ours must agree character for character.
const oracle = createRequire(__filename)('objection/lib/utils/identifierMapping') as {
  snakeCase: (s: string, o?: object) => string;
  camelCase: (s: string, o?: object) => string;
};

const samples = ['id', 'firstName', 'address1', 'addressLine2Text', 'userID', 'fooBAR', 'HTMLParser', 'a', '', 'äöÜber', 'x_y', 'ownerId'];
const optionSets = [{}, { underscoreBeforeDigits: true }, { underscoreBetweenUppercaseLetters: true }, { upperCase: true }];

describe('snakeCase', () => {
  it('agrees with objection for every sample and option set', () => {
    for (const options of optionSets) {
      for (const sample of samples) {
        expect(snakeCase(sample, options), `${sample} ${JSON.stringify(options)}`).toBe(oracle.snakeCase(sample, options));
        expect(camelCase(snakeCase(sample, options), options)).toBe(oracle.camelCase(oracle.snakeCase(sample, options), options));
      }
    }
  });

  it('puts an underscore only before the first digit of a run with underscoreBeforeDigits', () => {
    expect(snakeCase('line12Total', { underscoreBeforeDigits: true })).toBe('line_12_total');
    expect(snakeCase('line12Total')).toBe('line12_total');
  });
});

describe('naming regimes', () => {
  it('maps properties only with a model mapper, leaving table and ref names as written', () => {
    const naming = { model: {} };
    expect(propertyDbName(naming, 'firstName')).toBe('first_name');
    expect(tableDbName(naming, 'personPets')).toBe('personPets');
    expect(refDbName(naming, 'ownerId')).toBe('ownerId');
  });

  it('maps every identifier part with a knex mapper', () => {
    const naming = { knex: {} };
    expect(tableDbName(naming, 'mySchema.personPets')).toBe('my_schema.person_pets');
    expect(refDbName(naming, 'ownerId')).toBe('owner_id');
    expect(propertyDbName(naming, 'firstName')).toBe('first_name');
  });

  it('flags properties that do not survive snakeCase and back', () => {
    expect(breaksRoundTrip({ model: {} }, 'userID')).toBe(true);
    expect(breaksRoundTrip({ model: {} }, 'userId')).toBe(false);
    expect(breaksRoundTrip({}, 'userID')).toBe(false);
  });
});
