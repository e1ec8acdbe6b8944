/**
 * The shadow schema of a PostgreSQL project built without a database (shadow-replay/): the same
 * revisions in the same order as the database replay (apply-target.ts plans from no heads to each
 * parent), loaded the same way. Undefined, with the reason as an info-level debug event, when the
 * history uses something the static replay does not follow exactly; the caller then replays it.
 */
import type { Project } from '../config/load-project';
import type { MigEventListener } from '../events';
import { headsAfterStep, planUpgrade } from '../revision';
import { ensureVersionTables } from '../runner/version-store';
import type { Schema } from '../schema/schema';
import { replayStatically, type StaticStep } from '../shadow-replay/static-replay';
import { loadSteps } from './apply-target';
import type { RevisionGraph } from './revision-graph';

export async function readStaticShadow(project: Project, graph: RevisionGraph, parents: readonly string[], onDebug: MigEventListener): Promise<Schema | undefined> {
  const schemas = project.config.schemas;
  if (schemas && !(schemas.length === 1 && schemas[0] === 'public')) return gaveUp(onDebug, `schemas ${schemas.join(', ')} (only public is followed)`);
  let steps: StaticStep[];
  try {
    steps = await plannedSteps(project, graph, parents);
  } catch (error) {
    // The database replay reports a revision that does not load, with its file and line.
    return gaveUp(onDebug, `loading the revisions: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = await replayStatically(steps, { versionTables: project.tables, ensureVersionTables: (knex) => ensureVersionTables(knex, project.tables) });
  return result.ok ? result.schema : gaveUp(onDebug, result.reason);
}

async function plannedSteps(project: Project, graph: RevisionGraph, parents: readonly string[]): Promise<StaticStep[]> {
  const steps: StaticStep[] = [];
  let heads: string[] = [];
  for (const parent of parents) {
    const plan = planUpgrade(graph.map, heads, parent);
    for (const step of await loadSteps(graph, plan, project.cacheDir)) {
      steps.push({ revision: step.revision, upgrade: (knex) => step.module.upgrade(knex) });
      heads = headsAfterStep(graph.map, heads, step);
    }
  }
  return steps;
}

function gaveUp(onDebug: MigEventListener, reason: string): undefined {
  onDebug({ kind: 'debug', message: `shadow: replaying the history in a database, as the static replay does not follow ${reason}` });
  return undefined;
}
