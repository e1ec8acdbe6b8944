/**
 * Reads the few `mig.config.ts` keys Nx needs (target inputs, where generators write) from the
 * text, without compiling or running it: project-graph creation runs on every Nx command and
 * must stay in milliseconds, and generators work on an Nx Tree where there is no file to load.
 * A key whose value is not a plain literal is reported as `dynamic` so callers fall back or say so.
 */
export interface ConfigText {
  readonly dialect?: string;
  readonly models?: readonly string[];
  readonly versions?: readonly string[];
  readonly template?: string;
  /** Keys present with a value that is not a string or an array of strings. */
  readonly dynamic: readonly StaticKey[];
}

export type StaticKey = 'dialect' | 'models' | 'versions' | 'template';

const KEYS: readonly StaticKey[] = ['dialect', 'models', 'versions', 'template'];
const STRING = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"`;
const STRING_ARRAY = new RegExp(String.raw`^\[\s*((?:(?:${STRING})\s*,\s*)*(?:${STRING})?)\s*,?\s*\]`);
const SINGLE_STRING = new RegExp(`^(?:${STRING})`);
const KEY_AT: Record<StaticKey, RegExp> = Object.fromEntries(KEYS.map((key) => [key, new RegExp(String.raw`(?:^|[{,\s])['"]?${key}['"]?\s*:\s*`)])) as Record<StaticKey, RegExp>;
const STRINGS = new RegExp(STRING, 'g');

export function readConfigText(source: string): ConfigText {
  const code = withoutComments(source);
  const found: { -readonly [K in keyof ConfigText]?: ConfigText[K] } = {};
  const dynamic: StaticKey[] = [];
  for (const key of KEYS) {
    const at = KEY_AT[key].exec(code);
    if (!at) continue;
    const rest = code.slice(at.index + at[0].length);
    const single = SINGLE_STRING.exec(rest);
    const list = single ? undefined : STRING_ARRAY.exec(rest);
    if (single) {
      const value = unquote(single[0]);
      if (key === 'models' || key === 'versions') found[key] = [value];
      else found[key] = value;
    } else if (list && (key === 'models' || key === 'versions')) {
      found[key] = (list[1]?.match(STRINGS) ?? []).map(unquote);
    } else {
      dynamic.push(key);
    }
  }
  return { ...found, dynamic };
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** Blanks out `//` and `/* *\/` comments (keeping strings intact), so commented-out keys are not read. */
function withoutComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    const next = source[i + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== ch) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
      out += ' ';
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
