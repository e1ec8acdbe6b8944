/**
 * Column types as introspection reports them (`format_type` through normalizePgType): from a knex
 * builder method and its arguments (pg-columncompiler.js), or from SQL type text (`specificType`,
 * `ALTER COLUMN … TYPE`). Only spellings known exactly are accepted; the rest gives up.
 */
import { giveUp } from './give-up';
import { isBareIdentifier } from './pg-identifiers';

export interface ColumnKind {
  /** Canonical type (`varchar(255)`, `timestamptz(3)`, `integer`). */
  readonly type: string;
  /** serial / bigserial: NOT NULL, a sequence default. */
  readonly serial?: boolean;
  /** `increments()`' own `primary key`, unless `{ primaryKey: false }` or the table has `primary()`. */
  readonly inlinePrimaryKey?: boolean;
  /** knex `enu()` without a native type: text plus a CHECK. */
  readonly enumValues?: readonly string[];
  /** `enu(…, { useNative: true, enumName })`: the type is created unless `existingType`. */
  readonly nativeEnum?: { readonly name: string; readonly values: readonly string[]; readonly existing: boolean };
}

/** knex's `toNumber`: parseInt, or the fallback. */
const toNumber = (value: unknown, fallback: number): number => {
  if (value === undefined || value === null) return fallback;
  const n = parseInt(String(value), 10);
  return Number.isNaN(n) ? fallback : n;
};

const inRange = (n: number, min: number, max: number, what: string) => (Number.isInteger(n) && n >= min && n <= max ? n : giveUp(`${what} ${n} is out of the range the replay follows`));

const FIXED: Record<string, string> = {
  tinyint: 'smallint',
  smallint: 'smallint',
  mediumint: 'integer',
  integer: 'integer',
  biginteger: 'bigint',
  bool: 'boolean',
  floating: 'real',
  double: 'double precision',
  date: 'date',
  time: 'time',
  text: 'text',
  binary: 'bytea',
  jsonb: 'jsonb',
};

const isOptions = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The type knex's PostgreSQL column compiler gives `table.<method>(name, ...args)`. */
export function knexColumnKind(method: string, args: readonly unknown[]): ColumnKind {
  const type = method.toLowerCase();
  if (FIXED[type]) return { type: FIXED[type] };
  switch (type) {
    case 'increments':
    case 'bigincrements': {
      const options = args[0] ?? { primaryKey: true };
      if (!isOptions(options)) giveUp(`${method}() options`);
      return { type: type === 'increments' ? 'integer' : 'bigint', serial: true, inlinePrimaryKey: Boolean(options.primaryKey) };
    }
    case 'varchar':
      return { type: `varchar(${inRange(toNumber(args[0], 255), 1, 10485760, 'varchar length')})` };
    case 'decimal': {
      if (args[0] === null) return { type: 'numeric' };
      const precision = inRange(toNumber(args[0], 8), 1, 1000, 'decimal precision');
      return { type: `numeric(${precision},${inRange(toNumber(args[1], 2), 0, precision, 'decimal scale')})` };
    }
    case 'json':
      return { type: args[0] ? 'jsonb' : 'json' };
    case 'uuid': {
      const options = args[0] ?? {};
      if (!isOptions(options) || options.primaryKey) giveUp('uuid() with primaryKey');
      return { type: 'uuid' };
    }
    case 'datetime':
    case 'timestamp':
      return { type: timestampType(args[0], args[1]) };
    case 'enu':
      return enumKind(args[0], args[1]);
    case 'specifictype':
      return typeof args[0] === 'string' ? sqlTypeKind(args[0]) : giveUp('specificType() without a type string');
    default:
      return giveUp(`column type ${method}()`);
  }
}

function timestampType(first: unknown, second: unknown): string {
  let useTz: unknown;
  let precision: unknown = second;
  if (isOptions(first)) ({ useTz, precision } = first);
  else useTz = !(first ?? false);
  const tz = typeof useTz === 'boolean' ? useTz : true;
  const suffix = precision === undefined || precision === null ? '' : `(${inRange(Number(precision), 0, 6, 'timestamp precision')})`;
  return `${tz ? 'timestamptz' : 'timestamp'}${suffix}`;
}

