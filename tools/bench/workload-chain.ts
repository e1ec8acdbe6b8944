/**
 * The chain workload on one server: every tool on its own fresh database, phase by phase within
 * a repetition (upgrade from empty, no-op upgrade at head, status, downgrade to base), so ratios
 * compare runs made under the same machine load. After each upgrade the catalogs must agree.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Server } from './databases';
import type { ChainWorkload } from './gen-chain';
import { run, type Command } from './measure';
import { record, rotate, table, type ResultTable } from './results-model';

export type Phase = 'up' | 'noop' | 'status' | 'down';

interface Tool {
  readonly name: string;
  readonly phases: Partial<Record<Phase, (url: string) => Command>>;
  /** The row name of a phase, when not the tool's name. */
  readonly labels?: Partial<Record<Phase, string>>;
}

export interface ChainOptions {
  readonly server: Server;
  readonly chain: ChainWorkload;
  readonly reps: number;
  readonly phases: readonly Phase[];
  readonly migBin: string;
  readonly workspaceRoot: string;
  /** Also run `mig up --single-transaction` (upgrade only). */
  readonly singleTransaction: boolean;
  readonly knexTs: boolean;
  /** `<tool>:<phase>` pairs to leave out (to keep the full run within its time budget). */
  readonly skip: readonly string[];
  /** Epoch ms: a repetition after the first starts only if the longest one so far still fits before it. */
  readonly deadline?: number;
  readonly log: (line: string) => void;
}

export const FLOOR_UP = 'psql -1';
export const FLOOR_DOWN = 'psql autocommit';

/** Whether a command-line client is installed (a CI image may lack psql or mysql: then no floor row). */
export const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function tools(o: ChainOptions): Tool[] {
  const { chain, server } = o;
  const mig = (...args: string[]) => (url: string): Command => ({ argv: ['node', o.migBin, ...args, '--project-root', chain.migDir, '--url', url] });
  const knexCli = join(o.workspaceRoot, 'node_modules', 'knex', 'bin', 'cli.js');
  const knex = (ts: boolean) => (...args: string[]) => (url: string): Command => ({
    argv: ['node', ...(ts ? ['-r', '@swc-node/register'] : []), knexCli, ...args, '--knexfile', ts ? 'knexfile.ts' : 'knexfile.js'],
    cwd: ts ? chain.knexTsDir : chain.knexJsDir,
    env: { BENCH_DATABASE_URL: url, BENCH_CLIENT: server.dialect === 'postgres' ? 'pg' : 'mysql2' },
  });
  const knexTool = (ts: boolean): Tool => ({
    name: `knex ${ts ? '.ts' : '.js'}`,
    phases: { up: knex(ts)('migrate:latest'), noop: knex(ts)('migrate:latest'), status: knex(ts)('migrate:status'), down: knex(ts)('migrate:rollback', '--all') },
  });
  const migTool: Tool = { name: 'mig', phases: { up: mig('up'), noop: mig('up'), status: mig('status'), down: mig('down', '--to', 'base') } };
  const migSingle: Tool = { name: 'mig --single-transaction', phases: { up: mig('up', '--single-transaction') } };
  const list: Tool[] = [];
  if (server.dialect === 'postgres' && onPath('psql')) {
    const sql = chain.sql.pg;
    const psql = (file: string, one: boolean, statements: number) => (url: string): Command => ({
      argv: ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...(one ? ['-1'] : []), '-f', file, url],
      statements: statements + (one ? 2 : 0),
      commits: one ? 1 : statements,
    });
    // The downgrade floor runs on the database psql -1 built: psql autocommit, one DROP per commit.
    list.push({ name: FLOOR_UP, phases: { up: psql(sql.up, true, sql.upStatements), down: psql(sql.down, false, sql.downStatements) }, labels: { down: FLOOR_DOWN } });
    list.push({ name: FLOOR_DOWN, phases: { up: psql(sql.up, false, sql.upStatements) } });
  } else if (server.dialect === 'mysql' && onPath('mysql')) {
    const sql = chain.sql.mysql;
    const client = (file: string, statements: number) => (url: string): Command => {
      const db = new URL(url).pathname.slice(1);
      return { argv: ['mysql', '--batch', '-h', server.host, '-P', String(server.port), '-u', server.user, db], stdin: file, statements };
    };
    list.push({ name: 'mysql', phases: { up: client(sql.up, sql.upStatements), down: client(sql.down, sql.downStatements) } });
  }
  list.push(migTool);
  if (o.singleTransaction) list.push(migSingle);
  if (o.knexTs) list.push(knexTool(true));
  list.push(knexTool(false));
  return list;
}

