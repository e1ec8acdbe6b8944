/**
 * What the shadow database of autogenerate and check costs is replaying the history: 500
 * revisions take ~10 s in PGlite. The result only depends on the revision files, so it is kept
 * under `tmp/mig/.shadow/<project>/` (git-ignored) in two forms:
 *
 * - the introspected schema, keyed by the whole history: an unchanged history needs no database;
 * - the shadow database's data directory (PGlite only), keyed by each prefix of the replay order:
 *   after a new revision, the next run copies the directory of the history before it and replays
 *   only what is new. (A directory, not a `dumpDataDir` archive: loading the archive of 500 tables
 *   took 11 s here, copying and opening the directory 0.3 s + 1–2 s.)
 *
 * Keys hash each replayed revision's content, in order, plus every other file in the versions
 * folders (helpers a revision may import), the dialect and schemas, mig's version and the PGlite
 * version. A revision that imports code from outside its versions folder is not covered:
 * `shadowCache: false` in mig.config.ts (or --no-shadow-cache) turns the cache off.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Schema } from '../schema/schema';

/** Bumped when what is stored changes shape. */
const FORMAT = 'shadow-v1';
/** A data directory is 40–80 MB: keep the newest two per project. */
const KEEP_DATABASES = 2;
const KEEP_SCHEMAS = 4;
/** Work directories left by a killed run are removed after this long. */
const STALE_WORK_MS = 60 * 60_000;

export interface ShadowKeys {
  /** Key after each replayed revision, in replay order; the last one is the whole history. */
  readonly prefixes: readonly string[];
  /** The whole history, including the state of introspection itself. */
  readonly schema: string;
}

export interface ShadowKeyInput {
  /** Revisions in replay order, each with its file's content. */
  readonly steps: readonly { readonly revision: string; readonly content: string | Buffer }[];
  /** Other files in the versions folders, as [path, content]. */
  readonly helpers: readonly (readonly [string, string | Buffer])[];
  /** Anything else the replayed state depends on (dialect, schemas, version tables, versions). */
  readonly context: readonly string[];
  /** What the read-back depends on besides the database (introspection code). */
  readonly reader: string;
}

const sha = (...parts: (string | Buffer)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 32);
};

export function shadowKeys(input: ShadowKeyInput): ShadowKeys {
  let key = sha(FORMAT, ...input.context, ...input.helpers.flatMap(([path, content]) => [path, content]));
  const prefixes = input.steps.map((step) => (key = sha(key, step.revision, step.content)));
  return { prefixes, schema: sha(key, input.reader) };
}

/** Every file under the folders, recursively, as [relative path, content]; sorted. */
export function readFolderFiles(root: string, dirs: readonly string[], skip: ReadonlySet<string>): [string, Buffer][] {
  const files: [string, Buffer][] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !skip.has(path)) files.push([relative(root, path), readFileSync(path)]);
    }
  };
  for (const dir of dirs) walk(dir);
  return files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export class ShadowCache {
  constructor(readonly dir: string) {}

  readSchema(key: string): Schema | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, `${key}.schema.json`), 'utf8')) as Schema;
    } catch {
      return undefined;
    }
  }

  writeSchema(key: string, schema: Schema): void {
    this.write(`${key}.schema.json`, JSON.stringify(schema));
    this.prune('.schema.json', KEEP_SCHEMAS);
  }

  /** The longest replayed prefix that has a database: its index in `prefixes` and its directory. */
  bestDatabase(prefixes: readonly string[]): { index: number; dir: string } | undefined {
    for (let index = prefixes.length - 1; index >= 0; index--) {
      const dir = join(this.dir, prefixes[index]);
      if (existsSync(join(dir, 'PG_VERSION'))) return { index, dir };
    }
    return undefined;
  }

  /** A private copy to replay into: cached directories are never opened in place (PGlite is single-process). */
  workDirectory(from: string | undefined): string {
    mkdirSync(this.dir, { recursive: true });
    const work = join(this.dir, `work-${process.pid}-${randomBytes(4).toString('hex')}`);
    if (from) cpSync(from, work, { recursive: true });
    return work;
  }

  /** Keeps a closed work directory as the database of `key`, or drops it when another run was first. */
  keepDatabase(work: string, key: string): void {
    try {
      renameSync(work, join(this.dir, key));
    } catch {
      rmSync(work, { recursive: true, force: true });
    }
    const now = Date.now();
    const entries = readdirSync(this.dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({ name: entry.name, path: join(this.dir, entry.name), at: statSync(join(this.dir, entry.name)).mtimeMs }));
    for (const stale of entries.filter((e) => e.name.startsWith('work-') && now - e.at > STALE_WORK_MS)) rmSync(stale.path, { recursive: true, force: true });
    const kept = entries.filter((e) => !e.name.startsWith('work-')).sort((a, b) => b.at - a.at);
    for (const old of kept.slice(KEEP_DATABASES)) rmSync(old.path, { recursive: true, force: true });
  }

  discard(work: string): void {
    rmSync(work, { recursive: true, force: true });
  }

  // Write then rename: a concurrent reader never sees half a file.
  private write(name: string, data: string | Uint8Array): void {
    mkdirSync(this.dir, { recursive: true });
    const partial = join(this.dir, `${name}.${process.pid}.partial`);
    writeFileSync(partial, data);
    renameSync(partial, join(this.dir, name));
  }

  private prune(suffix: string, keep: number): void {
    const entries = readdirSync(this.dir)
      .filter((name) => name.endsWith(suffix))
      .map((name) => ({ path: join(this.dir, name), at: statSync(join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const stale of entries.slice(keep)) rmSync(stale.path, { force: true });
  }
}
