/**
 * Files under a cache directory (node_modules/.cache/mig): read when there, written atomically
 * (temporary file + rename, so a reader never sees half a file and concurrent writers just race to
 * the last complete one). Every failure is ignored: a cache is only ever a shortcut.
 */
import { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function readCacheFile(dir: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch {
    return undefined;
  }
}

/** `text` may be a function, called only once the directory is known to be writable. */
export function writeCacheFile(dir: string, name: string, text: string | (() => string)): void {
  const file = join(dir, name);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK); // a read-only node_modules: do not even serialize
    writeFileSync(temporary, typeof text === 'string' ? text : text());
    renameSync(temporary, file);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing written, or nothing we may remove
    }
  }
}