const SAFE_VALUE = /^[^'?\\\0]*$/;

function enumKind(values: unknown, options: unknown): ColumnKind {
  if (isOptions(options) && options.useNative && options.existingType) return nativeEnumKind(options, []);
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string' && SAFE_VALUE.test(v))) giveUp('enu() values');
  const strings = values as string[];
  if (options === undefined || options === null) return { type: 'text', enumValues: strings };
  if (!isOptions(options)) return giveUp('enu() options');
  if (!options.useNative) return { type: 'text', enumValues: strings };
  return nativeEnumKind(options, strings);
}

function nativeEnumKind(options: Record<string, unknown>, strings: readonly string[]): ColumnKind {
  const name = options.enumName;
  if (typeof name !== 'string' || !isBareIdentifier(name) || name in SQL_TYPES || options.schemaName) giveUp('a native enum name the replay does not follow');
  return { type: name, nativeEnum: { name, values: strings, existing: Boolean(options.existingType) } };
}

/** Type names PostgreSQL accepts, by their canonical (normalizePgType) spelling. */
const SQL_TYPES: Record<string, string> = {
  smallint: 'smallint',
  int2: 'smallint',
  integer: 'integer',
  int: 'integer',
  int4: 'integer',
  bigint: 'bigint',
  int8: 'bigint',
  real: 'real',
  float4: 'real',
  'double precision': 'double precision',
  float8: 'double precision',
  numeric: 'numeric',
  decimal: 'numeric',
  boolean: 'boolean',
  bool: 'boolean',
  text: 'text',
  varchar: 'varchar',
  'character varying': 'varchar',
  char: 'char',
  character: 'char',
  bytea: 'bytea',
  date: 'date',
  time: 'time',
  'time without time zone': 'time',
  timetz: 'timetz',
  'time with time zone': 'timetz',
  timestamp: 'timestamp',
  'timestamp without time zone': 'timestamp',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  inet: 'inet',
  cidr: 'cidr',
  interval: 'interval',
};
const SERIALS: Record<string, string> = { smallserial: 'smallint', serial2: 'smallint', serial: 'integer', serial4: 'integer', bigserial: 'bigint', serial8: 'bigint' };
/** How many numeric arguments each base takes (format_type prints them without spaces). */
const ARGUMENTS: Record<string, readonly number[]> = { varchar: [1], char: [1], numeric: [1, 2], timestamp: [1], timestamptz: [1], time: [1], timetz: [1] };

/** SQL type text (`varchar(50)[]`, `serial`, `timestamp(3) with time zone`) → canonical type. */
export function sqlTypeKind(text: string): ColumnKind {
  const zoned = /^\s*(timestamp|time)\s*\(\s*(\d)\s*\)\s+(with|without)\s+time\s+zone\s*$/i.exec(text);
  if (zoned) {
    const base = `${zoned[1].toLowerCase()}${zoned[3].toLowerCase() === 'with' ? 'tz' : ''}`;
    return { type: `${base}(${inRange(Number(zoned[2]), 0, 6, 'precision')})` };
  }
  const match = /^\s*([a-z][a-z0-9 ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*((?:\[\])*)\s*$/i.exec(text);
  if (!match) return giveUp(`type "${text}"`);
  const base = match[1].toLowerCase().replace(/\s+/g, ' ');
  const args = [match[2], match[3]].filter((a) => a !== undefined).map(Number);
  const array = match[4] ?? '';
  if (SERIALS[base] && args.length === 0 && array === '') return { type: SERIALS[base], serial: true, inlinePrimaryKey: false };
  const canonical = SQL_TYPES[base] ?? giveUp(`type "${text}"`);
  if (args.length > 0 && !(ARGUMENTS[canonical] ?? []).includes(args.length)) giveUp(`type "${text}"`);
  if (canonical === 'char' && args.length === 0) return { type: `char(1)${array}` };
  if (canonical === 'numeric' && args.length === 1) return { type: `numeric(${inRange(args[0], 1, 1000, 'precision')},0)${array}` };
  if (canonical === 'numeric' && args.length === 2) inRange(args[1], 0, inRange(args[0], 1, 1000, 'precision'), 'scale');
  if (/^time/.test(canonical) && args.length === 1) inRange(args[0], 0, 6, 'precision');
  if ((canonical === 'varchar' || canonical === 'char') && args.length === 1) inRange(args[0], 1, 10485760, 'length');
  return { type: `${canonical}${args.length ? `(${args.join(',')})` : ''}${array}` };
}
