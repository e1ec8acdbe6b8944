/** What every per-table comparer gets: the two versions of one table and where to put results. */
import type { Op } from '../ops/ops';
import type { Origin, Table } from '../schema/schema';
import type { DiffRules } from './dialect-rules';
import type { DiffWarning } from './warnings';

export interface TableDiff {
  readonly rules: DiffRules;
  /** The table in the old schema, with every accepted rename already applied. */
  readonly from: Table;
  readonly to: Table;
  readonly ops: Op[];
  readonly warnings: DiffWarning[];
}

/** `{ origin }` of the model object, else of its table; `{}` when neither has one. */
export function originOf(diff: TableDiff, object?: { readonly origin?: Origin }): { origin?: Origin } {
  const origin = object?.origin ?? diff.to.origin;
  return origin ? { origin } : {};
}

/**
 * Pairs equal items of two lists by a key, as multisets: each old item matches at most one new
 * one. What stays unmatched was removed (old) or added (new).
 */
export function matchByKey<A, B>(olds: readonly A[], news: readonly B[], keyOfOld: (a: A) => string, keyOfNew: (b: B) => string) {
  const pool = new Map<string, A[]>();
  for (const a of olds) pool.set(keyOfOld(a), [...(pool.get(keyOfOld(a)) ?? []), a]);
  const kept: [A, B][] = [];
  const added: B[] = [];
  for (const b of news) {
    const match = pool.get(keyOfNew(b))?.shift();
    if (match !== undefined) kept.push([match, b]);
    else added.push(b);
  }
  const keptOld = new Set(kept.map(([a]) => a));
  return { kept, added, removed: olds.filter((a) => !keptOld.has(a)) };
}
