/**
 * The diff quirks of each dialect behind one small interface (STYLE.md lesson 5): type synonyms,
 * what a default means for a type, which referential actions are the same, and which indexes the
 * database creates by itself. Adding a dialect means adding an entry here, not `if`s in comparers.
 */
import type { ForeignKey, Index, ReferentialAction, SchemaDialect, Table } from '../schema/schema';
import { parseSqlType, type SqlType } from '../ops/sql-type';
import type { DefaultAffinity } from './normalize';

export interface DiffRules {
  /** One spelling per type: `character varying(20)` → `varchar(20)`, `int(11)` → `int`. */
  normalizeType(type: string): string;
  /** How literal defaults of this (normalized) type compare. */
  defaultAffinity(type: string): DefaultAffinity;
  /** One spelling per behaviour: no action given = `NO ACTION` (= `RESTRICT` on MySQL). */
  referentialAction(action: ReferentialAction | undefined): string;
  /** An index the database made on its own (MySQL's index behind a foreign key): never dropped. */
  implicitIndex(table: Table, index: Index): boolean;
  /**
   * The index the database puts behind `fk` when none of the table's own indexes leads with its
   * columns, and keeps when the key is dropped (MySQL); undefined when there is none to manage.
   */
  foreignKeyIndex(table: Table, fk: ForeignKey): Index | undefined;
}

function format(t: SqlType, base: string, args: readonly number[]): string {
  const inner = t.values.length ? `(${t.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})` : args.length ? `(${args.join(',')})` : '';
  return `${base}${inner}${t.unsigned ? ' unsigned' : ''}${'[]'.repeat(t.dimensions)}`;
}

const PG_SYNONYMS: Record<string, string> = {
  'character varying': 'varchar',
  character: 'char',
  bpchar: 'char',
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  bool: 'boolean',
  float8: 'double precision',
  float: 'double precision',
  float4: 'real',
  decimal: 'numeric',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
};

const NUMBER_TYPES = /^(smallint|integer|bigint|numeric|real|double precision|int|tinyint|mediumint|decimal|double|float)$/;

const postgres: DiffRules = {
  normalizeType(type) {
    const t = parseSqlType(type);
    const base = PG_SYNONYMS[t.base] ?? t.base;
    const args = base === 'numeric' && t.args.length === 1 ? [t.args[0]!, 0] : t.args;
    return format(t, base, args);
  },
  defaultAffinity(type) {
    const t = parseSqlType(type);
    if (t.dimensions > 0) return 'text';
    if (t.base === 'boolean') return 'boolean';
    if (t.base === 'json' || t.base === 'jsonb') return 'json';
    return NUMBER_TYPES.test(t.base) ? 'number' : 'text';
  },
  referentialAction: (action) => action ?? 'NO ACTION',
  implicitIndex: () => false,
  foreignKeyIndex: () => undefined,
};

const MYSQL_SYNONYMS: Record<string, string> = {
  integer: 'int',
  numeric: 'decimal',
  'double precision': 'double',
  real: 'double',
  'character varying': 'varchar',
  character: 'char',
  bool: 'tinyint',
  boolean: 'tinyint',
};
const MYSQL_INTEGERS = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint']);

const mysql: DiffRules = {
  normalizeType(type) {
    const t = parseSqlType(type);
    const base = MYSQL_SYNONYMS[t.base] ?? t.base;
    if (t.base === 'bool' || t.base === 'boolean') return format(t, 'tinyint', [1]);
    // Display widths mean nothing (and MySQL 8 stopped reporting them), except tinyint(1) = boolean.
    if (MYSQL_INTEGERS.has(base)) return format(t, base, base === 'tinyint' && t.args[0] === 1 ? [1] : []);
    if (base === 'decimal') return format(t, base, t.args.length === 0 ? [10, 0] : t.args.length === 1 ? [t.args[0]!, 0] : t.args);
    return format(t, base, t.args);
  },
  defaultAffinity(type) {
    const t = parseSqlType(type);
    if (t.base === 'tinyint' && t.args[0] === 1) return 'boolean';
    if (t.base === 'json') return 'json';
    return NUMBER_TYPES.test(t.base) ? 'number' : 'text';
  },
  referentialAction: (action) => (action === undefined || action === 'RESTRICT' ? 'NO ACTION' : action),
  implicitIndex: (table, index) =>
    !index.unique && table.foreignKeys.some((fk) => fk.columns.length === index.columns.length && fk.columns.every((c, i) => index.columns[i] === c)),
  foreignKeyIndex(table, fk) {
    const own = [table.primaryKey?.columns ?? [], ...table.uniques.map((u) => u.columns), ...table.indexes.map((i) => i.columns)];
    const serves = own.some((columns) => fk.columns.every((c, i) => columns[i] === c));
    return serves ? undefined : { name: fk.name, columns: fk.columns, unique: false };
  },
};

export const DIFF_RULES: { readonly [D in SchemaDialect]: DiffRules } = { postgres, mysql };
