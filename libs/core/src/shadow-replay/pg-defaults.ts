/**
 * A `defaultTo(value)` as introspection reads it back (`pg_get_expr` through normalizePgDefault),
 * given the column's canonical type. knex writes a JS value as a quoted literal (`'0'`, `'1'` for
 * true) that PostgreSQL converts to the column's type; only conversions whose printed result is
 * known exactly are followed.
 */
import type { DefaultValue } from '../schema/schema';
import { giveUp } from './give-up';
import { isRaw } from './knex-internals';

const INTEGERS = new Set(['smallint', 'integer', 'bigint']);
const FLOATS = new Set(['real', 'double precision']);
const STRINGS = /^(text|varchar(\(\d+\))?|char\(\d+\))$/;
/** Expressions PostgreSQL prints back as written here (any case in, this spelling out). */
const EXPRESSIONS: Record<string, { sql: string; types: RegExp }> = {
  'now()': { sql: 'now()', types: /^timestamptz(\(\d\))?$/ },
  current_timestamp: { sql: 'CURRENT_TIMESTAMP', types: /^timestamptz(\(\d\))?$/ },
  current_date: { sql: 'CURRENT_DATE', types: /^date$/ },
  'gen_random_uuid()': { sql: 'gen_random_uuid()', types: /^uuid$/ },
};

/** Plain text knex puts between quotes as it is: no quote, `?`, backslash or control character. */
const PLAIN_TEXT = /^[^'?\\\x00-\x1f]*$/;

/**
 * The default after `defaultTo(value)` on a column of `type` (knex method `method`), or undefined
 * for none. `enumValues` are a native enum's labels.
 */
export function defaultFor(value: unknown, type: string, method: string, enumValues?: readonly string[]): DefaultValue | undefined {
  if (value === null) return undefined;
  if (value === undefined) return giveUp('defaultTo(undefined) (knex writes an empty DEFAULT)');
  if (isRaw(value)) return rawDefault(value.sql, value.bindings, type);
  if (method.toLowerCase() === 'bool') return { kind: 'literal', value: value === 'false' ? false : Boolean(value) };
  if ((type === 'json' || type === 'jsonb') && typeof value === 'object') {
    const text = JSON.stringify(value);
    return PLAIN_TEXT.test(text) ? { kind: 'json', value: JSON.parse(text) as unknown } : giveUp('a JSON default with a quote, ? or backslash');
  }
  if (typeof value === 'number') {
    if (INTEGERS.has(type) && Number.isSafeInteger(value)) return { kind: 'literal', value };
    if (FLOATS.has(type) && Number.isSafeInteger(value)) return { kind: 'literal', value };
    if (/^numeric/.test(type) && Number.isFinite(value) && fitsScale(value, type)) return { kind: 'literal', value };
    return giveUp(`default ${value} on a ${type} column`);
  }
  if (typeof value === 'string') {
    if (!PLAIN_TEXT.test(value)) giveUp('a default with a quote, ? or backslash');
    if (STRINGS.test(type) && !/^char/.test(type)) return { kind: 'literal', value };
    if (enumValues?.includes(value)) return { kind: 'literal', value };
  }
  return giveUp(`default ${JSON.stringify(value)} on a ${type} column`);
}

/** PostgreSQL rounds a default to the column's scale (numeric(8,2) turns 1.555 into 1.56): only values it keeps are followed. */
function fitsScale(value: number, type: string): boolean {
  const scale = /^numeric\(\d+,(\d+)\)$/.exec(type);
  const decimals = (String(value).split('.')[1] ?? '').length;
  return !String(value).includes('e') && (scale === null ? type === 'numeric' : decimals <= Number(scale[1]));
}

function rawDefault(sql: string, bindings: unknown, type: string): DefaultValue {
  if (Array.isArray(bindings) ? bindings.length > 0 : bindings !== undefined) giveUp('a knex.raw default with bindings');
  const text = sql.trim();
  const expression = EXPRESSIONS[text.toLowerCase()];
  if (expression) return expression.types.test(type) ? { kind: 'raw', sql: expression.sql } : giveUp(`default ${text} on a ${type} column`);
  const literal = /^'((?:[^'?\\]|'')*)'$/.exec(text);
  if (literal && STRINGS.test(type) && !/^char/.test(type)) return { kind: 'literal', value: literal[1].replace(/''/g, "'") };
  const json = /^'((?:[^'?\\]|'')*)'::(jsonb?)$/.exec(text);
  if (json && json[2] === type) {
    try {
      return { kind: 'json', value: JSON.parse(json[1].replace(/''/g, "'")) as unknown };
    } catch {
      return giveUp('a JSON default that does not parse');
    }
  }
  return giveUp(`the default expression ${text}`);
}
