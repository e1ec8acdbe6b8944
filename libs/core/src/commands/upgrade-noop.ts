/**
 * An upgrade with nothing to do, decided without the lock and without knex: the database's heads
 * and history are read in one snapshot (quick-state.ts); when the plan from those heads is empty
 * and no step is unresolved, the answer is "nothing to do". That answer does not need the lock:
 * a run that holds it has either changed nothing yet (this read comes first) or committed whole
 * steps (this read sees them), and this run changes nothing either way. Whenever there is work,
 * or anything looks unusual (unknown heads, a failed or running step, a plan that throws), it
 * answers undefined and the caller upgrades the usual way, under the lock, with the same checks
 * and errors as ever. Checksum warnings (errors with --strict) are the same as there.
 */
import type { Project } from '../config/load-project';
import type { ResolvedConnection } from '../config/resolve-connection';
import type { MigEventListener } from '../events';
import { planUpgrade, type PlanStep } from '../revision';
import type { MigrateResult } from './apply-target';
import type { CommandContext, DatabaseOptions } from './context';
import { readQuickState } from './quick-state';
import type { RevisionGraph } from './revision-graph';
import { checkChecksums, unresolvedFailures } from './state-checks';

export interface NoOpOptions extends DatabaseOptions {
  readonly connection: ResolvedConnection;
  readonly target: string;
  readonly strict: boolean;
  readonly onEvent: MigEventListener;
}

export async function upToDateUpgrade(project: Project, graph: RevisionGraph, context: CommandContext, options: NoOpOptions): Promise<MigrateResult | undefined> {
  const state = await readQuickState(project, context, { ...options, command: 'up' });
  if (!state) return undefined;
  const { heads, history } = state;
  if (!heads.every((id) => graph.map.has(id))) return undefined;
  if ((await unresolvedFailures(graph, history)).length > 0) return undefined;
  const plan = planOrUndefined(graph, heads, options.target);
  if (!plan || plan.length > 0) return undefined;
  options.onEvent({ kind: 'connected', display: state.connection.display });
  await checkChecksums(graph, heads, history, options.strict, options.onEvent);
  return { before: heads, after: [...heads], steps: [] };
}

/** A target that does not plan is reported by the usual path, in its usual order of checks. */
function planOrUndefined(graph: RevisionGraph, heads: readonly string[], target: string): PlanStep[] | undefined {
  try {
    return planUpgrade(graph.map, heads, target);
  } catch {
    return undefined;
  }
}
