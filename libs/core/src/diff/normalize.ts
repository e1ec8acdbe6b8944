/**
 * Canonical forms for comparing SQL that two sources spell differently. The introspector gives
 * PostgreSQL's deparsed text (`(price >= (0)::numeric)`, `'draft'::text`,
 * `((status)::text = ANY ((ARRAY['a'::character varying])::text[]))`), the models give what the
 * user wrote (`"price" >= 0`, `'draft'`, `"status" IN ('a')`). Both are tokenized, casts and
 * parentheses dropped, identifiers unquoted, and compared as token strings.
 *
 * Dropping every parenthesis is deliberate: PostgreSQL adds them freely when it deparses, and two
 * expressions that differ only in grouping are rare enough in CHECKs and index predicates to accept.
 */
import type { DefaultValue } from '../schema/schema';

type TokenKind = 'str' | 'ident' | 'num' | 'op' | 'punct' | 'cast';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const TOKEN = new RegExp(
  [
    String.raw`(?<space>\s+)`,
    String.raw`(?<str>[eE]?'(?:[^']|'')*')`,
    String.raw`"(?<quoted>(?:[^"]|"")*)"`,
    String.raw`\x60(?<backtick>[^\x60]*)\x60`,
    String.raw`(?<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)`,
    String.raw`(?<ident>[A-Za-z_][A-Za-z0-9_$]*)`,
    String.raw`(?<cast>::)`,
    String.raw`(?<punct>[()\[\],])`,
    String.raw`(?<op>[^\sA-Za-z0-9_()\[\],'"\x60]+)`,
  ].join('|'),
  'gy',
);

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(sql); m; m = TOKEN.exec(sql)) {
    const g = m.groups!;
    if (g.space !== undefined) continue;
    if (g.str !== undefined) tokens.push({ kind: 'str', text: g.str.replace(/^[eE]/, '').slice(1, -1).replace(/''/g, "'") });
    else if (g.quoted !== undefined) tokens.push({ kind: 'ident', text: g.quoted.replace(/""/g, '"') });
    else if (g.backtick !== undefined) tokens.push({ kind: 'ident', text: g.backtick });
    else if (g.num !== undefined) tokens.push({ kind: 'num', text: String(Number(g.num)) });
    // Unquoted identifiers and keywords fold to lower case, as PostgreSQL folds them.
    else if (g.ident !== undefined) tokens.push({ kind: 'ident', text: g.ident.toLowerCase() });
    else if (g.cast !== undefined) tokens.push({ kind: 'cast', text: '::' });
    else if (g.punct !== undefined) tokens.push({ kind: 'punct', text: g.punct });
    else tokens.push({ kind: 'op', text: g.op === '!=' ? '<>' : g.op! });
  }
  return tokens;
}

/** Words that continue a multi-word type name after a cast: `::character varying`, `::timestamp with time zone`. */
const TYPE_WORDS = new Set(['varying', 'precision', 'with', 'without', 'time', 'zone']);

/** Removes `::type`, `::type(n,m)`, `::type[]` casts. */
function withoutCasts(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.kind !== 'cast') {
      out.push(tokens[i]!);
      continue;
    }
    i++; // the type name
    while (tokens[i + 1]?.kind === 'ident' && TYPE_WORDS.has(tokens[i + 1]!.text)) i++;
    if (tokens[i + 1]?.text === '(') {
      let j = i + 2;
      while (tokens[j] && (tokens[j]!.kind === 'num' || tokens[j]!.text === ',')) j++;
      if (tokens[j]?.text === ')') i = j;
    }
    while (tokens[i + 1]?.text === '[' && tokens[i + 2]?.text === ']') i += 2;
  }
  return out;
}

function canonicalTokens(sql: string): Token[] {
  return withoutCasts(tokenize(sql)).filter((t) => t.text !== '(' && t.text !== ')');
}

const render = (t: Token) => (t.kind === 'str' ? `'${t.text.replace(/'/g, "''")}'` : t.kind === 'ident' && !/^[a-z_][a-z0-9_$]*$/.test(t.text) ? `"${t.text}"` : t.text);

/** A SQL expression in a form where spelling differences that do not change meaning are gone. */
export function normalizeExpression(sql: string): string {
  return canonicalTokens(sql).map(render).join(' ');
}

/**
 * The column and values of an enum-style check, however it is spelled: `col IN ('a','b')`
 * or PostgreSQL's deparsed `(col)::text = ANY ((ARRAY['a'::character varying, …])::text[])`.
 */
