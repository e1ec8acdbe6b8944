import { TargetError } from '../errors';
import { listed } from './revision-map-build';
import type { RevisionMap } from './revision-map';
import { relativeRemoval, relativeUpTarget, type DatabaseState, type RelativeTarget } from './relative';
import { formatTarget, parseTarget, type Target } from './target-parse';
import { resolvePoint, type AbsoluteTarget } from './target-resolve';
import { appliedSet, frontier, type PlanStep } from './version-heads';

/**
 * Planning works on applied sets: applied(S) is S with all its ancestors (downRevisions and
 * dependsOn). An upgrade adds to it, a downgrade removes from it, and the steps are the
 * difference in topological order; stamp computes the same sets and returns their frontier.
 */
export type TargetInput = string | Target;

export interface StampOptions {
  /** Ignore the current heads (even ones this checkout does not know) and stamp from nothing. */
  readonly purge?: boolean;
}

export function planUpgrade(map: RevisionMap, currentHeads: readonly string[], target: TargetInput): PlanStep[] {
  const parsed = toTarget(target);
  // At every head already (a no-op upgrade, a status with nothing pending): nothing to walk.
  if (parsed.kind === 'heads' && sameIds(currentHeads, map.heads)) return [];
  const state = databaseState(map, currentHeads);
  const wanted = upgradeTargets(map, state, parsed);
  const missing = map.ancestors(wanted, true).filter((id) => !state.applied.has(id));
  return map.inOrder(missing).map((revision) => ({ revision, direction: 'up' }));
}

export function planDowngrade(map: RevisionMap, currentHeads: readonly string[], target: TargetInput): PlanStep[] {
  const state = databaseState(map, currentHeads);
  const removed = downgradeRemoval(map, state, toTarget(target));
  return map.inReverseOrder(removed).map((revision) => ({ revision, direction: 'down' }));
}

/** The heads the version table should hold after stamping `target`; nothing is run. */
export function planStamp(map: RevisionMap, currentHeads: readonly string[], target: TargetInput, options: StampOptions = {}): string[] {
  const state = options.purge ? { applied: new Set<string>(), heads: [] } : databaseState(map, currentHeads);
  return frontier(map, stampedSet(map, state, toTarget(target)));
}

export function databaseState(map: RevisionMap, currentHeads: readonly string[]): DatabaseState {
  const applied = appliedSet(map, currentHeads);
  return { applied, heads: frontier(map, applied) };
}

function toTarget(input: TargetInput): Target {
  return typeof input === 'string' ? parseTarget(input) : input;
}

/** The revisions an upgrade must make applied (with their ancestors). */
function upgradeTargets(map: RevisionMap, state: DatabaseState, target: Target): string[] {
  if (target.kind === 'relative') {
    if (target.steps < 0) throw wrongDirection(target, 'up');
    return [relativeUpTarget(map, state, target)];
  }
  const point = resolvePoint(map, target);
  if (point.kind === 'base') return [];
  // Upgrading to `<label>@base` means reaching the point where the branch starts.
  return point.kind === 'branchBase' ? map.parents(point.id) : [...point.ids];
}

/** The applied revisions a downgrade removes; what stays is closed under ancestors. */
function downgradeRemoval(map: RevisionMap, state: DatabaseState, target: Target): string[] {
  if (target.kind === 'relative') {
    if (target.steps > 0) throw wrongDirection(target, 'down');
    return relativeRemoval(map, state, target);
  }
  return removalFor(map, state, target);
}

function removalFor(map: RevisionMap, state: DatabaseState, target: AbsoluteTarget): string[] {
  const point = resolvePoint(map, target);
  const isApplied = (id: string) => state.applied.has(id);
  if (point.kind === 'base') return [...state.applied];
  if (point.kind === 'branchBase') return map.descendants([point.id], true).filter(isApplied);
  const notApplied = point.ids.filter((id) => !isApplied(id));
  if (notApplied.length > 0) {
    throw new TargetError(
      'MIG_BAD_TARGET',
      `Cannot downgrade to \`${formatTarget(target)}\`: ${listed(notApplied)} is not applied (current heads: ${listed(state.heads) || 'none'}).`,
      { hint: 'a downgrade only removes revisions: run `nx run <app>:migrate-status` and pick an applied revision, or upgrade instead' },
    );
  }
  return strictlyAfter(map, point.ids).filter(isApplied);
}

/**
 * Revisions that descend from `ids` but are not needed by any of them: a target list such as
 * `heads` may contain a revision that depends on another target, and that one must stay.
 */
function strictlyAfter(map: RevisionMap, ids: readonly string[]): string[] {
  const kept = new Set(map.ancestors(ids, true));
  return map.descendants(ids).filter((id) => !kept.has(id));
}

/**
 * Stamp moves the frontier without running anything: a target already applied drops what
 * follows it (like a downgrade), one not applied is added with its ancestors (like an upgrade).
 */
function stampedSet(map: RevisionMap, state: DatabaseState, target: Target): Set<string> {
  const applied = new Set(state.applied);
  if (target.kind === 'relative') {
    if (target.steps > 0) return union(applied, map.ancestors([relativeUpTarget(map, state, target)], true));
    return minus(applied, relativeRemoval(map, state, target));
  }
  const point = resolvePoint(map, target);
  if (point.kind === 'base') return new Set();
  if (point.kind === 'branchBase') return minus(applied, map.descendants([point.id], true));
  const appliedTargets = point.ids.filter((id) => applied.has(id));
  return union(minus(applied, strictlyAfter(map, appliedTargets)), map.ancestors(point.ids, true));
}

function wrongDirection(target: RelativeTarget, command: 'up' | 'down'): TargetError {
  const text = formatTarget(target);
  const moves = command === 'up' ? 'down' : 'up';
  return new TargetError('MIG_BAD_TARGET', `\`${text}\` moves ${moves}, but this command moves ${command}.`, {
    hint: `use migrate-${moves} --to=${text}`,
  });
}

/** The same ids, in any order (both lists are free of duplicates). */
function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && b.every((id) => a.includes(id));
}

function union(set: Set<string>, ids: Iterable<string>): Set<string> {
  for (const id of ids) set.add(id);
  return set;
}

function minus(set: Set<string>, ids: Iterable<string>): Set<string> {
  for (const id of ids) set.delete(id);
  return set;
}
