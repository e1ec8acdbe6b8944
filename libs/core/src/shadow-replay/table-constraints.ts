/**
 * Keys, indexes, foreign keys and checks added to or dropped from one table, with the checks
 * PostgreSQL makes (a missing column, a taken name, a key other tables depend on): where it would
 * refuse, the replay gives up rather than build what the database never would.
 */
import type { ReferentialAction } from '../schema/schema';
import { giveUp } from './give-up';
import type { Comparison, InList } from './check-expressions';
import type { ForeignKeyState, PgState, TableState } from './pg-state';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c) => b.includes(c));

function assertColumns(state: PgState, table: TableState, columns: readonly string[]): void {
  for (const c of columns) state.column(table, c);
  if (new Set(columns).size !== columns.length) giveUp(`a column named twice in a key of "${table.name}"`);
}

export function addPrimaryKey(state: PgState, table: TableState, name: string, columns: string[]): void {
  if (table.primaryKey) giveUp(`"${table.name}" already has a primary key`);
  state.assertNoRows(table, 'a primary key');
  assertColumns(state, table, columns);
  state.assertFreeConstraint(table, name);
  state.claimRelation(name);
  for (const c of columns) state.column(table, c).nullable = false;
  table.primaryKey = { name, columns };
}

export function addUnique(state: PgState, table: TableState, name: string, columns: string[]): void {
  state.assertNoRows(table, 'a unique key');
  assertColumns(state, table, columns);
  state.assertFreeConstraint(table, name);
  state.claimRelation(name);
  table.uniques.push({ name, columns });
}

export function addIndex(state: PgState, table: TableState, index: TableState['indexes'][number]): void {
  assertColumns(state, table, index.columns);
  if (index.using === 'hash' && (index.unique || index.columns.length > 1)) giveUp('a unique or multi-column hash index');
  if (index.unique) state.assertNoRows(table, 'a unique index');
  state.claimRelation(index.name);
  table.indexes.push(index);
}

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  cascade: 'CASCADE',
  'set null': 'SET NULL',
  'set default': 'SET DEFAULT',
  restrict: 'RESTRICT',
  'no action': undefined,
};

export function referentialAction(value: unknown): ReferentialAction | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const key = typeof value === 'string' ? value.trim().toLowerCase().replace(/\s+/g, ' ') : '';
  if (!(key in ACTIONS)) giveUp(`the referential action ${String(value)}`);
  return ACTIONS[key];
}

const INTEGERS = new Set(['smallint', 'integer', 'bigint']);
const baseType = (type: string) => type.replace(/\(.*\)/, '');

/** PostgreSQL needs a PK or unique constraint/index on exactly the referenced columns, and comparable types. */
export function addForeignKey(state: PgState, table: TableState, fk: ForeignKeyState): void {
  state.assertNoRows(table, 'a foreign key');
  assertColumns(state, table, fk.columns);
  const target = fk.referencedTable === table.name ? table : state.table(fk.referencedTable);
  assertColumns(state, target, fk.referencedColumns);
  if (fk.columns.length !== fk.referencedColumns.length) giveUp(`foreign key "${fk.name}": column counts differ`);
  const keyed =
    (target.primaryKey && sameSet(target.primaryKey.columns, fk.referencedColumns)) ||
    target.uniques.some((u) => sameSet(u.columns, fk.referencedColumns)) ||
    target.indexes.some((i) => i.unique && sameSet(i.columns, fk.referencedColumns));
  if (!keyed) giveUp(`foreign key "${fk.name}": no unique key on the referenced columns`);
  fk.columns.forEach((c, i) => {
    const [from, to] = [baseType(state.column(table, c).type), baseType(state.column(target, fk.referencedColumns[i]).type)];
    if (from !== to && !(INTEGERS.has(from) && INTEGERS.has(to))) giveUp(`foreign key "${fk.name}": ${from} references ${to}`);
  });
  if (fk.onDelete === 'SET DEFAULT' || fk.onUpdate === 'SET DEFAULT') giveUp('ON DELETE/UPDATE SET DEFAULT');
  state.assertFreeConstraint(table, fk.name);
  table.foreignKeys.push(fk);
}

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);

