/** What the workloads hand to the report: one table per workload phase, samples by repetition. */
import type { Sample } from './measure';

export interface Row {
  readonly tool: string;
  /** Index = repetition; undefined when the tool did not run in that repetition. */
  readonly samples: (Sample | undefined)[];
}

export interface ResultTable {
  readonly id: string;
  readonly title: string;
  /** The tool whose time is the floor of this phase, when there is one. */
  readonly floor?: string;
  note?: string;
  readonly rows: Row[];
  /** Correctness problems found while running it (failed process, catalog mismatch). */
  readonly problems: string[];
}

export function table(id: string, title: string, options: { floor?: string; note?: string } = {}): ResultTable {
  return { id, title, floor: options.floor, note: options.note, rows: [], problems: [] };
}

export function rowOf(t: ResultTable, tool: string): Row {
  let row = t.rows.find((r) => r.tool === tool);
  if (!row) {
    row = { tool, samples: [] };
    t.rows.push(row);
  }
  return row;
}

export function record(t: ResultTable, tool: string, rep: number, sample: Sample): Sample {
  rowOf(t, tool).samples[rep] = sample;
  if (!sample.ok) t.problems.push(`${tool}, repetition ${rep + 1}: ${sample.error ?? 'failed'}`);
  return sample;
}

/** Rotates `items` by `rep`, so no tool always runs first (cold caches) or last. */
export function rotate<T>(items: readonly T[], rep: number): T[] {
  const k = rep % Math.max(1, items.length);
  return [...items.slice(k), ...items.slice(0, k)];
}
