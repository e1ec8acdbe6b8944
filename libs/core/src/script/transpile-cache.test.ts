import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transpileToCommonJs } from './transpile';
import { transpileWithCache } from './transpile-cache';

let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'mig-transpile-cache-'));
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

const config = "export default { versions: ['versions'] as string[] };\n";

describe('transpileWithCache', () => {
  it('returns what the transpiler returns, and the kept copy the next time', () => {
    expect(transpileWithCache(config, '/p/mig.config.ts', cacheDir)).toBe(transpileToCommonJs(config, '/p/mig.config.ts'));
    const [name] = readdirSync(cacheDir);
    // Proof that the second call reads the cache: what it returns is what the cache holds.
    const kept = readFileSync(join(cacheDir, name), 'utf8');
    writeFileSync(join(cacheDir, name), kept.replace('versions', 'from-cache'));
    expect(transpileWithCache(config, '/p/mig.config.ts', cacheDir)).toContain('from-cache');
  });

  it('compiles again when the source changes, keeping one file per source file', () => {
    transpileWithCache(config, '/p/mig.config.ts', cacheDir);
    const edited = config.replace('versions', 'revisions');
    expect(transpileWithCache(edited, '/p/mig.config.ts', cacheDir)).toContain('revisions');
    expect(readdirSync(cacheDir)).toHaveLength(1);
    transpileWithCache(config, '/q/mig.config.ts', cacheDir);
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });

  it('never caches a syntax error, and works without a cache dir', () => {
    expect(() => transpileWithCache('export default {\n', '/p/bad.ts', cacheDir)).toThrow();
    expect(readdirSync(cacheDir)).toHaveLength(0);
    expect(transpileWithCache(config, '/p/mig.config.ts', undefined)).toContain('versions');
  });
});

describe('a cache dir that cannot be written', () => {
  it('is ignored: the code is still returned', () => {
    const file = join(cacheDir, 'not-a-dir');
    writeFileSync(file, '');
    expect(transpileWithCache(config, '/p/mig.config.ts', join(file, 'cache'))).toBe(transpileToCommonJs(config, '/p/mig.config.ts'));
  });
});
