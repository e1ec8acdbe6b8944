/**
 * Revision headers and checksums remembered by each file's stat, so `heads`, `history` and a
 * no-op `up` do not read and lex every unchanged revision file again (10,000 files: one stat each
 * instead of a read and a lex). A file counts as unchanged when its size, mtime, ctime and inode
 * all match what they were before it was read; any write changes ctime, which no user tool sets
 * back. A file changed less than two seconds before it was read is not remembered: a second write
 * within the same timestamp tick could look unchanged (git's "racily clean" entries). The cache is
 * keyed by the source of the header reader itself, so a mig that reads headers differently never
 * uses headers an older one read.
 */
import { createHash } from 'node:crypto';
import { readFileSync, type Stats } from 'node:fs';
import { extname, join } from 'node:path';
import type { RevisionHeader } from '../revision/header';
import { readCacheFile, writeCacheFile } from './disk-cache';

export type CachedHeader = Omit<RevisionHeader, 'file'>;
type Entry = [signature: string, header: CachedHeader, checksum: string];

const RACY_MS = 2000;

/** The files whose code decides what a header read from a file is. */
const READER_MODULES = ['read-header', 'header-lexer', 'header-typescript', '../revision/header'];

let readerIdentity: string | null | undefined;
function readerId(): string | null {
  if (readerIdentity === undefined) {
    try {
      const hash = createHash('sha256');
      for (const module of READER_MODULES) hash.update(readFileSync(join(__dirname, module + extname(__filename))));
      readerIdentity = hash.digest('hex');
    } catch {
      readerIdentity = null; // bundled, or sources moved: cache nothing rather than trust old headers
    }
  }
  return readerIdentity;
}

function signatureOf(stats: Stats): string {
  return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}`;
}

export class HeaderCache {
  private readonly kept = new Map<string, Entry>();
  private changed = false;

  private constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly reader: string,
    private readonly previous: Readonly<Record<string, Entry>>,
  ) {}

  /** The cache of one set of versions directories; undefined when the reader cannot be identified. */
  static open(cacheDir: string, versionDirs: readonly string[]): HeaderCache | undefined {
    const reader = readerId();
    if (!reader) return undefined;
    const name = `headers-${createHash('sha256').update(versionDirs.join('\0')).digest('hex').slice(0, 32)}.json`;
    let previous: Record<string, Entry> = {};
    try {
      const saved = JSON.parse(readCacheFile(cacheDir, name) ?? 'null') as { reader?: string; entries?: Record<string, Entry> } | null;
      if (saved?.reader === reader && saved.entries) previous = saved.entries;
    } catch {
      // unreadable: start empty
    }
    return new HeaderCache(cacheDir, name, reader, previous);
  }

  /** The header and checksum of `path` when the file has not changed; `stats` taken before any read. */
  get(path: string, stats: Stats): { header: CachedHeader; checksum: string } | undefined {
    const entry = Object.hasOwn(this.previous, path) ? this.previous[path] : undefined;
    if (!entry || entry[0] !== signatureOf(stats)) return undefined;
    this.kept.set(path, entry);
    return { header: entry[1], checksum: entry[2] };
  }

  /** Remembers what was read from `path`; `stats` must be from before the read. */
  set(path: string, stats: Stats, header: RevisionHeader, checksum: string): void {
    this.changed = true;
    if (Date.now() - Math.max(stats.mtimeMs, stats.ctimeMs) < RACY_MS) return;
    const { file: _file, ...rest } = header;
    this.kept.set(path, [signatureOf(stats), rest, checksum]);
  }

  /** Writes the entries of this scan (deleted files drop out) when anything differs. */
  save(): void {
    if (!this.changed && this.kept.size === Object.keys(this.previous).length) return;
    writeCacheFile(this.dir, this.name, () => JSON.stringify({ reader: this.reader, entries: Object.fromEntries(this.kept) }));
  }
}
