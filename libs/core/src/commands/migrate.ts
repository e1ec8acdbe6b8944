/** upgrade and downgrade: open the database with the lock held, then apply the target. */
import { ConfigError, TargetError } from '../errors';
import { ignoreEvents } from '../events';
import { loadProject } from '../config/load-project';
import type { CommandContext, DatabaseOptions } from './context';
import { connectionFor, withDatabase } from './open-database';
import type { MigrateResult } from './apply-target';
import { upToDateUpgrade } from './upgrade-noop';
import { parallelHeads } from '../revision/parallel-heads';
import { describe } from '../revision/target-resolve';
import { loadRevisionGraph, type RevisionGraph } from './revision-graph';

export type { MigrateResult, StepSummary } from './apply-target';

export interface MigrateOptions extends DatabaseOptions {
  /**
   * Target: `heads`, `head`, `base`, a revision, `+N`, `-N`, `label@head`… Upgrade without one goes
   * to every head, but refuses parallel heads (unlabelled ones a git merge left without a merge
   * revision); an explicit `heads` upgrades them all anyway.
   */
  readonly to?: string;
  /** Fail instead of warning when an applied revision file was edited. Default: on when CI=true. */
  readonly strict?: boolean;
  /** One transaction around the whole upgrade instead of one per revision. */
  readonly singleTransaction?: boolean;
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
  // Every applied revision's checksum is compared with the recorded one before anything runs.
  const graph = await loadRevisionGraph(project, { checksums: true });
  const onEvent = context.onEvent ?? ignoreEvents;
  const target = options.to ?? defaultUpgradeTarget(graph, project.projectName);
  const singleTransaction = direction === 'up' && (options.singleTransaction ?? !project.transactionPerRevision);
  const strict = options.strict ?? (context.env ?? process.env).CI === 'true';
  const connection = connectionFor(project, context, options);
  if (direction === 'up') {
    const done = await upToDateUpgrade(project, graph, context, { ...options, connection, target, strict, onEvent });
    if (done) return done;
  }
  // Loaded only when there is work (or doubt): the runner and the revision loader.
  const { applyTarget } = await import('./apply-target');
  return withDatabase(project, context, { ...options, connection, command: direction, lock: true }, (db) =>
    applyTarget(db, project, graph, direction, target, { strict, singleTransaction, onEvent }),
  );
}

/** `heads`, unless heads that need a merge revision are among them (Alembic's `upgrade head` refuses those too). */
function defaultUpgradeTarget(graph: RevisionGraph, projectName: string): string {
  const [group] = parallelHeads(graph.map);
  if (group) {
    throw new TargetError('MIG_MULTIPLE_HEADS', `The revisions have ${group.length} heads and no merge revision joins them: ${describe(graph.map, group)}.`, {
      hint: `write the merge revision: nx g mig:merge --project=${projectName} (or nx sync, or mig merge), then upgrade again; --to=heads upgrades every head without merging`,
    });
  }
  return 'heads';
}
