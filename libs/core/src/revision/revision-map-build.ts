import { RevisionGraphError, type MigErrorInfo } from '../errors';
import type { RevisionHeader } from './header';
import { NAME_PATTERN, RESERVED_NAMES } from './target-parse';
import { findCycle, orderTopologically, type OrderGraph } from './topo-order';

/**
 * Validation and indexing behind `RevisionMap.build`. Checks run cheapest and most local first,
 * so a user sees "missing parent in file X" rather than a confusing cycle report.
 */
export interface BuiltGraph {
  /** Headers in topological order; a node's index is its position. */
  readonly headers: readonly RevisionHeader[];
  readonly down: readonly (readonly number[])[];
  /** Resolved `dependsOn`, minus anything already in `down`. */
  readonly deps: readonly (readonly number[])[];
  readonly labels: ReadonlyMap<string, number>;
  readonly sortedIds: readonly string[];
}

/** Shared by every revision without parents (most of them have no dependsOn): fewer allocations, less GC. */
export const NONE: readonly number[] = Object.freeze([]);

export function buildGraph(input: readonly RevisionHeader[]): BuiltGraph {
  const byId = indexById(input);
  const labels = indexLabels(input, byId);
  const idOf = (node: number) => (input[node] as RevisionHeader).id;
  const byRank = ranksById(input);
  const sortedIds = byRank.map(idOf);
  const down = input.map((header) =>
    header.downRevisions.length === 0 ? NONE : header.downRevisions.map((parent) => downRevisionIndex(header, parent, byId, sortedIds)),
  );
  const deps = input.map((header, i) =>
    header.dependsOn.length === 0
      ? NONE
      : header.dependsOn.map((ref) => dependencyIndex(header, ref, byId, labels, sortedIds)).filter((dep) => !down[i]?.includes(dep)),
  );
  const graph = orderGraph(down, deps, byRank);
  const { order, stuck } = orderTopologically(graph, input.map((_, i) => i));
  if (stuck.length > 0) throw cycleError(input, findCycle(graph, stuck));
  return { ...reindex(input, order, down, deps, labels), sortedIds };
}

/** The ids in `sortedIds` that start with `prefix`: a binary search, then a short scan. */
export function prefixMatches(sortedIds: readonly string[], prefix: string, limit = Infinity): string[] {
  let low = 0;
  let high = sortedIds.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sortedIds[mid] as string) < prefix) low = mid + 1;
    else high = mid;
  }
  const found: string[] = [];
  for (let i = low; i < sortedIds.length && found.length < limit && (sortedIds[i] as string).startsWith(prefix); i++) {
    found.push(sortedIds[i] as string);
  }
  return found;
}

/** Node indexes in id order. Files are named `<id>_<slug>`, so the scan's input is usually in that order already. */
function ranksById(input: readonly RevisionHeader[]): number[] {
  const nodes = input.map((_, i) => i);
  for (let i = 1; i < input.length; i++) {
    if (compareIds((input[i - 1] as RevisionHeader).id, (input[i] as RevisionHeader).id) > 0) {
      return nodes.sort((a, b) => compareIds((input[a] as RevisionHeader).id, (input[b] as RevisionHeader).id));
    }
  }
  return nodes;
}

/** `file:line`, or the revision id when the header came from nowhere in particular (tests). */
export function where(header: RevisionHeader): string {
  if (!header.file) return `revision ${header.id}`;
  return header.line ? `${header.file}:${header.line}` : header.file;
}

/** `id (file:line)`, or just the id. */
export function named(header: RevisionHeader): string {
  return header.file ? `${header.id} (${where(header)})` : header.id;
}

export function locate(header: RevisionHeader, hint: string): MigErrorInfo {
  return { file: header.file, line: header.line, hint };
}

