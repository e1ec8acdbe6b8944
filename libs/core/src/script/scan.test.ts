import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, RevisionGraphError } from '../errors';
import { checksumOf, isRevisionFileName, scanRevisionFiles } from './scan';

const header = (id: string, parent: string | null) =>
  `export const revision = '${id}';\nexport const downRevision = ${parent === null ? 'null' : `'${parent}'`};\n`;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mig-scan-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(relativePath: string, text: string): string {
  const path = join(root, relativePath);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('isRevisionFileName', () => {
  it.each(['a1_add.ts', 'a1.js', 'a1.mts', 'a1.cts', 'a1.mjs', 'a1.cjs'])('takes %s', (name) => {
    expect(isRevisionFileName(name)).toBe(true);
  });

  it.each(['_helpers.ts', '.a1.ts', 'types.d.ts', 'types.d.mts', 'a1.test.ts', 'a1.spec.js', 'README.md', 'a1.tsx', 'a1.json', 'script.ts.ejs'])(
    'skips %s',
    (name) => {
      expect(isRevisionFileName(name)).toBe(false);
    },
  );
});

describe('scanRevisionFiles', () => {
  it('reads every revision directly inside the versions dirs and nothing else', async () => {
    const a = write('versions/a1_first.ts', header('a1', null));
    const b = write('versions/b2_second.mjs', header('b2', 'a1'));
    const c = write('other/c3_third.cjs', "exports.revision = 'c3';\nexports.downRevision = 'b2';\n");
    write('versions/_helpers.ts', 'export const helper = 1;');
    write('versions/.draft.ts', 'not a revision');
    write('versions/a1.test.ts', 'not a revision');
    write('versions/types.d.ts', 'declare const x: number;');
    write('versions/notes.md', '# notes');
    write('versions/nested/d4_nested.ts', header('d4', 'c3'));
    mkdirSync(join(root, 'versions/folder.ts'));

    const scanned = await scanRevisionFiles([join(root, 'versions'), join(root, 'other')]);
    expect(scanned.headers.map((h) => h.id)).toEqual(['a1', 'b2', 'c3']);
    expect(scanned.headers.map((h) => h.file)).toEqual([a, b, c]);
    expect(scanned.files).toEqual(new Map([['a1', a], ['b2', b], ['c3', c]]));
    expect(scanned.checksums.size).toBe(0);
  });

  it('follows a symlink to a file', async () => {
    const target = write('elsewhere/a1.ts', header('a1', null));
    mkdirSync(join(root, 'versions'));
    symlinkSync(target, join(root, 'versions/a1_linked.ts'));
    expect((await scanRevisionFiles([join(root, 'versions')])).headers.map((h) => h.id)).toEqual(['a1']);
  });

  it('makes header paths relative to root and hashes files when asked', async () => {
    const text = header('a1', null);
    write('apps/api/migrations/versions/a1_first.ts', text);
    const scanned = await scanRevisionFiles([join(root, 'apps/api/migrations/versions')], { root, checksums: true });
    expect(scanned.headers[0].file).toBe(join('apps/api/migrations/versions/a1_first.ts'));
    expect(scanned.checksums.get('a1')).toBe(checksumOf(text));
  });

  it('reads thousands of files in parallel batches, in file-name order', async () => {
    for (let i = 0; i < 1500; i++) write(`versions/${String(i).padStart(4, '0')}.ts`, header(`r${i}`, i === 0 ? null : `r${i - 1}`));
    const scanned = await scanRevisionFiles([join(root, 'versions')], { batchSize: 16 });
    expect(scanned.headers).toHaveLength(1500);
    expect(scanned.headers[1499]).toMatchObject({ id: 'r1499', downRevisions: ['r1498'] });
  });

  it('keeps the first file for a duplicate id and returns both headers for the graph to report', async () => {
    const first = write('versions/a1_first.ts', header('a1', null));
    write('versions/a2_copy.ts', header('a1', null));
    const scanned = await scanRevisionFiles([join(root, 'versions')]);
    expect(scanned.headers).toHaveLength(2);
    expect(scanned.files.get('a1')).toBe(first);
  });

  it('passes on MIG_BAD_HEADER naming the file, and hints at `_` for a helper without one', async () => {
    const path = write('versions/helpers.ts', 'export const helper = 1;\n');
    const error = await scanRevisionFiles([join(root, 'versions')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevisionGraphError);
    expect(error).toMatchObject({ code: 'MIG_BAD_HEADER', file: path, line: 1 });
    expect((error as RevisionGraphError).hint).toContain('starting with `_`');
  });

  it('fails with MIG_CONFIG when a versions dir is missing or is a file', async () => {
    for (const dir of [join(root, 'nope'), write('file.ts', '')]) {
      const error = await scanRevisionFiles([dir]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'MIG_CONFIG', file: dir });
      expect((error as ConfigError).hint).toContain('versions');
    }
  });
});

describe('checksumOf', () => {
  it('is the same for CRLF and LF line endings, and for a string and its bytes', () => {
    const lf = "export const revision = 'a1';\nexport const downRevision = null;\n";
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(checksumOf(crlf)).toBe(checksumOf(lf));
    expect(checksumOf(Buffer.from(crlf))).toBe(checksumOf(lf));
    expect(checksumOf(lf)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when the content changes', () => {
    expect(checksumOf('a\n')).not.toBe(checksumOf('b\n'));
    expect(checksumOf('a\n')).not.toBe(checksumOf('a\n\n'));
  });
});
