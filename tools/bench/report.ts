/** Markdown: one table per workload phase, the goals, the machine, and how things were counted. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { goalsMarkdown, type Goal } from './goals';
import type { ResultTable } from './results-model';
import { findRow, fmt, fmtRatio, maxOf, medianOf, ratio, wallStats } from './stats';

export interface Machine {
  readonly date: string;
  readonly cpu: string;
  readonly nproc: string;
  readonly memory: string;
  readonly node: string;
  readonly servers: string[];
}

const sh = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
};

export function describeMachine(servers: string[]): Machine {
  const free = sh('free', ['-h']).split('\n').find((l) => l.startsWith('Mem:'))?.split(/\s+/);
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpu: cpus()[0]?.model ?? '?',
    nproc: sh('nproc', []),
    memory: free ? `${free[1]} total, ${free[6]} available` : '?',
    node: process.version,
    servers,
  };
}

export const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

const REFS = ['knex .ts', 'knex .js'];

export function tableMarkdown(t: ResultTable): string {
  const hasRef = (name: string) => t.rows.some((r) => r.tool === name);
  const columns: { head: string; cell: (tool: string) => string }[] = [
    { head: 'tool', cell: (tool) => tool },
    { head: 'median s', cell: (tool) => fmt(wallStats(findRow(t, tool)).median) },
    {
      head: 'min–max s',
      cell: (tool) => {
        const s = wallStats(findRow(t, tool));
        return s.n ? `${fmt(s.min)}–${fmt(s.max)} (n=${s.n})` : 'failed';
      },
    },
    { head: 'CPU s', cell: (tool) => fmt(medianOf(findRow(t, tool), (s) => s.cpu)) },
  ];
  if (t.floor && hasRef(t.floor)) columns.push({ head: `× ${t.floor}`, cell: (tool) => fmtRatio(ratio(findRow(t, tool), findRow(t, t.floor!)).median) });
  for (const ref of REFS.filter(hasRef)) columns.push({ head: `× ${ref}`, cell: (tool) => fmtRatio(ratio(findRow(t, tool), findRow(t, ref)).median) });
  const count = (pick: (s: import('./measure').Sample) => number | undefined) => (tool: string) => fmt(medianOf(findRow(t, tool), pick), 0);
  if (t.rows.some((r) => r.samples.some((s) => s?.statements !== undefined))) columns.push({ head: 'statements', cell: count((s) => s.statements) });
  if (t.rows.some((r) => r.samples.some((s) => s?.commits !== undefined))) columns.push({ head: 'commits', cell: count((s) => s.commits) });
  if (t.id.startsWith('autogen')) columns.push({ head: 'catalog q.', cell: count((s) => s.catalog) });
  columns.push({ head: 'peak RSS MB', cell: (tool) => fmt(maxOf(findRow(t, tool), (s) => s.rssMb), 0) });
  const lines = [
    `### ${t.title}`,
    '',
    ...(t.note ? [t.note, ''] : []),
    `| ${columns.map((c) => c.head).join(' | ')} |`,
    `| ${columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...t.rows.map((r) => `| ${columns.map((c) => c.cell(r.tool)).join(' | ')} |`),
  ];
  if (t.problems.length) lines.push('', ...t.problems.map((p) => `- **problem:** ${p.replace(/\n/g, ' ')}`));
  return lines.join('\n');
}

export interface Document {
  readonly mode: 'full' | 'quick';
  readonly command: string;
  readonly machine: Machine;
  readonly loadBefore: string;
  readonly loadAfter: string;
  readonly elapsed: number;
  readonly reps: string;
  readonly tables: readonly ResultTable[];
  readonly goals: readonly Goal[];
  readonly skipped: readonly string[];
  readonly headline: string;
}

export function machineLine(d: Pick<Document, 'machine' | 'loadBefore' | 'loadAfter'>): string {
  const m = d.machine;
  return `${m.date}; ${m.cpu}, nproc ${m.nproc}, memory ${m.memory}; Node ${m.node}; ${m.servers.join(', ')}; load average (1/5/15 min) ${d.loadBefore} before, ${d.loadAfter} after (other jobs share this machine).`;
}

const METHOD = `How it is measured:
- Every number is one process, started fresh (\`node\`, \`psql\`, \`mysql\`): wall time around the process; CPU (user+system) and peak RSS from \`/usr/bin/time\`.
- mig is the built package (\`libs/nx-plugin/scripts/pack.mjs\` → tmp/bench/pack/core/bin/mig.js), not the TypeScript sources. knex runs through its CLI (\`knex migrate:latest|status|rollback --all\`); the \`.ts\` chain with \`knexfile.ts\` under \`node -r @swc-node/register\` (the TS loader installed here).
- Ratios are taken within one repetition (tools interleaved, order rotated each repetition), then the median is shown: the machine is shared and noisy, absolute seconds drift, ratios are what to compare.
- Statements: knex's \`Client.prototype.query\` is counted in each Node process by a preloaded hook (tools/bench/count-queries.cjs): every statement mig or the knex migrator sends, BEGIN/COMMIT included; "commits" is the COMMITs among them (on MariaDB each DDL statement also commits implicitly, not counted). psql/mysql: the statements in the SQL file (+ BEGIN/COMMIT for \`-1\`); psql commits once with \`-1\`, once per statement in autocommit. pg_stat_statements is not loaded on this server.
- The floor SQL is what knex compiles the same schema-builder code to, so after each upgrade every tool must leave the same catalog (columns, constraints, indexes, sequences hashed); a mismatch is listed as a problem.
- Each tool runs on its own fresh database (\`mig_bench_*\`, dropped afterwards). Downgrades use psql autocommit as the floor: one transaction for 1,000 \`DROP TABLE\`s runs out of lock-table memory (DESIGN.md).`;

export function documentMarkdown(d: Document): string {
  return [
    `# mig benchmark (${d.mode})`,
    '',
    `Produced by \`${d.command}\` in ${fmt(d.elapsed / 60, 1)} min; ${d.reps}.`,
    '',
    `Machine: ${machineLine(d)}`,
    '',
    '## Goals',
    '',
    goalsMarkdown(d.goals),
    '',
    ...(d.skipped.length ? ['Skipped: ' + d.skipped.join('; '), ''] : []),
    '## Results',
    '',
    ...d.tables.flatMap((t) => [tableMarkdown(t), '']),
    METHOD,
    '',
  ].join('\n');
}

export function readmeSection(d: Document): string {
  return [
    '## Performance',
    '',
    `Measured by \`npm run bench\` (tools/bench) on ${d.machine.date}: ${d.machine.cpu}, ${d.machine.nproc} cores, ${d.machine.memory}, ${d.machine.servers.join(', ')}; ` +
      `load average ${d.loadBefore} at the start (a shared machine: compare ratios, not seconds). Full results: [tools/bench/results/latest.md](tools/bench/results/latest.md).`,
    '',
    d.headline,
    '',
    goalsMarkdown(d.goals),
    '',
  ].join('\n');
}
