/** The goals, checked against the tables of one run. */
import type { ResultTable } from './results-model';
import { findRow, fmt, fmtRatio, maxOf, medianOf, ratio, wallStats } from './stats';
import { FLOOR_DOWN, FLOOR_UP } from './workload-chain';
import { CHECK_CACHED, CHECK_REPLAY } from './workload-mig';

export interface Goal {
  readonly goal: string;
  readonly measured: string;
  /** undefined: not measured in this run. */
  readonly met?: boolean;
}

export interface GoalSizes {
  readonly chain: number;
  readonly graph: number;
  readonly models: number;
}

const byId = (tables: readonly ResultTable[], id: string) => tables.find((t) => t.id === id);
const seconds = (v: number | undefined) => (v === undefined ? 'not measured' : `${fmt(v)} s`);
const allOk = (t: ResultTable | undefined, tool: string) => {
  const samples = findRow(t, tool)?.samples.filter(Boolean) ?? [];
  return samples.length > 0 && samples.every((s) => s!.ok);
};

function under(goal: string, value: number | undefined, limit: number, show = seconds): Goal {
  return { goal, measured: show(value), met: value === undefined ? undefined : value < limit };
}

function ratioGoal(goal: string, t: ResultTable | undefined, tool: string, ref: string, limit: number, strict = false, extra = ''): Goal {
  const r = ratio(findRow(t, tool), findRow(t, ref));
  if (r.median === undefined) return { goal, measured: 'not measured' };
  const met = strict ? r.median < limit : r.median <= limit;
  return { goal, measured: `${fmtRatio(r.median)} (${fmtRatio(r.min)}–${fmtRatio(r.max)})${extra}`, met };
}

export function checkGoals(tables: readonly ResultTable[], size: GoalSizes): Goal[] {
  const n = size.chain;
  const up = byId(tables, `pg-${n}-up`);
  const down = byId(tables, `pg-${n}-down`);
  const graph = byId(tables, `graph-${size.graph}`);
  const autogen = byId(tables, `autogen-${size.models}`);
  const mysqlUp = byId(tables, `mysql-${n}-up`);
  const check = findRow(autogen, CHECK_CACHED);
  const replay = findRow(autogen, CHECK_REPLAY);
  const single = ratio(findRow(up, 'mig --single-transaction'), findRow(up, FLOOR_UP)).median;
  const downRatio = ratioGoal(`Downgrade ${n} to base: succeeds, ≤ 1.5× psql autocommit`, down, 'mig', FLOOR_DOWN, 1.5);
  const downOk = allOk(down, 'mig');
  const rss = peakRss(tables.filter((t) => [`pg-${n}-up`, `pg-${n}-noop`, `pg-${n}-status`, `pg-${n}-down`, `graph-${size.graph}`, `autogen-${size.models}`].includes(t.id)));
  return [
    ratioGoal(`Upgrade ${n}: ≤ 1.10× \`psql -1\``, up, 'mig', FLOOR_UP, 1.1, false, single !== undefined ? `; --single-transaction ${fmtRatio(single)}` : ''),
    ratioGoal(`Upgrade ${n}: faster than knex with .ts migrations`, up, 'mig', 'knex .ts', 1, true),
    down ? { ...downRatio, met: downRatio.met === undefined ? undefined : downRatio.met && downOk, measured: downOk ? downRatio.measured : `failed; ${downRatio.measured}` } : downRatio,
    under(`No-op upgrade at head (${n}): < 0.3 s process time`, wallStats(findRow(byId(tables, `pg-${n}-noop`), 'mig')).median, 0.3),
    under(`Status (${n}): < 0.3 s process time`, wallStats(findRow(byId(tables, `pg-${n}-status`), 'mig')).median, 0.3),
    under(`heads on ${size.graph.toLocaleString('en')} revisions: < 0.5 s`, wallStats(findRow(graph, 'mig heads')).median, 0.5),
    under(`Autogenerate ${size.models} models (history replayed before): < 2 s`, wallStats(check).median, 2),
    under(`Autogenerate ${size.models} models, history not seen before: < 2 s`, wallStats(replay).median, 2),
    under(`Autogenerate ${size.models} models: < 20 catalog queries`, medianOf(replay, (s) => s.catalog), 20, (v) => (v === undefined ? 'not measured' : String(v))),
    under(`Model reading alone (${size.models}): < 1 s`, wallStats(findRow(autogen, 'read models alone')).median, 1),
    { ...under(`Peak RSS < 200 MB (every mig process above)`, rss?.mb, 200, (v) => (v === undefined ? 'not measured' : `${fmt(v, 0)} MB`)), measured: rss ? `${fmt(rss.mb, 0)} MB (${rss.where})` : 'not measured' },
    ratioGoal(`MariaDB upgrade ${n}: ≤ 1.5× the knex migrator`, mysqlUp, 'mig', 'knex .js', 1.5),
  ];
}

function peakRss(tables: readonly ResultTable[]): { mb: number; where: string } | undefined {
  let best: { mb: number; where: string } | undefined;
  for (const t of tables) {
    for (const row of t.rows) {
      if (!/^(mig|check|read models)/.test(row.tool)) continue;
      const mb = maxOf(row, (s) => s.rssMb);
      if (mb !== undefined && (!best || mb > best.mb)) best = { mb, where: `${row.tool}, ${t.id}` };
    }
  }
  return best;
}

export function goalsMarkdown(goals: readonly Goal[]): string {
  const mark = (g: Goal) => (g.met === undefined ? '–' : g.met ? '✅ met' : '❌ missed');
  return ['| goal | measured (median; min–max of ratios) | |', '| --- | --- | --- |', ...goals.map((g) => `| ${g.goal} | ${g.measured} | ${mark(g)} |`)].join('\n');
}
