import { TargetError } from '../errors';
import { listed, where } from './revision-map-build';
import type { RevisionMap } from './revision-map';
import { formatTarget, type Target } from './target-parse';

/**
 * Resolution of targets that do not depend on the database: `head`, `heads`, `base`, ids,
 * `<rev>±N`, `<label>@…`. Relative targets (`+N`, `-N`, `<label>@±N`) live in relative.ts.
 */
export type Point =
  /** Nothing applied. */
  | { readonly kind: 'base' }
  /** These revisions (and so their ancestors) applied. */
  | { readonly kind: 'revisions'; readonly ids: readonly string[] }
  /** The state just before `id`: it and its descendants not applied (`<label>@base`, walking below a base). */
  | { readonly kind: 'branchBase'; readonly id: string };

export type AbsoluteTarget = Exclude<Target, { kind: 'relative' }>;

const MERGE_HINT = 'merge them with `nx g mig:merge --project=<app>`, or target `heads` or `<label>@head`';

export function resolvePoint(map: RevisionMap, target: AbsoluteTarget): Point {
  const text = formatTarget(target);
  switch (target.kind) {
    case 'heads':
      return revisions(map.heads);
    case 'head':
      return revisions(target.label === undefined ? optional(singleHead(map)) : [branchHead(map, target.label)]);
    case 'base':
      return target.label === undefined ? { kind: 'base' } : { kind: 'branchBase', id: map.labelled(target.label) };
    case 'revision':
      return revisions([target.label === undefined ? map.resolveRef(target.ref) : resolveInBranch(map, target.label, target.ref)]);
    case 'offset': {
      const lineage = target.label === undefined ? undefined : branchLineage(map, target.label);
      const from = offsetAnchor(map, target);
      if (from === undefined) throw outOfRange(text, 'there are no revisions yet');
      return target.steps > 0 ? revisions([walkUp(map, from, target.steps, text, lineage)]) : walkDown(map, from, -target.steps, text, lineage);
    }
  }
}

/** The one head of the graph; undefined when there are no revisions at all. */
export function singleHead(map: RevisionMap): string | undefined {
  const heads = map.heads;
  if (heads.length > 1) {
    throw new TargetError('MIG_MULTIPLE_HEADS', `\`head\` is ambiguous: the revisions have ${heads.length} heads: ${describe(map, heads)}.`, {
      hint: MERGE_HINT,
    });
  }
  return heads[0];
}

/** The head of the branch that contains the labelled revision. */
export function branchHead(map: RevisionMap, label: string): string {
  const onBranch = new Set(map.descendants([map.labelled(label)], true, 'downRevisions'));
  const heads = map.heads.filter((head) => onBranch.has(head));
  if (heads.length > 1) {
    throw new TargetError('MIG_MULTIPLE_HEADS', `Branch ${label} has ${heads.length} heads: ${describe(map, heads)}.`, {
      hint: MERGE_HINT.replace('`<label>@head`', 'one of those ids'),
    });
  }
  return heads[0] as string;
}

/** A branch is the labelled revision with its ancestors and descendants along downRevisions. */
export function branchLineage(map: RevisionMap, label: string): ReadonlySet<string> {
  const labelled = [map.labelled(label)];
  return new Set([...map.ancestors(labelled, true, 'downRevisions'), ...map.descendants(labelled, false, 'downRevisions')]);
}

/** `<label>@<ref>`: the ref may be a prefix that is unique only within the branch. */
export function resolveInBranch(map: RevisionMap, label: string, ref: string): string {
  const lineage = branchLineage(map, label);
  const exact = map.has(ref) ? ref : map.branchLabels.get(ref);
  if (exact !== undefined) {
    if (lineage.has(exact)) return exact;
    throw notOnBranch(label, exact);
  }
  const matches = map.idsStartingWith(ref);
  if (matches.length === 0) return map.resolveId(ref); // throws MIG_UNKNOWN_REVISION
  const onBranch = matches.filter((id) => lineage.has(id));
  if (onBranch.length === 1) return onBranch[0] as string;
  if (onBranch.length === 0) throw notOnBranch(label, ref);
  throw new TargetError('MIG_AMBIGUOUS_REVISION', `Revision prefix ${ref} matches several revisions on branch ${label}: ${listed(onBranch)}.`, {
    hint: 'type more characters of the id',
  });
}

