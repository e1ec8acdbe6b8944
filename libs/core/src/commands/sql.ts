/**
 * Offline SQL (`migrate-sql`, `mig sql`): the script `migrate-up`/`migrate-down` would run, for a
 * DBA or a deploy pipeline, without a database. It is the same runner with a recording session
 * (STYLE.md lesson 4): revision code, version-table updates and history rows all go through knex
 * and are recorded, BEGIN/COMMIT included where the dialect has transactional DDL.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadProject } from '../config/load-project';
import { createRecordingSession } from '../dialects/offline/recording-session';
import { ConfigError } from '../errors';
import { headsAfterStep, planDowngrade, planStamp, planUpgrade } from '../revision';
import { runSteps } from '../runner/run-steps';
import { createVersionTablesIfMissing } from '../runner/version-store';
import { loadSteps, type StepSummary } from './apply-target';
import type { CommandContext } from './context';
import { loadRevisionGraph } from './revision-graph';

export interface SqlOptions {
  /** Where the database is assumed to be: default `base` (upgrade) or `heads` (downgrade). */
  readonly from?: string;
  /** Target: default `heads` (upgrade) or `base` (downgrade). */
  readonly to?: string;
  /** Downgrade SQL instead of upgrade SQL. */
  readonly down?: boolean;
  /** Write the script there as well as returning it. */
  readonly outputFile?: string;
}

export interface SqlResult {
  readonly dialect: 'postgres' | 'mysql';
  readonly from: string[];
  readonly to: string[];
  readonly steps: StepSummary[];
  readonly sql: string;
  readonly outputFile?: string;
}

export async function offlineSql(context: CommandContext, options: SqlOptions = {}): Promise<SqlResult> {
  const project = await loadProject(context);
  const graph = await loadRevisionGraph(project);
  const down = options.down ?? false;
  const fromTarget = options.from ?? (down ? 'heads' : 'base');
  const toTarget = options.to ?? (down ? 'base' : 'heads');
  const from = fromTarget === 'base' ? [] : planStamp(graph.map, [], fromTarget);
  const plan = down ? planDowngrade(graph.map, from, toTarget) : planUpgrade(graph.map, from, toTarget);
  const steps = await loadSteps(graph, plan);
  const dialect = project.dialect === 'mysql' ? 'mysql' : 'postgres';
  const session = createRecordingSession(dialect === 'mysql' ? 'mysql2' : 'pg');
  const sections: { at: number; title: string }[] = [];
  let stepStart = 0;
  try {
    await createVersionTablesIfMissing(session.knex, project.tables);
    stepStart = session.statements.length;
    const to = await runSteps({
      session,
      offline: true,
      tables: project.tables,
      steps,
      heads: from,
      headsAfter: (heads, step) => headsAfterStep(graph.map, heads, step),
      singleTransaction: false,
      transactionalDdl: dialect === 'postgres',
      versionWrites: session.versionWrites,
      appliedBy: `mig sql (${project.projectName})`,
      onEvent: (event) => {
        if (event.kind !== 'step-done') return;
        const verb = event.direction === 'up' ? 'upgrade' : 'downgrade';
        sections.push({ at: stepStart, title: `${verb} ${event.revision}${event.message ? `: ${event.message}` : ''} (${event.file})` });
        stepStart = session.statements.length;
      },
      scrub: (text) => text,
    });
    const sql = renderScript(project.projectName, dialect, fromTarget, toTarget, session.statements, sections);
    if (options.outputFile) {
      mkdirSync(dirname(options.outputFile), { recursive: true });
      writeFileSync(options.outputFile, sql);
    }
    return { dialect, from, to, steps: steps.map(({ revision, direction, header, file }) => ({ revision, direction, message: header.message, file })), sql, ...(options.outputFile ? { outputFile: options.outputFile } : {}) };
  } finally {
    await session.release();
  }
}

function renderScript(project: string, dialect: string, from: string, to: string, statements: readonly string[], sections: readonly { at: number; title: string }[]): string {
  const lines = [`-- mig: ${from} → ${to} for ${project} (${dialect}). Generated offline; review before running.`, ''];
  // A step's COMMIT is recorded after its step-done event: it closes the section before.
  const startOf = (at: number) => (statements[at] === 'COMMIT' ? at + 1 : at);
  statements.forEach((statement, i) => {
    for (const section of sections.filter((s) => startOf(s.at) === i)) lines.push('', `-- ${section.title}`);
    lines.push(`${statement};`);
  });
  return `${lines.join('\n')}\n`;
}

/** `dist/migrations/<project>/<from>_<to>.sql`, with targets made safe for a file name. */
export function defaultSqlFile(workspaceRoot: string, project: string, options: SqlOptions): string {
  const down = options.down ?? false;
  const part = (t: string) => t.replace(/[^A-Za-z0-9_.+-]/g, '_');
  const from = options.from ?? (down ? 'heads' : 'base');
  const to = options.to ?? (down ? 'base' : 'heads');
  if (!from || !to) throw new ConfigError('MIG_BAD_OPTION', 'Empty --from or --to.', { hint: 'e.g. --from=base --to=heads' });
  return `${workspaceRoot}/dist/migrations/${project}/${part(from)}_${part(to)}${down ? '.down' : ''}.sql`;
}