function indexById(input: readonly RevisionHeader[]): Map<string, number> {
  const byId = new Map<string, number>();
  input.forEach((header, i) => {
    checkName(header, header.id, 'revision id');
    header.branchLabels.forEach((label) => checkName(header, label, 'branch label'));
    const earlier = byId.get(header.id);
    if (earlier !== undefined) {
      const first = input[earlier] as RevisionHeader;
      throw new RevisionGraphError(
        'MIG_DUPLICATE_REVISION',
        `Revision id ${header.id} is defined twice: in ${where(first)} and in ${where(header)}.`,
        locate(header, 'give one of them a new id (and point its children at it), or delete the copy'),
      );
    }
    byId.set(header.id, i);
    if (header.downRevisions.includes(header.id) || header.dependsOn.includes(header.id)) {
      const ref = header.id;
      throw new RevisionGraphError(
        'MIG_SELF_REFERENCE',
        `Revision ${named(header)} names itself in ${header.downRevisions.includes(ref) ? 'downRevision' : 'dependsOn'}.`,
        locate(header, 'point it at the revision it follows, or `null` for a base'),
      );
    }
  });
  return byId;
}

function checkName(header: RevisionHeader, name: string, what: string): void {
  if (NAME_PATTERN.test(name) && !RESERVED_NAMES.has(name)) return;
  throw new RevisionGraphError(
    'MIG_BAD_HEADER',
    `The ${what} \`${name}\` in ${where(header)} is not usable in targets.`,
    locate(header, 'use letters, digits and `_` only, and none of `head`, `heads`, `base`, `current`'),
  );
}

function indexLabels(input: readonly RevisionHeader[], byId: ReadonlyMap<string, number>): Map<string, number> {
  const labels = new Map<string, number>();
  input.forEach((header, i) => {
    if (header.branchLabels.length === 0) return;
    for (const label of new Set(header.branchLabels)) {
      const clashingId = byId.get(label);
      if (clashingId !== undefined) {
        throw new RevisionGraphError(
          'MIG_LABEL_CLASH',
          `Branch label ${label} in ${where(header)} is also the id of revision ${named(input[clashingId] as RevisionHeader)}.`,
          locate(header, 'rename the label: `<label>@head` must not be confused with a revision id'),
        );
      }
      const other = labels.get(label);
      if (other !== undefined) {
        const first = input[other] as RevisionHeader;
        throw new RevisionGraphError(
          'MIG_LABEL_CLASH',
          `Branch label ${label} is on two revisions: ${named(first)} and ${named(header)}.`,
          locate(header, 'a label names one branch: keep it on the revision that starts the branch and remove the other'),
        );
      }
      labels.set(label, i);
    }
  });
  return labels;
}

function downRevisionIndex(header: RevisionHeader, parent: string, byId: ReadonlyMap<string, number>, sortedIds: readonly string[]): number {
  const found = byId.get(parent);
  if (found !== undefined) return found;
  const guesses = prefixMatches(sortedIds, parent, 2);
  const hint =
    guesses.length === 1
      ? `downRevision needs the full id: did you mean ${guesses[0]}?`
      : `restore the file of ${parent}, add its folder to \`versions\` in mig.config.ts, or fix downRevision`;
  return missingParent(header, parent, 'downRevision', hint);
}

function dependencyIndex(
  header: RevisionHeader,
  ref: string,
  byId: ReadonlyMap<string, number>,
  labels: ReadonlyMap<string, number>,
  sortedIds: readonly string[],
): number {
  const exact = byId.get(ref) ?? labels.get(ref);
  if (exact !== undefined) return checkNotSelf(header, ref, exact, byId);
  const matches = prefixMatches(sortedIds, ref, 11);
  if (matches.length === 1) return checkNotSelf(header, ref, byId.get(matches[0] as string) as number, byId);
  if (matches.length > 1) {
    throw new RevisionGraphError(
      'MIG_BAD_HEADER',
      `dependsOn entry ${ref} in ${where(header)} matches several revisions: ${listed(matches)}.`,
      locate(header, 'write more characters of the id, or the full id'),
    );
  }
  return missingParent(header, ref, 'dependsOn', `restore the revision or branch label ${ref}, or remove it from dependsOn`);
}

