/**
 * Value types → SQL types of a dialect (MODELS.md §4), and the small type algebra foreign keys
 * need (a serial column is referenced as integer, MySQL `int unsigned` stays unsigned).
 */
import type { SchemaDialect } from '../schema/schema';
import type { ValueKind, ValueType } from './value-type';

export type StringDefault = 'text' | 'varchar(255)';

export interface TypeOptions {
  readonly dialect: SchemaDialect;
  readonly stringDefault: StringDefault;
}

const MYSQL_VARCHAR_MAX = 16383;

function pgString(type: ValueType, options: TypeOptions): string {
  return type.maxLength !== undefined ? `varchar(${type.maxLength})` : options.stringDefault;
}

function mysqlString(type: ValueType): string {
  const n = type.maxLength;
  if (n === undefined) return 'varchar(255)';
  if (n <= MYSQL_VARCHAR_MAX) return `varchar(${n})`;
  return n <= 65535 ? 'text' : 'mediumtext';
}

const quoteLiteral = (value: string | number) => (typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`);

const POSTGRES: Record<ValueKind, (type: ValueType, options: TypeOptions) => string> = {
  integer: () => 'integer',
  number: () => 'double precision',
  bigint: () => 'bigint',
  string: pgString,
  boolean: () => 'boolean',
  datetime: () => 'timestamptz',
  date: () => 'date',
  time: () => 'time',
  uuid: () => 'uuid',
  json: () => 'jsonb',
  binary: () => 'bytea',
  any: () => 'jsonb',
  mixed: (_t, o) => o.stringDefault,
  stringArray: () => 'text[]',
  integerArray: () => 'integer[]',
  booleanArray: () => 'boolean[]',
};

const MYSQL: Record<ValueKind, (type: ValueType) => string> = {
  integer: () => 'int',
  number: () => 'double',
  bigint: () => 'bigint',
  string: (t) => (t.enumValues?.every((v) => typeof v === 'string') ? `enum(${t.enumValues.map(quoteLiteral).join(',')})` : mysqlString(t)),
  boolean: () => 'tinyint(1)',
  datetime: () => 'datetime',
  date: () => 'date',
  time: () => 'time',
  uuid: () => 'char(36)',
  json: () => 'json',
  binary: () => 'longblob',
  any: () => 'json',
  mixed: () => 'varchar(255)',
  stringArray: () => 'json',
  integerArray: () => 'json',
  booleanArray: () => 'json',
};

export function sqlType(type: ValueType, options: TypeOptions): string {
  return options.dialect === 'postgres' ? POSTGRES[type.kind](type, options) : MYSQL[type.kind](type);
}

/** Whether the enum values need a CHECK (PostgreSQL always; MySQL only for numeric enums). */
export function needsEnumCheck(type: ValueType, dialect: SchemaDialect): boolean {
  if (!type.enumValues || type.enumValues.length === 0) return false;
  return dialect === 'postgres' || !type.enumValues.every((v) => typeof v === 'string');
}

export function enumCheckExpression(column: string, values: readonly (string | number)[], dialect: SchemaDialect): string {
  const quoted = dialect === 'postgres' ? `"${column}"` : `\`${column}\``;
  return `${quoted} IN (${values.map(quoteLiteral).join(', ')})`;
}

const INTEGER_LIKE = /^(smallint|integer|int|bigint|int unsigned|bigint unsigned|smallint unsigned|int4|int8|int2)$/;

export function isIntegerLike(sql: string): boolean {
  return INTEGER_LIKE.test(sql.trim().toLowerCase());
}

/** Type of an auto-increment primary key (MySQL `increments` is unsigned). */
export function autoIncrementType(sql: string, dialect: SchemaDialect): string {
  if (dialect === 'postgres') return sql === 'int' ? 'integer' : sql;
  return sql.endsWith('unsigned') ? sql : `${sql === 'integer' ? 'int' : sql} unsigned`;
}

/** The type a foreign key column gets from the column it references: no serial, no enum. */
export function referencingType(sql: string): string {
  const lower = sql.toLowerCase();
  const serial: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' };
  return serial[lower] ?? sql;
}
