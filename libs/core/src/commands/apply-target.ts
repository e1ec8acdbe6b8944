/**
 * Plan and run against an open database: read state → check it → plan → load the planned modules
 * → create the version tables if needed → run the steps. Shared by upgrade/downgrade and by the
 * shadow database of autogenerate. Modules load before the first step runs, so a revision that
 * cannot load stops the run with nothing applied.
 */
import type { Project } from '../config/load-project';
import { ConfigError } from '../errors';
import type { MigEventListener } from '../events';
import { headsAfterStep, planDowngrade, planUpgrade } from '../revision';
import { assertSingleTransactionPossible, runSteps, type RunnableStep } from '../runner/run-steps';
import { ensureVersionTables, readHeads, readHistory } from '../runner/version-store';
import { loadRevisionModule, loadTsModule } from '../script';
import type { OpenDatabase } from './open-database';
import type { RevisionGraph } from './revision-graph';
import { assertKnownHeads, assertNoFailures, checkChecksums } from './state-checks';

export interface StepSummary {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly message?: string;
  readonly file: string;
}

export interface MigrateResult {
  readonly before: string[];
  readonly after: string[];
  readonly steps: StepSummary[];
}

export interface ApplyOptions {
  readonly strict: boolean;
  readonly singleTransaction: boolean;
  readonly onEvent: MigEventListener;
}

export async function applyTarget(
  db: OpenDatabase,
  project: Project,
  graph: RevisionGraph,
  direction: 'up' | 'down',
  target: string,
  { strict, singleTransaction, onEvent }: ApplyOptions,
): Promise<MigrateResult> {
  const before = await readHeads(db.session.knex, project.tables);
  assertKnownHeads(graph, before);
  const history = await readHistory(db.session.knex, project.tables);
  await assertNoFailures(graph, history);
  await checkChecksums(graph, before, history, strict, onEvent);
  const plan = direction === 'up' ? planUpgrade(graph.map, before, target) : planDowngrade(graph.map, before, target);
  const steps = await loadSteps(graph, plan, project.cacheDir);
  if (singleTransaction) assertAllTransactional(steps);
  assertSingleTransactionPossible(singleTransaction, db.dialect.transactionalDdl);
  // Only once the plan is known and every module loaded: a run refused above leaves the database untouched.
  await ensureVersionTables(db.session.knex, project.tables);
  const after = await runSteps({
    session: db.session,
    tables: project.tables,
    steps,
    heads: before,
    headsAfter: (heads, step) => headsAfterStep(graph.map, heads, step),
    singleTransaction,
    transactionalDdl: db.dialect.transactionalDdl,
    versionWrites: db.dialect.versionWrites,
    appliedBy: db.applicationName,
    onEvent,
    scrub: db.scrub,
  });
  return { before, after, steps: steps.map(({ revision, direction: d, header, file }) => ({ revision, direction: d, message: header.message, file })) };
}

/**
 * The planned revisions, loaded. With `cacheDir`, each file's transpiled code is kept there
 * (script/transpile-cache.ts): a chain run again compiles no TypeScript (~0.5 ms a file, and
 * swc's native binary is not even loaded).
 */
export async function loadSteps(graph: RevisionGraph, plan: readonly { revision: string; direction: 'up' | 'down' }[], cacheDir?: string): Promise<RunnableStep[]> {
  const steps: RunnableStep[] = [];
  for (const step of plan) {
    const header = graph.map.revision(step.revision).header;
    if (cacheDir !== undefined) compileThroughCache(graph.fileOf(step.revision), cacheDir);
    steps.push({
      ...step,
      header,
      module: await loadRevisionModule(graph.fileOf(step.revision), step.revision),
      file: graph.displayPathOf(step.revision),
      checksum: await graph.checksumOf(step.revision),
    });
  }
  return steps;
}

/**
 * Compiles the file into the loader's memory through the transpile cache, so that
 * loadRevisionModule finds it there. A file that fails is left to loadRevisionModule, which
 * compiles it again and reports the failure as a revision's.
 */
function compileThroughCache(file: string, cacheDir: string): void {
  try {
    loadTsModule(file, { cacheDir });
  } catch {
    // reported by loadRevisionModule
  }
}

function assertAllTransactional(steps: readonly RunnableStep[]): void {
  const outside = steps.find((s) => !s.header.transactional);
  if (outside) {
    throw new ConfigError('MIG_BAD_OPTION', `Revision ${outside.revision} (${outside.file}) exports transaction = false and cannot run inside one transaction for the whole upgrade.`, {
      file: outside.file,
      hint: 'Run without --single-transaction (transactionPerRevision: true).',
    });
  }
}

