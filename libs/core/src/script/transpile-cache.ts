/**
 * Transpiled output kept on disk, keyed by the source, its path and the compiler's version: the
 * config file that every command loads compiles again only when it changes, and an unchanged one
 * never loads swc's native binary (~60 ms and ~35 MB of every CLI run). One cache file per source
 * file, overwritten when the source changes, so the cache does not grow with edits.
 */
import { createHash } from 'node:crypto';
import { readCacheFile, writeCacheFile } from './disk-cache';
import { transpilerIdentity, transpileToCommonJs } from './transpile';

/** Bump when what transpileToCommonJs produces changes for the same compiler version. */
const FORMAT = 1;

export function transpileWithCache(source: string, file: string, cacheDir: string | undefined): string {
  if (cacheDir === undefined) return transpileToCommonJs(source, file);
  const key = createHash('sha256').update(`${FORMAT}\0${transpilerIdentity()}\0${file}\0`).update(source).digest('hex');
  const name = `transpiled-${createHash('sha256').update(file).digest('hex').slice(0, 32)}.js`;
  const firstLine = `// mig transpile cache ${key}\n`;
  const cached = readCacheFile(cacheDir, name);
  if (cached?.startsWith(firstLine)) return cached.slice(firstLine.length);
  const code = transpileToCommonJs(source, file);
  writeCacheFile(cacheDir, name, firstLine + code);
  return code;
}
