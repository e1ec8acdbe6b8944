import { TargetError } from '../errors';
import type { RevisionHeader } from './header';
import { buildGraph, inverse, listed, NONE, prefixMatches } from './revision-map-build';
import { orderTopologically } from './topo-order';

/** One node of the graph, with its references resolved to full ids. */
export interface Revision {
  readonly id: string;
  readonly header: RevisionHeader;
  readonly downRevisions: readonly string[];
  /** Resolved `dependsOn` (prefixes and labels turned into ids), minus entries already in downRevisions. */
  readonly dependsOn: readonly string[];
  readonly branchLabels: readonly string[];
  /** Index in `RevisionMap.all`. */
  readonly position: number;
}

/** Which edges a walk follows: `downRevisions` alone describe branches; `all` adds `dependsOn`. */
export type EdgeKind = 'all' | 'downRevisions';

/**
 * The validated revision graph. Built once from headers; every query is read-only. Internally
 * a revision is its position in topological order, so walks work on integer arrays.
 */
export class RevisionMap {
  private readonly revisions: readonly Revision[];
  private readonly positionById: ReadonlyMap<string, number>;
  private readonly sortedIds: readonly string[];
  private readonly down: readonly (readonly number[])[];
  private readonly deps: readonly (readonly number[])[];
  private readonly childrenOf: readonly (readonly number[])[];
  private readonly dependentsOf: readonly (readonly number[])[];
  private readonly labels: ReadonlyMap<string, number>;
  private headIds: readonly string[] | undefined;

  /** Throws RevisionGraphError on duplicates, missing parents, self references, cycles and label clashes. */
  static build(headers: readonly RevisionHeader[]): RevisionMap {
    return new RevisionMap(headers);
  }

  private constructor(input: readonly RevisionHeader[]) {
    const graph = buildGraph(input);
    const ids = graph.headers.map((header) => header.id);
    this.down = graph.down;
    this.deps = graph.deps;
    this.labels = graph.labels;
    this.revisions = graph.headers.map((header, position) => ({
      id: header.id,
      header,
      // The header's own list when it named each parent once (the usual case): no copy per revision.
      downRevisions: graph.down[position]?.length === header.downRevisions.length ? header.downRevisions : idsOf(graph.down[position], ids),
      dependsOn: idsOf(graph.deps[position], ids),
      branchLabels: header.branchLabels.length < 2 ? header.branchLabels : [...new Set(header.branchLabels)],
      position,
    }));
    const positionById = new Map<string, number>();
    ids.forEach((id, position) => positionById.set(id, position));
    this.positionById = positionById;
    this.sortedIds = graph.sortedIds;
    this.childrenOf = inverse(graph.down);
    this.dependentsOf = inverse(graph.deps);
  }

  get size(): number {
    return this.revisions.length;
  }

  /** Every revision, parents before children; branches kept contiguous; ties broken by id. */
  get all(): readonly Revision[] {
    return this.revisions;
  }

  /** Revisions no other revision lists in downRevisions (Alembic's heads), sorted by id. */
  get heads(): string[] {
    // Found once (a scan of the whole map), handed out as a copy.
    this.headIds ??= this.idsWhere((position) => (this.childrenOf[position] ?? []).length === 0);
    return [...this.headIds];
  }

  /** Revisions without downRevisions (they may still have dependsOn), sorted by id. */
  get bases(): string[] {
    return this.idsWhere((position) => (this.down[position] ?? []).length === 0);
  }

  /** Revisions that two or more revisions list in downRevisions, sorted by id. */
  get branchPoints(): string[] {
    return this.idsWhere((position) => (this.childrenOf[position] ?? []).length >= 2);
  }

  /** Revisions with two or more downRevisions, sorted by id. */
  get mergePoints(): string[] {
    return this.idsWhere((position) => (this.down[position] ?? []).length >= 2);
  }

