/**
 * How the rendered code must spell things for knex on each database. knex's PostgreSQL client
 * turns every `?` in a statement into a `$n` parameter unless written `\?`, and some paths (CHECKs
 * inside createTable, `knex.raw` defaults) run that conversion twice, where no escape survives; a
 * `?` inside a string literal is then written `U&'\003F'`, which contains none.
 */
import { makeObjectName } from '../schema/constraint-names';
import type { SchemaDialect, Table } from '../schema/schema';

export interface RenderDialect {
  /** An identifier quoted for raw SQL (`"a"."b"` for `a.b`). */
  quoteIdent(name: string): string;
  /** A name knex puts into SQL as is (CHECK names): quoted unless it is safe bare. */
  bareOrQuoted(name: string): string;
  /** Text for knex paths that convert `?` once: identifiers, CHECKs in alterTable, predicates, index expressions. */
  knexText(text: string): string;
  /** A SQL string literal that survives any number of `?` conversions. */
  sqlString(value: string): string;
  /** Raw SQL for `knex.raw` defaults: `?` inside its string literals re-spelled as in `sqlString`. */
  rawDefault(sql: string): string;
  /** SQL default for a JSON value in a column of `type`. */
  jsonDefault(json: string, type: string): string;
  /** A column comment as `.comment()` must get it (see `postgres`). */
  columnComment(comment: string): string;
  /** SQL that sets (or with undefined removes) a table comment, for comments knex cannot pass safely. */
  tableCommentSql(table: string, comment: string | undefined): string;
  /** Whether an inline `primary key` (knex `increments`) gets the name this table's key has. */
  inlinePrimaryKeyNamed(table: Table): boolean;
  /** Whether `table.primary()` is given the key's name. */
  readonly primaryKeyNamed: boolean;
  /** Type to give an auto-increment column that is not a sole primary key (`serial`). */
  serialType(type: string): string;
}

const quoteWith = (q: string) => (name: string) => name.split('.').map((part) => `${q}${part.split(q).join(q + q)}${q}`).join('.');

const pgQuote = quoteWith('"');

/** PostgreSQL's reserved key words (reserved, and reserved except as function or type names). */
const PG_RESERVED = new Set(
  `all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column
  concurrently constraint create cross current_catalog current_date current_role current_schema current_time
  current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from
  full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime
  localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right
  select session_user similar some symmetric system_user table tablesample then to trailing true union unique user using
  variadic verbose when where window with`.split(/\s+/),
);
const SERIAL: Record<string, string> = { integer: 'serial', bigint: 'bigserial', smallint: 'smallserial' };

function pgString(value: string): string {
  if (!value.includes('?')) return `'${value.replace(/'/g, "''")}'`;
  const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\?/g, '\\003F');
  return `U&'${escaped}'`;
}

const postgres: RenderDialect = {
  quoteIdent: pgQuote,
  bareOrQuoted: (name) => (/^[a-z_][a-z0-9_$]*$/.test(name) && !PG_RESERVED.has(name) ? name : pgQuote(name)),
  knexText: (text) => text.replace(/\?/g, '\\?'),
  sqlString: pgString,
  rawDefault: (sql) => sql.replace(/(?<![A-Za-z0-9_&])'((?:[^']|'')*)'/g, (literal, body: string) => (body.includes('?') ? pgString(body.replace(/''/g, "'")) : literal)),
  jsonDefault: (json, type) => `${pgString(json)}::${type === 'json' ? 'json' : 'jsonb'}`,
  // knex doubles lone quotes only, leaving runs of two or more as they are; so runs are doubled here.
  columnComment: (comment) => comment.replace(/''+/g, (run) => run + run).replace(/\?/g, '\\?'),
  tableCommentSql: (table, comment) => `COMMENT ON TABLE ${pgQuote(table)} IS ${comment === undefined ? 'NULL' : pgString(comment)}`,
  inlinePrimaryKeyNamed: (table) => table.primaryKey?.name === makeObjectName(table.name.split('.').pop()!, undefined, 'pkey'),
  primaryKeyNamed: true,
  serialType: (type) => SERIAL[type] ?? type,
};

const myString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

const mysql: RenderDialect = {
  quoteIdent: quoteWith('`'),
  bareOrQuoted: quoteWith('`'),
  knexText: (text) => text,
  sqlString: myString,
  rawDefault: (sql) => sql,
  // A parenthesized string is an expression default to MySQL 8 (the only kind a JSON column takes)
  // and a plain literal to MariaDB, which has no CAST(… AS JSON).
  jsonDefault: (json) => `(${myString(json)})`,
  columnComment: (comment) => comment,
  tableCommentSql: (table, comment) => `ALTER TABLE ${quoteWith('`')(table)} COMMENT = ${myString(comment ?? '')}`,
  // MySQL calls every primary key PRIMARY.
  inlinePrimaryKeyNamed: () => true,
  // No name to give, then; and knex's MySQL createTable prints `{ constraintName }` as `PRIMARY as constraintName`.
  primaryKeyNamed: false,
  serialType: (type) => `${type} auto_increment`,
};

export const RENDER_DIALECTS: { readonly [D in SchemaDialect]: RenderDialect } = { postgres, mysql };
