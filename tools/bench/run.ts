/**
 * The mig benchmark: mig against the knex migrator and the psql floor, side by side, in one run.
 *
 *   npm run bench                  full run (~15 min on 2 cores): writes tools/bench/results/latest.md
 *                                  and tools/bench/results/readme-section.md
 *   npm run bench -- --quick       smoke test (< 2 min): N=100, small graph and models, 1 repetition; writes tmp/bench/quick.md
 *   options: --reps <n>  --only pg,mysql,graph,autogen  --no-mysql
 *
 * Workloads are generated into tmp/bench/ (git-ignored) and reused while their generator is unchanged.
 * Exit 1 only for wrong results (a tool failed, catalogs differ); timings never fail the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCli } from './build-cli';
import { tryConnect, type Server } from './databases';
import { generateChain } from './gen-chain';
import { generateGraph } from './gen-graph';
import { generateModels } from './gen-models';
import { checkGoals, type GoalSizes } from './goals';
import { describeMachine, documentMarkdown, loadAverage, readmeSection, tableMarkdown, type Document } from './report';
import type { ResultTable } from './results-model';
import { runChain, type Phase } from './workload-chain';
import { runAutogenerate, runGraph } from './workload-mig';

const WORKSPACE = join(__dirname, '..', '..');
const TMP = join(WORKSPACE, 'tmp', 'bench');
const RESULTS = join(__dirname, 'results');
const ALL_PHASES: Phase[] = ['up', 'noop', 'status', 'down'];

interface ChainPlan {
  readonly count: number;
  readonly phases: readonly Phase[];
  readonly singleTransaction: boolean;
  readonly knexTs: boolean;
  /** `<tool>:<phase>` left out. */
  readonly skip?: readonly string[];
  /** Repetitions, when not the plan's. */
  readonly reps?: number;
  /** Runs last; repetitions after the first only while the run stays within BUDGET_MS. */
  readonly budgeted?: boolean;
}

interface Plan {
  readonly mode: 'full' | 'quick';
  readonly reps: number;
  readonly pg: readonly ChainPlan[];
  readonly mysql: readonly ChainPlan[];
  readonly graph: number;
  readonly models: number;
  readonly goals: GoalSizes;
}

function planOf(quick: boolean, reps: number | undefined): Plan {
  if (quick) {
    return {
      mode: 'quick',
      reps: reps ?? 1,
      pg: [{ count: 100, phases: ALL_PHASES, singleTransaction: true, knexTs: true }],
      mysql: [{ count: 100, phases: ['up'], singleTransaction: false, knexTs: false }],
      graph: 1000,
      models: 20,
      goals: { chain: 100, graph: 1000, models: 20 },
    };
  }
  return {
    mode: 'full',
    reps: reps ?? 3,
    // Everything at 100; at 1,000 (15–30 s per tool and phase here) what the goals need, to stay within 15 minutes.
    pg: [
      { count: 100, phases: ALL_PHASES, singleTransaction: true, knexTs: true },
      { count: 1000, phases: ALL_PHASES, singleTransaction: false, knexTs: true, skip: ['psql autocommit:up', 'knex .ts:down'] },
    ],
    // MariaDB creates and syncs a file per table and rebuilds it per ALTER: 30–70 s per tool for 1,000
    // revisions, so at 1,000 only the goal's phase and tools.
    mysql: [
      { count: 100, phases: ALL_PHASES, singleTransaction: false, knexTs: false },
      { count: 1000, phases: ['up'], singleTransaction: false, knexTs: false, skip: ['mysql:up'], budgeted: true },
    ],
    graph: 10_000,
    models: 500,
    goals: { chain: 1000, graph: 10_000, models: 500 },
  };
}

/** The issue's limit for the full run; the budgeted workload gives way to it. */
const BUDGET_MS = 14.5 * 60_000;

