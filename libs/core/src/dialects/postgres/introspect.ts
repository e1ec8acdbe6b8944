/**
 * Reads a PostgreSQL (or PGlite) database into the normalized schema with four batched catalog
 * queries, whatever the number of tables (Alembic issues ~15 per table). mig's own tables are
 * left out.
 */
import type { Knex } from 'knex';
import type { CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint } from '../../schema/schema';
import { enumOfCheck, isSerialDefault, normalizePgAction, normalizePgDefault, normalizePgType, stripOuterParens, unquoteIndexColumn } from './pg-normalize';

export interface IntrospectOptions {
  /** Schemas to read; default `['public']`. */
  readonly schemas?: readonly string[];
  /** Tables to leave out (mig's version and history tables). */
  readonly exclude?: readonly string[];
}

interface TableRow { oid: number; name: string; comment: string | null }
interface ColumnRow { oid: number; name: string; num: number; type: string; notnull: boolean; def: string | null; identity: string; comment: string | null }
interface ConstraintRow { oid: number; name: string; type: 'p' | 'u' | 'f' | 'c'; keys: number[] | null; refkeys: number[] | null; ref_oid: number | null; ref_table: string | null; on_delete: string; on_update: string; check: string | null }
interface IndexRow { oid: number; name: string; unique: boolean; method: string; predicate: string | null; columns: string[] }

const TABLES = `
  SELECT c.oid::int AS oid, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(?::text[]) AND NOT c.relispartition`;

const COLUMNS = `
  SELECT a.attrelid::int AS oid, a.attname AS name, a.attnum::int AS num,
         format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
         pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity::text AS identity,
         col_description(a.attrelid, a.attnum) AS comment
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(?::text[]) AND a.attnum > 0 AND NOT a.attisdropped
   ORDER BY a.attrelid, a.attnum`;

const CONSTRAINTS = `
  SELECT con.conrelid::int AS oid, con.conname AS name, con.contype::text AS type,
         con.conkey::int[] AS keys, con.confkey::int[] AS refkeys, con.confrelid::int AS ref_oid,
         fc.relname AS ref_table, con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
         pg_get_expr(con.conbin, con.conrelid) AS check
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class fc ON fc.oid = con.confrelid
   WHERE con.contype IN ('p', 'u', 'f', 'c') AND n.nspname = ANY(?::text[])
   ORDER BY con.conrelid, con.conname`;

// Indexes that back a constraint (PK, UNIQUE) are described by the constraint instead.
const INDEXES = `
  SELECT i.indrelid::int AS oid, ic.relname AS name, i.indisunique AS unique, am.amname AS method,
         pg_get_expr(i.indpred, i.indrelid) AS predicate,
         ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS columns
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = ANY(?::text[])
     AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
   ORDER BY ic.relname`;

function groupBy<T extends { oid: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) map.set(row.oid, [...(map.get(row.oid) ?? []), row]);
  return map;
}

export async function introspectPostgres(knex: Knex, options: IntrospectOptions = {}): Promise<Schema> {
  const schemas = [...(options.schemas ?? ['public'])];
  const rows = async <T>(sql: string) => (await knex.raw(sql, [schemas])).rows as T[];
  const [tables, columns, constraints, indexes] = [
    await rows<TableRow>(TABLES),
    await rows<ColumnRow>(COLUMNS),
    await rows<ConstraintRow>(CONSTRAINTS),
    await rows<IndexRow>(INDEXES),
  ];
  const excluded = new Set(options.exclude ?? []);
  const columnsOf = groupBy(columns);
  const constraintsOf = groupBy(constraints);
  const indexesOf = groupBy(indexes);
  const nameOf = new Map(tables.map((t) => [t.oid, t.name]));
  const columnName = (oid: number, num: number) => columnsOf.get(oid)?.find((c) => c.num === num)?.name ?? `#${num}`;
  const built = tables
    .filter((t) => !excluded.has(t.name))
    .map((t) => buildTable(t, columnsOf.get(t.oid) ?? [], constraintsOf.get(t.oid) ?? [], indexesOf.get(t.oid) ?? [], columnName, nameOf));
  return { dialect: 'postgres', tables: built.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

function buildTable(
  table: TableRow,
  columns: ColumnRow[],
  constraints: ConstraintRow[],
  indexes: IndexRow[],
  columnName: (oid: number, num: number) => string,
  nameOf: Map<number, string>,
): Table {
  const names = (oid: number, keys: number[] | null) => (keys ?? []).map((k) => columnName(oid, k));
  const pk = constraints.find((c) => c.type === 'p');
  const primaryKey: PrimaryKey | undefined = pk ? { name: pk.name, columns: names(table.oid, pk.keys) } : undefined;
  const uniques: UniqueConstraint[] = constraints.filter((c) => c.type === 'u').map((c) => ({ name: c.name, columns: names(table.oid, c.keys) }));
  const foreignKeys: ForeignKey[] = constraints
    .filter((c) => c.type === 'f')
    .map((c) => ({
      name: c.name,
      columns: names(table.oid, c.keys),
      referencedTable: c.ref_table ?? nameOf.get(c.ref_oid ?? -1) ?? '?',
      referencedColumns: names(c.ref_oid ?? -1, c.refkeys),
      ...optional('onDelete', normalizePgAction(c.on_delete)),
      ...optional('onUpdate', normalizePgAction(c.on_update)),
    }));
  const checks: CheckConstraint[] = constraints
    .filter((c) => c.type === 'c' && c.check !== null)
    .map((c) => ({ name: c.name, expression: c.check!, ...optional('enumOf', enumOfCheck(c.check!)) }));
  const indexList: Index[] = indexes.map((i) => ({
    name: i.name,
    columns: i.columns.map(unquoteIndexColumn),
    unique: i.unique,
    ...optional('using', i.method === 'btree' ? undefined : i.method),
    ...optional('where', i.predicate === null ? undefined : stripOuterParens(i.predicate)),
  }));
  return {
    name: table.name,
    columns: columns.map(toColumn),
    ...optional('primaryKey', primaryKey),
    uniques,
    indexes: indexList,
    foreignKeys,
    checks,
    ...optional('comment', table.comment ?? undefined),
  };
}

function toColumn(row: ColumnRow): Column {
  const serial = isSerialDefault(row.def) || row.identity === 'a' || row.identity === 'd';
  return {
    name: row.name,
    type: normalizePgType(row.type),
    nullable: !row.notnull,
    ...optional('default', serial ? undefined : normalizePgDefault(row.def)),
    ...(serial ? { autoIncrement: true } : {}),
    ...optional('comment', row.comment ?? undefined),
  };
}

/** `{ key: value }` when value is defined, else `{}`: keeps absent fields absent for deep equality. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
