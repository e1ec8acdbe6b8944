import { describe, expect, it } from 'vitest';
import type { Column } from '../schema/schema';
import { describeOp } from './describe';
import { destructiveReason, isDestructive } from './destructive';
import { OP_KINDS } from './ops';
import { typeNarrowing } from './sql-type';
import { random, randomOp } from './test-support/random';

const column = (type: string, extra: Partial<Column> = {}): Column => ({ name: 'c', type, nullable: true, ...extra });
const alter = (from: Column, to: Column) => ({ kind: 'alterColumn' as const, table: 't', from, to });

describe('isDestructive', () => {
  it('flags dropping a table or a column', () => {
    expect(isDestructive(randomOp(random(1), 'dropTable'))).toBe(true);
    expect(isDestructive(randomOp(random(1), 'dropColumn'))).toBe(true);
  });

  it('leaves adds, renames and constraint changes alone', () => {
    const safe = OP_KINDS.filter((k) => !['dropTable', 'dropColumn', 'alterColumn'].includes(k));
    for (const kind of safe) expect(isDestructive(randomOp(random(3), kind)), kind).toBe(false);
  });

  it('flags narrowing types and not widening ones', () => {
    expect(destructiveReason(alter(column('varchar(100)'), column('varchar(50)')))).toMatch(/varchar\(100\) → varchar\(50\)/);
    expect(isDestructive(alter(column('text'), column('varchar(255)')))).toBe(true);
    expect(isDestructive(alter(column('varchar(50)'), column('varchar(100)')))).toBe(false);
    expect(isDestructive(alter(column('varchar(50)'), column('text')))).toBe(false);
    expect(isDestructive(alter(column('integer'), column('bigint')))).toBe(false);
    expect(isDestructive(alter(column('bigint'), column('integer')))).toBe(true);
  });

  it('flags NOT NULL without a default, but not with one', () => {
    expect(destructiveReason(alter(column('text'), column('text', { nullable: false })))).toMatch(/NOT NULL without a default/);
    expect(isDestructive(alter(column('text'), column('text', { nullable: false, default: { kind: 'literal', value: '' } })))).toBe(false);
    expect(isDestructive(alter(column('text', { nullable: false }), column('text')))).toBe(false);
  });
});

describe('typeNarrowing', () => {
  it.each([
    ['numeric(12,2)', 'numeric(14,2)', false],
    ['numeric(12,2)', 'numeric(12,0)', true],
    ['numeric(12,2)', 'numeric', false],
    ['integer', 'numeric(12,0)', false],
    ['bigint', 'numeric(12,0)', true],
    ['real', 'double precision', false],
    ['double precision', 'real', true],
    ['timestamp', 'timestamptz', false],
    ['integer', 'text', false],
    ['text[]', 'text', true],
    ['int unsigned', 'bigint', false],
    ['int', 'int unsigned', true],
    ["enum('a','b')", "enum('a','b','c')", false],
    ["enum('a','b')", "enum('a')", true],
    ['varchar(20)', 'mediumtext', false],
    ['jsonb', 'integer', true],
    ['Character Varying(20)', 'character varying(20)', false],
  ])('%s → %s narrows: %s', (from, to, narrows) => {
    expect(typeNarrowing(from, to) !== undefined).toBe(narrows);
  });
});

describe('describeOp', () => {
  it('says what each op does in one line', () => {
    expect(describeOp({ kind: 'addColumn', table: 'account', column: column('text', { name: 'name' }) })).toBe('add column account.name');
    expect(describeOp({ kind: 'renameTable', from: 'items', to: 'products' })).toBe('rename table items to products');
    expect(describeOp(alter(column('varchar(100)'), column('varchar(50)', { nullable: false })))).toBe('alter column t.c (type varchar(100) → varchar(50), not null)');
    expect(
      describeOp({ kind: 'addForeignKey', table: 'orders', foreignKey: { name: 'fk', columns: ['account_id'], referencedTable: 'accounts', referencedColumns: ['id'], onDelete: 'CASCADE' } }),
    ).toBe('add foreign key orders.fk (account_id) → accounts (id) on delete cascade');
    expect(describeOp({ kind: 'setTableComment', table: 't', from: 'x' })).toBe('remove comment on table t');
  });

  it('describes every kind on one line', () => {
    for (const kind of OP_KINDS) expect(describeOp(randomOp(random(5), kind))).not.toMatch(/\n|undefined/);
  });
});
