/**
 * The CHECK expressions the replay follows: a column limited to a list of strings, as knex `enu()`
 * writes it (`"status" in ('a', 'b')`), as a hand-written check (`status IN ('a','b')`) or as
 * PostgreSQL prints it back and the renderer copies it (`(status = ANY (ARRAY['a'::text, 'b'::text]))`).
 */
import { giveUp } from './give-up';
import { isBareIdentifier } from './pg-identifiers';

export interface InList {
  readonly column: string;
  readonly values: readonly string[];
}

const IDENT = String.raw`"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)`;
const STRING = String.raw`'((?:[^'\\?]|'')*)'`;

/** A bare key word would not parse: such a name is left to the database. */
const identifier = (quoted: string | undefined, bare: string | undefined) =>
  quoted !== undefined ? quoted.replace(/""/g, '"') : isBareIdentifier(bare!.toLowerCase()) ? bare!.toLowerCase() : undefined;

function strings(list: string, cast: string): string[] | undefined {
  const item = new RegExp(`^\\s*${STRING}${cast}\\s*(?:,|$)`);
  const values: string[] = [];
  let rest = list;
  while (rest.trim() !== '') {
    const m = item.exec(rest);
    if (!m) return undefined;
    values.push(m[1].replace(/''/g, "'"));
    rest = rest.slice(m[0].length);
  }
  return values.length > 0 ? values : undefined;
}

/** `col IN ('a', 'b')` or `(col = ANY (ARRAY['a'::text, 'b'::text]))`; undefined for anything else. */
export function parseInList(expression: string): InList | undefined {
  const written = new RegExp(`^\\s*(?:${IDENT})\\s+in\\s*\\((.*)\\)\\s*$`, 'is').exec(expression);
  if (written) {
    const values = strings(written[3], '');
    const column = identifier(written[1], written[2]);
    return values && column !== undefined ? { column, values } : undefined;
  }
  const printed = new RegExp(`^\\s*\\(\\s*(?:${IDENT})\\s*=\\s*ANY\\s*\\(ARRAY\\[(.*)\\]\\)\\s*\\)\\s*$`, 's').exec(expression);
  if (printed) {
    const values = strings(printed[3], '::text');
    const column = identifier(printed[1], printed[2]);
    return values && column !== undefined ? { column, values } : undefined;
  }
  return undefined;
}

export interface Comparison {
  readonly column: string;
  /** `=`, `<>`, `<`, `<=`, `>`, `>=` (`!=` is printed `<>`). */
  readonly operator: string;
  readonly value: string | number;
}

/** `col <> ''`, `"n" > 0`, `(n >= -1)`; undefined for anything else. */
export function parseComparison(expression: string): Comparison | undefined {
  const inner = expression.trim().replace(/^\((.*)\)$/s, '$1');
  const m = new RegExp(`^\\s*(?:${IDENT})\\s*(<>|!=|<=|>=|=|<|>)\\s*(?:${STRING}(?:::text)?|(-?\\d{1,9}))\\s*$`, 's').exec(inner);
  if (!m) return undefined;
  const column = identifier(m[1], m[2]);
  if (column === undefined) return undefined;
  const value = m[4] !== undefined ? m[4].replace(/''/g, "'") : Number(m[5]);
  return { column, operator: m[3] === '!=' ? '<>' : m[3], value };
}

/** A constraint name knex writes into SQL unquoted: PostgreSQL folds a bare one to lower case. */
export function sqlConstraintName(name: unknown): string {
  if (typeof name !== 'string') return giveUp('a CHECK without a name');
  const quoted = /^"((?:[^"]|"")+)"$/.exec(name);
  if (quoted) return quoted[1].replace(/""/g, '"');
  if (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name)) return name.toLowerCase();
  return giveUp(`the constraint name ${name}`);
}
