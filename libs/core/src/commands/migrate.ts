/**
 * upgrade and downgrade: lock → read state → plan → load the planned modules → run the steps.
 * Modules load before the first step runs, so a revision that cannot load stops the run with
 * nothing applied.
 */
import { ConfigError } from '../errors';
import { ignoreEvents } from '../events';
import { loadProject } from '../config/load-project';
import { headsAfterStep, planDowngrade, planUpgrade } from '../revision';
import { runSteps, type RunnableStep } from '../runner/run-steps';
import { ensureVersionTables, readHeads, readHistory } from '../runner/version-store';
import { loadRevisionModule } from '../script';
import type { CommandContext, DatabaseOptions } from './context';
import { withDatabase } from './open-database';
import { loadRevisionGraph, type RevisionGraph } from './revision-graph';
import { assertKnownHeads, assertNoFailures, checkChecksums } from './state-checks';

export interface MigrateOptions extends DatabaseOptions {
  /** Target: `heads` (default for upgrade), `head`, `base`, a revision, `+N`, `-N`, `label@head`… */
  readonly to?: string;
  /** Fail instead of warning when an applied revision file was edited. Default: on when CI=true. */
  readonly strict?: boolean;
  /** One transaction around the whole upgrade instead of one per revision. */
  readonly singleTransaction?: boolean;
}

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

export function upgrade(context: CommandContext, options: MigrateOptions = {}): Promise<MigrateResult> {
  return migrate(context, options, 'up');
}

export async function downgrade(context: CommandContext, options: MigrateOptions): Promise<MigrateResult> {
  if (!options.to) {
    throw new ConfigError('MIG_BAD_OPTION', 'migrate-down needs --to (a revision, -N, base or <label>@base).', {
      hint: 'For one step back: --to=-1. To remove everything: --to=base.',
    });
  }
  return migrate(context, options, 'down');
}

async function migrate(context: CommandContext, options: MigrateOptions, direction: 'up' | 'down'): Promise<MigrateResult> {
  const project = await loadProject(context);
  const graph = await loadRevisionGraph(project);
  const onEvent = context.onEvent ?? ignoreEvents;
  const target = options.to ?? 'heads';
  const singleTransaction = direction === 'up' && (options.singleTransaction ?? !project.transactionPerRevision);
  const strict = options.strict ?? (context.env ?? process.env).CI === 'true';
  return withDatabase(project, context, { ...options, command: direction, lock: true }, async (db) => {
    await ensureVersionTables(db.session.knex, project.tables);
    const before = await readHeads(db.session.knex, project.tables);
    assertKnownHeads(graph, before);
    const history = await readHistory(db.session.knex, project.tables);
    await assertNoFailures(graph, history);
    await checkChecksums(graph, new Set(graph.map.ancestors(before, true)), history, strict, onEvent);
    const plan = direction === 'up' ? planUpgrade(graph.map, before, target) : planDowngrade(graph.map, before, target);
    const steps = await loadSteps(graph, plan);
    if (singleTransaction) assertAllTransactional(steps);
    const after = await runSteps({
      session: db.session,
      tables: project.tables,
      steps,
      heads: before,
      headsAfter: (heads, step) => headsAfterStep(graph.map, heads, step),
      singleTransaction,
      transactionalDdl: db.dialect.transactionalDdl,
      appliedBy: db.applicationName,
      onEvent,
      scrub: db.scrub,
    });
    return { before, after, steps: steps.map(({ revision, direction: d, header, file }) => ({ revision, direction: d, message: header.message, file })) };
  });
}

async function loadSteps(graph: RevisionGraph, plan: readonly { revision: string; direction: 'up' | 'down' }[]): Promise<RunnableStep[]> {
  const steps: RunnableStep[] = [];
  for (const step of plan) {
    const header = graph.map.revision(step.revision).header;
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

function assertAllTransactional(steps: readonly RunnableStep[]): void {
  const outside = steps.find((s) => !s.header.transactional);
  if (outside) {
    throw new ConfigError('MIG_BAD_OPTION', `Revision ${outside.revision} (${outside.file}) exports transaction = false and cannot run inside one transaction for the whole upgrade.`, {
      file: outside.file,
      hint: 'Run without --single-transaction (transactionPerRevision: true).',
    });
  }
}

