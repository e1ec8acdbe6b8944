import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../../..');

/** Modules matching ts-morph that a fresh Node process has loaded after running `code`. */
function tsMorphModulesAfter(code: string): string[] {
  const script = `${code}\nprocess.on('exit', () => console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('ts-morph')))));`;
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

describe('lazy loading of the model reader', () => {
  it('loads no ts-morph for the engine, the DbHints type module or the SQL renderer', () => {
    expect(
      tsMorphModulesAfter(`require('./libs/core/src/index.ts'); require('./libs/core/src/models/db-hints.ts'); require('./libs/core/src/render/schema-sql.ts');`),
    ).toEqual([]);
  });

  it("loads ts-morph's TypeScript, not its wrapper layer, when the reader is imported", () => {
    const loaded = tsMorphModulesAfter(`require('./libs/core/src/models/index.ts');`);
    expect(loaded.some((m) => m.includes('@ts-morph/common'))).toBe(true);
    expect(loaded.some((m) => m.endsWith(path.join('ts-morph', 'dist', 'ts-morph.js')))).toBe(false);
  });
});
