/**
 * PostgreSQL catalog text → the canonical values of schema/ (the same spelling the model reader
 * produces), so that equal things compare equal: `character varying(50)` is `varchar(50)`, a
 * `nextval(...)` default is auto-increment, `'x'::text` is the literal 'x'.
 */
import type { DefaultValue, ReferentialAction } from '../../schema/schema';

const TYPE_ALIASES: Record<string, string> = {
  'character varying': 'varchar',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  character: 'char',
  'bit varying': 'varbit',
};

/** `format_type()` output → canonical lower-case type (`varchar(50)`, `timestamptz`, `text[]`). */
export function normalizePgType(formatted: string): string {
  const array = formatted.endsWith('[]');
  const base = array ? formatted.slice(0, -2) : formatted;
  // Time zone modifiers move inside: `timestamp(3) with time zone` → `timestamptz(3)`. Checked
  // first: the precision sits before the words, so the general pattern below does not match.
  const tz = /^(timestamp|time)\((\d+)\) with(out)? time zone$/.exec(base.trim());
  if (tz) return `${tz[1]}${tz[3] ? '' : 'tz'}(${tz[2]})${array ? '[]' : ''}`;
  const match = /^([a-z ]+?)(\(.*\))?$/.exec(base.trim());
  if (!match) return formatted;
  const name = TYPE_ALIASES[match[1]] ?? match[1];
  return `${name}${match[2] ?? ''}${array ? '[]' : ''}`;
}

export function isSerialDefault(expression: string | null): boolean {
  return expression !== null && /^nextval\('.*'::regclass\)$/.test(expression);
}

/** `pg_get_expr(adbin)` text → DefaultValue; undefined for NULL or no default. */
export function normalizePgDefault(expression: string | null): DefaultValue | undefined {
  if (expression === null) return undefined;
  const text = expression.trim();
  if (/^NULL(::[\w\s"[\]().,]+)?$/i.test(text)) return undefined;
  const quoted = /^'((?:[^']|'')*)'(?:::([\w\s"[\]().,]+))?$/.exec(text);
  if (quoted) {
    const value = quoted[1].replace(/''/g, "'");
    const cast = (quoted[2] ?? '').trim();
    if (cast === 'jsonb' || cast === 'json') {
      try {
        return { kind: 'json', value: JSON.parse(value) };
      } catch {
        return { kind: 'raw', sql: text };
      }
    }
    if (/^(integer|bigint|smallint|numeric|double precision|real)$/.test(cast) && value.trim() !== '' && !Number.isNaN(Number(value))) {
      return { kind: 'literal', value: Number(value) };
    }
    if (cast === 'boolean') return { kind: 'literal', value: value === 'true' || value === 't' };
    return { kind: 'literal', value };
  }
  const number = /^\(?(-?\d+(?:\.\d+)?)\)?(?:::[\w\s]+)?$/.exec(text);
  if (number) return { kind: 'literal', value: Number(number[1]) };
  if (text === 'true' || text === 'false') return { kind: 'literal', value: text === 'true' };
  return { kind: 'raw', sql: text };
}

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  a: undefined, // NO ACTION is the default: no clause
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

export function normalizePgAction(code: string): ReferentialAction | undefined {
  return ACTIONS[code];
}

/**
 * Enum-style checks as PostgreSQL stores them, from knex `enu()` or a generated `IN (...)`:
 * `((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))` or
 * `(status = ANY (ARRAY['a'::text, 'b'::text]))`.
 */
export function enumOfCheck(expression: string): { column: string; values: string[] } | undefined {
  const match = /^\(*"?([^"()\s]+)"?\)?(?:::[\w\s]+)?\s*=\s*ANY\s*\(+ARRAY\[(.*)\]\)?(?:::[\w\s]+\[\])?\)*$/.exec(expression.trim());
  if (!match) return undefined;
  const values: string[] = [];
  const item = /'((?:[^']|'')*)'(?:::[\w\s]+)?/g;
  for (let m = item.exec(match[2]); m; m = item.exec(match[2])) values.push(m[1].replace(/''/g, "'"));
  return values.length > 0 ? { column: match[1], values } : undefined;
}

/** `pg_get_indexdef(idx, k)` quotes mixed-case names (`"tenantId"`); expressions stay as they are. */
export function unquoteIndexColumn(text: string): string {
  const quoted = /^"((?:[^"]|"")+)"$/.exec(text);
  return quoted ? quoted[1].replace(/""/g, '"') : text;
}

/** PostgreSQL wraps stored predicates in one pair of parentheses: `("deletedAt" IS NULL)`. */
export function stripOuterParens(text: string): string {
  const t = text.trim();
  if (!t.startsWith('(') || !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')') depth--;
    if (depth === 0 && i < t.length - 1) return t; // the first paren closes early: not one wrapping pair
  }
  return t.slice(1, -1).trim();
}
