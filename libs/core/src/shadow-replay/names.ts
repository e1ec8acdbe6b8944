/**
 * Names as knex passes them to SQL: it trims them, splits them at dots and reads ` as ` as an
 * alias; PostgreSQL truncates them to 63 bytes. The replay follows only names none of that touches.
 */
import { giveUp } from './give-up';
import { fitsIdentifier } from './pg-identifiers';

export function plainName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value !== value.trim() || value.includes('.') || value === '*' || / as /i.test(value) || !fitsIdentifier(value)) {
    return giveUp(`the ${what} name ${JSON.stringify(value)}`);
  }
  return value;
}

/** A column list argument: one name or an array of names. */
export function nameList(value: unknown, what: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) giveUp(`an empty ${what} list`);
  return list.map((v) => plainName(v, what));
}

/** knex's `_indexCommand`: `<table>_<cols>_<type>`, lower-cased. */
export function knexIndexName(type: 'index' | 'unique' | 'foreign', table: string, columns: readonly string[]): string {
  return plainName(`${table.replace(/\.|-/g, '_')}_${columns.join('_')}_${type}`.toLowerCase(), 'index');
}

/** An index or constraint name given to knex, or knex's own. */
export function givenOr(value: unknown, fallback: () => string): string {
  return value === undefined || value === null || value === '' ? fallback() : plainName(value, 'constraint');
}
