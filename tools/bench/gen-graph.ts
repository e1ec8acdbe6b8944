/**
 * The graph workload (was tools/bench/headers.ts): a project with `count` revision files in one
 * chain, rendered with the shipped template, for `mig heads` and `mig history` (no database).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRevisionTemplate, renderRevisionSource, revisionFileName } from '../../libs/core/src/script/write';

export interface GraphWorkload {
  readonly count: number;
  /** The project folder (`mig --project-root`). */
  readonly projectDir: string;
}

const GENERATOR_VERSION = 'graph-v1';

function revisionSource(template: string, i: number, parent: string | null): { id: string; message: string; source: string } {
  const id = i.toString(16).padStart(12, '0');
  const table = `table_${i}`;
  const message = `create ${table}`;
  const source = renderRevisionSource(template, {
    revision: id,
    downRevision: parent,
    message,
    createDate: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    upgrades: [
      `await knex.schema.createTable('${table}', (table) => {`,
      "  table.increments('id').primary();",
      "  table.string('name', 255).notNullable();",
      "  table.text('notes').nullable().comment('free text, e.g. \"n/a\" or \\'none\\'');",
      "  table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());",
      '});',
    ].join('\n'),
    downgrades: `await knex.schema.dropTable('${table}');`,
  });
  return { id, message, source };
}

/** Writes (or reuses) `count` revisions in one chain under `<root>/graph-<count>/`. */
export function generateGraph(root: string, count: number): GraphWorkload {
  const projectDir = join(root, `graph-${count}`);
  const versions = join(projectDir, 'migrations', 'versions');
  const stampFile = join(projectDir, 'generated.json');
  const template = readRevisionTemplate();
  const stamp = JSON.stringify({ GENERATOR_VERSION, count, template });
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return { count, projectDir };
  rmSync(projectDir, { recursive: true, force: true });
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(projectDir, 'migrations', 'mig.config.ts'), `export default { versions: ['versions'] };\n`);
  let parent: string | null = null;
  for (let i = 0; i < count; i++) {
    const { id, message, source } = revisionSource(template, i, parent);
    writeFileSync(join(versions, revisionFileName(id, message)), source);
    parent = id;
  }
  writeFileSync(stampFile, stamp);
  return { count, projectDir };
}
