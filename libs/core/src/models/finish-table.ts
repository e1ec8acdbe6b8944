/**
 * Drafts → schema tables: final SQL types (foreign keys take their referenced column's type),
 * auto-increment primary keys (MODELS.md §7), enum CHECKs, PostgreSQL's default names (§11),
 * constraints sorted by name.
 */
import { checkColumn, chooseName } from '../schema/constraint-names';
import type { CheckConstraint, Column, DefaultValue, ForeignKey, Index, Table, UniqueConstraint } from '../schema/schema';
import { autoIncrementType, enumCheckExpression, isIntegerLike, needsEnumCheck, referencingType, sqlType } from './column-types';
import type { ReaderContext } from './context';
import type { ColumnDraft, TableDraft } from './draft';
import { findColumn } from './draft';
import { relationName } from './naming';

type Tables = ReadonlyMap<string, TableDraft>;

function referenceOf(table: TableDraft, column: string): { table: string; column: string } | undefined {
  for (const fk of table.foreignKeys) {
    const i = fk.columns.indexOf(column);
    if (i >= 0) return { table: fk.referencedTable, column: fk.referencedColumns[i] };
  }
  return undefined;
}

function ownType(ctx: ReaderContext, table: TableDraft, column: ColumnDraft): string {
  if (column.hintedType) return column.hintedType;
  if (column.valueType) return sqlType(column.valueType, ctx);
  if (table.primaryKey.includes(column.name)) return ctx.dialect === 'postgres' ? 'integer' : 'int';
  if (!column.implied) ctx.report('MIG_MODEL_UNRESOLVED_TYPE', column.origin, `${table.name}.${column.name}: no source gives a type; stored as text`);
  return ctx.dialect === 'postgres' ? ctx.stringDefault : 'varchar(255)';
}

function isAutoIncrement(table: TableDraft, column: ColumnDraft): boolean {
  if (table.primaryKey.length !== 1 || table.primaryKey[0] !== column.name || column.default || referenceOf(table, column.name)) return false;
  if (column.hintedType) return isIntegerLike(column.hintedType);
  return !column.valueType || ((column.valueType.kind === 'integer' || column.valueType.kind === 'bigint') && !column.valueType.enumValues);
}

const NUMERIC_FAMILY = /^(smallint|integer|int|bigint|double precision|double|real|numeric.*|decimal.*)( unsigned)?$/;

/** Pass 1: every column that is not a foreign key gets its own type. */
function settleOwnTypes(ctx: ReaderContext, tables: Tables): void {
  for (const table of tables.values()) {
    for (const column of table.columns) {
      if (referenceOf(table, column.name) && !column.hintedType) continue;
      column.sqlType = ownType(ctx, table, column);
      if (isAutoIncrement(table, column)) {
        column.autoIncrement = true;
        column.sqlType = autoIncrementType(column.sqlType, ctx.dialect);
      }
    }
  }
}

/** Pass 2: foreign key columns take the referenced column's type, following chains. */
function settleReferenceTypes(ctx: ReaderContext, tables: Tables): void {
  const resolve = (table: TableDraft, column: ColumnDraft, seen?: Set<ColumnDraft>): string => {
    if (column.sqlType) return column.sqlType;
    const ref = referenceOf(table, column.name);
    const refTable = ref && tables.get(ref.table);
    const refColumn = refTable && findColumn(refTable, ref!.column);
    if (!refTable || !refColumn || seen?.has(column)) return (column.sqlType = ownType(ctx, table, column));
    // Only chains of foreign keys need cycle detection; most columns have their type already.
    seen ??= new Set();
    seen.add(column);
    const type = referencingType(resolve(refTable, refColumn, seen));
    const declared = column.valueType && sqlType(column.valueType, ctx);
    if (declared && declared !== type && NUMERIC_FAMILY.test(declared) !== NUMERIC_FAMILY.test(type)) {
      ctx.report('MIG_MODEL_FK_TYPE_MISMATCH', column.origin, `${table.name}.${column.name} is declared ${declared} but references ${ref!.table}.${ref!.column} of type ${type}; using ${type}`);
    }
    column.valueType = undefined;
    return (column.sqlType = type);
  };
  for (const table of tables.values()) for (const column of table.columns) resolve(table, column);
}

function enumChecks(ctx: ReaderContext, table: TableDraft): void {
  for (const column of table.columns) {
    const type = column.valueType;
    if (!type || column.hintedType || !needsEnumCheck(type, ctx.dialect)) continue;
    const values = type.enumValues!;
    table.checks.unshift({ expression: enumCheckExpression(column.name, values, ctx.dialect), enumOf: { column: column.name, values: values.map(String) }, at: column.origin });
  }
}

/** `'{a,b}'` for a PostgreSQL array column whose default was written as a JS array. */
function finalDefault(column: ColumnDraft): DefaultValue | undefined {
  const d = column.default;
  if (d?.kind !== 'json' || !column.sqlType?.endsWith('[]') || !Array.isArray(d.value)) return d;
  const items = (d.value as unknown[]).map((v) => (typeof v === 'string' ? `"${v.replace(/(["\\])/g, '\\$1')}"` : String(v)));
  return { kind: 'literal', value: `{${items.join(',')}}` };
}

