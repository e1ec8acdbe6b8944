/**
 * A schema as plain DDL (MODELS.md §11): the canonical PostgreSQL form (tables in code-point
 * order, constraints inline except foreign keys, then indexes, then comments), or MySQL's.
 * Pure: used to apply a schema to a real database in tests and for offline inspection.
 */
import type { Column, DefaultValue, ForeignKey, Index, Schema, SchemaDialect, Table } from '../schema/schema';

interface Dialect {
  readonly quote: (name: string) => string;
  readonly columnType: (column: Column) => string;
  readonly jsonDefault: (json: string, column: Column) => string;
  readonly autoIncrement: string;
  readonly primaryKey: (table: Table) => string;
  readonly unique: (name: string, columns: string) => string;
  readonly tableSuffix: (table: Table) => string;
  readonly columnComment: (column: Column) => string;
  readonly index: (table: Table, index: Index) => string;
  readonly comments: (table: Table) => string[];
  readonly boolean: (value: boolean) => string;
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

function quoteWith(char: string): (name: string) => string {
  return (name) => name.split('.').map((part) => `${char}${part.split(char).join(char + char)}${char}`).join('.');
}

const pgQuote = quoteWith('"');
const myQuote = quoteWith('`');

const PG_SERIAL: Record<string, string> = { integer: 'serial', bigint: 'bigserial', smallint: 'smallserial' };
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function indexTerms(index: Index, quote: (s: string) => string): string {
  return index.columns.map((c) => (IDENTIFIER.test(c) ? quote(c) : `(${c})`)).join(', ');
}

const postgres: Dialect = {
  quote: pgQuote,
  columnType: (c) => (c.autoIncrement && PG_SERIAL[c.type] ? PG_SERIAL[c.type] : c.type),
  jsonDefault: (json, c) => `${literal(json)}::${c.type === 'json' ? 'json' : 'jsonb'}`,
  autoIncrement: '',
  primaryKey: (t) => `CONSTRAINT ${pgQuote(t.primaryKey!.name)} PRIMARY KEY (${t.primaryKey!.columns.map(pgQuote).join(', ')})`,
  unique: (name, columns) => `CONSTRAINT ${pgQuote(name)} UNIQUE (${columns})`,
  tableSuffix: () => '',
  columnComment: () => '',
  index: (t, i) =>
    `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${pgQuote(i.name)} ON ${pgQuote(t.name)}${i.using ? ` USING ${i.using}` : ''} (${indexTerms(i, pgQuote)})${i.where ? ` WHERE ${i.where}` : ''};`,
  comments: (t) => [
    ...(t.comment !== undefined ? [`COMMENT ON TABLE ${pgQuote(t.name)} IS ${literal(t.comment)};`] : []),
    ...t.columns.filter((c) => c.comment !== undefined).map((c) => `COMMENT ON COLUMN ${pgQuote(t.name)}.${pgQuote(c.name)} IS ${literal(c.comment!)};`),
  ],
  boolean: (v) => (v ? 'true' : 'false'),
};

const mysql: Dialect = {
  quote: myQuote,
  columnType: (c) => c.type,
  jsonDefault: (json) => `(CAST(${literal(json)} AS JSON))`,
  autoIncrement: ' AUTO_INCREMENT',
  primaryKey: (t) => `PRIMARY KEY (${t.primaryKey!.columns.map(myQuote).join(', ')})`,
  unique: (name, columns) => `CONSTRAINT ${myQuote(name)} UNIQUE KEY (${columns})`,
  tableSuffix: (t) => (t.comment !== undefined ? ` COMMENT=${literal(t.comment)}` : ''),
  columnComment: (c) => (c.comment !== undefined ? ` COMMENT ${literal(c.comment)}` : ''),
  // MySQL has no partial indexes and no GIN: `where` and non-btree/hash methods cannot be expressed.
  index: (t, i) =>
    `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${myQuote(i.name)} ON ${myQuote(t.name)} (${indexTerms(i, myQuote)})${i.using && /^(btree|hash)$/i.test(i.using) ? ` USING ${i.using.toUpperCase()}` : ''};`,
  comments: () => [],
  boolean: (v) => (v ? '1' : '0'),
};

const DIALECTS: Record<SchemaDialect, Dialect> = { postgres, mysql };

function defaultSql(d: Dialect, value: DefaultValue, column: Column): string {
  switch (value.kind) {
    case 'raw':
      return value.sql;
    case 'json':
      return d.jsonDefault(JSON.stringify(value.value), column);
    case 'literal':
      if (value.value === null) return 'NULL';
      if (typeof value.value === 'boolean') return d.boolean(value.value);
      return typeof value.value === 'number' ? String(value.value) : literal(value.value);
  }
}

function columnSql(d: Dialect, c: Column): string {
  const parts = [d.quote(c.name), d.columnType(c)];
  if (!c.nullable) parts.push('NOT NULL');
  if (c.default) parts.push(`DEFAULT ${defaultSql(d, c.default, c)}`);
  return parts.join(' ') + (c.autoIncrement ? d.autoIncrement : '') + d.columnComment(c);
}

function createTable(d: Dialect, t: Table): string {
  const lines = [
    ...t.columns.map((c) => columnSql(d, c)),
    ...(t.primaryKey ? [d.primaryKey(t)] : []),
    ...t.uniques.map((u) => d.unique(u.name, u.columns.map(d.quote).join(', '))),
    ...t.checks.map((c) => `CONSTRAINT ${d.quote(c.name)} CHECK (${c.expression})`),
  ];
  return `CREATE TABLE ${d.quote(t.name)} (\n  ${lines.join(',\n  ')}\n)${d.tableSuffix(t)};`;
}

function foreignKeySql(d: Dialect, t: Table, fk: ForeignKey): string {
  const actions = `${fk.onDelete ? ` ON DELETE ${fk.onDelete}` : ''}${fk.onUpdate ? ` ON UPDATE ${fk.onUpdate}` : ''}`;
  return (
    `ALTER TABLE ${d.quote(t.name)} ADD CONSTRAINT ${d.quote(fk.name)} FOREIGN KEY (${fk.columns.map(d.quote).join(', ')}) ` +
    `REFERENCES ${d.quote(fk.referencedTable)} (${fk.referencedColumns.map(d.quote).join(', ')})${actions};`
  );
}

const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** One statement per element, in the order they must run. */
export function renderSchemaSql(schema: Schema): string[] {
  const d = DIALECTS[schema.dialect];
  const tables = byName(schema.tables);
  return [
    ...tables.map((t) => createTable(d, t)),
    ...tables.flatMap((t) => byName(t.foreignKeys).map((fk) => foreignKeySql(d, t, fk))),
    ...tables.flatMap((t) => byName(t.indexes).map((i) => d.index(t, i))),
    ...tables.flatMap((t) => d.comments(t)),
  ];
}
