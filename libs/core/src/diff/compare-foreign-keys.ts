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
  for (const fk of [...removed, ...rebuilt.map(([old]) => old)]) ops.push({ kind: 'dropForeignKey', table: to.name, foreignKey: fk, ...originOf(diff) });
  for (const fk of [...added, ...rebuilt.map(([, fresh]) => fresh)]) ops.push({ kind: 'addForeignKey', table: to.name, foreignKey: fk, ...originOf(diff, fk) });
}
