/**
 * Sets the database's heads to a target without running any revision (Alembic's stamp): after
 * changes were applied by hand, or to adopt a database. `purge` first forgets the current heads,
 * which also works when they name revisions this checkout does not have.
 */
import { loadProject } from '../config/load-project';
import { planStamp } from '../revision';
import { appendHistory, ensureVersionTables, readHeads, writeHeads } from '../runner/version-store';
import type { CommandContext, DatabaseOptions } from './context';
import { withDatabase } from './open-database';
import { loadRevisionGraph } from './revision-graph';
import { assertKnownHeads } from './state-checks';

export interface StampOptions extends DatabaseOptions {
  readonly to: string;
  readonly purge?: boolean;
}

export interface StampResult {
  readonly before: string[];
  readonly after: string[];
}

export async function stamp(context: CommandContext, options: StampOptions): Promise<StampResult> {
  const project = await loadProject(context);
  const graph = await loadRevisionGraph(project);
  return withDatabase(project, context, { ...options, command: 'stamp', lock: true }, async (db) => {
    const before = await readHeads(db.session.knex, project.tables);
    if (!options.purge) assertKnownHeads(graph, before);
    const after = planStamp(graph.map, options.purge ? [] : before, options.to, { purge: options.purge });
    // After planning: a stamp refused above leaves the database untouched.
    await ensureVersionTables(db.session.knex, project.tables);
    await db.session.transaction(async (trx) => {
      await writeHeads(trx, project.tables, before, after);
      const started = new Date();
      for (const revision of after.length > 0 ? after : ['base']) {
        const known = graph.map.has(revision);
        await appendHistory(trx, project.tables, {
          revision,
          direction: 'stamp',
          status: 'applied',
          checksum: known ? await graph.checksumOf(revision) : null,
          file: known ? graph.displayPathOf(revision) : null,
          startedAt: started,
          durationMs: 0,
          appliedBy: db.applicationName,
        });
      }
    });
    return { before, after };
  });
}
