/**
 * Runs one mig command in-process on the built package (plain JS, no TypeScript loader), for the
 * commands the CLI has no verb for. One process per measurement, like the CLI:
 *
 *   node tools/bench/probe.cjs check  <core-dist> <project-dir>          models vs the replayed history (shadow PGlite, cache on)
 *   node tools/bench/probe.cjs check  <core-dist> <project-dir> replay   the same with shadowCache: false (the whole history replays)
 *   node tools/bench/probe.cjs check  <core-dist> <project-dir> <url>    --against=database (the database at head)
 *   node tools/bench/probe.cjs models <core-dist> <project-dir> <glob>   readModels alone
 *
 * Prints one JSON line: what the command found and how long the in-process part took.
 */
'use strict';
const { join } = require('node:path');

async function main() {
  const [mode, dist, projectDir, arg] = process.argv.slice(2);
  const t0 = process.hrtime.bigint();
  const { locateProject } = require(join(dist, 'cli', 'locate-project.js'));
  const located = locateProject(process.cwd(), { projectRoot: projectDir });
  if (mode === 'models') {
    const { readModels } = require(join(dist, 'models', 'index.js'));
    const { schema, diagnostics } = await readModels({ workspaceRoot: located.workspaceRoot, projectRoot: located.projectRoot, models: arg, dialect: 'postgres' });
    const fks = schema.tables.reduce((n, t) => n + t.foreignKeys.length, 0);
    return { ms: ms(t0), tables: schema.tables.length, foreignKeys: fks, diagnostics: diagnostics.length, ok: diagnostics.length === 0 };
  }
  if (mode === 'check') {
    const { check } = require(join(dist, 'commands', 'check.js'));
    const options = arg === 'replay' ? { shadowCache: false } : arg ? { against: 'database', url: arg } : {};
    const result = await check({ ...located, env: {} }, options);
    return { ms: ms(t0), upToDate: result.upToDate, changes: result.changes.slice(0, 5).map((c) => c.description), ok: result.upToDate };
  }
  throw new Error(`unknown probe mode ${mode}`);
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

main().then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exitCode = result.ok ? 0 : 1;
  },
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exitCode = 1;
  },
);
