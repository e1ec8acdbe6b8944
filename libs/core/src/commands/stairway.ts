/**
 * `migrate-test` / `mig test`: the stairway test. On a scratch database (a fresh in-memory PGlite
 * by default), every revision in order is upgraded, downgraded and upgraded again; after each
 * downgrade the schema must equal the one before the upgrade, after each re-upgrade the one after
 * it, and at the end the whole run must equal a plain upgrade. The first revision whose downgrade
 * does not undo its upgrade is named, with what it left behind.
 */
import { loadProject, type Project } from '../config/load-project';
import { diffSchemas } from '../diff';
import { StateError } from '../errors';
import { ignoreEvents, type MigEventListener } from '../events';
import { describeOp } from '../ops';
import { headsAfterStep, planUpgrade, type PlanStep } from '../revision';
import { runSteps } from '../runner/run-steps';
import { ensureVersionTables, readHeads } from '../runner/version-store';
import type { Schema } from '../schema/schema';
import { applyTarget, loadSteps } from './apply-target';
import type { CommandContext } from './context';
import { withDatabase, type OpenDatabase } from './open-database';
import { loadRevisionGraph, type RevisionGraph } from './revision-graph';

export interface StairwayOptions {
  /** Scratch database; default a fresh in-memory PGlite. Never point it at data you need. */
  readonly url?: string;
}

export interface StairwayResult {
  readonly revisions: number;
  readonly database: string;
}

export async function stairway(context: CommandContext, options: StairwayOptions = {}): Promise<StairwayResult> {
  const project = await loadProject(context);
  const graph = await loadRevisionGraph(project);
  const url = options.url ?? 'pglite:memory';
  const onEvent = context.onEvent ?? ignoreEvents;
  const quiet = { ...context, onEvent: undefined };
  const stepped = await withDatabase(project, quiet, { url, command: 'test', lock: true }, async (db) => {
    await ensureVersionTables(db.session.knex, project.tables);
    const plan = planUpgrade(graph.map, await readHeads(db.session.knex, project.tables), 'heads');
    let before = await introspect(db, project);
    for (const step of plan) before = await climb(db, project, graph, step, before, onEvent);
    return { schema: before, count: plan.length, display: db.connection.display };
  });
  const plain = await withDatabase(project, quiet, { url: 'pglite:memory', command: 'test', lock: false }, async (db) => {
    await applyTarget(db, project, graph, 'up', 'heads', { strict: false, singleTransaction: false, onEvent: ignoreEvents });
    return introspect(db, project);
  });
  assertSame(plain, stepped.schema, 'The stairway run (up, down, up for each revision) and a plain upgrade end in different schemas', 'a downgrade and re-upgrade did not restore everything');
  return { revisions: stepped.count, database: stepped.display };
}

async function climb(db: OpenDatabase, project: Project, graph: RevisionGraph, step: PlanStep, before: Schema, onEvent: MigEventListener): Promise<Schema> {
  const run = async (direction: 'up' | 'down') => {
    const [loaded] = await loadSteps(graph, [{ revision: step.revision, direction }]);
    const heads = await readHeads(db.session.knex, project.tables);
    await runSteps({
      session: db.session,
      tables: project.tables,
      steps: [loaded],
      heads,
      headsAfter: (h, s) => headsAfterStep(graph.map, h, s),
      singleTransaction: false,
      transactionalDdl: db.dialect.transactionalDdl,
      versionWrites: db.dialect.versionWrites,
      appliedBy: db.applicationName,
      onEvent,
      scrub: db.scrub,
    });
  };
  const where = `${step.revision} (${graph.displayPathOf(step.revision)})`;
  await run('up');
  const after = await introspect(db, project);
  await run('down');
  assertSame(before, await introspect(db, project), `The downgrade of revision ${where} does not undo its upgrade`, 'make downgrade() reverse every change upgrade() makes', graph.displayPathOf(step.revision));
  await run('up');
  assertSame(after, await introspect(db, project), `Upgrading revision ${where} again after its downgrade gives another schema`, 'make downgrade() leave nothing behind that upgrade() then trips over', graph.displayPathOf(step.revision));
  return after;
}

function introspect(db: OpenDatabase, project: Project): Promise<Schema> {
  return db.dialect.introspect(db.session.knex, { schemas: project.config.schemas, exclude: [project.tables.version, project.tables.history] });
}

function assertSame(expected: Schema, actual: Schema, what: string, fix: string, file?: string): void {
  const { ops } = diffSchemas(actual, expected);
  if (ops.length === 0) return;
  const left = ops.slice(0, 8).map((op) => `  - ${describeOp(op)}`).join('\n');
  throw new StateError('MIG_STAIRWAY', `${what}; what the result lacks against the expected schema:\n${left}${ops.length > 8 ? `\n  … and ${ops.length - 8} more` : ''}`, { file, hint: fix });
}
