/**
 * Ordering over node indexes, shared by the map (its `all` order) and the planners (step order).
 * Pure and iterative: graphs of 10,000+ revisions must neither recurse nor go quadratic.
 */
export interface OrderGraph {
  /** Node indexes are 0..size-1. */
  readonly size: number;
  /** Edges the order must respect: every `before(n)` member comes before `n`. */
  before(node: number): readonly number[];
  /** The inverse of `before`. */
  after(node: number): readonly number[];
  /** Lower rank wins ties. */
  rank(node: number): number;
}

export interface OrderResult {
  readonly order: number[];
  /** Members that could not be ordered: they sit on or behind a cycle. */
  readonly stuck: number[];
}

/**
 * Kahn's algorithm over `members`. After emitting a node, one of the nodes it just released is
 * preferred (lowest rank among them) so a branch's revisions stay contiguous; otherwise the
 * lowest-ranked ready node goes next. Deterministic for a given graph and rank.
 */
export function orderTopologically(graph: OrderGraph, members: readonly number[]): OrderResult {
  // Indexed loops throughout: this runs once per CLI command, mostly before the JIT warms up,
  // where every for-of pays for an iterator object (a tenth of `mig heads` on 10,000 revisions).
  const waiting = new Int32Array(graph.size).fill(-1);
  for (let m = 0; m < members.length; m++) waiting[members[m] as number] = 0;
  // Duplicate edges are counted here and released below alike, so they need no dedupe.
  for (let m = 0; m < members.length; m++) {
    const node = members[m] as number;
    const before = graph.before(node);
    for (let b = 0; b < before.length; b++) if (waiting[before[b] as number] !== -1) waiting[node] = (waiting[node] as number) + 1;
  }
  const ready = new MinHeap(graph.rank);
  for (let m = 0; m < members.length; m++) if (waiting[members[m] as number] === 0) ready.push(members[m] as number);
  const order: number[] = [];
  const released: number[] = [];
  while (released.length > 0 || ready.size > 0) {
    const next = released.length === 1 ? (released[0] as number) : released.length > 0 ? takeLowest(released, graph.rank, ready) : (ready.pop() as number);
    order.push(next);
    waiting[next] = -1;
    released.length = 0;
    const after = graph.after(next);
    for (let a = 0; a < after.length; a++) {
      const later = after[a] as number;
      if ((waiting[later] as number) <= 0) continue;
      waiting[later] = (waiting[later] as number) - 1;
      if (waiting[later] === 0) released.push(later);
    }
  }
  const stuck = members.filter((node) => (waiting[node] as number) > 0);
  return { order, stuck };
}

/** The lowest-ranked of `nodes`; the others wait in `heap` with everything else that is ready. */
function takeLowest(nodes: number[], rank: (node: number) => number, heap: MinHeap): number {
  let best = 0;
  for (let i = 1; i < nodes.length; i++) if (rank(nodes[i] as number) < rank(nodes[best] as number)) best = i;
  for (let i = 0; i < nodes.length; i++) if (i !== best) heap.push(nodes[i] as number);
  return nodes[best] as number;
}

/**
 * One cycle among the stuck nodes of `orderTopologically`, as a path n0 → n1 → … → n0 along
 * `before` edges. Every stuck node has a stuck predecessor, so walking them must revisit a node.
 */
export function findCycle(graph: OrderGraph, stuck: readonly number[]): number[] {
  const isStuck = new Set(stuck);
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  let node = stuck[0] as number;
  while (!seenAt.has(node)) {
    seenAt.set(node, path.length);
    path.push(node);
    node = graph.before(node).find((dep) => isStuck.has(dep)) as number;
  }
  return [...path.slice(seenAt.get(node)), node];
}

/** Binary heap of node indexes ordered by rank. */
class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly rank: (node: number) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(node: number): void {
    const items = this.items;
    items.push(node);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.rank(items[parent] as number) <= this.rank(node)) break;
      items[i] = items[parent] as number;
      i = parent;
    }
    items[i] = node;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && this.rank(items[right] as number) < this.rank(items[left] as number) ? right : left;
      if (this.rank(items[child] as number) >= this.rank(last)) break;
      items[i] = items[child] as number;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
