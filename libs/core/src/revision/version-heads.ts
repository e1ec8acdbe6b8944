import { StateError, TargetError } from '../errors';
import { listed } from './revision-map-build';
import type { RevisionMap } from './revision-map';

/**
 * The version table stores a frontier: the applied revisions that no other applied revision
 * needs. These helpers move between that frontier and the full applied set.
 */
export interface PlanStep {
  readonly revision: string;
  readonly direction: 'up' | 'down';
}

/**
 * Everything the database holds, given the heads read from its version table. An id the
 * checkout does not know means the database is ahead of (or beside) the code: nothing can be
 * planned safely, so this is a state error rather than a bad target.
 */
export function appliedSet(map: RevisionMap, currentHeads: readonly string[]): Set<string> {
  const unknown = currentHeads.filter((id) => !map.has(id));
  if (unknown.length > 0) {
    throw new StateError(
      'MIG_UNKNOWN_DB_REVISION',
      `The database is at revision ${listed(unknown)}, which no revision file in this checkout defines.`,
      {
        hint:
          'the database was upgraded from a newer checkout or another git branch: check out that code and ' +
          'downgrade there, or, if the file is gone for good, `nx run <app>:migrate-stamp --to=<rev> --purge`',
      },
    );
  }
  return new Set(map.ancestors(currentHeads, true));
}

/** Applied revisions (plus their ancestors) that are not an ancestor of another; sorted by id. */
export function frontier(map: RevisionMap, appliedIds: Iterable<string>): string[] {
  return map.frontier(appliedIds);
}

/**
 * The frontier after running one step from `heads`, without recomputing the applied set:
 * the runner calls this after every revision to update the version table.
 */
export function headsAfterStep(map: RevisionMap, heads: readonly string[], step: PlanStep): string[] {
  const parents = map.parents(step.revision);
  if (step.direction === 'up') {
    if (heads.includes(step.revision)) return [...heads].sort();
    return [...heads.filter((head) => !parents.includes(head)), step.revision].sort();
  }
  if (!heads.includes(step.revision)) {
    throw new TargetError('MIG_BAD_TARGET', `Cannot record the downgrade of ${step.revision}: it is not a current head (${listed(heads) || 'none'}).`, {
      hint: 'downgrade steps must come from planDowngrade, children before parents',
    });
  }
  const remaining = heads.filter((head) => head !== step.revision);
  // A parent that another parent needs (R revises c and depends on c's ancestor) stays covered.
  const uncovered = parents.filter(
    (parent) => !needsAny(map, parent, [...remaining, ...parents.filter((other) => other !== parent)], step.revision),
  );
  return [...new Set([...remaining, ...uncovered])].sort();
}

/**
 * Whether one of `heads` descends from `id`. Searches down from `id` and never through the
 * revision just removed: it was a head, so nothing applied lies beyond it. That keeps a long
 * downgrade linear instead of rescanning everything it already removed at every step.
 */
function needsAny(map: RevisionMap, id: string, heads: readonly string[], removed: string): boolean {
  if (heads.length === 0) return false;
  const wanted = new Set(heads);
  const seen = new Set<string>([id, removed]);
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    for (const later of [...map.children(current), ...map.dependents(current)]) {
      if (wanted.has(later)) return true;
      if (seen.has(later)) continue;
      seen.add(later);
      stack.push(later);
    }
  }
  return false;
}
