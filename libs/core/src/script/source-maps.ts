/**
 * Stack traces of loaded modules point at the TypeScript lines. The compiled code carries an inline
 * source map, which debuggers and `node --enable-source-maps` use; but without that flag, or under a
 * tool that installs its own `Error.prepareStackTrace` (@swc-node/register, ts-node, vitest), Node
 * prints the generated lines. So the loader rewrites the frames of errors that pass through it.
 * Maps are parsed only when an error needs them: the happy path pays one string slice per file.
 */
import { SourceMap } from 'node:module';

const INLINE_MAP = '//# sourceMappingURL=data:application/json;base64,';
const FRAME = /^(\s+at (?:.*? \()?)(.+?):(\d+):(\d+)(\)?)$/gm;

const encoded = new Map<string, string>();
const decoded = new Map<string, SourceMap | null>();
const mapped = new WeakSet<Error>();

/** Keeps the inline source map of the code compiled for `path`. */
export function rememberSourceMap(path: string, code: string): void {
  const at = code.lastIndexOf(INLINE_MAP);
  decoded.delete(path);
  if (at < 0) encoded.delete(path);
  else encoded.set(path, code.slice(at + INLINE_MAP.length).trim());
}

/** Rewrites `error.stack` in place so frames in compiled files show source lines; once per error. */
export function mapStackTrace(error: unknown): void {
  // With --enable-source-maps Node has already mapped the frames; mapping them again would be wrong.
  if (!(error instanceof Error) || mapped.has(error) || process.sourceMapsEnabled) return;
  mapped.add(error);
  const stack = error.stack;
  if (typeof stack !== 'string') return;
  error.stack = stack.replace(FRAME, (frame, before: string, path: string, line: string, column: string, after: string) => {
    const map = sourceMapOf(path);
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalLine' in entry)) return frame;
    return `${before}${path}:${entry.originalLine + 1}:${entry.originalColumn + 1}${after}`;
  });
}

/** The line of `file` nearest the top of the error's stack (after mapStackTrace, a source line). */
export function sourceLineOf(error: unknown, file: string): number | undefined {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  for (const match of stack.matchAll(FRAME)) {
    if (match[2] === file) return Number(match[3]);
  }
  return undefined;
}

function sourceMapOf(path: string): SourceMap | undefined {
  if (!decoded.has(path)) {
    const payload = encoded.get(path);
    try {
      decoded.set(path, payload ? new SourceMap(JSON.parse(Buffer.from(payload, 'base64').toString('utf8'))) : null);
    } catch {
      decoded.set(path, null); // a map we cannot read leaves the generated lines, not a crash
    }
  }
  return decoded.get(path) ?? undefined;
}
