/**
 * Loads the TypeScript that ts-morph bundles (`@ts-morph/common/dist/typescript.js`, 9 MB) with a
 * V8 code cache. Compiling that one file was a fifth of reading 500 models, and Node 20 has no
 * `module.enableCompileCache`. Loading it directly also skips ts-morph-common.js (3 MB) and its
 * dependencies, which the reader never uses.
 *
 * The cache is one file per typescript.js, in a directory under `os.tmpdir()` that only this user
 * can write. Its header holds a SHA-256 over the file's path, size and mtime, the Node version,
 * the architecture and the cached bytes: a cache for another TypeScript or another Node, or a
 * damaged one, is not handed to V8 (release builds of V8 do not checksum code caches), and V8
 * itself rejects one made with other flags. Whatever goes wrong, loading falls back to compiling
 * (or to a plain `require`), silently: the cache only ever makes loading faster.
 */
import { isAscii } from 'node:buffer';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { ts as TS } from 'ts-morph';
import { PARSER_PATCH_ID, PARSER_PATCH_ROOM, patchParser } from './parser-patch';

const MAGIC = Buffer.from('mig-v8-code-cache-1\n');
const DIGEST_BYTES = 32;

interface CodeCache {
  readonly file: string;
  /** What the cache belongs to: the source file's identity and the Node that compiled it. */
  readonly identity: string;
}

/** How TypeScript was compiled in this process: from the cache, or not, and why. */
export type CodeCacheState = 'used' | 'missing' | 'rejected' | 'unavailable' | 'not-loaded';

interface Compiled {
  readonly script: vm.Script;
  readonly cache: CodeCache | undefined;
  readonly state: CodeCacheState;
  /** The cache was missing, stale or rejected: write one once the parser's functions have run. */
  readonly stale: boolean;
  /** parser-patch.ts applied. */
  readonly patched: boolean;
}

let compiled: Compiled | undefined;

/** ts-morph's TypeScript, resolved next to ts-morph so the version is exactly ts-morph's. */
export function loadTypeScript(): typeof TS {
  const common = require.resolve('@ts-morph/common', { paths: [path.dirname(require.resolve('ts-morph'))] });
  const file = path.join(path.dirname(common), 'typescript.js');
  const loaded = require.cache[file];
  if (loaded?.loaded) return loaded.exports as typeof TS;
  try {
    return loadWithCodeCache(file);
  } catch {
    delete require.cache[file];
    return (require(common) as { ts: typeof TS }).ts;
  }
}

export function typeScriptCacheState(): CodeCacheState {
  return compiled?.state ?? 'not-loaded';
}

/** Whether the loaded parser has parser-patch.ts (false also when TypeScript was not loaded here). */
export function typeScriptParserPatched(): boolean {
  return compiled?.patched ?? false;
}

/** Writes the code cache when there was none (or it was stale or rejected); call after the parser ran. */
export function saveTypeScriptCache(): void {
  const done = compiled;
  if (!done?.stale || !done.cache) return;
  compiled = { ...done, stale: false };
  const { file, identity } = done.cache;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const data = done.script.createCachedData();
    fs.writeFileSync(temporary, Buffer.concat([MAGIC, digest(identity, data), data]), { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    // A read-only or full temp directory only costs the next run the compile time.
    fs.rmSync(temporary, { force: true });
  }
}

/** The CommonJS wrapper, written around the file's bytes rather than concatenated to its text. */
const HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const TAIL = '\n});';

/**
 * The wrapped (and patched, see parser-patch.ts) source as one string. `Module.wrap(text)`
 * would make a cons string that V8 then flattens into a third 9 MB copy, and fresh memory is
 * what loading mostly costs: here the file is read between the wrapper's bytes, patched in
 * place and decoded once.
 */
function wrappedSource(file: string, size: number): { source: string; patched: boolean } {
  const bytes = Buffer.allocUnsafeSlow(HEAD.length + size + PARSER_PATCH_ROOM + TAIL.length);
  bytes.write(HEAD, 0, 'latin1');
  const fd = fs.openSync(file, 'r');
  try {
    for (let read = 0; read < size; ) {
      const n = fs.readSync(fd, bytes, HEAD.length + read, size - read, read);
      if (n === 0) throw new Error(`${file} is shorter than its size`);
      read += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  const patchedEnd = patchParser(bytes, HEAD.length, HEAD.length + size);
  const end = patchedEnd ?? HEAD.length + size;
  bytes.write(TAIL, end, 'latin1');
  const text = bytes.subarray(0, end + TAIL.length);
  // typescript.js is ASCII, and decoding ASCII as Latin-1 is many times faster than Node 20's UTF-8 path.
  const source = isAscii(text) ? text.toString('latin1') : HEAD + text.toString('utf8', HEAD.length, end) + TAIL;
  return { source, patched: patchedEnd !== undefined };
}

function loadWithCodeCache(file: string): typeof TS {
  const stat = fs.statSync(file);
  const { source, patched } = wrappedSource(file, stat.size);
  const cache = codeCache(file, stat, patched);
  const cachedData = cache ? readCodeCache(cache) : undefined;
  const script = new vm.Script(source, { filename: file, cachedData });
  const state: CodeCacheState = !cache ? 'unavailable' : !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  compiled = { script, cache, state, stale: state !== 'used', patched };

  // Registered like `require` would, so a later `require` of the file gets this instance.
  const mod = new Module(file, module);
  mod.filename = file;
  const localRequire = Module.createRequire(file);
  mod.paths = localRequire.resolve.paths('typescript') ?? [];
  require.cache[file] = mod;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, localRequire, mod, file, path.dirname(file));
  mod.loaded = true;
  return mod.exports as typeof TS;
}

function digest(identity: string, data: Buffer): Buffer {
  return crypto.createHash('sha256').update(identity).update('\0').update(data).digest();
}

/** `<tmp>/mig-v8-cache-<uid>/<hash of the path>.bin`, in a directory only this user can write; else none. */
function codeCache(file: string, stat: fs.Stats, patched: boolean): CodeCache | undefined {
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = path.join(os.tmpdir(), `mig-v8-cache-${uid ?? os.userInfo().username}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const own = fs.lstatSync(dir);
    // Bytecode from a directory someone else can write would be code they chose.
    if (!own.isDirectory() || (uid !== undefined && (own.uid !== uid || (own.mode & 0o022) !== 0))) return undefined;
    const name = crypto.createHash('sha256').update(file).update(patched ? PARSER_PATCH_ID : '').digest('hex').slice(0, 32);
    const identity = [file, stat.size, stat.mtimeMs, process.version, process.arch, patched ? PARSER_PATCH_ID : 'unpatched'].join('\0');
    return { file: path.join(dir, `${name}.bin`), identity };
  } catch {
    return undefined;
  }
}

function readCodeCache(cache: CodeCache): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cache.file);
  } catch {
    return undefined;
  }
  const start = MAGIC.length + DIGEST_BYTES;
  if (bytes.length <= start || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = bytes.subarray(start);
  return digest(cache.identity, data).equals(bytes.subarray(MAGIC.length, start)) ? data : undefined;
}
