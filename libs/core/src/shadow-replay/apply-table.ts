/**
 * `createTable` / `alterTable` callbacks, in the order knex's PostgreSQL table compiler emits their
 * statements (tablecompiler.js, pg-tablecompiler.js): columns, primary key and checks of the
 * CREATE TABLE, then column comments, then the table-level calls in call order, then the comment.
 */
import { makeObjectName } from '../schema/constraint-names';
import { alterColumn } from './alter-column';
import { parseComparison, parseInList, sqlConstraintName } from './check-expressions';
import { giveUp } from './give-up';
import type { RecordedTable, TableStatement } from './knex-internals';
import { givenOr, nameList, plainName } from './names';
import type { PgState, TableState } from './pg-state';
import { applyTableCall } from './table-calls';
import { buildColumn, commentValue, type BuiltColumn } from './table-columns';
import { addCheck as addCheckConstraint, addPrimaryKey } from './table-constraints';

type ColumnStatement = Extract<TableStatement, { grouping: 'columns' }>;
type CallStatement = Extract<TableStatement, { grouping: 'alterTable' }>;

const columnsOf = (builder: RecordedTable, method: 'add' | 'alter') =>
  builder._statements.filter((s): s is ColumnStatement => s.grouping === 'columns').map((s) => s.builder).filter((b) => b._method === method);
const callsOf = (builder: RecordedTable) => builder._statements.filter((s): s is CallStatement => s.grouping === 'alterTable');
/** knex's `_canBeAddPrimaryKey`: increments() brings its own key unless a primary() call has arguments. */
const inlineKeyAllowed = (calls: readonly CallStatement[]) => calls.filter((c) => c.method === 'primary').flatMap((c) => c.args).flat().length === 0;

export function applyCreateTable(state: PgState, builder: RecordedTable): void {
  const name = plainName(builder._tableName, 'table');
  if (state.tables.has(name) || state.relations.has(name) || state.types.has(name)) giveUp(`relation "${name}" already exists`);
  for (const key of Object.keys(builder._single)) if (key !== 'comment') giveUp(`createTable: table.${key}()`);
  const table: TableState = { name, columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [] };
  state.claimRelation(name);
  state.types.add(name);
  state.tables.set(name, table);
  const calls = callsOf(builder);
  // As pg-tablecompiler.js `primaryKeys()`: only the first primary() counts, and only with arguments.
  const first = calls.find((c) => c.method === 'primary');
  const primary = first?.args.length ? first : undefined;
  const built = columnsOf(builder, 'add').map(buildColumn);
  addColumns(state, table, built, inlineKeyAllowed(calls));
  if (primary) {
    const options = primary.args[1];
    const given = typeof options === 'object' && options !== null ? (options as { constraintName?: unknown; deferrable?: unknown }) : { constraintName: options };
    if (given.deferrable) giveUp('a deferrable primary key');
    addPrimaryKey(state, table, givenOr(given.constraintName, () => `${name}_pkey`), nameList(primary.args[0], 'primary key column'));
  }
  for (const check of builder._statements.filter((s) => s.grouping === 'checks')) addCheck(state, table, check.args);
  applyComments(table, built);
  // A second `primary()` is ignored by knex's create; the first was handled above.
  for (const call of calls) if (call.method !== 'primary') applyTableCall(state, table, call.method, call.args);
  if ('comment' in builder._single) table.comment = commentValue(builder._single.comment);
}

export function applyAlterTable(state: PgState, builder: RecordedTable): void {
  const table = state.table(plainName(builder._tableName, 'table'));
  for (const key of Object.keys(builder._single)) if (key !== 'comment') giveUp(`alterTable: table.${key}()`);
  const added = columnsOf(builder, 'add').map(buildColumn);
  addColumns(state, table, added, inlineKeyAllowed(callsOf(builder)));
  const altered = columnsOf(builder, 'alter').map((b) => alterColumn(state, table, b));
  applyComments(table, added);
  applyComments(table, altered);
  for (const call of callsOf(builder)) {
    if (call.method === 'check') addCheck(state, table, call.args);
    else applyTableCall(state, table, call.method, call.args);
  }
  if ('comment' in builder._single) table.comment = commentValue(builder._single.comment);
}

/** Columns of one CREATE TABLE or ALTER TABLE … ADD COLUMN; `increments()` brings its key unless told not to. */
function addColumns(state: PgState, table: TableState, built: readonly BuiltColumn[], inlineKeyAllowed: boolean): void {
  const inlineKeys = built.filter((b) => b.kind.inlinePrimaryKey && inlineKeyAllowed);
  if (inlineKeys.length > 1) giveUp('two increments() primary keys');
  for (const { column, kind } of built) {
    if (!column.nullable && column.default === undefined && !kind.serial) state.assertNoRows(table, 'a NOT NULL column without a default');
    if (table.columns.some((c) => c.name === column.name)) giveUp(`column "${table.name}"."${column.name}" specified twice`);
    if (kind.nativeEnum) addNativeEnum(state, kind.nativeEnum);
    if (kind.serial) {
      column.sequence = makeObjectName(table.name, column.name, 'seq');
      state.claimRelation(column.sequence);
    }
    table.columns.push(column);
    if (kind.enumValues) addEnumColumnCheck(state, table, column.name, kind.enumValues);
  }
  for (const { column } of inlineKeys) {
    if (table.primaryKey) giveUp(`"${table.name}" already has a primary key`);
    const name = makeObjectName(table.name, undefined, 'pkey');
    state.claimRelation(name);
    table.primaryKey = { name, columns: [column.name] };
  }
}

function addNativeEnum(state: PgState, native: NonNullable<BuiltColumn['kind']['nativeEnum']>): void {
  if (native.existing) {
    if (!state.types.has(native.name)) giveUp(`type "${native.name}" does not exist`);
    return;
  }
  if (state.types.has(native.name) || state.relations.has(native.name)) giveUp(`type "${native.name}" already exists`);
  if (new Set(native.values).size !== native.values.length) giveUp(`enum "${native.name}" repeats a label`);
  state.types.add(native.name);
}

/** knex `enu()`: PostgreSQL names the column's CHECK `<table>_<column>_check` (numbered when taken: not followed). */
function addEnumColumnCheck(state: PgState, table: TableState, column: string, values: readonly string[]): void {
  const name = makeObjectName(table.name, column, 'check');
  if (state.constraintNameTaken(name)) giveUp(`PostgreSQL would number the CHECK name ${name}`);
  addCheckConstraint(state, table, name, { column, values });
}

function addCheck(state: PgState, table: TableState, args: readonly unknown[]): void {
  const [expression, bindings, name] = args;
  if (Array.isArray(bindings) ? bindings.length > 0 : bindings !== undefined && bindings !== null) giveUp('a CHECK with bindings');
  const check = typeof expression === 'string' ? (parseInList(expression) ?? parseComparison(expression)) : undefined;
  if (!check) return giveUp(`the CHECK ${String(expression)}`);
  addCheckConstraint(state, table, sqlConstraintName(name), check);
}

function applyComments(table: TableState, built: readonly BuiltColumn[]): void {
  for (const { column, comment } of built) {
    if (!comment) continue;
    const target = table.columns.find((c) => c.name === column.name)!;
    if (comment.value === undefined) delete target.comment;
    else target.comment = comment.value;
  }
}