  /** Every branch label with the id of the revision that carries it, sorted by label. */
  get branchLabels(): ReadonlyMap<string, string> {
    const entries = [...this.labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return new Map(entries.map(([label, position]) => [label, this.idAt(position)]));
  }

  has(id: string): boolean {
    return this.positionById.has(id);
  }

  get(id: string): Revision | undefined {
    const position = this.positionById.get(id);
    return position === undefined ? undefined : this.revisions[position];
  }

  /** Like `get`, for ids that must exist (they came from this map or were resolved already). */
  revision(id: string): Revision {
    return this.revisions[this.positionOf(id)] as Revision;
  }

  /** downRevisions ∪ dependsOn. */
  parents(id: string): string[] {
    const position = this.positionOf(id);
    return this.ids([...(this.down[position] ?? []), ...(this.deps[position] ?? [])]);
  }

  /** Revisions listing `id` in downRevisions. */
  children(id: string): string[] {
    return this.ids(this.childrenOf[this.positionOf(id)] ?? []);
  }

  /** Revisions listing `id` (directly or by prefix/label) in dependsOn. */
  dependents(id: string): string[] {
    return this.ids(this.dependentsOf[this.positionOf(id)] ?? []);
  }

  /** Everything `ids` need, in map order. */
  ancestors(ids: Iterable<string>, includeSelf = false, edges: EdgeKind = 'all'): string[] {
    return this.reach(ids, includeSelf, edges === 'all' ? [this.down, this.deps] : [this.down]);
  }

  /** Everything that needs `ids`, in map order. */
  descendants(ids: Iterable<string>, includeSelf = false, edges: EdgeKind = 'all'): string[] {
    return this.reach(ids, includeSelf, edges === 'all' ? [this.childrenOf, this.dependentsOf] : [this.childrenOf]);
  }

  /**
   * Of `ids` and everything they need, the revisions that nothing else among them needs: the heads
   * a version table holds for that applied set. Sorted by id.
   */
  frontier(ids: Iterable<string>): string[] {
    const applied = this.reachMask(this.positions(ids), true, [this.down, this.deps]);
    const isApplied = (node: number) => applied[node] === 1;
    const found: string[] = [];
    for (let node = 0; node < this.size; node++) {
      if (!applied[node] || (this.childrenOf[node] ?? NONE).some(isApplied) || (this.dependentsOf[node] ?? NONE).some(isApplied)) continue;
      found.push(this.idAt(node));
    }
    return found.sort();
  }

  /** A full id or a unique prefix of one. */
  resolveId(textOrPrefix: string): string {
    if (this.positionById.has(textOrPrefix)) return textOrPrefix;
    const matches = textOrPrefix === '' ? [] : prefixMatches(this.sortedIds, textOrPrefix, 11);
    if (matches.length === 1) return matches[0] as string;
    if (matches.length > 1) {
      throw new TargetError('MIG_AMBIGUOUS_REVISION', `Revision prefix ${textOrPrefix} matches several revisions: ${listed(matches)}.`, {
        hint: 'type more characters of the id',
      });
    }
    throw new TargetError('MIG_UNKNOWN_REVISION', `No revision ${textOrPrefix} in this checkout.`, {
      hint: 'list revisions with `mig history`; pull if a teammate added it',
    });
  }

  /** Ids starting with `prefix`, sorted, at most `limit` of them. */
  idsStartingWith(prefix: string, limit = Infinity): string[] {
    return prefixMatches(this.sortedIds, prefix, limit);
  }

  /** A full id, then a branch label, then a unique prefix: the order `dependsOn` and bare targets use. */
  resolveRef(ref: string): string {
    const labelled = this.labels.get(ref);
    if (!this.positionById.has(ref) && labelled !== undefined) return this.idAt(labelled);
    return this.resolveId(ref);
  }

  /** The id of the revision carrying `label`. */
  labelled(label: string): string {
    const position = this.labels.get(label);
    if (position !== undefined) return this.idAt(position);
    const known = [...this.labels.keys()].sort();
    throw new TargetError('MIG_UNKNOWN_LABEL', `No branch label ${label}.`, {
      hint: known.length > 0 ? `known labels: ${listed(known)}` : 'no revision has branchLabels yet; add one with `--branch-label`',
    });
  }

  /** `ids` in topological order (parents first), each branch kept together where possible. */
  inOrder(ids: Iterable<string>): string[] {
    const graph = {
      size: this.size,
      before: (node: number) => [...(this.down[node] ?? []), ...(this.deps[node] ?? [])],
      after: (node: number) => [...(this.childrenOf[node] ?? []), ...(this.dependentsOf[node] ?? [])],
      rank: (node: number) => node,
    };
    return this.ids(orderTopologically(graph, this.positions(ids)).order);
  }

  /** `ids` children first: the order a downgrade removes them, each branch kept together. */
  inReverseOrder(ids: Iterable<string>): string[] {
    const graph = {
      size: this.size,
      before: (node: number) => [...(this.childrenOf[node] ?? []), ...(this.dependentsOf[node] ?? [])],
      after: (node: number) => [...(this.down[node] ?? []), ...(this.deps[node] ?? [])],
      rank: (node: number) => -node,
    };
    return this.ids(orderTopologically(graph, this.positions(ids)).order);
  }

  private positionOf(id: string): number {
    const position = this.positionById.get(id);
    if (position !== undefined) return position;
    throw new TargetError('MIG_UNKNOWN_REVISION', `No revision ${id} in this checkout.`, {
      hint: 'pass a full revision id (use resolveId for prefixes)',
    });
  }

  private positions(ids: Iterable<string>): number[] {
    return [...new Set(Array.from(ids, (id) => this.positionOf(id)))];
  }

  private idAt(position: number): string {
    return (this.revisions[position] as Revision).id;
  }

  private ids(positions: readonly number[]): string[] {
    return positions.map((position) => this.idAt(position));
  }

  private idsWhere(test: (position: number) => boolean): string[] {
    return this.revisions.filter((_, position) => test(position)).map((revision) => revision.id).sort();
  }

  /** Iterative flood fill (a 10,000-revision chain must not recurse); result in map order. */
  private reach(ids: Iterable<string>, includeSelf: boolean, edgeSets: readonly (readonly (readonly number[])[])[]): string[] {
    const seen = this.reachMask(this.positions(ids), includeSelf, edgeSets);
    const found: string[] = [];
    for (let node = 0; node < seen.length; node++) if (seen[node]) found.push(this.idAt(node));
    return found;
  }

  /** 1 for every node reached from `start` along `edgeSets` (and `start` itself when asked). */
  private reachMask(start: readonly number[], includeSelf: boolean, edgeSets: readonly (readonly (readonly number[])[])[]): Uint8Array {
    const seen = new Uint8Array(this.size);
    const stack = [...start];
    // Indexed loops: a walk over every revision runs cold, where iterators cost.
    while (stack.length > 0) {
      const node = stack.pop() as number;
      for (let e = 0; e < edgeSets.length; e++) {
        const next = (edgeSets[e] as readonly (readonly number[])[])[node] ?? NONE;
        for (let n = 0; n < next.length; n++) {
          const found = next[n] as number;
          if (seen[found]) continue;
          seen[found] = 1;
          stack.push(found);
        }
      }
    }
    if (includeSelf) for (const node of start) seen[node] = 1;
    return seen;
  }
}

const NO_IDS: readonly string[] = Object.freeze([]);

function idsOf(positions: readonly number[] | undefined, ids: readonly string[]): readonly string[] {
  return !positions || positions.length === 0 ? NO_IDS : positions.map((position) => ids[position] as string);
}
