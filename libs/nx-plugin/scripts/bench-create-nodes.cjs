#!/usr/bin/env node
/**
 * How long the plugin's createNodes takes for N projects (default 50), the work Nx repeats on
 * every project-graph computation. Writes N apps with migrations/mig.config.ts to a temp folder,
 * then times a cold and 20 warm calls.
 *
 *   node libs/nx-plugin/scripts/bench-create-nodes.cjs [N]
 */
'use strict';
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

require('@swc-node/register');
const { createNodes } = require('../src/plugins/plugin.ts');

const count = Number(process.argv[2] ?? 50);
const root = mkdtempSync(join(tmpdir(), 'mig-bench-nodes-'));
const config = "import { defineConfig } from '@mig/core';\n\nexport default defineConfig({\n  dialect: 'postgres',\n  models: 'src/models/**/*.ts',\n  versions: ['versions'],\n});\n";
writeFileSync(join(root, 'package.json'), '{ "name": "bench", "private": true }');
const files = [];
for (let i = 0; i < count; i++) {
  const dir = join(root, 'apps', `app${i}`, 'migrations');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(root, 'apps', `app${i}`, 'project.json'), `{ "name": "app${i}" }`);
  writeFileSync(join(dir, 'mig.config.ts'), config);
  files.push(`apps/app${i}/migrations/mig.config.ts`);
}

(async () => {
  const context = { workspaceRoot: root, nxJsonConfiguration: {} };
  const time = async () => {
    const start = performance.now();
    const results = await createNodes[1](files, {}, context);
    if (results.length !== count) throw new Error(`expected ${count} results, got ${results.length}`);
    return performance.now() - start;
  };
  const cold = await time();
  const warm = [];
  for (let i = 0; i < 20; i++) warm.push(await time());
  warm.sort((a, b) => a - b);
  console.log(`createNodes for ${count} projects: cold ${cold.toFixed(1)} ms, warm median ${warm[10].toFixed(1)} ms, max ${warm[19].toFixed(1)} ms`);
  rmSync(root, { recursive: true, force: true });
})();
