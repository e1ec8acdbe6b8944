import { describe, expect, it } from 'vitest';
import type { ForeignKey, Table } from '../schema/schema';
import { describeOp } from './describe';
import type { Op } from './ops';
import { orderOps } from './order';
import { reverseAll } from './reverse';

const fk = (column: string, referencedTable: string): ForeignKey => ({ name: `${column}_fkey`, columns: [column], referencedTable, referencedColumns: ['id'] });
const table = (name: string, ...foreignKeys: ForeignKey[]): Table => ({
  name,
  columns: [{ name: 'id', type: 'integer', nullable: false }, ...foreignKeys.map((f) => ({ name: f.columns[0]!, type: 'integer', nullable: true }))],
  uniques: [],
  indexes: [],
  foreignKeys,
  checks: [],
});
const create = (t: Table): Op => ({ kind: 'createTable', table: t });
const drop = (t: Table): Op => ({ kind: 'dropTable', table: t });
const lines = (ops: Op[]) => ops.map(describeOp);

describe('orderOps', () => {
  it('creates referenced tables first, ties by name', () => {
    const ops = orderOps([create(table('c', fk('b_id', 'b'))), create(table('b', fk('a_id', 'a'))), create(table('a')), create(table('z'))]);
    expect(lines(ops)).toEqual(['create table a', 'create table b', 'create table c', 'create table z']);
  });

  it('drops dependents first', () => {
    const ops = orderOps([drop(table('a')), drop(table('c', fk('b_id', 'b'))), drop(table('b', fk('a_id', 'a')))]);
    expect(lines(ops)).toEqual(['drop table c', 'drop table b', 'drop table a']);
  });

  it('splits the foreign keys of a cycle out of created tables and adds them after all creates', () => {
    const ops = orderOps([create(table('a', fk('b_id', 'b'))), create(table('b', fk('a_id', 'a'), fk('parent_id', 'b'))), create(table('c', fk('a_id', 'a')))]);
    expect(lines(ops)).toEqual([
      'create table a',
      'create table b',
      'create table c',
      'add foreign key a.b_id_fkey (b_id) → b (id)',
      'add foreign key b.a_id_fkey (a_id) → a (id)',
    ]);
    const b = ops.find((op): op is Extract<Op, { kind: 'createTable' }> => op.kind === 'createTable' && op.table.name === 'b')!;
    // A self-reference is no cycle between tables: it stays inline.
    expect(b.table.foreignKeys.map((f) => f.name)).toEqual(['parent_id_fkey']);
    expect(ops.filter((op) => op.kind === 'createTable' && op.table.name === 'c').map((op) => (op as { table: Table }).table.foreignKeys.length)).toEqual([1]);
  });

  it('drops the foreign keys of a cycle before dropping its tables', () => {
    const ops = orderOps([drop(table('a', fk('b_id', 'b'))), drop(table('b', fk('a_id', 'a')))]);
    expect(lines(ops)).toEqual(['drop foreign key a.b_id_fkey', 'drop foreign key b.a_id_fkey', 'drop table b', 'drop table a']);
  });

  it('runs renames first, FK drops before the drops they unblock, column adds before the keys that need them', () => {
    const t = 'account';
    const ops = orderOps([
      { kind: 'addForeignKey', table: t, foreignKey: fk('owner_id', 'owner') },
      { kind: 'addUnique', table: t, unique: { name: 'u', columns: ['email'] } },
      { kind: 'addColumn', table: t, column: { name: 'email', type: 'text', nullable: true } },
      create(table('owner')),
      { kind: 'dropColumn', table: t, column: { name: 'old', type: 'text', nullable: true } },
      { kind: 'dropIndex', table: t, index: { name: 'i', columns: ['old'], unique: false } },
      { kind: 'dropForeignKey', table: t, foreignKey: fk('old_id', 'old') },
      drop(table('old')),
      { kind: 'renameTable', from: 'acct', to: t },
    ]);
    expect(ops.map((op) => op.kind)).toEqual(['renameTable', 'dropForeignKey', 'dropTable', 'dropIndex', 'dropColumn', 'addColumn', 'addUnique', 'createTable', 'addForeignKey']);
  });

  it('gives a downgrade (reversed list of reversed ops) that drops foreign keys, then dependents, then renames back', () => {
    const ops = orderOps([create(table('a', fk('b_id', 'b'))), create(table('b', fk('a_id', 'a'))), create(table('c', fk('a_id', 'a'))), { kind: 'renameTable', from: 'p', to: 'q' }]);
    expect(lines(reverseAll(ops))).toEqual([
      'drop foreign key b.a_id_fkey',
      'drop foreign key a.b_id_fkey',
      'drop table c',
      'drop table b',
      'drop table a',
      'rename table q to p',
    ]);
  });

  it('is idempotent', () => {
    const once = orderOps([create(table('a', fk('b_id', 'b'))), create(table('b', fk('a_id', 'a')))]);
    expect(orderOps(once)).toStrictEqual(once);
  });
});
