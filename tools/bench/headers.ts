/**
 * How long reading the revision graph's input takes: scan + read headers of 10,000 revision files
 * (rendered with the default template, in one chain), and loading 1,000 revision modules.
 *
 *   node -r @swc-node/register tools/bench/headers.ts [count]
 *
 * Files go to tmp/bench-headers/ (git-ignored). Prints the median of 3 runs in one process (the
 * files are then in the OS page cache, as they are on a developer machine).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RevisionMap } from '../../libs/core/src/revision';
import { readRevisionHeader } from '../../libs/core/src/script/read-header';
import { scanRevisionFiles } from '../../libs/core/src/script/scan';
import { clearModuleCache, loadRevisionModule } from '../../libs/core/src/script/ts-loader';
import { readRevisionTemplate, renderRevisionSource, revisionFileName } from '../../libs/core/src/script/write';

const count = Number(process.argv[2] ?? 10_000);
const loadCount = Math.min(1_000, count);
const versions = join(__dirname, '..', '..', 'tmp', 'bench-headers', 'versions');

function generate(): string[] {
  rmSync(versions, { recursive: true, force: true });
  mkdirSync(versions, { recursive: true });
  const template = readRevisionTemplate();
  const files: string[] = [];
  let parent: string | null = null;
  for (let i = 0; i < count; i++) {
    const id = i.toString(16).padStart(12, '0');
    const table = `table_${i}`;
    const source = renderRevisionSource(template, {
      revision: id,
      downRevision: parent,
      message: `create ${table}`,
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
    const file = join(versions, revisionFileName(id, `create ${table}`));
    writeFileSync(file, source);
    files.push(file);
    parent = id;
  }
  return files;
}

async function median(label: string, run: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await run();
    times.push((performance.now() - start) / 1000);
  }
  const middle = [...times].sort((a, b) => a - b)[1];
  console.log(`${label}: median ${middle.toFixed(3)} s  (runs: ${times.map((t) => t.toFixed(3)).join(', ')})`);
  return middle;
}

async function main(): Promise<void> {
  const files = generate();
  console.log(`${count} revision files in ${versions}`);

  await median(`scan + read ${count} headers`, async () => {
    const { headers } = await scanRevisionFiles([versions]);
    if (headers.length !== count) throw new Error(`read ${headers.length} headers, expected ${count}`);
  });
  await median(`scan + read ${count} headers + build the graph + heads (the work of migrate-heads)`, async () => {
    const { headers } = await scanRevisionFiles([versions]);
    const heads = RevisionMap.build(headers).heads;
    if (heads.length !== 1) throw new Error(`expected one head, got ${heads.length}`);
  });
  const { readFileSync } = await import('node:fs');
  const sources = files.map((file) => readFileSync(file, 'utf8'));
  await median(`  of which parsing ${count} headers (in memory)`, () => sources.forEach((source, i) => readRevisionHeader(source, files[i])));

  const loadAll = () => {
    clearModuleCache();
    for (const file of files.slice(0, loadCount)) loadRevisionModule(file);
  };
  const start = performance.now();
  loadAll();
  console.log(`load ${loadCount} revision modules, first run (loads @swc/core): ${((performance.now() - start) / 1000).toFixed(3)} s`);
  await median(`load ${loadCount} revision modules`, loadAll);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
