import { describe, expect, it } from 'vitest';
import { autoIncrementType, enumCheckExpression, referencingType, sqlType } from './column-types';
import { foreignKeyHolder } from './foreign-keys';
import { readJsonPropertyType, readJsonSchema } from './json-schema';
import { mergeUnion } from './ts-types';

describe('foreignKeyHolder', () => {
  it('puts the key on the non-key side, uses the tie-break when both are keys, and gives up when neither is', () => {
    expect(foreignKeyHolder(true, false, 'first')).toBe('second');
    expect(foreignKeyHolder(false, true, 'second')).toBe('first');
    expect(foreignKeyHolder(true, true, 'first')).toBe('first');
    expect(foreignKeyHolder(true, true, 'second')).toBe('second');
    expect(foreignKeyHolder(false, false, 'first')).toBe('none');
  });
});

describe('sqlType', () => {
  const pg = { dialect: 'postgres', stringDefault: 'text' } as const;
  const my = { dialect: 'mysql', stringDefault: 'text' } as const;
  it('follows the PostgreSQL and MySQL columns of the type table', () => {
    const kinds = ['integer', 'number', 'bigint', 'string', 'boolean', 'datetime', 'date', 'time', 'uuid', 'json', 'binary', 'any', 'mixed', 'stringArray', 'integerArray', 'booleanArray'] as const;
    expect(kinds.map((kind) => sqlType({ kind }, pg))).toEqual([
      'integer', 'double precision', 'bigint', 'text', 'boolean', 'timestamptz', 'date', 'time', 'uuid', 'jsonb', 'bytea', 'jsonb', 'text', 'text[]', 'integer[]', 'boolean[]',
    ]);
    expect(kinds.map((kind) => sqlType({ kind }, my))).toEqual([
      'int', 'double', 'bigint', 'varchar(255)', 'tinyint(1)', 'datetime', 'date', 'time', 'char(36)', 'json', 'longblob', 'json', 'varchar(255)', 'json', 'json', 'json',
    ]);
  });

  it('sizes strings: varchar(n), and text/mediumtext past MySQL varchar limits', () => {
    expect(sqlType({ kind: 'string', maxLength: 20 }, pg)).toBe('varchar(20)');
    expect(sqlType({ kind: 'string', maxLength: 16383 }, my)).toBe('varchar(16383)');
    expect(sqlType({ kind: 'string', maxLength: 16384 }, my)).toBe('text');
    expect(sqlType({ kind: 'string', maxLength: 70000 }, my)).toBe('mediumtext');
    expect(sqlType({ kind: 'string', enumValues: ['a', "b'c"] }, my)).toBe("enum('a','b''c')");
  });

  it('derives auto-increment and referencing types', () => {
    expect(autoIncrementType('int', 'mysql')).toBe('int unsigned');
    expect(autoIncrementType('bigint', 'postgres')).toBe('bigint');
    expect(referencingType('serial')).toBe('integer');
    expect(referencingType('int unsigned')).toBe('int unsigned');
    expect(enumCheckExpression('kind', ['a', 1], 'mysql')).toBe("`kind` IN ('a', 1)");
  });
});

describe('jsonSchema properties', () => {
  it('flattens anyOf/oneOf with a null branch into a nullable type of the other branch', () => {
    expect(readJsonPropertyType({ anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] })).toMatchObject({ type: { kind: 'string', maxLength: 5 }, admitsNull: true });
    expect(readJsonPropertyType({ type: 'string', enum: ['a', null] })).toMatchObject({ type: { kind: 'string', enumValues: ['a'] }, admitsNull: true });
    expect(readJsonPropertyType({ const: 'only' })).toMatchObject({ type: { kind: 'string', enumValues: ['only'] } });
    expect(readJsonPropertyType({ type: ['integer', 'number'] }).type).toEqual({ kind: 'number' });
    expect(readJsonPropertyType({ type: ['object', 'null'] })).toMatchObject({ type: { kind: 'json' }, admitsNull: true, jsonAttribute: true });
    expect(readJsonPropertyType({ type: 'decimal' })).toMatchObject({ type: undefined, unsupported: 'decimal' });
  });

  it('unions required and properties across allOf in source order', () => {
    const info = readJsonSchema({ allOf: [{ required: ['a'], properties: { a: { type: 'string' } } }], required: ['b'], properties: { b: { type: 'integer' } } });
    expect(info?.properties.map((p) => p.name)).toEqual(['a', 'b']);
    expect([...(info?.required ?? [])]).toEqual(['a', 'b']);
  });
});

describe('TypeScript unions', () => {
  it('folds literals into enums and Date | string into datetime', () => {
    const lit = (v: string) => ({ admitsNull: false, type: { kind: 'string' as const, enumValues: [v] } });
    expect(mergeUnion([lit('a'), lit('b'), { admitsNull: true }])).toEqual({ admitsNull: true, type: { kind: 'string', enumValues: ['a', 'b'] } });
    expect(mergeUnion([{ admitsNull: false, type: { kind: 'datetime' } }, { admitsNull: false, type: { kind: 'string' } }])).toEqual({ admitsNull: false, type: { kind: 'datetime' } });
    expect(mergeUnion([{ admitsNull: false, type: { kind: 'integer' } }, { admitsNull: false, type: { kind: 'string' } }]).type).toEqual({ kind: 'mixed' });
  });
});
