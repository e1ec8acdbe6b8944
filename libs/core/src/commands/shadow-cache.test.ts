import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptySchema } from '../schema/schema';
import { ShadowCache, shadowKeys, type ShadowKeyInput } from './shadow-cache';

const input = (over: Partial<ShadowKeyInput> = {}): ShadowKeyInput => ({
  steps: [
    { revision: 'a', content: 'create a' },
    { revision: 'b', content: 'create b' },
    { revision: 'c', content: 'create c' },
  ],
  helpers: [],
  context: ['pglite 0.5.16', 'mig 0.1.0'],
  reader: 'introspect v1',
  ...over,
});

describe('shadowKeys', () => {
  it('gives one key per replayed revision, stable across runs', () => {
    const keys = shadowKeys(input());
    expect(keys.prefixes).toHaveLength(3);
    expect(new Set(keys.prefixes).size).toBe(3);
    expect(shadowKeys(input())).toEqual(keys);
  });

  it('keeps the keys before a changed revision and changes every key from it on', () => {
    const before = shadowKeys(input());
    const steps = input().steps.map((s) => (s.revision === 'b' ? { ...s, content: 'create b with a column' } : s));
    const after = shadowKeys(input({ steps }));
    expect(after.prefixes[0]).toBe(before.prefixes[0]);
    expect(after.prefixes[1]).not.toBe(before.prefixes[1]);
    expect(after.prefixes[2]).not.toBe(before.prefixes[2]);
    expect(after.schema).not.toBe(before.schema);
  });

  it('extends the key chain when a revision is added on top', () => {
    const before = shadowKeys(input());
    const after = shadowKeys(input({ steps: [...input().steps, { revision: 'd', content: 'create d' }] }));
    expect(after.prefixes.slice(0, 3)).toEqual(before.prefixes);
  });

  it('changes every key when a helper file, the context or the versions change', () => {
    const base = shadowKeys(input());
    for (const other of [input({ helpers: [['versions/util.ts', 'export const x = 1']] }), input({ context: ['pglite 0.5.17', 'mig 0.1.0'] })]) {
      const keys = shadowKeys(other);
      expect(keys.prefixes.some((k) => base.prefixes.includes(k))).toBe(false);
    }
  });

  it('changes only the schema key when the reader changes', () => {
    const base = shadowKeys(input());
    const keys = shadowKeys(input({ reader: 'introspect v2' }));
    expect(keys.prefixes).toEqual(base.prefixes);
    expect(keys.schema).not.toBe(base.schema);
  });
});

describe('ShadowCache', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
  const cache = () => new ShadowCache(join((dir = mkdtempSync(join(tmpdir(), 'mig-shadow-'))), 'app'));
  const fakeDatabase = (c: ShadowCache, key: string) => {
    const work = c.workDirectory(undefined);
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'PG_VERSION'), '18');
    c.keepDatabase(work, key);
  };

  it('stores and reads a schema; a missing or damaged entry is a miss', () => {
    const c = cache();
    expect(c.readSchema('k')).toBeUndefined();
    c.writeSchema('k', emptySchema('postgres'));
    expect(c.readSchema('k')).toEqual(emptySchema('postgres'));
    writeFileSync(join(c.dir, 'bad.schema.json'), '{ half');
    expect(c.readSchema('bad')).toBeUndefined();
  });

  it('finds the longest prefix that has a database, and copies it for the replay', () => {
    const c = cache();
    fakeDatabase(c, 'p1');
    expect(c.bestDatabase(['p0', 'p1', 'p2'])).toEqual({ index: 1, dir: join(c.dir, 'p1') });
    expect(c.bestDatabase(['x', 'y'])).toBeUndefined();
    const work = c.workDirectory(join(c.dir, 'p1'));
    expect(work).not.toBe(join(c.dir, 'p1'));
    expect(c.bestDatabase(['p1'])?.dir).toBe(join(c.dir, 'p1'));
    c.discard(work);
  });

  it('keeps only the newest two databases', () => {
    const c = cache();
    // Kept an hour, then a minute ago, then now.
    [3_600, 60, 0].forEach((age, i) => {
      fakeDatabase(c, `k${i + 1}`);
      const at = new Date(Date.now() - age * 1000);
      if (c.bestDatabase([`k${i + 1}`])) utimesSync(join(c.dir, `k${i + 1}`), at, at);
    });
    expect(['k1', 'k2', 'k3'].filter((k) => c.bestDatabase([k]))).toEqual(['k2', 'k3']);
  });
});
