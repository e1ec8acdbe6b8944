import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RevisionRunError } from '../errors';
import { ModuleLoadError, clearModuleCache, loadRevisionModule, loadTsModule } from './ts-loader';

const dir = mkdtempSync(join(tmpdir(), 'mig-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => clearModuleCache());

let fileCount = 0;
/** A fresh file name per test: Node's require cache outlives a test, ours is cleared. */
function write(name: string, text: string): string {
  const path = join(dir, name.replace('{n}', String(++fileCount)));
  writeFileSync(path, text);
  return path;
}

/** Stands in for knex: the revisions under test only record what they were asked to do. */
const fakeKnex = () => ({ calls: [] as string[] }) as unknown as Knex & { calls: string[] };

function loadFailure(file: string): RevisionRunError {
  try {
    loadRevisionModule(file, 'a1');
  } catch (error) {
    expect(error).toBeInstanceOf(RevisionRunError);
    expect((error as RevisionRunError).code).toBe('MIG_REVISION_LOAD');
    return error as RevisionRunError;
  }
  throw new Error('expected MIG_REVISION_LOAD');
}

const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;

describe('loadRevisionModule', () => {
  it('runs a revision that imports a sibling helper, with or without the .js spelling', async () => {
    write('_helper{n}.ts', "import type { Knex } from 'knex';\nexport function audit(knex: Knex & { calls: string[] }, what: string): void {\n  knex.calls.push(`audit ${what}`);\n}\n");
    const helper = `_helper${fileCount}`;
    const file = write(
      'a{n}_add.ts',
      `import type { Knex } from 'knex';\nimport { audit } from './${helper}';\nimport * as again from './${helper}.js';\n` +
        "export const revision = 'a1';\nexport const downRevision = null;\n" +
        'export async function upgrade(knex: Knex & { calls: string[] }) { audit(knex, "up"); again.audit(knex, "again"); }\n' +
        'export async function downgrade(knex: Knex & { calls: string[] }) { audit(knex, "down"); }\n',
    );
    const revision = loadRevisionModule(file, 'a1');
    const knex = fakeKnex();
    await revision.upgrade(knex);
    await revision.downgrade(knex);
    expect(knex.calls).toEqual(['audit up', 'audit again', 'audit down']);
    expect(revision.transaction).toBeUndefined();
  });

  it('keeps the require hook for a helper imported lazily inside upgrade()', async () => {
    write('_lazy{n}.ts', 'export const value: number = 42;\n');
    const helper = `_lazy${fileCount}`;
    const file = write(
      'a{n}_lazy.ts',
      `export async function upgrade(knex: { calls: string[] }) { const { value } = await import('./${helper}'); knex.calls.push(String(value)); }\nexport async function downgrade() {}\n`,
    );
    const knex = fakeKnex();
    await loadRevisionModule(file).upgrade(knex);
    expect(knex.calls).toEqual(['42']);
  });

  it('removes its require hook once loading is done', () => {
    const before = extensions['.ts'];
    loadRevisionModule(write('a{n}.ts', 'export async function upgrade() {}\nexport async function downgrade() {}\n'));
    expect(extensions['.ts']).toBe(before);
  });

  it('reads `transaction` and rejects a non-boolean one', () => {
    const off = write('a{n}.ts', 'export const transaction = false;\nexport async function upgrade() {}\nexport async function downgrade() {}\n');
    expect(loadRevisionModule(off).transaction).toBe(false);
    const bad = loadFailure(write('a{n}.ts', "export const transaction = 'no';\nexport async function upgrade() {}\nexport async function downgrade() {}\n"));
    expect(bad.message).toContain('`transaction` must be true or false');
  });

  it('loads ESM and CommonJS JavaScript revisions', async () => {
    const esm = write('a{n}.mjs', 'export async function upgrade(knex) { knex.calls.push("mjs"); }\nexport async function downgrade() {}\n');
    const cjs = write('a{n}.cjs', 'module.exports = { upgrade: async (knex) => { knex.calls.push(typeof require); }, downgrade: async () => {} };\n');
    const knex = fakeKnex();
    await loadRevisionModule(esm).upgrade(knex);
    await loadRevisionModule(cjs).upgrade(knex);
    expect(knex.calls).toEqual(['mjs', 'function']);
  });

  it('fails with MIG_REVISION_LOAD naming the missing exports', () => {
    const file = write('a{n}.ts', "export const revision = 'a1';\nexport async function upgrade() {}\n");
    const error = loadFailure(file);
    expect(error.file).toBe(file);
    expect(error.revision).toBe('a1');
    expect(error.message).toContain('`downgrade`');
    expect(error.message).not.toContain('`upgrade`');
    expect(error.hint).toContain('export async function downgrade(knex: Knex)');
  });

  it('fails with MIG_REVISION_LOAD at the line of a syntax error', () => {
    const file = write('a{n}.ts', "import type { Knex } from 'knex';\n\nexport const revision = = 'a1';\n");
    const error = loadFailure(file);
    expect(error).toMatchObject({ file, line: 3 });
    expect(error.message).toContain(`${file}:3`);
    expect(error.message).toContain('does not compile');
  });

  it('names the helper, not the revision, when a helper does not compile', () => {
    const helper = write('_broken{n}.ts', 'export const x = ;\n');
    const error = loadFailure(write('a{n}.ts', `import { x } from './_broken${fileCount}';\nexport async function upgrade() { return x; }\nexport async function downgrade() {}\n`));
    expect(error).toMatchObject({ file: helper, line: 1 });
  });

  it('fails with MIG_REVISION_LOAD at the .ts line where the top level throws', () => {
    const file = write('a{n}.ts', "interface Unused { a: string }\n\nconst x: number = 1;\nthrow new Error('boom ' + x);\n");
    const error = loadFailure(file);
    expect(error).toMatchObject({ file, line: 4 });
    expect(error.message).toContain('boom 1');
  });

  it('maps stack traces of upgrade() to the .ts lines', async () => {
    const file = write('a{n}.ts', "type T = {\n  a: string;\n};\nexport async function upgrade(): Promise<void> {\n  throw new Error('in upgrade');\n}\nexport async function downgrade() {}\n");
    const error = await loadRevisionModule(file).upgrade(fakeKnex()).catch((e: Error) => e);
    expect((error as Error).stack).toContain(`${file}:5`);
  });
});

describe('loadTsModule', () => {
  it('returns module exports, including a default export (as for mig.config.ts)', () => {
    const file = write('mig{n}.config.ts', "export default { dialect: 'postgres' as const, versions: ['versions'] };\n");
    expect(loadTsModule(file)).toMatchObject({ default: { dialect: 'postgres', versions: ['versions'] } });
  });

  it('compiles once per process and again when the file changes', () => {
    const file = write('a{n}.ts', 'export const loadedAt = Math.random();\n');
    const first = loadTsModule(file);
    expect(loadTsModule(file)).toBe(first);
    writeFileSync(file, 'export const loadedAt = -1;\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(loadTsModule(file)).toEqual({ loadedAt: -1 });
  });

  it('answers the requires named in standIns with the stand-in, which can still load the real module', () => {
    const file = write('mig{n}.config.ts', "import { defineConfig, sep } from 'node:path';\nexport default { a: defineConfig, b: sep };\n");
    let real: Record<string, unknown> | undefined;
    const standIn = (load: () => unknown) => {
      real = load() as Record<string, unknown>;
      return { defineConfig: 'stand-in', sep: real.sep };
    };
    expect(loadTsModule(file, { standIns: { 'node:path': standIn } })).toEqual({ default: { a: 'stand-in', b: real?.sep } });
    // Only while the module loads: node:path is itself again afterwards.
    expect(typeof (Module as unknown as { _load: (r: string) => { join: unknown } })._load('node:path').join).toBe('function');
  });

  it('throws ModuleLoadError for callers that pick their own error code', () => {
    const file = write('mig{n}.config.ts', 'export default {\n');
    expect(() => loadTsModule(file)).toThrow(ModuleLoadError);
    expect(() => loadTsModule(file)).toThrow(expect.objectContaining({ file, phase: 'compile' }));
  });
});
