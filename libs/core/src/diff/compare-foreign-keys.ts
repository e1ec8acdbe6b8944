/**
 * Foreign keys by content (columns, referenced table and columns, actions), never by name: knex's
 * `account_order_id_foreign` equals PostgreSQL's `account_order_id_fkey`. A changed action is a
 * drop and an add. An unchanged key is rebuilt too when the key it points at is dropped and added
 * again, or a column on either end changes type: the database would refuse the change otherwise.
 */
import type { ForeignKey } from '../schema/schema';
import { matchByKey, originOf, type TableDiff } from './context';
import type { DiffRules } from './dialect-rules';

export function foreignKeyKey(rules: DiffRules, fk: ForeignKey): string {
  return [fk.columns.join('\0'), fk.referencedTable, fk.referencedColumns.join('\0'), rules.referentialAction(fk.onDelete), rules.referentialAction(fk.onUpdate)].join('|');
}

export function compareForeignKeys(diff: TableDiff, mustRebuild: (table: string, fk: ForeignKey) => boolean): void {
  const { from, to, ops, rules } = diff;
  const key = (fk: ForeignKey) => foreignKeyKey(rules, fk);
  const { kept, removed, added } = matchByKey(from.foreignKeys, to.foreignKeys, key, key);
  const rebuilt = kept.filter(([old]) => mustRebuild(to.name, old));
  const dropped = [...removed, ...rebuilt.map(([old]) => old)];
  const adding = [...added, ...rebuilt.map(([, fresh]) => fresh)];
  // MySQL keeps the index it made for a key after the key is dropped: the ops drop it (and, for
  // the downgrade's sake, make it explicitly for a new key), unless a key on the same columns
  // is dropped and added here, which simply takes the index over.
  const sameColumns = (a: ForeignKey, b: ForeignKey) => a.columns.join('\0') === b.columns.join('\0');
  for (const fk of dropped) {
    ops.push({ kind: 'dropForeignKey', table: to.name, foreignKey: fk, ...originOf(diff) });
    const index = rules.foreignKeyIndex(from, fk);
    if (index && !adding.some((other) => sameColumns(other, fk))) ops.push({ kind: 'dropIndex', table: to.name, index, ...originOf(diff) });
  }
  for (const fk of adding) {
    const index = rules.foreignKeyIndex(to, fk);
    if (index && !dropped.some((other) => sameColumns(other, fk))) ops.push({ kind: 'addIndex', table: to.name, index, ...originOf(diff, fk) });
    ops.push({ kind: 'addForeignKey', table: to.name, foreignKey: fk, ...originOf(diff, fk) });
  }
}
