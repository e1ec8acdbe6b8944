/**
 * MySQL / MariaDB catalog text → the canonical values of schema/ (the spelling the model reader
 * produces for dialect mysql), so that equal things compare equal. The same functions apply to
 * types and defaults written by users (hints, revisions), so both sides of a diff normalize alike.
 *
 * MariaDB and MySQL 8 report the same column differently: MariaDB quotes literal defaults
 * (`'x'`, `NULL` as text, `current_timestamp()`), MySQL 8 does not (`x`, SQL NULL, and
 * `CURRENT_TIMESTAMP` flagged DEFAULT_GENERATED in EXTRA); MariaDB keeps integer display widths
 * (`int(11)`), MySQL 8.0.19+ drops them except `tinyint(1)`; MariaDB's `json` is `longtext` plus a
 * column CHECK `json_valid(col)`.
 */
import type { DefaultValue, ReferentialAction } from '../../schema/schema';

const SYNONYMS: Record<string, string> = {
  integer: 'int',
  bool: 'tinyint(1)',
  boolean: 'tinyint(1)',
  'double precision': 'double',
  real: 'double',
  numeric: 'decimal',
  dec: 'decimal',
  fixed: 'decimal',
  'character varying': 'varchar',
  character: 'char',
};

const INTEGERS = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint']);

/** Splits `enum('a','it''s')` arguments into their quoted items, respecting quotes. */
function splitQuotedList(text: string): string[] {
  const items: string[] = [];
  const item = /\s*('(?:[^'\\]|''|\\.)*'|[^,]+?)\s*(?:,|$)/gy;
  for (let m = item.exec(text); m && m[0] !== ''; m = item.exec(text)) items.push(m[1]);
  return items;
}

/** `int(11) unsigned` → `int unsigned`, `boolean` → `tinyint(1)`, `decimal` → `decimal(10,0)`. */
export function normalizeMysqlType(type: string): string {
  const text = type.trim().replace(/\s+/g, ' ');
  const match = /^([a-z ]+?)\s*(?:\((.*)\))?((?: (?:unsigned|signed|zerofill))*)$/i.exec(text);
  if (!match) return text.toLowerCase();
  let name = match[1].toLowerCase();
  const rawArgs = match[2];
  const flags = match[3].toLowerCase().replace(/ signed/g, '').trim();
  const suffix = flags ? ` ${flags}` : '';
  if (name === 'enum' || name === 'set') return `${name}(${splitQuotedList(rawArgs ?? '').join(',')})${suffix}`;
  const synonym = SYNONYMS[name];
  if (synonym?.includes('(')) return synonym;
  name = synonym ?? name;
  const args = rawArgs === undefined ? undefined : rawArgs.split(',').map((a) => a.trim()).join(',');
  // Integer display widths mean nothing (MySQL 8.0.19 dropped them) except tinyint(1), the boolean.
  if (INTEGERS.has(name)) return `${name}${name === 'tinyint' && args === '1' ? '(1)' : ''}${suffix}`;
  if (name === 'decimal') {
    const [p, s] = (args ?? '10').split(',');
    return `decimal(${p},${s ?? '0'})${suffix}`;
  }
  if (/^(datetime|timestamp|time)$/.test(name) && args === '0') return name;
  if ((name === 'char' || name === 'binary' || name === 'bit') && args === undefined) return `${name}(1)`;
  if (name === 'year') return 'year';
  return `${name}${args === undefined ? '' : `(${args})`}${suffix}`;
}

/** `'it''s'` / `'a\\b'` as MariaDB prints a string → its value. */
function unquoteMysqlString(quoted: string): string {
  const escapes: Record<string, string> = { '0': '\0', n: '\n', r: '\r', t: '\t', b: '\b', Z: '\x1a' };
  return quoted.slice(1, -1).replace(/''|\\(.)/g, (all, ch: string | undefined) => (ch === undefined ? "'" : (escapes[ch] ?? ch)));
}

/**
 * `now()`, `current_timestamp()`, `localtimestamp` → `CURRENT_TIMESTAMP` (with its precision);
 * MySQL charset introducers (`_utf8mb4'x'`) dropped. Other expressions stay as written.
 */
export function canonicalMysqlExpression(sql: string): string {
  const text = sql.trim();
  const now = /^(?:now|current_timestamp|localtimestamp|localtime)\s*(?:\(\s*(\d*)\s*\))?$/i.exec(text);
  if (now) return now[1] && now[1] !== '0' ? `CURRENT_TIMESTAMP(${now[1]})` : 'CURRENT_TIMESTAMP';
  return stripIntroducers(text);
}