function checkNotSelf(header: RevisionHeader, ref: string, found: number, byId: ReadonlyMap<string, number>): number {
  if (found !== byId.get(header.id)) return found;
  throw new RevisionGraphError(
    'MIG_SELF_REFERENCE',
    `Revision ${named(header)} depends on itself through dependsOn entry ${ref}.`,
    locate(header, 'remove the entry from dependsOn'),
  );
}

function missingParent(header: RevisionHeader, ref: string, key: string, hint: string): never {
  throw new RevisionGraphError(
    'MIG_MISSING_PARENT',
    `Revision ${named(header)} lists ${ref} in ${key}, but no revision ${ref} exists.`,
    locate(header, hint),
  );
}

/** Ties are broken by id so the same files always give the same order, whatever the read order. */
function orderGraph(down: readonly (readonly number[])[], deps: readonly (readonly number[])[], byRank: readonly number[]): OrderGraph {
  const rank = new Int32Array(byRank.length);
  byRank.forEach((node, position) => (rank[node] = position));
  const before = down.map((_, i) => ((deps[i] ?? []).length === 0 ? (down[i] ?? []) : [...(down[i] ?? []), ...(deps[i] ?? [])]));
  const after = inverse(before);
  return {
    size: down.length,
    before: (node) => before[node] ?? [],
    after: (node) => after[node] ?? [],
    rank: (node) => rank[node] as number,
  };
}

function cycleError(input: readonly RevisionHeader[], cycle: readonly number[]): RevisionGraphError {
  const first = input[cycle[0] as number] as RevisionHeader;
  const path = cycle.map((node) => (input[node] as RevisionHeader).id).join(' → ');
  const files = [...new Set(cycle)].flatMap((node) => ((input[node] as RevisionHeader).file ? [where(input[node] as RevisionHeader)] : [])).join(', ');
  return new RevisionGraphError(
    'MIG_CYCLE',
    `Revisions form a cycle (each revises or depends on the next): ${path}.${files ? ` Files: ${files}.` : ''}`,
    locate(first, 'break the cycle by fixing downRevision or dependsOn in one of these files'),
  );
}

function reindex(
  input: readonly RevisionHeader[],
  order: readonly number[],
  down: readonly (readonly number[])[],
  deps: readonly (readonly number[])[],
  labels: ReadonlyMap<string, number>,
): Omit<BuiltGraph, 'sortedIds'> {
  const position = new Int32Array(input.length);
  order.forEach((node, pos) => (position[node] = pos));
  // Ids that sort in history order (sequential or date-based ids) leave nothing to move.
  const unmoved = order.every((node, pos) => node === pos);
  const moved = (nodes: readonly number[] = NONE) =>
    nodes.length === 0 ? NONE : dedupe(unmoved ? (nodes as number[]) : nodes.map((node) => position[node] as number));
  return {
    headers: unmoved ? input : order.map((node) => input[node] as RevisionHeader),
    down: order.map((node) => moved(down[node])),
    deps: order.map((node) => moved(deps[node])),
    labels: new Map([...labels].map(([label, node]) => [label, position[node] as number])),
  };
}

/** For each node, the nodes whose edge list contains it. */
export function inverse(edges: readonly (readonly number[])[]): readonly (readonly number[])[] {
  const result: (readonly number[])[] = new Array(edges.length).fill(NONE);
  // Indexed loops: cold code over every revision, where each callback and iterator costs.
  for (let source = 0; source < edges.length; source++) {
    const targets = edges[source] as readonly number[];
    for (let t = 0; t < targets.length; t++) {
      const target = targets[t] as number;
      const sources = result[target] as number[];
      if (sources === NONE) result[target] = [source];
      else sources.push(source);
    }
  }
  return result;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(nodes: number[]): number[] {
  return nodes.length < 2 || new Set(nodes).size === nodes.length ? nodes : [...new Set(nodes)];
}

export function listed(ids: readonly string[], max = 10): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')}, … (${ids.length - max} more)` : ids.join(', ');
}