/** A CHECK the replay can print: strings on a text column, whole numbers on an integer column. */
export function addCheck(state: PgState, table: TableState, name: string, check: InList | Comparison): void {
  state.assertNoRows(table, 'a CHECK');
  const type = state.column(table, check.column).type;
  const values = 'values' in check ? check.values : [check.value];
  const fits = values.every((v) => (typeof v === 'string' ? type === 'text' : INTEGER_TYPES.has(type)));
  if (!fits) giveUp(`a CHECK on the ${type} column "${check.column}"`);
  state.assertFreeConstraint(table, name);
  table.checks.push('values' in check ? { name, column: check.column, kind: 'in', values: check.values } : { name, column: check.column, kind: 'compare', operator: check.operator, value: check.value });
}

/** Whether another table's foreign key (or this table's own) uses this key's unique index. */
function assertNotReferenced(state: PgState, table: TableState, columns: readonly string[], name: string): void {
  if (state.referencesTo(table.name).some(({ fk }) => sameSet(fk.referencedColumns, columns))) giveUp(`constraint "${name}" has foreign keys depending on it`);
}

/** `ALTER TABLE … DROP CONSTRAINT [IF EXISTS] name`, whatever kind it is. */
export function dropConstraint(state: PgState, table: TableState, name: string, ifExists: boolean): void {
  if (table.primaryKey?.name === name) {
    assertNotReferenced(state, table, table.primaryKey.columns, name);
    state.relations.delete(name);
    delete table.primaryKey;
    return;
  }
  const unique = table.uniques.find((u) => u.name === name);
  if (unique) {
    assertNotReferenced(state, table, unique.columns, name);
    state.relations.delete(name);
    table.uniques = table.uniques.filter((u) => u !== unique);
    return;
  }
  const before = table.foreignKeys.length + table.checks.length;
  table.foreignKeys = table.foreignKeys.filter((f) => f.name !== name);
  table.checks = table.checks.filter((c) => c.name !== name);
  if (before === table.foreignKeys.length + table.checks.length && !ifExists) giveUp(`constraint "${name}" of "${table.name}" does not exist`);
}

/** `DROP INDEX name`: any table's index that is not a constraint's. */
export function dropIndex(state: PgState, name: string, ifExists: boolean): void {
  for (const table of state.tables.values()) {
    const index = table.indexes.find((i) => i.name === name);
    if (!index) continue;
    if (index.unique && state.referencesTo(table.name).some(({ fk }) => sameSet(fk.referencedColumns, index.columns))) giveUp(`index "${name}" has foreign keys depending on it`);
    table.indexes = table.indexes.filter((i) => i !== index);
    state.relations.delete(name);
    return;
  }
  if (!ifExists) giveUp(`index "${name}" does not exist (or belongs to a constraint)`);
}

/** Drops the column and, as PostgreSQL does, every key, index and check that uses it. */
export function dropColumn(state: PgState, table: TableState, name: string): void {
  const column = state.column(table, name);
  if (state.referencesTo(table.name).some(({ fk }) => fk.referencedColumns.includes(name))) {
    giveUp(`column "${table.name}"."${name}" is referenced by a foreign key`);
  }
  if (table.primaryKey?.columns.includes(name)) {
    state.relations.delete(table.primaryKey.name);
    delete table.primaryKey;
  }
  for (const u of table.uniques.filter((u) => u.columns.includes(name))) state.relations.delete(u.name);
  for (const i of table.indexes.filter((i) => i.columns.includes(name))) state.relations.delete(i.name);
  table.uniques = table.uniques.filter((u) => !u.columns.includes(name));
  table.indexes = table.indexes.filter((i) => !i.columns.includes(name));
  table.foreignKeys = table.foreignKeys.filter((f) => !f.columns.includes(name));
  table.checks = table.checks.filter((c) => c.column !== name);
  if (column.sequence) state.relations.delete(column.sequence);
  table.columns = table.columns.filter((c) => c !== column);
}

export function renameColumn(state: PgState, table: TableState, from: string, to: string): void {
  const column = state.column(table, from);
  if (table.columns.some((c) => c.name === to)) giveUp(`column "${table.name}"."${to}" already exists`);
  const rename = (columns: string[]) => columns.map((c) => (c === from ? to : c));
  column.name = to;
  if (table.primaryKey) table.primaryKey.columns = rename(table.primaryKey.columns);
  for (const u of table.uniques) u.columns = rename(u.columns);
  for (const i of table.indexes) i.columns = rename(i.columns);
  for (const f of table.foreignKeys) f.columns = rename(f.columns);
  for (const c of table.checks) if (c.column === from) c.column = to;
  for (const { fk } of state.referencesTo(table.name)) fk.referencedColumns = rename(fk.referencedColumns);
}
