import { describe, expect, it } from 'vitest';
import { OP_KINDS, type OpKind } from './ops';
import { reverse, reverseAll } from './reverse';
import { random, randomOp } from './test-support/random';

const INVERSE: Record<OpKind, OpKind> = {
  createTable: 'dropTable',
  dropTable: 'createTable',
  renameTable: 'renameTable',
  addColumn: 'dropColumn',
  dropColumn: 'addColumn',
  renameColumn: 'renameColumn',
  alterColumn: 'alterColumn',
  addPrimaryKey: 'dropPrimaryKey',
  dropPrimaryKey: 'addPrimaryKey',
  addUnique: 'dropUnique',
  dropUnique: 'addUnique',
  addIndex: 'dropIndex',
  dropIndex: 'addIndex',
  addForeignKey: 'dropForeignKey',
  dropForeignKey: 'addForeignKey',
  addCheck: 'dropCheck',
  dropCheck: 'addCheck',
  setTableComment: 'setTableComment',
};

describe('reverse', () => {
  it('is its own inverse for 2,000 random ops of every kind (origin and optional fields included)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const r = random(seed);
      const op = randomOp(r, OP_KINDS[seed % OP_KINDS.length]);
      expect(reverse(reverse(op)), `seed ${seed}`).toStrictEqual(op);
    }
  });

  it('maps every kind to its inverse kind and keeps the origin', () => {
    for (const kind of OP_KINDS) {
      const op = { ...randomOp(random(7), kind), origin: { file: 'models/a.ts', line: 3 } };
      expect(reverse(op).kind).toBe(INVERSE[kind]);
      expect(reverse(op).origin).toEqual({ file: 'models/a.ts', line: 3 });
    }
  });

  it('swaps the two sides of a rename, an alter and a comment change', () => {
    expect(reverse({ kind: 'renameColumn', table: 't', from: 'a', to: 'b' })).toStrictEqual({ kind: 'renameColumn', table: 't', from: 'b', to: 'a' });
    expect(reverse({ kind: 'setTableComment', table: 't', to: 'x' })).toStrictEqual({ kind: 'setTableComment', table: 't', from: 'x' });
    const from = { name: 'c', type: 'text', nullable: true };
    const to = { name: 'c', type: 'integer', nullable: false };
    expect(reverse({ kind: 'alterColumn', table: 't', from, to })).toStrictEqual({ kind: 'alterColumn', table: 't', from: to, to: from });
  });

  it('reverseAll undoes a list last-first', () => {
    const ops = [randomOp(random(1), 'createTable'), randomOp(random(2), 'addColumn')];
    expect(reverseAll(ops).map((op) => op.kind)).toEqual(['dropColumn', 'dropTable']);
    expect(reverseAll(reverseAll(ops))).toStrictEqual(ops);
  });
});
