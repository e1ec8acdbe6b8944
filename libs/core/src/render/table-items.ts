/**
 * Table-level items as knex table-builder calls (without `;`), shared by createTable and
 * alterTable: primary key, unique constraint, index, foreign key, check.
 */
import type { CheckConstraint, ForeignKey, Index, PrimaryKey, SchemaDialect, UniqueConstraint } from '../schema/schema';
import { jsString } from './js-literal';
import { objectName, objectNames, tableName } from './knex-names';
import { RENDER_DIALECTS } from './render-dialect';

/** PostgreSQL requires an index expression to be a function call or parenthesized; anything else is a column. */
export const isExpression = (term: string) => term.includes('(');


export const primaryKeyCall = (pk: PrimaryKey, d: SchemaDialect) =>
  `table.primary(${objectNames(pk.columns, d)}${RENDER_DIALECTS[d].primaryKeyNamed ? `, { constraintName: ${objectName(pk.name, d)} }` : ''})`;

export const uniqueCall = (u: UniqueConstraint, d: SchemaDialect) => `table.unique(${objectNames(u.columns, d)}, { indexName: ${objectName(u.name, d)} })`;

/** Methods knex's typings accept as `storageEngineIndexType`; others (gin, gist, brin …) need raw SQL. */
const KNEX_INDEX_METHODS = new Set(['btree', 'hash']);

export const indexNeedsRaw = (index: Index) => index.using !== undefined && !KNEX_INDEX_METHODS.has(index.using.toLowerCase());

/** Expression columns (`lower(name)`) go in as `knex.raw`, a predicate as `knex.whereRaw`. */
export function indexCall(index: Index, d: SchemaDialect): string {
  const dialect = RENDER_DIALECTS[d];
  const columns = index.columns.map((c) => (isExpression(c) ? `knex.raw(${jsString(dialect.knexText(c))})` : objectName(c, d)));
  const options = [
    index.unique ? `indexType: 'unique'` : '',
    index.using ? `storageEngineIndexType: ${jsString(index.using.toLowerCase())}` : '',
    index.where ? `predicate: knex.whereRaw(${jsString(dialect.knexText(index.where))})` : '',
  ].filter(Boolean);
  return `table.index([${columns.join(', ')}], ${objectName(index.name, d)}${options.length ? `, { ${options.join(', ')} }` : ''})`;
}

/** `CREATE INDEX … USING gin (…)` for an index method knex cannot name; run through `knex.raw`. */
export function indexSql(table: string, index: Index, d: SchemaDialect): string {
  const q = RENDER_DIALECTS[d].quoteIdent;
  const columns = index.columns.map((c) => (isExpression(c) ? c : q(c))).join(', ');
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${q(table)} USING ${index.using} (${columns})${index.where ? ` WHERE ${index.where}` : ''}`;
}

export function foreignKeyCall(fk: ForeignKey, d: SchemaDialect): string {
  let chain = `table.foreign(${objectNames(fk.columns, d)}, ${objectName(fk.name, d)}).references(${objectNames(fk.referencedColumns, d)}).inTable(${tableName(fk.referencedTable, d)})`;
  if (fk.onDelete) chain += `.onDelete(${jsString(fk.onDelete)})`;
  if (fk.onUpdate) chain += `.onUpdate(${jsString(fk.onUpdate)})`;
  return chain;
}

/** knex puts a check's name into SQL unquoted, so it is quoted here when it needs to be. */
export const checkName = (check: CheckConstraint, d: SchemaDialect) => jsString(RENDER_DIALECTS[d].knexText(RENDER_DIALECTS[d].bareOrQuoted(check.name)));

export const checkCall = (check: CheckConstraint, d: SchemaDialect) =>
  `table.check(${jsString(RENDER_DIALECTS[d].knexText(check.expression))}, [], ${checkName(check, d)})`;

/** Inside createTable knex converts `?` twice, which no escape survives: such checks are added after. */
export const checkNeedsAlterTable = (check: CheckConstraint, d: SchemaDialect) => RENDER_DIALECTS[d].knexText('?') !== '?' && `${check.name}${check.expression}`.includes('?');
