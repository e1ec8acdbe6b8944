/** One line per op for humans: revision comments, warnings, `migrate-check` output. */
import type { DefaultValue, ForeignKey, Index } from '../schema/schema';
import { dispatchOp, type AlterColumnOp, type Op, type OpDispatch } from './ops';

const list = (names: readonly string[]) => `(${names.join(', ')})`;

function describeDefault(value: DefaultValue | undefined): string {
  if (value === undefined) return 'none';
  if (value.kind === 'raw') return value.sql;
  if (value.kind === 'json') return JSON.stringify(value.value);
  return typeof value.value === 'string' ? `'${value.value}'` : String(value.value);
}

/** What changed in an alter, e.g. `type varchar(100) → varchar(50), not null`. */
export function describeAlteration(op: AlterColumnOp): string {
  const { from, to } = op;
  const parts: string[] = [];
  if (from.type !== to.type) parts.push(`type ${from.type} → ${to.type}`);
  if (from.nullable !== to.nullable) parts.push(to.nullable ? 'nullable' : 'not null');
  if (describeDefault(from.default) !== describeDefault(to.default)) parts.push(`default ${describeDefault(from.default)} → ${describeDefault(to.default)}`);
  if ((from.comment ?? '') !== (to.comment ?? '')) parts.push(to.comment ? 'comment' : 'no comment');
  return parts.join(', ');
}

function foreignKey(fk: ForeignKey): string {
  const actions = [fk.onDelete && `on delete ${fk.onDelete.toLowerCase()}`, fk.onUpdate && `on update ${fk.onUpdate.toLowerCase()}`].filter(Boolean);
  return `${fk.name} ${list(fk.columns)} → ${fk.referencedTable} ${list(fk.referencedColumns)}${actions.length ? ` ${actions.join(' ')}` : ''}`;
}

const indexKind = (index: Index) => (index.unique ? 'unique index' : 'index');

const describers: OpDispatch<string> = {
  createTable: (op) => `create table ${op.table.name}`,
  dropTable: (op) => `drop table ${op.table.name}`,
  renameTable: (op) => `rename table ${op.from} to ${op.to}`,
  addColumn: (op) => `add column ${op.table}.${op.column.name}`,
  dropColumn: (op) => `drop column ${op.table}.${op.column.name}`,
  renameColumn: (op) => `rename column ${op.table}.${op.from} to ${op.to}`,
  alterColumn: (op) => `alter column ${op.table}.${op.to.name} (${describeAlteration(op)})`,
  addPrimaryKey: (op) => `add primary key ${op.primaryKey.name} on ${op.table} ${list(op.primaryKey.columns)}`,
  dropPrimaryKey: (op) => `drop primary key ${op.primaryKey.name} on ${op.table}`,
  addUnique: (op) => `add unique constraint ${op.unique.name} on ${op.table} ${list(op.unique.columns)}`,
  dropUnique: (op) => `drop unique constraint ${op.unique.name} on ${op.table}`,
  addIndex: (op) => `add ${indexKind(op.index)} ${op.index.name} on ${op.table} ${list(op.index.columns)}`,
  dropIndex: (op) => `drop ${indexKind(op.index)} ${op.index.name} on ${op.table}`,
  addForeignKey: (op) => `add foreign key ${op.table}.${foreignKey(op.foreignKey)}`,
  dropForeignKey: (op) => `drop foreign key ${op.table}.${op.foreignKey.name}`,
  addCheck: (op) => `add check ${op.check.name} on ${op.table}`,
  dropCheck: (op) => `drop check ${op.check.name} on ${op.table}`,
  setTableComment: (op) => (op.to === undefined ? `remove comment on table ${op.table}` : `set comment on table ${op.table}`),
};

export function describeOp(op: Op): string {
  return dispatchOp(describers, op);
}