export function enumValues(sql: string): { column: string; values: string[] } | undefined {
  const t = canonicalTokens(sql);
  if (t[0]?.kind !== 'ident') return undefined;
  let i: number;
  if (t[1]?.text === 'in') i = 2;
  else if (t[1]?.text === '=' && t[2]?.text === 'any' && t[3]?.text === 'array' && t[4]?.text === '[' && t.at(-1)?.text === ']') i = 5;
  else return undefined;
  const end = t.at(-1)?.text === ']' ? t.length - 1 : t.length;
  const values: string[] = [];
  for (; i < end; i += 2) {
    if (t[i]?.kind !== 'str' || (i + 1 < end && t[i + 1]?.text !== ',')) return undefined;
    values.push(t[i]!.text);
  }
  return values.length > 0 ? { column: t[0].text, values } : undefined;
}

/** Same JSON regardless of key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** How the column's type reads literal defaults. */
export type DefaultAffinity = 'number' | 'boolean' | 'json' | 'text';

/** Functions that all mean "the transaction's start time". */
const NOW = new Set(['now', 'current_timestamp', 'transaction_timestamp', 'localtimestamp']);

function fromText(text: string, affinity: DefaultAffinity): string {
  if (affinity === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return `num:${Number(text)}`;
  if (affinity === 'boolean' && /^(t|true|1|y|yes|on|f|false|0|n|no|off)$/i.test(text)) return `bool:${/^(t|true|1|y|yes|on)$/i.test(text)}`;
  if (affinity === 'json') {
    try {
      return `json:${stableJson(JSON.parse(text))}`;
    } catch {
      // not JSON: compare as text
    }
  }
  return `str:${text}`;
}

/**
 * One string per meaning of a default: `'x'::text` and literal `'x'`, `now()` and
 * `CURRENT_TIMESTAMP`, `'{}'::jsonb` and json `{}`, `'0'::numeric` and `0` each come out equal.
 * No default and a NULL default are both undefined.
 */
export function canonicalDefault(value: DefaultValue | undefined, affinity: DefaultAffinity): string | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'json') return `json:${stableJson(value.value)}`;
  if (value.kind === 'literal') {
    if (value.value === null) return undefined;
    if (typeof value.value === 'string') return fromText(value.value, affinity);
    if (typeof value.value === 'boolean') return affinity === 'number' ? `num:${Number(value.value)}` : `bool:${value.value}`;
    return affinity === 'boolean' ? `bool:${value.value !== 0}` : `num:${value.value}`;
  }
  const t = canonicalTokens(value.sql);
  if (t.length === 1 && t[0]!.kind === 'str') return fromText(t[0]!.text, affinity);
  if (t.length === 1 && t[0]!.kind === 'num') return fromText(t[0]!.text, affinity === 'boolean' ? 'boolean' : 'number');
  if (t.length === 2 && t[0]!.text === '-' && t[1]!.kind === 'num') return `num:${-Number(t[1]!.text)}`;
  if (t.length === 1 && t[0]!.kind === 'ident') {
    const word = t[0]!.text;
    if (word === 'null') return undefined;
    if (word === 'true' || word === 'false') return affinity === 'number' ? `num:${word === 'true' ? 1 : 0}` : `bool:${word === 'true'}`;
    if (NOW.has(word)) return 'expr:now';
  }
  return `expr:${t.map(render).join(' ')}`;
}

/**
 * `sql` with identifiers renamed (`lower(title)` → `lower(headline)`), everything else kept as
 * written, as PostgreSQL rewrites expressions when a column is renamed.
 */
export function renameIdentifiers(sql: string, renames: ReadonlyMap<string, string>): string {
  if (renames.size === 0) return sql;
  let out = '';
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(sql); m; m = TOKEN.exec(sql)) {
    const g = m.groups!;
    const name = g.quoted !== undefined ? g.quoted.replace(/""/g, '"') : g.backtick ?? (g.ident !== undefined ? g.ident.toLowerCase() : undefined);
    const renamed = name !== undefined ? renames.get(name) : undefined;
    // A name followed by `(` is a function, not a column.
    if (renamed === undefined || /^\s*\(/.test(sql.slice(TOKEN.lastIndex))) continue;
    const quote = g.backtick !== undefined ? '`' : '"';
    const spelled = g.ident !== undefined && /^[a-z_][a-z0-9_$]*$/.test(renamed) ? renamed : `${quote}${renamed.split(quote).join(quote + quote)}${quote}`;
    out += sql.slice(last, m.index) + spelled;
    last = TOKEN.lastIndex;
  }
  return out + sql.slice(last);
}
