/**
 * Revision headers and checksums remembered by each file's stat, so `heads`, `history` and a
 * no-op `up` do not read and lex every unchanged revision file again (10,000 files: one stat each
 * instead of a read and a lex). A file counts as unchanged when its size, mtime, ctime and inode
 * all match what they were before it was read; any write changes ctime, which no user tool sets
 * back. A file changed less than two seconds before it was read is not remembered: a second write
 * within the same timestamp tick could look unchanged (git's "racily clean" entries). The cache is
 * keyed by the source of the header reader itself, so a mig that reads headers differently never
 * uses headers an older one read.
 *
 * On disk: one JSON document per set of versions directories, each file a flat array (no keys),
 * listed under its directory in file-name order: for 10,000 revisions it parses in about half the
 * time of an object per file; the scan asks in that same order, so a lookup is one comparison
 * (no map of 10,000 paths to build), and the stat is compared field by field, no string built.
 */
import { createHash } from 'node:crypto';
import { readFileSync, type Stats } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { RevisionHeader } from '../revision/header';
import { readCacheFile, writeCacheFile } from './disk-cache';

/** A file's stat at read time, its checksum and its header, flat. */
type Entry = [
  name: string,
  size: number,
  mtimeMs: number,
  ctimeMs: number,
  ino: number,
  checksum: string,
  id: string,
  /** 0 for none. */
  downRevisions: readonly string[] | 0,
  branchLabels: readonly string[] | 0,
  dependsOn: readonly string[] | 0,
  message: string | null,
  transactional: boolean,
  line: number | null,
  createDate: string | null,
];

interface Saved {
  readonly format: number;
  readonly reader: string;
  /** Directory → its files' entries. */
  readonly dirs: Record<string, Entry[]>;
}

/** Bump when the layout above changes. */
const FORMAT = 3;
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

function matches(entry: Entry, stats: Stats): boolean {
  return entry[1] === stats.size && entry[2] === stats.mtimeMs && entry[3] === stats.ctimeMs && entry[4] === stats.ino;
}

/** The header an entry holds, with `file` when given (one object, built without spreads: 10,000 of them). */
function headerOf(entry: Entry, file?: string): RevisionHeader {
  // Keys in the order readRevisionHeader gives them; indexes, not destructuring (an iterator each).
  const header: { -readonly [K in keyof RevisionHeader]?: RevisionHeader[K] } = { id: entry[6], downRevisions: list(entry[7]), branchLabels: list(entry[8]), dependsOn: list(entry[9]) };
  if (entry[10] !== null) header.message = entry[10];
  header.transactional = entry[11];
  if (file !== undefined) header.file = file;
  if (entry[12] !== null) header.line = entry[12];
  if (entry[13] !== null) header.createDate = entry[13];
  return header as RevisionHeader;
}

function entryOf(name: string, stats: Stats, header: RevisionHeader, checksum: string): Entry {
  const { id, downRevisions, branchLabels, dependsOn, message, transactional, line, createDate } = header;
  return [name, stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, checksum, id, saved(downRevisions), saved(branchLabels), saved(dependsOn), message ?? null, transactional, line ?? null, createDate ?? null];
}

/** Most headers have no labels and no dependsOn: one shared empty list instead of 20,000 arrays. */
const NONE: readonly string[] = Object.freeze([]);
const saved = (ids: readonly string[]): readonly string[] | 0 => (ids.length === 0 ? 0 : [...ids]);
const list = (ids: readonly string[] | 0): readonly string[] => (ids === 0 ? NONE : ids);

/** A directory's entries, sorted by file name (as saved), and where the last lookup ended. */
interface DirEntries {
  readonly list: readonly Entry[];
  cursor: number;
}

/** `path` as its directory and file name, split where the scan joined them. */
function splitPath(path: string): [dir: string, name: string] {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf(sep));
  return at < 0 ? ['', path] : [path.slice(0, at), path.slice(at + 1)];
}

export class HeaderCache {
  /** Entries seen or written by this scan, by directory; saved sorted, the last one per name winning. */
  private readonly kept = new Map<string, Entry[]>();
  private keptCount = 0;
  private changed = false;

