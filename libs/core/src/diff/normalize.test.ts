import { describe, expect, it } from 'vitest';
import { DIFF_RULES } from './dialect-rules';
import { canonicalDefault, enumValues, normalizeExpression, renameIdentifiers } from './normalize';

describe('normalizeExpression', () => {
  it.each([
    ['"price" >= 0', '(price >= (0)::numeric)'],
    [`"sku" <> ''`, `(sku <> ''::text)`],
    ['"tenantId" > 0', '("tenantId" > 0)'],
    ['"deletedAt" IS NULL', '("deletedAt" IS NULL)'],
    ['a  >  1 AND b != 2', '((a > 1) and (b <> 2))'],
    ['lower(name)', 'lower((name)::text)'],
    ['"createdAt" > now()', `("createdAt" > now())`],
    ['x::timestamp with time zone > y', 'x > y::timestamptz'],
  ])('%s equals %s', (a, b) => {
    expect(normalizeExpression(a)).toBe(normalizeExpression(b));
  });

  it.each([
    ['"price" >= 0', '"price" > 0'],
    ['"tenantId" > 0', 'tenantid > 0'],
    [`"a" = 'x'`, `"a" = 'X'`],
  ])('%s differs from %s', (a, b) => {
    expect(normalizeExpression(a)).not.toBe(normalizeExpression(b));
  });
});

describe('enumValues', () => {
  it('reads a model-style IN list and the deparsed knex enu() check alike', () => {
    const mine = enumValues(`"status" IN ('pending', 'paid')`);
    expect(mine).toEqual({ column: 'status', values: ['pending', 'paid'] });
    expect(enumValues(`((status)::text = ANY ((ARRAY['pending'::character varying, 'paid'::character varying])::text[]))`)).toEqual(mine);
    expect(enumValues(`(status = ANY (ARRAY['pending'::text, 'paid'::text]))`)).toEqual(mine);
  });

  it('is undefined for anything else', () => {
    expect(enumValues('"price" >= 0')).toBeUndefined();
    expect(enumValues(`"status" IN ('a', 'b') OR x`)).toBeUndefined();
  });
});

describe('canonicalDefault', () => {
  const pg = DIFF_RULES.postgres;
  const same = (type: string, a: Parameters<typeof canonicalDefault>[0], b: Parameters<typeof canonicalDefault>[0]) =>
    expect(canonicalDefault(a, pg.defaultAffinity(type))).toBe(canonicalDefault(b, pg.defaultAffinity(type)));

  it('equates an introspected cast literal with the plain literal', () => {
    same('text', { kind: 'raw', sql: `'draft'::text` }, { kind: 'literal', value: 'draft' });
    same('varchar(20)', { kind: 'raw', sql: `'it''s'::character varying` }, { kind: 'literal', value: "it's" });
    same('numeric(12,2)', { kind: 'raw', sql: `'0'::numeric` }, { kind: 'literal', value: 0 });
    same('integer', { kind: 'raw', sql: `'-1'::integer` }, { kind: 'literal', value: -1 });
    same('boolean', { kind: 'raw', sql: 'true' }, { kind: 'literal', value: true });
  });

  it('equates now() with CURRENT_TIMESTAMP', () => {
    same('timestamptz', { kind: 'raw', sql: 'now()' }, { kind: 'raw', sql: 'CURRENT_TIMESTAMP' });
  });

  it('equates JSON defaults regardless of key order and spelling', () => {
    same('jsonb', { kind: 'raw', sql: `'{"b": 1, "a": [true]}'::jsonb` }, { kind: 'json', value: { a: [true], b: 1 } });
  });

  it('treats NULL as no default', () => {
    expect(canonicalDefault({ kind: 'raw', sql: 'NULL::text' }, 'text')).toBeUndefined();
    expect(canonicalDefault({ kind: 'literal', value: null }, 'text')).toBeUndefined();
  });

  it('keeps different values apart', () => {
    expect(canonicalDefault({ kind: 'literal', value: '0' }, 'text')).not.toBe(canonicalDefault({ kind: 'literal', value: 0 }, 'number'));
    expect(canonicalDefault({ kind: 'raw', sql: 'gen_random_uuid()' }, 'text')).not.toBe(canonicalDefault({ kind: 'raw', sql: 'now()' }, 'text'));
  });

  it('reads MySQL boolean defaults as booleans', () => {
    const my = DIFF_RULES.mysql;
    const affinity = my.defaultAffinity(my.normalizeType('boolean'));
    expect(canonicalDefault({ kind: 'raw', sql: "'1'" }, affinity)).toBe(canonicalDefault({ kind: 'literal', value: true }, affinity));
  });
});

describe('type normalization', () => {
  it.each([
    ['postgres', 'character varying(255)', 'varchar(255)'],
    ['postgres', 'timestamp with time zone', 'timestamptz'],
    ['postgres', 'timestamp(3) with time zone', 'timestamptz(3)'],
    ['postgres', 'int4', 'integer'],
    ['postgres', 'numeric(10)', 'numeric(10,0)'],
    ['postgres', 'Decimal(12, 2)', 'numeric(12,2)'],
    ['postgres', '_text', '_text'],
    ['mysql', 'int(11)', 'int'],
    ['mysql', 'int(10) unsigned', 'int unsigned'],
    ['mysql', 'boolean', 'tinyint(1)'],
    ['mysql', "enum('a', 'b')", "enum('a','b')"],
  ] as const)('%s: %s → %s', (dialect, type, expected) => {
    expect(DIFF_RULES[dialect].normalizeType(type)).toBe(expected);
  });
});

describe('renameIdentifiers', () => {
  it('renames columns in an expression and keeps the rest as written', () => {
    const renames = new Map([['title', 'headline'], ['old', 'New One']]);
    expect(renameIdentifiers(`lower(title) || 'title' || "old"`, renames)).toBe(`lower(headline) || 'title' || "New One"`);
    expect(renameIdentifiers('title(x)', renames)).toBe('title(x)');
  });
});
