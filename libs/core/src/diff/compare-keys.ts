/**
 * Primary key, unique constraints and indexes, compared by content, never by name: a knex-named
 * `account_email_unique` equals a model's `account_email_key`. A unique constraint and a plain
 * unique index on the same columns are the same thing to the data, so they match each other.
 */
import type { Index, UniqueConstraint } from '../schema/schema';
import { matchByKey, originOf, type TableDiff } from './context';
import { normalizeExpression } from './normalize';

/** PostgreSQL requires an index expression to be a function call or parenthesized; anything else is a column. */
const isExpression = (term: string) => term.includes('(');

/** An index column: a name as is, an expression (`lower(name)`) normalized. */
const indexTerm = (term: string) => (isExpression(term) ? `(${normalizeExpression(term)})` : term);
const columnsKey = (columns: readonly string[]) => columns.map(indexTerm).join('\0');

/** A unique index that says no more than a unique constraint would. */
function isPlainUnique(index: Index): boolean {
  return index.unique && !index.where && (!index.using || index.using.toLowerCase() === 'btree') && index.columns.every((c) => !isExpression(c));
}

function indexKey(index: Index): string {
  return [index.unique, (index.using ?? 'btree').toLowerCase(), columnsKey(index.columns), index.where ? normalizeExpression(index.where) : ''].join('|');
}

export function comparePrimaryKey(diff: TableDiff): void {
  const { from, to, ops } = diff;
  const before = from.primaryKey;
  const after = to.primaryKey;
  if (before?.columns.join('\0') === after?.columns.join('\0')) return;
  if (before) ops.push({ kind: 'dropPrimaryKey', table: to.name, primaryKey: before, ...originOf(diff) });
  if (after) ops.push({ kind: 'addPrimaryKey', table: to.name, primaryKey: after, ...originOf(diff) });
}

type UniqueLike = { readonly unique: UniqueConstraint } | { readonly index: Index };

const uniqueLikes = (uniques: readonly UniqueConstraint[], indexes: readonly Index[]): UniqueLike[] => [
  ...uniques.map((unique) => ({ unique })),
  ...indexes.filter(isPlainUnique).map((index) => ({ index })),
];
const uniqueKey = (item: UniqueLike) => columnsKey('unique' in item ? item.unique.columns : item.index.columns);

/** Unique constraints, together with plain unique indexes (either may stand for the other). */
export function compareUniques(diff: TableDiff): void {
  const { from, to, ops } = diff;
  const { removed, added } = matchByKey(uniqueLikes(from.uniques, from.indexes), uniqueLikes(to.uniques, to.indexes), uniqueKey, uniqueKey);
  for (const item of removed) {
    if ('unique' in item) ops.push({ kind: 'dropUnique', table: to.name, unique: item.unique, ...originOf(diff) });
    else ops.push({ kind: 'dropIndex', table: to.name, index: item.index, ...originOf(diff) });
  }
  for (const item of added) {
    if ('unique' in item) ops.push({ kind: 'addUnique', table: to.name, unique: item.unique, ...originOf(diff, item.unique) });
    else ops.push({ kind: 'addIndex', table: to.name, index: item.index, ...originOf(diff, item.index) });
  }
}

/** Every other index: columns or expressions, uniqueness, method and predicate. */
export function compareIndexes(diff: TableDiff): void {
  const { from, to, ops, rules } = diff;
  const others = (indexes: readonly Index[]) => indexes.filter((i) => !isPlainUnique(i));
  const { removed, added } = matchByKey(others(from.indexes), others(to.indexes), indexKey, indexKey);
  for (const index of removed) {
    if (!rules.implicitIndex(from, index)) ops.push({ kind: 'dropIndex', table: to.name, index, ...originOf(diff) });
  }
  for (const index of added) ops.push({ kind: 'addIndex', table: to.name, index, ...originOf(diff, index) });
}