const chainOptions = (c: ChainPlan, plan: Plan, started: number) => ({
  deadline: c.budgeted ? started + BUDGET_MS : undefined,
  reps: c.reps ?? plan.reps,
  phases: c.phases,
  singleTransaction: c.singleTransaction,
  knexTs: c.knexTs,
  skip: c.skip ?? [],
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { quick: { type: 'boolean' }, reps: { type: 'string' }, only: { type: 'string' }, 'no-mysql': { type: 'boolean' } },
  });
  const started = Date.now();
  const plan = planOf(Boolean(values.quick), values.reps ? Number(values.reps) : undefined);
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const wants = (group: string) => !only || only.has(group);
  const log = (line: string) => console.error(line);
  const loadBefore = loadAverage();
  log(`mig benchmark (${plan.mode}, ${plan.reps} repetitions); load average ${loadBefore}`);

  const cli = buildCli(WORKSPACE, join(TMP, 'pack'), log);
  if (cli.warning) log(cli.warning);
  log(`mig CLI: node ${relative(WORKSPACE, cli.migBin)}${cli.rebuilt ? ' (rebuilt)' : ''}`);

  const skipped: string[] = [];
  const servers: Server[] = [];
  const connect = async (dialect: 'postgres' | 'mysql') => {
    const server = await tryConnect(dialect);
    if (typeof server === 'string') {
      skipped.push(server);
      log(`skipping: ${server}`);
      return undefined;
    }
    servers.push(server);
    return server;
  };
  const pg = wants('pg') || wants('autogen') ? await connect('postgres') : undefined;
  const mysql = wants('mysql') && !values['no-mysql'] ? await connect('mysql') : undefined;
  const versions = async () => {
    const lines: string[] = [];
    for (const s of servers) lines.push(`${s.label} ${await serverVersion(s)}`);
    return lines;
  };

  const tables: ResultTable[] = [];
  try {
    if (pg && wants('pg')) {
      for (const c of plan.pg) {
        log(`generating the chain of ${c.count} …`);
        const chain = generateChain(TMP, c.count);
        tables.push(...(await runChain({ server: pg, chain, ...chainOptions(c, plan, started), migBin: cli.migBin, workspaceRoot: WORKSPACE, log })));
      }
    }
    const runMysql = async (budgeted: boolean) => {
      for (const c of plan.mysql.filter((m) => Boolean(m.budgeted) === budgeted)) {
        const chain = generateChain(TMP, c.count);
        tables.push(...(await runChain({ server: mysql!, chain, ...chainOptions(c, plan, started), migBin: cli.migBin, workspaceRoot: WORKSPACE, log })));
      }
    };
    if (mysql) await runMysql(false);
    if (wants('graph')) {
      log(`generating the graph of ${plan.graph} revisions …`);
      tables.push(runGraph(generateGraph(TMP, plan.graph), { migBin: cli.migBin, reps: plan.reps, log }));
    }
    if (wants('autogen')) {
      log(`generating ${plan.models} models and their history …`);
      const models = await generateModels(WORKSPACE, TMP, plan.models);
      tables.push(await runAutogenerate(models, { migBin: cli.migBin, coreDist: cli.coreDist, reps: plan.reps, server: pg, log }));
    }
    if (mysql) await runMysql(true);
  } finally {
    for (const s of servers) {
      const left = await s.leftovers().catch(() => []);
      for (const db of left) await s.drop(db).catch(() => undefined);
    }
  }

  const rank = (id: string) => ['pg', 'mysql', 'graph', 'autogen'].indexOf(id.split('-')[0]) * 1e6 + Number(id.split('-')[1]);
  tables.sort((a, b) => rank(a.id) - rank(b.id));
  const serverLines = await versions();
  for (const s of servers) await s.close().catch(() => undefined);
  const goals = checkGoals(tables, plan.goals);
  const headlineTable = tables.find((t) => t.id === `pg-${plan.goals.chain}-up`);
  const doc: Document = {
    mode: plan.mode,
    command: `npm run bench${plan.mode === 'quick' ? ' -- --quick' : ''}`,
    machine: describeMachine(serverLines),
    loadBefore,
    loadAfter: loadAverage(),
    elapsed: (Date.now() - started) / 1000,
    reps: `${plan.reps} repetitions per workload unless a table says otherwise (n = successful runs per row)`,
    tables,
    goals,
    skipped,
    headline: headlineTable ? tableMarkdown(headlineTable) : '',
  };
  const markdown = documentMarkdown(doc);
  console.log(markdown);
  const complete = !only && !values['no-mysql'] && skipped.length === 0;
  if (plan.mode === 'full' && complete) {
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.md'), markdown);
    writeFileSync(join(RESULTS, 'readme-section.md'), readmeSection(doc));
    log(`wrote ${relative(WORKSPACE, join(RESULTS, 'latest.md'))} and readme-section.md`);
  } else {
    mkdirSync(TMP, { recursive: true });
    writeFileSync(join(TMP, `${plan.mode}.md`), markdown);
    log(`wrote ${relative(WORKSPACE, join(TMP, `${plan.mode}.md`))} (results/ is written by complete full runs only)`);
  }
  const problems = tables.flatMap((t) => t.problems);
  log(`done in ${(doc.elapsed / 60).toFixed(1)} min${problems.length ? `; ${problems.length} problem(s): the run is not valid` : ''}`);
  return problems.length ? 1 : 0;
}

async function serverVersion(server: Server): Promise<string> {
  const { Client } = await import('pg');
  try {
    if (server.dialect === 'postgres') {
      const c = new Client({ host: server.host, port: server.port, user: server.user, database: 'postgres' });
      await c.connect();
      const v = (await c.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
      await c.end();
      return v.split(' ')[0];
    }
    const mysql = await import('mysql2/promise');
    const c = await mysql.createConnection({ host: server.host, port: server.port, user: server.user });
    const [rows] = (await c.query('SELECT VERSION() AS v')) as unknown as [{ v: string }[]];
    await c.end();
    return rows[0].v.split('-')[0];
  } catch {
    return '?';
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
