import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../../..');

/** Loads TypeScript in a fresh process with `tmp` as os.tmpdir(); returns the cache state and a parse result. */
function loadIn(tmp: string): { state: string; statements: number } {
  const script = `
    const { loadTypeScript, saveTypeScriptCache, typeScriptCacheState } = require('./libs/core/src/models/load-typescript.ts');
    const ts = loadTypeScript();
    const file = ts.createSourceFile('m.ts', 'export class M extends Model { static tableName = "m"; }', { languageVersion: ts.ScriptTarget.Latest });
    saveTypeScriptCache();
    console.log(JSON.stringify({ state: typeScriptCacheState(), statements: file.statements.length }));`;
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const cacheFiles = (tmp: string) => fs.readdirSync(tmp, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.bin')).map((f) => path.join(tmp, f));

describe('the TypeScript code cache', () => {
  let tmp: string;
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('is written by the first run and used by the next', () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-code-cache-'));
    expect(loadIn(tmp)).toEqual({ state: 'missing', statements: 1 });
    expect(cacheFiles(tmp)).toHaveLength(1);
    expect(loadIn(tmp)).toEqual({ state: 'used', statements: 1 });
  });

  it('is ignored when damaged, and rewritten', () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-code-cache-'));
    loadIn(tmp);
    const [file] = cacheFiles(tmp);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(loadIn(tmp)).toEqual({ state: 'missing', statements: 1 });
    expect(loadIn(tmp)).toEqual({ state: 'used', statements: 1 });
  });

  it.skipIf(process.platform === 'win32')('is not read from a directory other users can write', () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-code-cache-'));
    loadIn(tmp);
    const dir = path.dirname(cacheFiles(tmp)[0]);
    fs.chmodSync(dir, 0o777);
    expect(loadIn(tmp)).toEqual({ state: 'unavailable', statements: 1 });
  });
});
