import type { RevisionMap, Revision } from './revision-map';
import { planUpgrade, databaseState } from './plan';
import { currentHeadFor, relativeUpTarget, type DatabaseState } from './relative';
import { formatTarget, parseRange, type RangeSide, type RevisionRange } from './target-parse';
import { branchLineage, resolvePoint, walkDown, type Point } from './target-resolve';
import type { PlanStep } from './version-heads';

/**
 * `history -r lower:upper`: the revisions an upgrade from `lower` (inclusive, as Alembic shows
 * it) to `upper` passes through, newest first. No range means everything.
 */
export function history(map: RevisionMap, range: string | RevisionRange | undefined, currentHeads: readonly string[]): Revision[] {
  const parsed = typeof range === 'string' ? parseRange(range) : (range ?? { lower: { kind: 'base' }, upper: { kind: 'heads' } });
  const state = needsDatabase(parsed) ? databaseState(map, currentHeads) : { applied: new Set<string>(), heads: [] };
  const upper = sideIds(map, state, parsed.upper, 'upper');
  const lower = sideIds(map, state, parsed.lower, 'lower');
  const inRange = new Set(lower === 'base' ? [] : map.descendants(lower, true));
  const below = upper === 'base' ? [] : map.ancestors(upper, true);
  return below
    .filter((id) => lower === 'base' || inRange.has(id))
    .reverse()
    .map((id) => map.revision(id));
}

/** What `upgrade heads` would run now. */
export function pending(map: RevisionMap, currentHeads: readonly string[]): PlanStep[] {
  return planUpgrade(map, currentHeads, { kind: 'heads' });
}

function needsDatabase(range: RevisionRange): boolean {
  return [range.lower, range.upper].some((side) => side.kind === 'current' || side.kind === 'relative');
}

/**
 * A range side as revision ids, or `base` for "before everything". `<label>@base` is the
 * labelled revision when it bounds from below and its parents when it bounds from above.
 */
function sideIds(map: RevisionMap, state: DatabaseState, side: RangeSide, bound: 'lower' | 'upper'): string[] | 'base' {
  if (side.kind === 'current') return state.heads.length === 0 ? 'base' : [...state.heads];
  if (side.kind === 'relative') {
    if (side.steps > 0) return [relativeUpTarget(map, state, side)];
    const lineage = side.label === undefined ? undefined : branchLineage(map, side.label);
    return pointIds(map, walkDown(map, currentHeadFor(map, state, side), -side.steps, formatTarget(side), lineage), bound);
  }
  return pointIds(map, resolvePoint(map, side), bound);
}

function pointIds(map: RevisionMap, point: Point, bound: 'lower' | 'upper'): string[] | 'base' {
  if (point.kind === 'base') return 'base';
  if (point.kind === 'revisions') return [...point.ids];
  return bound === 'lower' ? [point.id] : nonEmpty(map.parents(point.id));
}

function nonEmpty(ids: string[]): string[] | 'base' {
  return ids.length === 0 ? 'base' : ids;
}