const PHASE_TITLES: Record<Phase, string> = {
  up: 'upgrade from empty',
  noop: 'no-op upgrade at head',
  status: 'status at head',
  down: 'downgrade to base',
};

export async function runChain(o: ChainOptions): Promise<ResultTable[]> {
  const { server, chain } = o;
  const key = `${server.dialect === 'postgres' ? 'pg' : 'mysql'}-${chain.count}`;
  const all = tools(o);
  const floorOf: Partial<Record<Phase, string>> = server.dialect === 'postgres' ? { up: FLOOR_UP, down: FLOOR_DOWN } : { up: 'mysql', down: 'mysql' };
  const tables = new Map(
    o.phases.map((phase) => [
      phase,
      table(`${key}-${phase}`, `${server.label}, chain of ${chain.count}: ${PHASE_TITLES[phase]}`, { floor: floorOf[phase] }),
    ]),
  );
  const dbOf = (tool: Tool) => `mig_bench_${key.replace('-', '')}_${tool.name.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '').toLowerCase()}`;
  try {
    let longest = 0;
    for (let rep = 0; rep < o.reps; rep++) {
      if (rep > 0 && o.deadline && Date.now() + longest > o.deadline) {
        const note = `${rep} of ${o.reps} repetitions: the next one (~${Math.round(longest / 1000)} s) would not have fit in the run's time budget.`;
        for (const t of tables.values()) t.note = t.note ? `${t.note} ${note}` : note;
        o.log(`  ${key}: stopping after ${rep} repetition(s) (time budget)`);
        break;
      }
      const repStart = Date.now();
      const order = rotate(all, rep);
      const at = new Map<string, boolean>(); // tool → upgraded successfully in this repetition
      for (const phase of o.phases) {
        const t = tables.get(phase)!;
        const fingerprints = new Map<string, string>();
        for (const tool of order) {
          const command = tool.phases[phase];
          if (!command || o.skip.includes(`${tool.name}:${phase}`)) continue;
          if (phase !== 'up' && !at.get(tool.name)) continue;
          const db = dbOf(tool);
          if (phase === 'up') await server.recreate(db);
          const label = tool.labels?.[phase] ?? tool.name;
          const sample = record(t, label, rep, run(command(server.urlOf(db))));
          o.log(`  ${t.id} rep ${rep + 1} ${label}: ${sample.ok ? `${sample.wall.toFixed(2)} s` : 'FAILED'}`);
          if (phase === 'up' && sample.ok) {
            const fp = await server.fingerprint(db);
            if (fp.tables !== chain.count) t.problems.push(`${tool.name}, repetition ${rep + 1}: ${fp.tables} tables after the upgrade, expected ${chain.count}`);
            fingerprints.set(tool.name, `${fp.tables}:${fp.hash}`);
            at.set(tool.name, true);
          }
          if (phase === 'down' && sample.ok) {
            const fp = await server.fingerprint(db);
            if (fp.tables !== 0) t.problems.push(`${tool.name}, repetition ${rep + 1}: ${fp.tables} bench tables left after the downgrade`);
          }
        }
        if (phase === 'up') {
          const distinct = new Set(fingerprints.values());
          if (distinct.size > 1) t.problems.push(`repetition ${rep + 1}: the tools built different catalogs: ${[...fingerprints].map(([k, v]) => `${k}=${v}`).join(', ')}`);
        }
      }
      for (const tool of all) await server.drop(dbOf(tool));
      longest = Math.max(longest, Date.now() - repStart);
    }
  } finally {
    for (const tool of all) await server.drop(dbOf(tool)).catch(() => undefined);
  }
  return [...tables.values()];
}
