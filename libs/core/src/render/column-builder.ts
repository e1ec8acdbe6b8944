/**
 * A column as a knex column-builder chain: `table.string('name', 50).notNullable().defaultTo('x')`.
 * Types knex has a method for use it; anything else is `specificType`, which passes the type through.
 */
import { parseSqlType, tidyType } from '../ops/sql-type';
import type { Column, DefaultValue, SchemaDialect } from '../schema/schema';
import { jsNumber, jsString } from './js-literal';
import { objectName } from './knex-names';
import { RENDER_DIALECTS, type RenderDialect } from './render-dialect';

/** A builder method and its arguments after the column name, already as JavaScript. */
interface TypeCall {
  readonly method: string;
  readonly args: readonly string[];
  readonly unsigned?: boolean;
}

const call = (method: string, ...args: string[]): TypeCall => ({ method, args });
const specific = (type: string): TypeCall => call('specificType', jsString(type));

const PG_SIMPLE: Record<string, string> = {
  integer: 'integer',
  bigint: 'bigInteger',
  smallint: 'smallint',
  text: 'text',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  uuid: 'uuid',
  jsonb: 'jsonb',
  json: 'json',
  bytea: 'binary',
  'double precision': 'double',
  real: 'float',
};

function postgresType(type: string): TypeCall {
  const t = parseSqlType(type);
  if (t.dimensions > 0 || t.values.length > 0) return specific(type);
  if (t.args.length === 0 && PG_SIMPLE[t.base]) return call(PG_SIMPLE[t.base]!);
  if (t.base === 'varchar' && t.args.length === 1) return call('string', String(t.args[0]));
  if (t.base === 'numeric' && t.args.length === 2) return call('decimal', String(t.args[0]), String(t.args[1]));
  if ((t.base === 'timestamptz' || t.base === 'timestamp') && t.args.length === 0) return call('timestamp', `{ useTz: ${t.base === 'timestamptz'} }`);
  return specific(type);
}

const MYSQL_SIMPLE: Record<string, string> = {
  int: 'integer',
  bigint: 'bigInteger',
  smallint: 'smallint',
  mediumint: 'mediumint',
  tinyint: 'tinyint',
  text: 'text',
  date: 'date',
  time: 'time',
  datetime: 'datetime',
  timestamp: 'timestamp',
  json: 'json',
  double: 'double',
  float: 'float',
};

function mysqlType(type: string, hasDefault: boolean): TypeCall {
  const t = parseSqlType(type);
  // knex's MySQL `json().defaultTo(x)` JSON.stringify's any object x, a `knex.raw` too (and crashes).
  if (t.base === 'json' && hasDefault) return specific(type);
  if (t.base === 'tinyint' && t.args[0] === 1 && !t.unsigned) return call('boolean');
  if (t.base === 'enum' && !t.unsigned) return call('enu', `[${t.values.map(jsString).join(', ')}]`);
  const integer = ['int', 'bigint', 'smallint', 'mediumint', 'tinyint'].includes(t.base);
  if (t.unsigned && !integer) return specific(type);
  if (MYSQL_SIMPLE[t.base] && (t.args.length === 0 || integer)) return { ...call(MYSQL_SIMPLE[t.base]!), unsigned: t.unsigned };
  if (t.base === 'varchar' && t.args.length === 1) return call('string', String(t.args[0]));
  if (t.base === 'decimal' && t.args.length === 2) return call('decimal', String(t.args[0]), String(t.args[1]));
  if ((t.base === 'mediumtext' || t.base === 'longtext') && t.args.length === 0) return call('text', jsString(t.base));
  if (t.base === 'datetime' && t.args.length === 1) return call('datetime', `{ precision: ${t.args[0]} }`);
  return specific(type);
}

/** The builder call for a type; whether the column has a default matters to knex's MySQL `json()`. */
const TYPES: { readonly [D in SchemaDialect]: (type: string, hasDefault: boolean) => TypeCall } = { postgres: postgresType, mysql: mysqlType };

