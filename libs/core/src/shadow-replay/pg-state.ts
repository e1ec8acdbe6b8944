/**
 * The database the static replay pretends to be: mutable tables plus the names PostgreSQL keeps
 * unique per schema (relations: tables, indexes, sequences; types; constraints), so that a
 * statement the database would refuse gives up instead of succeeding here. `toSchema()` reads it
 * back the way introspect.ts reads a real database.
 */
import { enumOfCheck } from '../dialects/postgres/pg-normalize';
import type { CheckConstraint, Column, DefaultValue, ForeignKey, Index, ReferentialAction, Schema, Table } from '../schema/schema';
import { giveUp } from './give-up';
import { introspectedType } from './pg-format-type';
import { quoteIdentifier } from './pg-identifiers';

export interface ColumnState {
  name: string;
  type: string;
  nullable: boolean;
  default?: DefaultValue;
  autoIncrement?: boolean;
  comment?: string;
  /** The serial sequence the column owns (dropped with it). */
  sequence?: string;
}

/**
 * The CHECKs the replay models, on one column: a list of strings (knex `enu()`, `col IN ('a', …)`)
 * on a text column, or a comparison with a literal (`col <> ''`, `n > 0`) on a text or integer column.
 */
export type CheckState =
  | { name: string; column: string; kind: 'in'; values: readonly string[] }
  | { name: string; column: string; kind: 'compare'; operator: string; value: string | number };

export interface ForeignKeyState {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

export interface TableState {
  name: string;
  columns: ColumnState[];
  primaryKey?: { name: string; columns: string[] };
  uniques: { name: string; columns: string[] }[];
  indexes: { name: string; columns: string[]; unique: boolean; using?: string }[];
  foreignKeys: ForeignKeyState[];
  checks: CheckState[];
  comment?: string;
}

export class PgState {
  readonly tables = new Map<string, TableState>();
  /** pg_class names of the schema: tables, indexes (constraint indexes too), sequences. */
  readonly relations = new Set<string>();
  /** pg_type names of the schema: enum types and each table's row type. */
  readonly types = new Set<string>();
  /**
   * Tables a revision wrote rows to. Writes change no schema and are skipped, but rows the replay
   * does not know could make a later constraint or type change fail in a database: those give up.
   */
  readonly written = new Set<string>();

  table(name: string): TableState {
    return this.tables.get(name) ?? giveUp(`table "${name}" does not exist at this point of the history`);
  }

  column(table: TableState, name: string): ColumnState {
    return table.columns.find((c) => c.name === name) ?? giveUp(`column "${table.name}"."${name}" does not exist at this point of the history`);
  }

  /** A change that existing rows could make fail (NOT NULL, a key, a check, a type). */
  assertNoRows(table: TableState, change: string): void {
    if (this.written.has(table.name)) giveUp(`${change} on "${table.name}" after the revision wrote rows to it`);
  }

  /** Claims a relation name; a taken one is an error in the database, so it gives up. */
  claimRelation(name: string): void {
    if (this.relations.has(name)) giveUp(`relation "${name}" already exists`);
    this.relations.add(name);
  }

  /** Constraint names are unique per table; PostgreSQL's own choices are numbered when taken, which the replay does not follow. */
  assertFreeConstraint(table: TableState, name: string): void {
    const taken = [table.primaryKey?.name, ...table.uniques.map((u) => u.name), ...table.foreignKeys.map((f) => f.name), ...table.checks.map((c) => c.name)];
    if (taken.includes(name)) giveUp(`constraint "${name}" already exists on "${table.name}"`);
  }

  /** PostgreSQL's own constraint names must be free in the whole schema (ChooseConstraintName). */
  constraintNameTaken(name: string): boolean {
    for (const t of this.tables.values()) {
      if (t.primaryKey?.name === name || [...t.uniques, ...t.foreignKeys, ...t.checks].some((c) => c.name === name)) return true;
    }
    return this.relations.has(name);
  }

  /** Foreign keys of other tables (or other constraints of this one) that reference `table`. */
  referencesTo(table: string): { from: TableState; fk: ForeignKeyState }[] {
    const found: { from: TableState; fk: ForeignKeyState }[] = [];
    for (const from of this.tables.values()) for (const fk of from.foreignKeys) if (fk.referencedTable === table) found.push({ from, fk });
    return found;
  }

  toSchema(exclude: readonly string[]): Schema {
    const tables = [...this.tables.values()].filter((t) => !exclude.includes(t.name)).map(toTable);
    return { dialect: 'postgres', tables: tables.sort((a, b) => byName(a.name, b.name)) };
  }
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `{ key: value }` when value is defined, else `{}` (introspect.ts keeps absent fields absent). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function toColumn(c: ColumnState): Column {
  return {
    name: c.name,
    type: introspectedType(c.type),
    nullable: c.nullable,
    ...optional('default', c.autoIncrement ? undefined : c.default),
    ...(c.autoIncrement ? { autoIncrement: true } : {}),
    ...optional('comment', c.comment),
  };
}

const literal = (value: string | number) =>
  typeof value === 'string' ? `'${value.replace(/'/g, "''")}'::text` : value < 0 ? `'${value}'::integer` : String(value);

/** As `pg_get_expr` prints it: `(status = ANY (ARRAY['a'::text, 'b'::text]))`, `(status = 'a'::text)`, `(n > 0)`. */
export function checkExpression(check: CheckState): string {
  const column = quoteIdentifier(check.column);
  if (check.kind === 'compare') return `(${column} ${check.operator} ${literal(check.value)})`;
  if (check.values.length === 1) return `(${column} = ${literal(check.values[0])})`;
  return `(${column} = ANY (ARRAY[${check.values.map(literal).join(', ')}]))`;
}

function toCheck(check: CheckState): CheckConstraint {
  const expression = checkExpression(check);
  return { name: check.name, expression, ...optional('enumOf', enumOfCheck(expression)) };
}

function toTable(t: TableState): Table {
  const foreignKeys: ForeignKey[] = t.foreignKeys.map((fk) => ({
    name: fk.name,
    columns: [...fk.columns],
    referencedTable: fk.referencedTable,
    referencedColumns: [...fk.referencedColumns],
    ...optional('onDelete', fk.onDelete),
    ...optional('onUpdate', fk.onUpdate),
  }));
  const indexes: Index[] = t.indexes.map((i) => ({ name: i.name, columns: [...i.columns], unique: i.unique, ...optional('using', i.using) }));
  return {
    name: t.name,
    columns: t.columns.map(toColumn),
    ...optional('primaryKey', t.primaryKey && { name: t.primaryKey.name, columns: [...t.primaryKey.columns] }),
    uniques: t.uniques.map((u) => ({ name: u.name, columns: [...u.columns] })).sort((a, b) => byName(a.name, b.name)),
    indexes: indexes.sort((a, b) => byName(a.name, b.name)),
    foreignKeys: foreignKeys.sort((a, b) => byName(a.name, b.name)),
    checks: t.checks.map(toCheck).sort((a, b) => byName(a.name, b.name)),
    ...optional('comment', t.comment),
  };
}
