import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RevisionHeader } from '../revision/header';
import { HeaderCache } from './header-cache';
import { checksumOf, scanRevisionFiles } from './scan';

let root: string;
let cacheDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mig-header-cache-'));
  cacheDir = join(root, 'cache');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const source = (id: string, parent: string | null, message = `add ${id}`) =>
  `/** ${message}\n *\n * Revision ID: ${id}\n */\nexport const revision = '${id}';\nexport const downRevision = ${parent === null ? 'null' : `'${parent}'`};\n`;

function write(name: string, text: string): string {
  const path = join(root, 'versions', name);
  mkdirSync(join(root, 'versions'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const MINUTE_AGO = Date.now() - 60_000;
/** The stat of a file as if its last write were a minute ago (older than the racy window). */
function settled(path: string): Stats {
  return { ...statSync(path), mtimeMs: MINUTE_AGO, ctimeMs: MINUTE_AGO } as Stats;
}

const header = (id: string): RevisionHeader => ({ id, downRevisions: [], branchLabels: [], dependsOn: [], transactional: true, file: `versions/${id}.ts`, line: 5, message: `add ${id}` });

describe('HeaderCache', () => {
  it('answers for a file whose size, times and inode are unchanged, without its display path', () => {
    const path = write('a1.ts', source('a1', null));
    const cache = HeaderCache.open(cacheDir, [join(root, 'versions')])!;
    cache.set(path, settled(path), header('a1'), 'sum-a1');
    cache.save();

    const reopened = HeaderCache.open(cacheDir, [join(root, 'versions')])!;
    const { file: _file, ...expected } = header('a1');
    expect(reopened.get(path, settled(path))).toEqual({ header: expected, checksum: 'sum-a1' });
  });

  it('gives back every field of a header, with the display path when asked for one', () => {
    const path = write('m3.ts', source('m3', 'a1'));
    const full: RevisionHeader = {
      id: 'm3',
      downRevisions: ['a1', 'b2'],
      branchLabels: ['beta'],
      dependsOn: ['c4'],
      message: 'merge "a" and b',
      transactional: false,
      file: 'ignored/m3.ts',
      line: 7,
      createDate: '2026-01-01T00:00:00Z',
    };
    const cache = HeaderCache.open(cacheDir, [join(root, 'versions')])!;
    cache.set(path, settled(path), full, 'sum-m3');
    cache.save();

    const reopened = HeaderCache.open(cacheDir, [join(root, 'versions')])!;
    expect(reopened.get(path, settled(path), 'versions/m3.ts')).toStrictEqual({ header: { ...full, file: 'versions/m3.ts' }, checksum: 'sum-m3' });
    const { file: _file, message: _message, createDate: _createDate, ...plain } = full;
    cache.set(path, settled(path), plain, 'sum-plain');
    cache.save();
    expect(HeaderCache.open(cacheDir, [join(root, 'versions')])!.get(path, settled(path))).toStrictEqual({ header: plain, checksum: 'sum-plain' });
  });

  it('misses when the file changed (size, mtime or ctime), and for another set of versions dirs', () => {
    const path = write('a1.ts', source('a1', null));
    const cache = HeaderCache.open(cacheDir, [join(root, 'versions')])!;
    const stats = settled(path);
    cache.set(path, stats, header('a1'), 'sum-a1');
    cache.save();

    const reopened = HeaderCache.open(cacheDir, [join(root, 'versions')])!;
    expect(reopened.get(path, { ...stats, size: stats.size + 1 } as Stats)).toBeUndefined();
    expect(reopened.get(path, { ...stats, mtimeMs: stats.mtimeMs + 1 } as Stats)).toBeUndefined();
    expect(reopened.get(path, { ...stats, ctimeMs: stats.ctimeMs + 1 } as Stats)).toBeUndefined();
    expect(reopened.get(path, { ...stats, ino: stats.ino + 1 } as Stats)).toBeUndefined();
    expect(reopened.get(path, stats)).toBeDefined();
    expect(HeaderCache.open(cacheDir, [join(root, 'other')])!.get(path, stats)).toBeUndefined();
  });

  it('finds files asked for in any order, in each of several versions dirs', () => {
    const dirs = [join(root, 'versions'), join(root, 'more')];
    for (const dir of dirs) mkdirSync(dir, { recursive: true });
    const paths = ['c3', 'a1', 'b2'].flatMap((id) => dirs.map((dir) => join(dir, `${id}.ts`)));
    for (const path of paths) writeFileSync(path, source('x', null));
    const cache = HeaderCache.open(cacheDir, dirs)!;
    for (const path of paths) cache.set(path, settled(path), header(path), `sum ${path}`);
    cache.save();

    const reopened = HeaderCache.open(cacheDir, dirs)!;
    for (const path of [...paths].reverse()) expect(reopened.get(path, settled(path))?.checksum).toBe(`sum ${path}`);
    expect(reopened.get(join(dirs[0], 'b1.ts'), settled(paths[0]))).toBeUndefined();
  });

  it('does not remember a file written in the last two seconds: a second write in the same tick could look unchanged', () => {
    const path = write('a1.ts', source('a1', null));
    const cache = HeaderCache.open(cacheDir, [join(root, 'versions')])!;
    cache.set(path, statSync(path), header('a1'), 'sum-a1');
    cache.save();
    expect(HeaderCache.open(cacheDir, [join(root, 'versions')])!.get(path, statSync(path))).toBeUndefined();
  });

  it('forgets files the last scan did not see, and starts empty from a damaged cache file', () => {
    const a = write('a1.ts', source('a1', null));
    const b = write('b2.ts', source('b2', 'a1'));
    const first = HeaderCache.open(cacheDir, [join(root, 'versions')])!;
    first.set(a, settled(a), header('a1'), 'sum-a1');
    first.set(b, settled(b), header('b2'), 'sum-b2');
    first.save();

    const second = HeaderCache.open(cacheDir, [join(root, 'versions')])!;
    expect(second.get(a, settled(a))).toBeDefined();
    second.save(); // b2 not seen: dropped
    expect(HeaderCache.open(cacheDir, [join(root, 'versions')])!.get(b, settled(b))).toBeUndefined();

    const [name] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, name), '{"reader": tru');
    expect(HeaderCache.open(cacheDir, [join(root, 'versions')])!.get(a, settled(a))).toBeUndefined();
  });
});

describe('scanRevisionFiles with a cache', () => {
  it('returns what a scan without one returns, checksums included, and sees an edit made just now', async () => {
    write('a1_first.ts', source('a1', null));
    const b = write('b2_second.ts', source('b2', 'a1'));
    const plain = await scanRevisionFiles([join(root, 'versions')], { root, checksums: true });
    const cached = await scanRevisionFiles([join(root, 'versions')], { root, checksums: true, cacheDir });
    expect(cached).toEqual(plain);
    expect(readdirSync(cacheDir)).toHaveLength(1);

    writeFileSync(b, source('b2', 'a1', 'renamed'));
    const again = await scanRevisionFiles([join(root, 'versions')], { root, checksums: true, cacheDir });
    expect(again.headers[1]).toMatchObject({ id: 'b2', message: 'renamed' });
    expect(again.checksums.get('b2')).toBe(checksumOf(source('b2', 'a1', 'renamed')));
  });

  it('still reports a bad header, and returns no checksums unless asked', async () => {
    write('a1_first.ts', source('a1', null));
    expect((await scanRevisionFiles([join(root, 'versions')], { cacheDir })).checksums.size).toBe(0);
    write('b2_helper.ts', 'export const helper = 1;\n');
    await expect(scanRevisionFiles([join(root, 'versions')], { cacheDir })).rejects.toMatchObject({ code: 'MIG_BAD_HEADER' });
  });
});
