/**
 * Reads a MySQL or MariaDB database into the normalized schema with six batched
 * information_schema queries, whatever the number of tables. mig's own tables are left out.
 *
 * What MySQL cannot tell apart is reported one way: a UNIQUE index over plain columns is a
 * unique constraint (MySQL has no other kind); the index InnoDB adds for a foreign key (same
 * name, same columns) is not reported; MariaDB's `longtext` + `json_valid` check is `json`.
 */
import type { Knex } from 'knex';
import type { CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint } from '../../schema/schema';
import { enumOfMysqlCheck, isJsonValidCheck, normalizeMysqlAction, normalizeMysqlCheck, normalizeMysqlDefault, normalizeMysqlType } from './mysql-normalize';

export interface MysqlIntrospectOptions {
  /** Database to read; default the connection's current one. */
  readonly database?: string;
  /** Tables to leave out (mig's version and history tables). */
  readonly exclude?: readonly string[];
}

interface TableRow { table: string; comment: string }
interface ColumnRow { table: string; name: string; type: string; nullable: string; def: string | null; extra: string; comment: string }
interface IndexRow { table: string; name: string; non_unique: number; seq: number; column_name: string | null; sub_part: number | null; index_type: string; EXPRESSION?: unknown }
interface ForeignKeyRow { table: string; name: string; column_name: string; ref_table: string; ref_column: string; on_delete: string; on_update: string }
interface CheckRow { table: string; name: string; clause: string }

const TABLES = `
  SELECT TABLE_NAME AS \`table\`, TABLE_COMMENT AS comment
    FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'`;

const COLUMNS = `
  SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
         COLUMN_DEFAULT AS def, EXTRA AS extra, COLUMN_COMMENT AS comment
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?
   ORDER BY TABLE_NAME, ORDINAL_POSITION`;

// MySQL 8 adds EXPRESSION (functional index parts); MariaDB has no such column, hence `*`.
const INDEXES = `
  SELECT s.*, s.TABLE_NAME AS \`table\`, s.INDEX_NAME AS name, s.NON_UNIQUE AS non_unique, s.SEQ_IN_INDEX AS seq,
         s.COLUMN_NAME AS column_name, s.SUB_PART AS sub_part, s.INDEX_TYPE AS index_type
    FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = ?
   ORDER BY s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX`;

const FOREIGN_KEYS = `
  SELECT k.TABLE_NAME AS \`table\`, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name,
         k.REFERENCED_TABLE_NAME AS ref_table, k.REFERENCED_COLUMN_NAME AS ref_column,
         r.DELETE_RULE AS on_delete, r.UPDATE_RULE AS on_update
    FROM information_schema.KEY_COLUMN_USAGE k
    JOIN information_schema.REFERENTIAL_CONSTRAINTS r
      ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
   WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
   ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

// MariaDB names checks per table (a JSON column's check is named after the column) and has
// CHECK_CONSTRAINTS.TABLE_NAME; MySQL 8 names them per schema and has no such column.
const CHECKS_MARIADB = `
  SELECT TABLE_NAME AS \`table\`, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause
    FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`;
const CHECKS_MYSQL = `
  SELECT tc.TABLE_NAME AS \`table\`, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause
    FROM information_schema.TABLE_CONSTRAINTS tc
    JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
   WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK'`;

/** MySQL 8 returns some information_schema text columns as binary. */
const text = (value: unknown): string => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value ?? ''));
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : text(value));

function groupBy<T extends { table: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(row.table, [...(map.get(row.table) ?? []), row]);
  return map;
}

const byName = <T extends { name: string }>(items: T[]): T[] => items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export async function introspectMysql(knex: Knex, options: MysqlIntrospectOptions = {}): Promise<Schema> {
  const [[server]] = (await knex.raw('SELECT DATABASE() AS db, VERSION() AS version')) as [{ db: string | null; version: string }[], unknown];
  const database = options.database ?? server.db ?? '';
  const mariadb = /mariadb/i.test(server.version);
  const rows = async <T>(sql: string) => ((await knex.raw(sql, [database])) as [T[], unknown])[0];
  const tables = await rows<TableRow>(TABLES);
  const columns = await rows<ColumnRow>(COLUMNS);
  const indexes = await rows<IndexRow>(INDEXES);
  const foreignKeys = await rows<ForeignKeyRow>(FOREIGN_KEYS);
  const checks = await rows<CheckRow>(mariadb ? CHECKS_MARIADB : CHECKS_MYSQL);
  const excluded = new Set(options.exclude ?? []);
  const [columnsOf, indexesOf, foreignKeysOf, checksOf] = [groupBy(columns), groupBy(indexes), groupBy(foreignKeys), groupBy(checks)];
  const built = tables
    .map((t) => ({ table: text(t.table), comment: text(t.comment) }))
    .filter((t) => !excluded.has(t.table))
    .map((t) => buildTable(t, columnsOf.get(t.table) ?? [], indexesOf.get(t.table) ?? [], foreignKeysOf.get(t.table) ?? [], checksOf.get(t.table) ?? [], mariadb));
  return { dialect: 'mysql', tables: byName(built) };
}