function toColumn(column: ColumnDraft): Column {
  const autoIncrement = column.autoIncrement;
  const def = finalDefault(column);
  return {
    name: column.name,
    type: column.sqlType!,
    nullable: column.nullable,
    ...(def ? { default: def } : {}),
    ...(autoIncrement ? { autoIncrement: true } : {}),
    ...(column.comment ? { comment: column.comment } : {}),
    ...(column.renamedFrom ? { renamedFrom: column.renamedFrom } : {}),
    origin: column.origin,
  };
}

/** PostgreSQL names an expression index column after its function (`lower(x)` → lower), else `expr`. */
function indexColumnName(term: string, columns: readonly string[]): string {
  if (columns.includes(term)) return term;
  return /^\s*([A-Za-z_][\w$]*)\s*\(/.exec(term)?.[1].toLowerCase() ?? 'expr';
}

const byName = <T extends { name: string }>(items: T[]): T[] => items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function nameTable(ctx: ReaderContext, table: TableDraft, taken: Set<string>): Table {
  const rel = relationName(table.name);
  const max = ctx.dialect === 'postgres' ? 63 : 64;
  const names = table.columns.map((c) => c.name);
  for (const named of [...table.checks, ...table.indexes]) if (named.name) taken.add(named.name);
  const primaryKey = table.primaryKey.length > 0 ? { name: ctx.dialect === 'mysql' ? 'PRIMARY' : chooseName(rel, undefined, 'pkey', taken, max), columns: table.primaryKey } : undefined;
  const uniques: UniqueConstraint[] = table.uniques.map((u) => ({ name: chooseName(rel, u.columns, 'key', taken, max), columns: u.columns, origin: u.at }));
  const checks: CheckConstraint[] = table.checks.map((c) => {
    const column = c.enumOf?.column ?? checkColumn(c.expression, names);
    const name = c.name ?? chooseName(rel, column ? [column] : undefined, 'check', taken, max);
    return { name, expression: c.expression, ...(c.enumOf ? { enumOf: c.enumOf } : {}), origin: c.at };
  });
  const foreignKeys: ForeignKey[] = table.foreignKeys.map((fk) => ({
    name: chooseName(rel, fk.columns, 'fkey', taken, max),
    columns: fk.columns,
    referencedTable: fk.referencedTable,
    referencedColumns: fk.referencedColumns,
    ...(fk.onDelete ? { onDelete: fk.onDelete } : {}),
    ...(fk.onUpdate ? { onUpdate: fk.onUpdate } : {}),
    origin: fk.at,
  }));
  const indexes: Index[] = table.indexes.map((i) => ({
    name: i.name ?? chooseName(rel, i.columns.map((c) => indexColumnName(c, names)), 'idx', taken, max),
    columns: i.columns,
    unique: i.unique,
    ...(i.using ? { using: i.using } : {}),
    ...(i.where ? { where: i.where } : {}),
    origin: i.at,
  }));
  return {
    name: table.name,
    columns: table.columns.map(toColumn),
    ...(primaryKey ? { primaryKey } : {}),
    uniques: byName(uniques),
    indexes: byName(indexes),
    foreignKeys: byName(foreignKeys),
    checks: byName(checks),
    ...(table.comment ? { comment: table.comment } : {}),
    ...(table.renamedFrom ? { renamedFrom: table.renamedFrom } : {}),
    origin: table.origin,
  };
}

/** Names the database would truncate without an error (PostgreSQL with a NOTICE, into a name no model has). */
function checkNameLengths(ctx: ReaderContext, table: TableDraft): void {
  const max = ctx.dialect === 'postgres' ? 63 : 64;
  const tooLong = (name: string) => Buffer.byteLength(name, 'utf8') > max;
  const rel = relationName(table.name);
  if (tooLong(rel)) ctx.report('MIG_MODEL_NAME_TOO_LONG', table.origin, `table name '${rel}' is ${Buffer.byteLength(rel, 'utf8')} bytes; ${ctx.dialect} allows ${max}`);
  for (const column of table.columns) {
    if (tooLong(column.name)) ctx.report('MIG_MODEL_NAME_TOO_LONG', column.origin, `${rel}.${column.name}: column name is ${Buffer.byteLength(column.name, 'utf8')} bytes; ${ctx.dialect} allows ${max}`);
  }
}

export function finishTables(ctx: ReaderContext, tables: Tables): Table[] {
  for (const table of tables.values()) checkNameLengths(ctx, table);
  settleOwnTypes(ctx, tables);
  settleReferenceTypes(ctx, tables);
  const sorted = [...tables.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const table of sorted) enumChecks(ctx, table);
  const taken = new Set<string>();
  return sorted.map((table) => nameTable(ctx, table, taken));
}
