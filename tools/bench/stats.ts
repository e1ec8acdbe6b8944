/** Medians, spreads and within-repetition ratios over a table's rows. */
import type { Sample } from './measure';
import type { ResultTable, Row } from './results-model';

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const okSamples = (row: Row | undefined): Sample[] => (row?.samples ?? []).filter((s): s is Sample => !!s && s.ok);

export function wallStats(row: Row | undefined): { median?: number; min?: number; max?: number; n: number } {
  const walls = okSamples(row).map((s) => s.wall);
  return { median: median(walls), min: walls.length ? Math.min(...walls) : undefined, max: walls.length ? Math.max(...walls) : undefined, n: walls.length };
}

export function medianOf(row: Row | undefined, pick: (s: Sample) => number | undefined): number | undefined {
  return median(okSamples(row).map(pick).filter((v): v is number => v !== undefined));
}

export function maxOf(row: Row | undefined, pick: (s: Sample) => number | undefined): number | undefined {
  const values = okSamples(row).map(pick).filter((v): v is number => v !== undefined);
  return values.length ? Math.max(...values) : undefined;
}

export const findRow = (t: ResultTable | undefined, tool: string): Row | undefined => t?.rows.find((r) => r.tool === tool);

/** Median over repetitions of wall(row) / wall(ref), each ratio taken within one repetition. */
export function ratio(row: Row | undefined, ref: Row | undefined): { median?: number; min?: number; max?: number } {
  if (!row || !ref) return {};
  const ratios: number[] = [];
  row.samples.forEach((s, rep) => {
    const r = ref.samples[rep];
    if (s?.ok && r?.ok && r.wall > 0) ratios.push(s.wall / r.wall);
  });
  return { median: median(ratios), min: ratios.length ? Math.min(...ratios) : undefined, max: ratios.length ? Math.max(...ratios) : undefined };
}

export const fmt = (v: number | undefined, digits = 2) => (v === undefined ? '—' : v.toFixed(digits));
export const fmtRatio = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(2)}×`);
