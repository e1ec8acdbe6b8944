/**
 * `table.<type>(name).….alter()`: what knex's PostgreSQL compiler does with it (pg-tablecompiler.js
 * `_addColumn`): drop the default, drop NOT NULL (unless `alterNullable: false`), change the type
 * with a cast (unless `alterType: false`), set the default if one is given, set NOT NULL if asked.
 */
import { giveUp } from './give-up';
import type { ColumnBuilderInternals } from './knex-internals';
import type { PgState, TableState } from './pg-state';
import { buildColumn, type BuiltColumn } from './table-columns';

const FAMILIES: readonly RegExp[] = [/^(smallint|integer|bigint|real|double precision|numeric(\(.*\))?)$/, /^(timestamptz|timestamp|date)(\(\d\))?$/, /^jsonb?$/];
const TEXT = /^(text|varchar\(\d+\)|char\(\d+\))$/;

/** Whether `USING (col::to)` works on any column of type `from` (the table has no rows the replay knows of). */
export function castable(from: string, to: string): boolean {
  if (from === to || TEXT.test(from) || TEXT.test(to)) return true;
  return FAMILIES.some((family) => family.test(from) && family.test(to));
}

export function alterColumn(state: PgState, table: TableState, builder: ColumnBuilderInternals): BuiltColumn {
  const built = buildColumn(builder);
  const { kind } = built;
  if (kind.serial || kind.enumValues || kind.nativeEnum) giveUp(`.alter() of a ${builder._type} column`);
  const column = state.column(table, built.column.name);
  const alterNullable = builder.alterNullable !== false;
  const alterType = builder.alterType !== false;
  delete column.default;
  // The sequence's nextval() was the default: the column is no longer filled by the database.
  delete column.autoIncrement;
  if (alterNullable) {
    if (table.primaryKey?.columns.includes(column.name)) giveUp(`DROP NOT NULL on primary key column "${column.name}"`);
    column.nullable = true;
  }
  if (alterType) changeType(state, table, column.name, kind.type);
  if (built.hasDefault) {
    if (column.type !== kind.type) giveUp('a default given for another type than the column keeps');
    if (built.column.default !== undefined) column.default = built.column.default;
  }
  if (alterNullable && built.notNull) {
    state.assertNoRows(table, 'SET NOT NULL');
    column.nullable = false;
  }
  return built;
}

/** `ALTER COLUMN … TYPE`, from `.alter()` or the renderer's raw SQL. */
export function changeType(state: PgState, table: TableState, name: string, type: string): void {
  const column = state.column(table, name);
  if (column.type === type) return;
  if (!castable(column.type, type)) giveUp(`changing ${column.type} to ${type}`);
  // PostgreSQL casts a default along, and prints the cast: only a serial's nextval() is followed.
  if (column.default !== undefined) giveUp(`changing the type of "${name}", which has a default`);
  state.assertNoRows(table, 'a type change');
  if (table.checks.some((c) => c.column === name)) giveUp(`changing the type of "${name}", which a CHECK uses`);
  const inForeignKey = table.foreignKeys.some((f) => f.columns.includes(name)) || state.referencesTo(table.name).some(({ fk }) => fk.referencedColumns.includes(name));
  if (inForeignKey) giveUp(`changing the type of "${name}", which a foreign key uses`);
  column.type = type;
}
