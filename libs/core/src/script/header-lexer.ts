/**
 * The fast path of readRevisionHeader: finds the header exports in the text without parsing
 * TypeScript (10x faster than ts.createSourceFile over 10,000 files). It skips comments, strings,
 * template literals and regular expressions so a commented-out or quoted `export const revision`
 * is never taken for the real one, and it only accepts plain literals. Anything it is not sure
 * about returns `undefined` and the caller asks the TypeScript parser instead.
 */

export const HEADER_KEYS = ['revision', 'downRevision', 'branchLabels', 'dependsOn', 'transaction'] as const;
export type HeaderKey = (typeof HEADER_KEYS)[number];

/** The values a header key may hold: everything mig can read without running the file. */
export type HeaderLiteral = string | number | boolean | null | readonly HeaderLiteral[];

export interface HeaderEntry {
  readonly value: HeaderLiteral;
  /** 1-based line of the declaration. */
  readonly line: number;
}

export type HeaderEntries = Partial<Record<HeaderKey, HeaderEntry>>;

// Every place where the lexer's state can change, plus the words a header export starts with.
const INTERESTING = /\/\/|\/\*|['"`/{}]|\b(?:export|exports|module)\b/g;
const ESM_EXPORT = /export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;{}]*)?=\s*/y;
const CJS_EXPORT = /(?:module\s*\.\s*)?exports\s*\.\s*([A-Za-z_$][\w$]*)\s*=(?!=)\s*/y;
const AS_CONST = /\s*as\s+const\b/y;
// After a literal, a line break ends the statement unless the next line continues the expression.
const CONTINUES_NEXT_LINE = /[+\-*%.?|&,([<>=!^]|\/(?![/*])/;
// Before these words a `/` starts a regular expression, not a division.
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);
const REQUIRED: readonly HeaderKey[] = ['revision', 'downRevision'];

function isHeaderKey(name: string): name is HeaderKey {
  return (HEADER_KEYS as readonly string[]).includes(name);
}

/**
 * Header exports found at the top level of `source`, or `undefined` when a required key is missing,
 * a key is declared twice, or a value is not a plain literal (the caller then falls back to the
 * TypeScript parser, which knows for sure).
 */
export function lexHeaderEntries(source: string): HeaderEntries | undefined {
  const entries: HeaderEntries = {};
  const lines = lineCounter(source);
  // Brace depth at which each open `${` of a template literal resumes the template.
  const templates: number[] = [];
  let depth = 0;
  INTERESTING.lastIndex = 0;
  for (let match = INTERESTING.exec(source); match; match = INTERESTING.exec(source)) {
    const token = match[0];
    const at = match.index;
    let next = at + token.length;
    if (token === '//') next = endOfLine(source, next);
    else if (token === '/*') next = endOfBlockComment(source, next);
    else if (token === "'" || token === '"') next = endOfString(source, next, token);
    else if (token === '`') {
      const end = endOfTemplate(source, next);
      if (end.opensExpression) templates.push(depth);
      next = end.index;
    } else if (token === '/') {
      if (startsRegex(source, at)) next = endOfRegex(source, next);
    } else if (token === '{') depth++;
    else if (token === '}') {
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        const end = endOfTemplate(source, next);
        if (end.opensExpression) templates.push(depth);
        next = end.index;
      } else depth--;
    } else if (depth === 0 && templates.length === 0 && !isMemberOrIdentifierPart(source, at)) {
      const found = matchExport(source, at, token === 'export' ? ESM_EXPORT : CJS_EXPORT);
      if (found === 'not-literal') return undefined;
      if (found) {
        if (entries[found.key]) return undefined;
        entries[found.key] = { value: found.value, line: lines(at) };
        next = found.end;
      }
    }
    INTERESTING.lastIndex = next;
  }
  return REQUIRED.every((key) => entries[key]) ? entries : undefined;
}

type ExportMatch = { key: HeaderKey; value: HeaderLiteral; end: number } | 'not-literal' | undefined;

function matchExport(source: string, at: number, pattern: RegExp): ExportMatch {
  pattern.lastIndex = at;
  const head = pattern.exec(source);
  if (!head || !isHeaderKey(head[1])) return undefined;
  const literal = readLiteral(source, pattern.lastIndex);
  if (!literal) return 'not-literal';
  AS_CONST.lastIndex = literal.end;
  const end = AS_CONST.test(source) ? AS_CONST.lastIndex : literal.end;
  return endsStatement(source, end) ? { key: head[1], value: literal.value, end } : 'not-literal';
}

/** A string, `null`, `true`, `false` or an array of strings, with no escapes and no `${}`. */
function readLiteral(source: string, at: number): { value: HeaderLiteral; end: number } | undefined {
  const ch = source[at];
  if (ch === "'" || ch === '"' || ch === '`') return readPlainString(source, at);
  for (const [word, value] of [['null', null], ['true', true], ['false', false]] as const) {
    if (source.startsWith(word, at) && !/[\w$]/.test(source[at + word.length] ?? '')) {
      return { value, end: at + word.length };
    }
  }
  if (ch !== '[') return undefined;
  const items: string[] = [];
  let i = skipSpace(source, at + 1);
  while (source[i] !== ']') {
    const item = readPlainString(source, i);
    if (!item) return undefined;
    items.push(item.value);
    i = skipSpace(source, item.end);
    if (source[i] === ',') i = skipSpace(source, i + 1);
    else if (source[i] !== ']') return undefined;
  }
  return { value: items, end: i + 1 };
}

function readPlainString(source: string, at: number): { value: string; end: number } | undefined {
  const quote = source[at];
  if (quote !== "'" && quote !== '"' && quote !== '`') return undefined;
  const close = source.indexOf(quote, at + 1);
  if (close < 0) return undefined;
  const value = source.slice(at + 1, close);
  // Escapes and substitutions need a real parser to decode; leave them to the fallback.
  if (value.includes('\\') || (quote === '`' ? value.includes('${') : /[\r\n]/.test(value))) return undefined;
  return { value, end: close + 1 };
}

function endsStatement(source: string, at: number): boolean {
  let i = at;
  while (source[i] === ' ' || source[i] === '\t') i++;
  const ch = source[i];
  if (ch === undefined || ch === ';' || source.startsWith('//', i) || source.startsWith('/*', i)) return true;
  if (ch !== '\n' && ch !== '\r') return false;
  const rest = skipSpace(source, i);
  return rest >= source.length || !CONTINUES_NEXT_LINE.test(source.slice(rest, rest + 2));
}

function skipSpace(source: string, at: number): number {
  let i = at;
  while (i < source.length && /\s/.test(source[i])) i++;
  return i;
}

function isMemberOrIdentifierPart(source: string, at: number): boolean {
  const before = source[at - 1];
  return before !== undefined && /[\w$.]/.test(before);
}

function endOfLine(source: string, from: number): number {
  const end = source.indexOf('\n', from);
  return end < 0 ? source.length : end + 1;
}

function endOfBlockComment(source: string, from: number): number {
  const end = source.indexOf('*/', from);
  return end < 0 ? source.length : end + 2;
}

function endOfString(source: string, from: number, quote: string): number {
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === quote || ch === '\n') return i + 1;
  }
  return source.length;
}

/** Scans template text up to its closing backtick or the next `${`. */
function endOfTemplate(source: string, from: number): { index: number; opensExpression: boolean } {
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '`') return { index: i + 1, opensExpression: false };
    else if (ch === '$' && source[i + 1] === '{') return { index: i + 2, opensExpression: true };
  }
  return { index: source.length, opensExpression: false };
}

function startsRegex(source: string, slash: number): boolean {
  let i = slash - 1;
  while (i >= 0 && /\s/.test(source[i])) i--;
  if (i < 0) return true;
  const before = source[i];
  if (before === ')' || before === ']') return false;
  if (!/[\w$]/.test(before)) return true;
  let start = i;
  while (start > 0 && /[\w$]/.test(source[start - 1])) start--;
  return REGEX_AFTER_WORD.has(source.slice(start, i + 1));
}

function endOfRegex(source: string, from: number): number {
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '\n') return from; // not a regex after all: resume right after the `/`
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) return i + 1;
  }
  return from;
}

/** Line numbers for increasing offsets, counting each newline once. */
function lineCounter(source: string): (offset: number) => number {
  let offset = 0;
  let line = 1;
  return (target) => {
    if (target < offset) {
      offset = 0;
      line = 1;
    }
    for (let i = source.indexOf('\n', offset); i >= 0 && i < target; i = source.indexOf('\n', i + 1)) line++;
    offset = target;
    return line;
  };
}
