import { describe, expect, it } from 'vitest';
import { checkColumn, chooseName, makeObjectName } from './constraint-names';

describe('makeObjectName', () => {
  it('joins table, columns and label', () => {
    expect(makeObjectName('orders', 'customer_id', 'fkey')).toBe('orders_customer_id_fkey');
    expect(makeObjectName('orders', undefined, 'pkey')).toBe('orders_pkey');
  });

  it('shortens the longer part first to fit 63 bytes, like PostgreSQL', () => {
    const name = makeObjectName('a'.repeat(40), 'b'.repeat(40), 'key');
    expect(name).toBe(`${'a'.repeat(29)}_${'b'.repeat(29)}_key`);
    expect(name.length).toBe(63);
  });
});

describe('chooseName', () => {
  it('numbers the label when the name is taken', () => {
    const taken = new Set<string>();
    expect(chooseName('t', ['c'], 'check', taken)).toBe('t_c_check');
    expect(chooseName('t', ['c'], 'check', taken)).toBe('t_c_check1');
    expect(chooseName('t', ['a', 'b'], 'key', taken)).toBe('t_a_b_key');
  });
});

describe('checkColumn', () => {
  it('finds the one column an expression names, ignoring string literals', () => {
    expect(checkColumn(`"sku" <> 'price'`, ['sku', 'price'])).toBe('sku');
    expect(checkColumn('price >= 0 AND sku <> price', ['sku', 'price'])).toBeUndefined();
    expect(checkColumn('1 = 1', ['sku'])).toBeUndefined();
  });
});
