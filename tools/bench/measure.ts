/**
 * Runs one command as its own process and measures it: wall time (hrtime around the process),
 * CPU time and peak RSS (`/usr/bin/time`, else the preload's process.resourceUsage for Node),
 * and, for Node processes, the statements knex sent (count-queries.cjs preloaded).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Command {
  /** `node` runs with the query counter preloaded; anything else is a plain executable. */
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** File to feed on stdin (the mysql client). */
  readonly stdin?: string;
  /** Statements known in advance (a SQL file run by psql / mysql). */
  readonly statements?: number;
  /** Transactions it commits, known in advance (psql: 1 with -1, one per statement in autocommit). */
  readonly commits?: number;
  /** Parses a probe's JSON line from stdout. */
  readonly json?: boolean;
}

export interface Sample {
  readonly ok: boolean;
  readonly wall: number;
  /** user + system seconds; undefined when neither /usr/bin/time nor the preload could tell. */
  readonly cpu?: number;
  readonly rssMb?: number;
  readonly statements?: number;
  readonly commits?: number;
  readonly catalog?: number;
  readonly probe?: Record<string, unknown>;
  readonly error?: string;
}

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const COUNTER = join(__dirname, 'count-queries.cjs');

interface Stats { statements: number; commits: number; catalog: number; knexLoaded: boolean; maxRssKb: number; cpuUs: number }

export function run(command: Command): Sample {
  const scratch = mkdtempSync(join(tmpdir(), 'mig-bench-'));
  const statsFile = join(scratch, 'stats.json');
  const timeFile = join(scratch, 'time.txt');
  const [exe, ...args] = command.argv;
  const argv = exe === 'node' ? [process.execPath, '-r', COUNTER, ...args] : [exe, ...args];
  const full = hasTime ? [TIME, '-f', '%e %U %S %M', '-o', timeFile, ...argv] : argv;
  const stdin = command.stdin ? openSync(command.stdin, 'r') : 'ignore';
  const start = process.hrtime.bigint();
  const child = spawnSync(full[0], full.slice(1), {
    cwd: command.cwd,
    env: { ...process.env, ...command.env, BENCH_STATS_FILE: statsFile },
    stdio: [stdin, 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (typeof stdin === 'number') closeSync(stdin);
  try {
    const stats = existsSync(statsFile) ? (JSON.parse(readFileSync(statsFile, 'utf8')) as Stats) : undefined;
    const time = hasTime && existsSync(timeFile) ? parseTime(readFileSync(timeFile, 'utf8')) : undefined;
    const ok = child.status === 0;
    const probe = command.json && ok ? parseProbe(child.stdout) : undefined;
    const knexCounted = stats?.knexLoaded ? stats : undefined;
    return {
      ok: ok && (probe === undefined || probe.ok !== false),
      wall,
      cpu: time?.cpu ?? (stats ? stats.cpuUs / 1e6 : undefined),
      rssMb: time?.rssMb ?? (stats ? stats.maxRssKb / 1024 : undefined),
      statements: command.statements ?? knexCounted?.statements,
      commits: command.commits ?? knexCounted?.commits,
      catalog: knexCounted?.catalog,
      probe,
      error: ok ? undefined : failure(command, child.status, child.stdout, child.stderr ?? String(child.error)),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function parseTime(text: string): { cpu: number; rssMb: number } | undefined {
  // The last line: "<elapsed> <user> <sys> <maxrss KB>" (earlier lines: "Command exited with non-zero status").
  const last = text.trim().split('\n').pop() ?? '';
  const [, user, sys, rss] = last.split(/\s+/).map(Number);
  return Number.isFinite(rss) ? { cpu: user + sys, rssMb: rss / 1024 } : undefined;
}

function parseProbe(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.trim().split('\n').pop();
  try {
    return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function failure(command: Command, status: number | null, stdout: string, stderr: string): string {
  const tail = (s: string) => s.trim().split('\n').slice(-8).join('\n');
  return `\`${command.argv.join(' ')}\` exited with ${status}:\n${tail(stderr) || tail(stdout)}`;
}