function notOnBranch(label: string, ref: string): TargetError {
  return new TargetError('MIG_BAD_TARGET', `Revision ${ref} is not on branch ${label}.`, {
    hint: `drop the \`${label}@\` prefix, or pick a revision from \`mig history --rev-range=${label}@base:${label}@head\``,
  });
}

/** `from+N` along downRevisions children; a branch point needs the user to choose. */
export function walkUp(map: RevisionMap, from: string | undefined, steps: number, text: string, lineage?: ReadonlySet<string>): string {
  let current = from;
  for (let step = 1; step <= steps; step++) {
    const next = (current === undefined ? map.bases : map.children(current)).filter((id) => !lineage || lineage.has(id));
    if (next.length === 0) {
      throw outOfRange(text, current === undefined ? 'there are no revisions' : `head ${current} is reached after ${step - 1} step(s)`);
    }
    if (next.length > 1) throw ambiguousWalk(map, text, current, next, 'branches into');
    current = next[0] as string;
  }
  return current as string;
}

/** `from-N` along downRevisions; one step below a base is that branch's base. */
export function walkDown(map: RevisionMap, from: string, steps: number, text: string, lineage?: ReadonlySet<string>): Point {
  let current = from;
  for (let step = 1; step <= steps; step++) {
    const previous = map.revision(current).downRevisions.filter((id) => !lineage || lineage.has(id));
    if (previous.length === 0) {
      if (step === steps) return { kind: 'branchBase', id: current };
      throw outOfRange(text, `base ${current} is reached after ${step - 1} step(s)`);
    }
    if (previous.length > 1) throw ambiguousWalk(map, text, current, previous, 'merges');
    current = previous[0] as string;
  }
  return revisions([current]);
}

export function ambiguousWalk(map: RevisionMap, text: string, at: string | undefined, choices: readonly string[], verb: string): TargetError {
  const where = at === undefined ? 'the graph starts with several bases' : `${at} ${verb} ${choices.length} revisions`;
  return new TargetError('MIG_AMBIGUOUS_REVISION', `\`${text}\` is ambiguous: ${where}: ${describe(map, choices)}.`, {
    hint: 'name the branch with `<label>@+N` / `<label>@-N`, or target one of those revision ids',
  });
}

export function outOfRange(text: string, why: string): TargetError {
  return new TargetError('MIG_RELATIVE_OUT_OF_RANGE', `\`${text}\` goes out of range: ${why}.`, {
    hint: 'use a smaller N, or see `mig history` for the revisions available',
  });
}

/** `id (message, file:line)` for messages that list several revisions. */
export function describe(map: RevisionMap, ids: readonly string[]): string {
  return ids
    .map((id) => {
      const header = map.revision(id).header;
      const details = [header.message, header.file ? where(header) : undefined].filter(Boolean);
      return details.length > 0 ? `${id} (${details.join(', ')})` : id;
    })
    .join(', ');
}

function offsetAnchor(map: RevisionMap, target: Extract<Target, { kind: 'offset' }>): string | undefined {
  if (target.from.kind === 'head') return target.label === undefined ? singleHead(map) : branchHead(map, target.label);
  return target.label === undefined ? map.resolveRef(target.from.ref) : resolveInBranch(map, target.label, target.from.ref);
}

function revisions(ids: readonly string[]): Point {
  return ids.length === 0 ? { kind: 'base' } : { kind: 'revisions', ids };
}

function optional(id: string | undefined): string[] {
  return id === undefined ? [] : [id];
}