/** MySQL 8 prints string literals in stored expressions with their charset: `_utf8mb4'a'`. */
export function stripIntroducers(sql: string): string {
  return sql.replace(/(^|[^\w$])_(?:utf8mb4|utf8mb3|utf8|latin1|binary|ascii)(?=')/gi, '$1');
}

export interface DefaultContext {
  /** MariaDB quotes literal defaults; MySQL 8 does not. */
  readonly mariadb: boolean;
  /** The column's canonical type (normalizeMysqlType). */
  readonly type: string;
  /** information_schema.COLUMNS.EXTRA (`DEFAULT_GENERATED`, `auto_increment`, …). */
  readonly extra: string;
}

const NUMERIC = /^(tinyint|smallint|mediumint|int|bigint|decimal|double|float)\b/;
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/** information_schema.COLUMNS.COLUMN_DEFAULT → DefaultValue; undefined for none or NULL. */
export function normalizeMysqlDefault(raw: string | null, ctx: DefaultContext): DefaultValue | undefined {
  if (raw === null) return undefined;
  const text = raw.trim();
  let value: DefaultValue;
  if (ctx.mariadb) {
    if (text === 'NULL') return undefined;
    if (/^'(?:[^'\\]|''|\\.)*'$/s.test(text)) value = { kind: 'literal', value: unquoteMysqlString(text) };
    else if (NUMBER.test(text)) value = { kind: 'literal', value: Number(text) };
    else value = { kind: 'raw', sql: canonicalMysqlExpression(text) };
  } else if (/DEFAULT_GENERATED/i.test(ctx.extra)) {
    // MySQL 8 expression default: a JSON cast or a parenthesized literal is still a value. Its
    // COLUMN_DEFAULT escapes the quotes of such literals with a backslash.
    const expr = raw.trim().replace(/\\'/g, "'");
    const cast = /^\(?cast\((_\w+)?'((?:[^'\\]|''|\\.)*)' as json\)\)?$/i.exec(expr);
    const literal = cast ? undefined : /^\(?(?:_\w+)?'((?:[^'\\]|''|\\.)*)'\)?$/.exec(expr);
    if (cast) value = { kind: 'literal', value: unquoteMysqlString(`'${cast[2]}'`) };
    else if (literal) value = { kind: 'literal', value: unquoteMysqlString(`'${literal[1]}'`) };
    else value = { kind: 'raw', sql: canonicalMysqlExpression(expr) };
  } else if (/^(datetime|timestamp)/.test(ctx.type) && /^current_timestamp(\(\d*\))?$/i.test(text)) {
    value = { kind: 'raw', sql: canonicalMysqlExpression(text) }; // MySQL before 8.0.13 does not flag it
  } else {
    value = { kind: 'literal', value: text };
  }
  return typedDefault(value, ctx.type);
}

/** Reads a literal as the column's type says: numbers, 0/1 booleans, JSON documents. */
function typedDefault(value: DefaultValue, type: string): DefaultValue {
  if (value.kind !== 'literal') return value;
  const v = value.value;
  if (type === 'tinyint(1)' && (v === 0 || v === 1 || v === '0' || v === '1')) return { kind: 'literal', value: Number(v) === 1 };
  if (NUMERIC.test(type) && typeof v === 'string' && NUMBER.test(v.trim())) return { kind: 'literal', value: Number(v) };
  if (type === 'json' && typeof v === 'string') {
    try {
      return { kind: 'json', value: JSON.parse(v) };
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * InnoDB checks foreign keys immediately, so RESTRICT and NO ACTION are the same rule and both
 * mean "no clause" (MariaDB reports RESTRICT for a key declared without ON DELETE).
 */
export function normalizeMysqlAction(rule: string | null): ReferentialAction | undefined {
  const upper = (rule ?? '').toUpperCase();
  if (upper === 'CASCADE' || upper === 'SET NULL' || upper === 'SET DEFAULT') return upper;
  return undefined;
}

/** MySQL 8 wraps stored check clauses in parentheses and adds introducers; MariaDB does neither. */
export function normalizeMysqlCheck(clause: string): string {
  let text = stripIntroducers(clause.trim());
  while (wrapsWhole(text)) text = text.slice(1, -1).trim();
  return text;
}

function wrapsWhole(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth === 0 && i < text.length - 1) return false;
  }
  return true;
}

/** `` `status` in ('a','b') `` → the column and values, as enum-style checks are modelled. */
export function enumOfMysqlCheck(clause: string): { column: string; values: string[] } | undefined {
  const match = /^`((?:[^`]|``)+)`\s+in\s*\((.*)\)$/is.exec(normalizeMysqlCheck(clause));
  if (!match) return undefined;
  const items = splitQuotedList(match[2]);
  if (items.length === 0 || !items.every((i) => /^'.*'$/s.test(i) || NUMBER.test(i))) return undefined;
  return { column: match[1].replace(/``/g, '`'), values: items.map((i) => (i.startsWith("'") ? unquoteMysqlString(i) : i)) };
}

/** MariaDB's `json` column: `longtext` with the column-level check `json_valid(`col`)`. */
export function isJsonValidCheck(clause: string, column: string): boolean {
  return normalizeMysqlCheck(clause) === `json_valid(\`${column.replace(/`/g, '``')}\`)`;
}
