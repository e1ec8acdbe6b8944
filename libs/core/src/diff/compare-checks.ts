/**
 * CHECK constraints by meaning, not name or spelling: an enum check compares as its column and
 * set of values (knex `enu()`'s `= ANY (ARRAY[…])` equals a model's `IN (…)`), any other check as
 * its normalized expression. A changed check is dropped and added again.
 */
import type { CheckConstraint } from '../schema/schema';
import { matchByKey, originOf, type TableDiff } from './context';
import { enumValues, normalizeExpression } from './normalize';

export function checkKey(check: CheckConstraint): string {
  const asEnum = check.enumOf ?? enumValues(check.expression);
  if (asEnum) return `enum|${asEnum.column}|${JSON.stringify([...new Set(asEnum.values)].sort())}`;
  return `expr|${normalizeExpression(check.expression)}`;
}

export function compareChecks(diff: TableDiff): void {
  const { from, to, ops } = diff;
  const { removed, added } = matchByKey(from.checks, to.checks, checkKey, checkKey);
  for (const check of removed) ops.push({ kind: 'dropCheck', table: to.name, check, ...originOf(diff) });
  for (const check of added) ops.push({ kind: 'addCheck', table: to.name, check, ...originOf(diff, check) });
}