  private constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly reader: string,
    private readonly previous: ReadonlyMap<string, DirEntries>,
    private readonly previousCount: number,
  ) {}

  /** The cache of one set of versions directories; undefined when the reader cannot be identified. */
  static open(cacheDir: string, versionDirs: readonly string[]): HeaderCache | undefined {
    const reader = readerId();
    if (!reader) return undefined;
    const name = `revision-headers-${createHash('sha256').update(versionDirs.join('\0')).digest('hex').slice(0, 32)}.json`;
    const { dirs, count } = readEntries(readCacheFile(cacheDir, name), reader);
    return new HeaderCache(cacheDir, name, reader, dirs, count);
  }

  /**
   * The header (with `file` when given) and checksum of `path` when the file has not changed;
   * `stats` taken before any read. Asked in file-name order (as the scan does), each lookup is
   * one comparison; otherwise a binary search.
   */
  get(path: string, stats: Stats, file?: string): { header: RevisionHeader; checksum: string } | undefined {
    const [dir, name] = splitPath(path);
    return this.getIn(dir, name, stats, file);
  }

  /** `get` for a path already in parts (the scan has them: no string to split per file). */
  getIn(dir: string, name: string, stats: Stats, file?: string): { header: RevisionHeader; checksum: string } | undefined {
    const entries = this.previous.get(dir);
    const entry = entries && find(entries, name);
    if (!entry || !matches(entry, stats)) return undefined;
    this.keep(dir, entry);
    return { header: headerOf(entry, file), checksum: entry[5] };
  }

  /** Remembers what was read from `path`; `stats` must be from before the read. */
  set(path: string, stats: Stats, header: RevisionHeader, checksum: string): void {
    const [dir, name] = splitPath(path);
    this.setIn(dir, name, stats, header, checksum);
  }

  /** `set` for a path already in parts. */
  setIn(dir: string, name: string, stats: Stats, header: RevisionHeader, checksum: string): void {
    this.changed = true;
    if (Date.now() - Math.max(stats.mtimeMs, stats.ctimeMs) < RACY_MS) return;
    this.keep(dir, entryOf(name, stats, header, checksum));
  }

  /** Writes the entries of this scan (deleted files drop out) when anything differs. */
  save(): void {
    if (!this.changed && this.keptCount === this.previousCount) return;
    writeCacheFile(this.dir, this.name, () => {
      const dirs: Record<string, Entry[]> = {};
      for (const [dir, list] of this.kept) dirs[dir] = sortedByName(list);
      const saved: Saved = { format: FORMAT, reader: this.reader, dirs };
      return JSON.stringify(saved);
    });
  }

  private keep(dir: string, entry: Entry): void {
    let list = this.kept.get(dir);
    if (!list) this.kept.set(dir, (list = []));
    list.push(entry);
    this.keptCount++;
  }
}

function find(entries: DirEntries, name: string): Entry | undefined {
  const { list } = entries;
  let index = entries.cursor;
  if (list[index]?.[0] !== name) {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((list[mid] as Entry)[0] < name) low = mid + 1;
      else high = mid;
    }
    index = low;
  }
  const entry = list[index];
  if (entry?.[0] !== name) return undefined;
  entries.cursor = index + 1;
  return entry;
}

/** Sorted by name, one entry per name (the last one given). */
function sortedByName(list: readonly Entry[]): Entry[] {
  const byName = new Map<string, Entry>();
  for (const entry of list) byName.set(entry[0], entry);
  return [...byName.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Directory → its entries, from the cache file's text; none when there is none, it is damaged, or another reader wrote it. */
function readEntries(text: string | undefined, reader: string): { dirs: Map<string, DirEntries>; count: number } {
  const dirs = new Map<string, DirEntries>();
  let count = 0;
  try {
    const saved = JSON.parse(text ?? 'null') as Saved | null;
    if (saved?.format !== FORMAT || saved.reader !== reader || typeof saved.dirs !== 'object' || saved.dirs === null) return { dirs, count };
    for (const [dir, list] of Object.entries(saved.dirs)) {
      if (!Array.isArray(list)) continue;
      dirs.set(dir, { list, cursor: 0 });
      count += list.length;
    }
  } catch {
    // unreadable: start empty
  }
  return { dirs, count };
}