function buildTable(table: TableRow, columnRows: ColumnRow[], indexRows: IndexRow[], fkRows: ForeignKeyRow[], checkRows: CheckRow[], mariadb: boolean): Table {
  const allChecks = checkRows.map((c) => ({ name: text(c.name), clause: text(c.clause) }));
  const jsonColumns = new Set(
    columnRows.filter((col) => text(col.type) === 'longtext' && allChecks.some((c) => isJsonValidCheck(c.clause, text(col.name)))).map((col) => text(col.name)),
  );
  const checks: CheckConstraint[] = allChecks
    .filter((c) => ![...jsonColumns].some((column) => isJsonValidCheck(c.clause, column)))
    .map((c) => {
      const expression = normalizeMysqlCheck(c.clause);
      const enumOf = enumOfMysqlCheck(expression);
      return { name: c.name, expression, ...(enumOf ? { enumOf } : {}) };
    });
  const foreignKeys = byName(groupForeignKeys(fkRows));
  const { primaryKey, uniques, indexes } = splitIndexes(indexRows, foreignKeys);
  return {
    name: table.table,
    columns: columnRows.map((row) => toColumn(row, mariadb, jsonColumns.has(text(row.name)))),
    ...(primaryKey ? { primaryKey } : {}),
    uniques: byName(uniques),
    indexes: byName(indexes),
    foreignKeys,
    checks: byName(checks),
    ...(table.comment ? { comment: table.comment } : {}),
  };
}

function toColumn(row: ColumnRow, mariadb: boolean, mariaJson: boolean): Column {
  const extra = text(row.extra);
  const type = mariaJson ? 'json' : normalizeMysqlType(text(row.type));
  const autoIncrement = /auto_increment/i.test(extra);
  const def = autoIncrement ? undefined : normalizeMysqlDefault(textOrNull(row.def), { mariadb, type, extra });
  const comment = text(row.comment);
  return {
    name: text(row.name),
    type,
    nullable: text(row.nullable) === 'YES',
    ...(def ? { default: def } : {}),
    ...(autoIncrement ? { autoIncrement: true } : {}),
    ...(comment ? { comment } : {}),
  };
}

function groupForeignKeys(rows: ForeignKeyRow[]): ForeignKey[] {
  const byConstraint = new Map<string, ForeignKeyRow[]>();
  for (const row of rows) byConstraint.set(text(row.name), [...(byConstraint.get(text(row.name)) ?? []), row]);
  return [...byConstraint.entries()].map(([name, parts]) => {
    const onDelete = normalizeMysqlAction(textOrNull(parts[0].on_delete));
    const onUpdate = normalizeMysqlAction(textOrNull(parts[0].on_update));
    return {
      name,
      columns: parts.map((p) => text(p.column_name)),
      referencedTable: text(parts[0].ref_table),
      referencedColumns: parts.map((p) => text(p.ref_column)),
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
    };
  });
}

const PLAIN_TYPES = new Set(['BTREE']);

function splitIndexes(rows: IndexRow[], foreignKeys: readonly ForeignKey[]) {
  const byIndex = new Map<string, IndexRow[]>();
  for (const row of rows) byIndex.set(text(row.name), [...(byIndex.get(text(row.name)) ?? []), row]);
  let primaryKey: PrimaryKey | undefined;
  const uniques: UniqueConstraint[] = [];
  const indexes: Index[] = [];
  for (const [name, parts] of byIndex) {
    const plain = parts.every((p) => p.column_name !== null && p.sub_part === null && !p.EXPRESSION);
    const terms = parts.map((p) => (p.column_name === null ? `(${text(p.EXPRESSION)})` : p.sub_part === null ? text(p.column_name) : `${text(p.column_name)}(${p.sub_part})`));
    const unique = Number(parts[0].non_unique) === 0;
    const type = text(parts[0].index_type).toUpperCase();
    if (name === 'PRIMARY') primaryKey = { name, columns: terms };
    else if (unique && plain && PLAIN_TYPES.has(type)) uniques.push({ name, columns: terms });
    else if (!unique && isForeignKeyIndex(name, terms, foreignKeys)) continue;
    else indexes.push({ name, columns: terms, unique, ...(PLAIN_TYPES.has(type) ? {} : { using: type.toLowerCase() }) });
  }
  return { primaryKey, uniques, indexes };
}

/** InnoDB creates an index named like the foreign key when no index covers its columns. */
function isForeignKeyIndex(name: string, columns: readonly string[], foreignKeys: readonly ForeignKey[]): boolean {
  return foreignKeys.some((fk) => fk.name === name && fk.columns.length === columns.length && fk.columns.every((c, i) => c === columns[i]));
}
