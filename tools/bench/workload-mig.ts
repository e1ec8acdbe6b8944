/**
 * The mig-only workloads: the revision graph (heads and history of many files, no database) and
 * autogenerate (models against an up-to-date history: the shadow-PGlite comparison, the same
 * comparison against a PostgreSQL database at head, and reading the models alone).
 */
import { join } from 'node:path';
import type { Server } from './databases';
import type { GraphWorkload } from './gen-graph';
import type { ModelsWorkload } from './gen-models';
import { run, type Command } from './measure';
import { record, rotate, table, type ResultTable } from './results-model';

export interface MigOptions {
  readonly migBin: string;
  readonly reps: number;
  readonly log: (line: string) => void;
}

interface Entry {
  readonly name: string;
  readonly command: Command;
}

function repeat(t: ResultTable, entries: readonly Entry[], o: MigOptions): ResultTable {
  for (let rep = 0; rep < o.reps; rep++) {
    for (const entry of rotate(entries, rep)) {
      const sample = record(t, entry.name, rep, run(entry.command));
      o.log(`  ${t.id} rep ${rep + 1} ${entry.name}: ${sample.ok ? `${sample.wall.toFixed(2)} s` : 'FAILED'}`);
    }
  }
  return t;
}

export function runGraph(graph: GraphWorkload, o: MigOptions): ResultTable {
  const mig = (verb: string): Entry => ({ name: `mig ${verb}`, command: { argv: ['node', o.migBin, verb, '--project-root', graph.projectDir] } });
  const t = table(`graph-${graph.count}`, `Revision graph of ${graph.count.toLocaleString('en')} files (mig only, no database)`, {
    note: 'Whole process: start Node, load the CLI, scan and read every header, build the graph, print.',
  });
  return repeat(t, [mig('heads'), mig('history')], o);
}

export const CHECK_REPLAY = 'check, history not seen before (no shadow cache: built from the revisions)';
export const CHECK_CACHED = 'check, history replayed before (shadow cache)';

export async function runAutogenerate(models: ModelsWorkload, o: MigOptions & { coreDist: string; server?: Server }): Promise<ResultTable> {
  const probe = join(__dirname, 'probe.cjs');
  const t = table(`autogen-${models.count}`, `Autogenerate: ${models.count} Objection models (FK chain of depth ${models.count}) against an up-to-date history`, {
    note:
      '`check` is the comparison behind `mig revision --autogenerate` and `migrate-check`, run in its own process on the built package (tools/bench/probe.cjs). ' +
      'The shadow database is cached by the content of the revision files (tmp/mig/.shadow): the first row is a history never replayed on this machine (e.g. a fresh CI checkout), the second one the usual edit-models-then-autogenerate loop. ' +
      '"catalog q." counts statements that read the system catalogs (introspection included).',
  });
  const cached = { argv: ['node', probe, 'check', o.coreDist, models.projectDir], json: true };
  const entries: Entry[] = [
    { name: CHECK_REPLAY, command: { argv: ['node', probe, 'check', o.coreDist, models.projectDir, 'replay'], json: true } },
    { name: CHECK_CACHED, command: cached },
    { name: 'read models alone', command: { argv: ['node', probe, 'models', o.coreDist, models.projectDir, models.models], json: true } },
  ];
  // The cached row measures a history that an earlier check already replayed: replay it once here.
  const warm = run(cached);
  if (!warm.ok) t.problems.push(`warming the shadow cache failed: ${warm.error}`);
  const db = `mig_bench_autogen_${models.count}`;
  if (o.server) {
    // A PostgreSQL database at head, for --against=database (set up once, not measured).
    await o.server.recreate(db);
    const url = o.server.urlOf(db);
    const setup = run({ argv: ['node', o.migBin, 'up', '--project-root', models.projectDir, '--url', url] });
    if (!setup.ok) t.problems.push(`setting up ${db} with mig up failed: ${setup.error}`);
    else entries.splice(1, 0, { name: 'check --against=database (PostgreSQL at head)', command: { argv: ['node', probe, 'check', o.coreDist, models.projectDir, url], json: true } });
  }
  try {
    return repeat(t, entries, o);
  } finally {
    if (o.server) await o.server.drop(db).catch(() => undefined);
  }
}
