/**
 * Import specifier → file, the way TypeScript with `moduleResolution: node` and tsconfig `paths`
 * would find it, but without a Program: we only need the few files a model actually reaches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from './ast';

export interface PathAliases {
  readonly baseUrl: string;
  readonly paths: ReadonlyArray<{ readonly pattern: string; readonly targets: readonly string[] }>;
}

export type Resolved = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'package'; readonly name: string } | { readonly kind: 'missing' };

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.cjs', '.mjs'];

function fileExists(file: string): boolean {
  try {
    // Most candidates are missing: no exception (and its stack trace) for those.
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false; // ENOTDIR, EACCES, …
  }
}

/** `./x.js` in TypeScript source means `./x.ts`. */
function withoutJsExtension(candidate: string): string[] {
  const match = /\.(c|m)?jsx?$/.exec(candidate);
  return match ? [candidate.slice(0, -match[0].length)] : [];
}

function resolveAsFile(candidate: string): string | undefined {
  const bases = [candidate, ...withoutJsExtension(candidate)];
  for (const base of bases) {
    if (base === candidate && /\.(ts|tsx|js|jsx|cjs|mjs)$/.test(base) && fileExists(base)) return base;
    for (const ext of EXTENSIONS) if (fileExists(base + ext)) return base + ext;
  }
  for (const ext of EXTENSIONS) if (fileExists(path.join(candidate, 'index' + ext))) return path.join(candidate, 'index' + ext);
  return undefined;
}

function matchAlias(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === specifier ? '' : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix) || specifier.length < prefix.length + suffix.length) return undefined;
  return specifier.slice(prefix.length, specifier.length - suffix.length);
}

export function resolveModule(specifier: string, fromFile: string, aliases: PathAliases | undefined): Resolved {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const found = resolveAsFile(path.resolve(path.dirname(fromFile), specifier));
    return found ? { kind: 'file', path: found } : { kind: 'missing' };
  }
  for (const alias of aliases?.paths ?? []) {
    const captured = matchAlias(alias.pattern, specifier);
    if (captured === undefined) continue;
    for (const target of alias.targets) {
      const found = resolveAsFile(path.resolve(aliases!.baseUrl, target.replace('*', captured)));
      if (found) return { kind: 'file', path: found };
    }
    return { kind: 'missing' };
  }
  return { kind: 'package', name: packageName(specifier) };
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

interface RawCompilerOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

type TsconfigJson = { readonly compilerOptions?: unknown; readonly extends?: unknown } | undefined;

/** A tsconfig file: plain JSON (the usual case) through JSON.parse, else TypeScript's tolerant parser. */
function readTsconfig(file: string): TsconfigJson {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as TsconfigJson;
  } catch {
    // Comments, trailing commas, a byte-order mark: what tsc accepts.
    return ts.parseConfigFileTextToJson(file, text).config as TsconfigJson;
  }
}

/** `paths`/`baseUrl` of a tsconfig, following `extends` chains of relative files. */
export function readPathAliases(tsconfigPath: string): PathAliases | undefined {
  const seen = new Set<string>();
  let file: string | undefined = tsconfigPath;
  let baseUrl: string | undefined;
  let paths: Record<string, string[]> | undefined;
  let pathsDir: string | undefined;
  while (file && !seen.has(file) && fileExists(file)) {
    seen.add(file);
    const config = readTsconfig(file);
    const options = (config?.compilerOptions ?? {}) as RawCompilerOptions;
    const dir = path.dirname(file);
    if (baseUrl === undefined && options.baseUrl !== undefined) baseUrl = path.resolve(dir, options.baseUrl);
    if (paths === undefined && options.paths) {
      paths = options.paths;
      pathsDir = dir;
    }
    const parent: unknown = config?.extends;
    file = typeof parent === 'string' && parent.startsWith('.') ? path.resolve(dir, parent.endsWith('.json') ? parent : parent + '.json') : undefined;
  }
  if (!paths) return undefined;
  return {
    baseUrl: baseUrl ?? pathsDir!,
    paths: Object.entries(paths).map(([pattern, targets]) => ({ pattern, targets })),
  };
}