function defaultValue(value: DefaultValue, column: Column, dialect: RenderDialect): string {
  switch (value.kind) {
    case 'raw':
      return `knex.raw(${jsString(dialect.rawDefault(value.sql))})`;
    case 'json':
      return `knex.raw(${jsString(dialect.jsonDefault(JSON.stringify(value.value), parseSqlType(column.type).base))})`;
    case 'literal':
      if (typeof value.value === 'number') return jsNumber(value.value);
      if (typeof value.value === 'boolean' || value.value === null) return String(value.value);
      // knex's own quoting of a default lets a `?` through, where it becomes a parameter.
      return value.value.includes('?') && dialect.knexText('?') !== '?' ? `knex.raw(${jsString(dialect.sqlString(value.value))})` : jsString(value.value);
  }
}

export type ColumnMode =
  /** In createTable/addColumn. `increments` when the column is the table's sole serial key. */
  | { readonly kind: 'add'; readonly increments?: 'increments' | 'bigIncrements'; readonly primaryKey?: boolean }
  /** In alterTable with `.alter()`: everything is restated, since `.alter()` resets what it is not told. */
  | { readonly kind: 'alter'; readonly from: Column };

/** `table.<type>(name, …)<modifiers>`, without `;`. */
export function columnBuilder(column: Column, dialectName: SchemaDialect, mode: ColumnMode): string {
  const dialect = RENDER_DIALECTS[dialectName];
  const name = objectName(column.name, dialectName);
  if (mode.kind === 'add' && mode.increments) {
    const options = mode.primaryKey === false ? ', { primaryKey: false }' : '';
    return `table.${mode.increments}(${name}${options})${column.comment ? `.comment(${jsString(dialect.columnComment(column.comment))})` : ''}`;
  }
  const type = column.autoIncrement ? specific(dialect.serialType(column.type)) : TYPES[dialectName](column.type, column.default !== undefined);
  let chain = `table.${type.method}(${[name, ...type.args].join(', ')})`;
  if (type.unsigned) chain += '.unsigned()';
  chain += column.nullable ? (mode.kind === 'alter' ? '.nullable()' : '') : '.notNullable()';
  if (column.default !== undefined && !column.autoIncrement) chain += `.defaultTo(${defaultValue(column.default, column, dialect)})`;
  if (column.comment) chain += `.comment(${jsString(dialect.columnComment(column.comment))})`;
  else if (mode.kind === 'alter' && mode.from.comment) chain += `.comment('')`;
  return mode.kind === 'alter' ? `${chain}.alter(${alterOptions(mode.from, column)})` : chain;
}

/**
 * `.alter()` drops NOT NULL and re-casts the type unless told not to; PostgreSQL refuses the
 * first on a primary-key column, so only what changed is altered. The default is always restated,
 * because `.alter()` drops it in any case.
 */
function alterOptions(from: Column, to: Column): string {
  const options = [from.nullable === to.nullable ? 'alterNullable: false' : '', tidyType(from.type) === tidyType(to.type) ? 'alterType: false' : ''].filter(Boolean);
  return options.length ? `{ ${options.join(', ')} }` : '';
}

/** knex's increments method for an auto-increment column of this type, if it has one. */
export function incrementsFor(column: Column, dialect: SchemaDialect): 'increments' | 'bigIncrements' | undefined {
  if (!column.autoIncrement) return undefined;
  // knex's increments are PostgreSQL serial/bigserial and MySQL int/bigint unsigned.
  const type = parseSqlType(column.type);
  if (type.unsigned !== (dialect === 'mysql') || type.dimensions > 0) return undefined;
  if (type.base === (dialect === 'postgres' ? 'integer' : 'int')) return 'increments';
  if (type.base === 'bigint') return 'bigIncrements';
  return undefined;
}
