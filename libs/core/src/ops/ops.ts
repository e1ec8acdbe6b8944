/**
 * The operation IR: what the differ produces, the renderer prints and `reverse()` inverts
 * (Alembic's `operations/ops.py`). Each op carries everything its reverse needs, so a downgrade is
 * derived from the upgrade and never diffed separately: a drop carries the whole object it drops,
 * an alter carries the column before and after.
 *
 * Table names are the names the table has when the op runs (after any rename earlier in the list).
 */
import type { CheckConstraint, Column, ForeignKey, Index, Origin, PrimaryKey, Table, UniqueConstraint } from '../schema/schema';

interface OpBase {
  /** The model file:line that asked for this change, printed above the rendered statement. */
  readonly origin?: Origin;
}

export interface CreateTableOp extends OpBase {
  readonly kind: 'createTable';
  readonly table: Table;
}

export interface DropTableOp extends OpBase {
  readonly kind: 'dropTable';
  /** The whole table, so the reverse can recreate it. */
  readonly table: Table;
}

export interface RenameTableOp extends OpBase {
  readonly kind: 'renameTable';
  readonly from: string;
  readonly to: string;
}

export interface AddColumnOp extends OpBase {
  readonly kind: 'addColumn';
  readonly table: string;
  readonly column: Column;
}

export interface DropColumnOp extends OpBase {
  readonly kind: 'dropColumn';
  readonly table: string;
  readonly column: Column;
}

export interface RenameColumnOp extends OpBase {
  readonly kind: 'renameColumn';
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

/** Type, nullability, default or comment changed; `from` and `to` have the same name. */
export interface AlterColumnOp extends OpBase {
  readonly kind: 'alterColumn';
  readonly table: string;
  readonly from: Column;
  readonly to: Column;
}

export interface AddPrimaryKeyOp extends OpBase {
  readonly kind: 'addPrimaryKey';
  readonly table: string;
  readonly primaryKey: PrimaryKey;
}

export interface DropPrimaryKeyOp extends OpBase {
  readonly kind: 'dropPrimaryKey';
  readonly table: string;
  readonly primaryKey: PrimaryKey;
}

export interface AddUniqueOp extends OpBase {
  readonly kind: 'addUnique';
  readonly table: string;
  readonly unique: UniqueConstraint;
}

export interface DropUniqueOp extends OpBase {
  readonly kind: 'dropUnique';
  readonly table: string;
  readonly unique: UniqueConstraint;
}

export interface AddIndexOp extends OpBase {
  readonly kind: 'addIndex';
  readonly table: string;
  readonly index: Index;
}

export interface DropIndexOp extends OpBase {
  readonly kind: 'dropIndex';
  readonly table: string;
  readonly index: Index;
}

export interface AddForeignKeyOp extends OpBase {
  readonly kind: 'addForeignKey';
  readonly table: string;
  readonly foreignKey: ForeignKey;
}

export interface DropForeignKeyOp extends OpBase {
  readonly kind: 'dropForeignKey';
  readonly table: string;
  readonly foreignKey: ForeignKey;
}

export interface AddCheckOp extends OpBase {
  readonly kind: 'addCheck';
  readonly table: string;
  readonly check: CheckConstraint;
}

export interface DropCheckOp extends OpBase {
  readonly kind: 'dropCheck';
  readonly table: string;
  readonly check: CheckConstraint;
}

/** `undefined` means "no comment" on either side. */
export interface SetTableCommentOp extends OpBase {
  readonly kind: 'setTableComment';
  readonly table: string;
  readonly from?: string;
  readonly to?: string;
}

export type Op =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | AddColumnOp
  | DropColumnOp
  | RenameColumnOp
  | AlterColumnOp
  | AddPrimaryKeyOp
  | DropPrimaryKeyOp
  | AddUniqueOp
  | DropUniqueOp
  | AddIndexOp
  | DropIndexOp
  | AddForeignKeyOp
  | DropForeignKeyOp
  | AddCheckOp
  | DropCheckOp
  | SetTableCommentOp;

export type OpKind = Op['kind'];

export type OpOf<K extends OpKind> = Extract<Op, { kind: K }>;

/** A handler per op kind: a kind without one is a compile error, never a silent drop. */
export type OpDispatch<R> = { readonly [K in OpKind]: (op: OpOf<K>) => R };

/** Calls the handler for `op.kind`; the one cast that exhaustive dispatch over a union needs. */
export function dispatchOp<R>(handlers: OpDispatch<R>, op: Op): R {
  return (handlers[op.kind] as (op: Op) => R)(op);
}

/** Every kind, in declaration order; typed as a Record so a new kind must be listed here too. */
const KIND_SET: { readonly [K in OpKind]: true } = {
  createTable: true,
  dropTable: true,
  renameTable: true,
  addColumn: true,
  dropColumn: true,
  renameColumn: true,
  alterColumn: true,
  addPrimaryKey: true,
  dropPrimaryKey: true,
  addUnique: true,
  dropUnique: true,
  addIndex: true,
  dropIndex: true,
  addForeignKey: true,
  dropForeignKey: true,
  addCheck: true,
  dropCheck: true,
  setTableComment: true,
};

export const OP_KINDS = Object.keys(KIND_SET) as readonly OpKind[];
