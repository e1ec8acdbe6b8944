/**
 * The inverse of each op (Alembic's `MigrateOperation.reverse()`). A downgrade is the reversed list
 * of reversed upgrade ops, so every op must carry what its inverse needs; `reverse(reverse(op))`
 * is `op` again, origin included.
 */
import { dispatchOp, type Op, type OpDispatch } from './ops';

/** Copies the origin (when there is one) without adding an `origin: undefined` key. */
function keepOrigin<T extends Op>(reversed: T, source: Op): T {
  return source.origin ? { ...reversed, origin: source.origin } : reversed;
}

const reversers: OpDispatch<Op> = {
  createTable: (op) => ({ kind: 'dropTable', table: op.table }),
  dropTable: (op) => ({ kind: 'createTable', table: op.table }),
  renameTable: (op) => ({ kind: 'renameTable', from: op.to, to: op.from }),
  addColumn: (op) => ({ kind: 'dropColumn', table: op.table, column: op.column }),
  dropColumn: (op) => ({ kind: 'addColumn', table: op.table, column: op.column }),
  renameColumn: (op) => ({ kind: 'renameColumn', table: op.table, from: op.to, to: op.from }),
  alterColumn: (op) => ({ kind: 'alterColumn', table: op.table, from: op.to, to: op.from }),
  addPrimaryKey: (op) => ({ kind: 'dropPrimaryKey', table: op.table, primaryKey: op.primaryKey }),
  dropPrimaryKey: (op) => ({ kind: 'addPrimaryKey', table: op.table, primaryKey: op.primaryKey }),
  addUnique: (op) => ({ kind: 'dropUnique', table: op.table, unique: op.unique }),
  dropUnique: (op) => ({ kind: 'addUnique', table: op.table, unique: op.unique }),
  addIndex: (op) => ({ kind: 'dropIndex', table: op.table, index: op.index }),
  dropIndex: (op) => ({ kind: 'addIndex', table: op.table, index: op.index }),
  addForeignKey: (op) => ({ kind: 'dropForeignKey', table: op.table, foreignKey: op.foreignKey }),
  dropForeignKey: (op) => ({ kind: 'addForeignKey', table: op.table, foreignKey: op.foreignKey }),
  addCheck: (op) => ({ kind: 'dropCheck', table: op.table, check: op.check }),
  dropCheck: (op) => ({ kind: 'addCheck', table: op.table, check: op.check }),
  setTableComment: (op) => ({
    kind: 'setTableComment',
    table: op.table,
    ...(op.to !== undefined ? { from: op.to } : {}),
    ...(op.from !== undefined ? { to: op.from } : {}),
  }),
};

export function reverse(op: Op): Op {
  return keepOrigin(dispatchOp(reversers, op), op);
}

/** The ops that undo `ops` as a whole: each reversed, last first. */
export function reverseAll(ops: readonly Op[]): Op[] {
  return [...ops].reverse().map(reverse);
}
