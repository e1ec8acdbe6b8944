import { TargetError } from '../errors';
import type { RevisionMap } from './revision-map';
import { formatTarget, type Target } from './target-parse';
import { branchLineage, describe, outOfRange, walkUp } from './target-resolve';

/**
 * `+N`, `-N`, `<label>@+N`, `<label>@-N`: counted from what the database holds now. The
 * database state is given as `applied` (closed under ancestors) and `heads` (its frontier).
 */
export type RelativeTarget = Extract<Target, { kind: 'relative' }>;

export interface DatabaseState {
  readonly applied: ReadonlySet<string>;
  readonly heads: readonly string[];
}

/** The revision `+N` lands on. */
export function relativeUpTarget(map: RevisionMap, state: DatabaseState, target: RelativeTarget): string {
  const text = formatTarget(target);
  if (target.label === undefined) return walkUp(map, singleCurrentHead(map, state.heads, text), target.steps, text);
  const lineage = branchLineage(map, target.label);
  const onBranch = [...state.applied].filter((id) => lineage.has(id));
  const tips = onBranch.filter((id) => !map.children(id).some((child) => lineage.has(child) && state.applied.has(child)));
  const start = tips.length === 0 ? undefined : singleCurrentHead(map, tips, text);
  return walkUp(map, start, target.steps, text, lineage);
}

/**
 * The N revisions `-N` removes, newest first: from the current head back along downRevisions.
 * The walk stops short (out of range) at a revision another applied revision still needs, so
 * `-N` never removes anything outside its own line; it cannot choose at a merge (ambiguous).
 */
export function relativeRemoval(map: RevisionMap, state: DatabaseState, target: RelativeTarget): string[] {
  const text = formatTarget(target);
  const lineage = target.label === undefined ? undefined : branchLineage(map, target.label);
  let current = currentHeadFor(map, state, target);
  const removed = [current];
  const removing = new Set(removed);
  while (removed.length < -target.steps) {
    const previous = map.revision(current).downRevisions.filter((id) => !lineage || lineage.has(id));
    if (previous.length === 0) throw outOfRange(text, `base ${current} is reached after ${removed.length} revision(s)`);
    if (previous.length > 1) {
      throw new TargetError('MIG_AMBIGUOUS_REVISION', `\`${text}\` is ambiguous: ${current} merges ${describe(map, previous)}.`, {
        hint: `downgrade to one of those ids (or to ${current} first with \`-${removed.length}\`), or use \`<label>@-N\``,
      });
    }
    const next = previous[0] as string;
    const keeper = stillNeededBy(map, state.applied, removing, next);
    if (keeper) {
      throw outOfRange(text, `only ${removed.length} revision(s) can be removed: ${next} is still needed by applied revision ${keeper}`);
    }
    removed.push(next);
    removing.add(next);
    current = next;
  }
  return removed;
}

/** An applied revision, not being removed, that needs `id`, if any. */
function stillNeededBy(map: RevisionMap, applied: ReadonlySet<string>, removing: ReadonlySet<string>, id: string): string | undefined {
  return [...map.children(id), ...map.dependents(id)].find((later) => applied.has(later) && !removing.has(later));
}

/** The current head `-N` counts from: the only one, or the only one on the label's branch. */
export function currentHeadFor(map: RevisionMap, state: DatabaseState, target: RelativeTarget): string {
  const text = formatTarget(target);
  const lineage = target.label === undefined ? undefined : branchLineage(map, target.label);
  const candidates = lineage ? state.heads.filter((head) => lineage.has(head)) : state.heads;
  if (candidates.length === 0) {
    throw outOfRange(text, lineage ? `no current head is on branch ${target.label}` : 'nothing is applied');
  }
  return singleCurrentHead(map, candidates, text) as string;
}

/** The one head to count from; undefined means from base. */
function singleCurrentHead(map: RevisionMap, heads: readonly string[], text: string): string | undefined {
  if (heads.length > 1) {
    throw new TargetError('MIG_MULTIPLE_HEADS', `\`${text}\` is ambiguous: the database has ${heads.length} heads: ${describe(map, heads)}.`, {
      hint: 'count from one of them with `<rev>+N`/`<rev>-N` or `<label>@+N`/`<label>@-N`, or target a revision id',
    });
  }
  return heads[0];
}
