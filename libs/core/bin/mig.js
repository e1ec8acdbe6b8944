#!/usr/bin/env node
'use strict';
// Runs the built CLI when there is one (the published package), else the TypeScript source
// through @swc-node/register (inside this workspace).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
function run(cli) {
  cli.main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
const built = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (existsSync(built)) {
  run(require(built));
} else {
  require('@swc-node/register');
  run(require(join(__dirname, '..', 'src', 'cli', 'main.ts')));
}
