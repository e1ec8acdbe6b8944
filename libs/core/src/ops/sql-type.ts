/**
 * A canonical SQL type string split into parts (`numeric(12,2)` → base `numeric`, args [12, 2]),
 * and whether changing one type into another can lose or reject data. Types arrive canonical
 * (schema.ts), so this only tidies spacing and case.
 */
export interface SqlType {
  /** Lower-case name without arguments: `varchar`, `double precision`, `int`, `enum`. */
  readonly base: string;
  /** Numeric arguments (`varchar(255)` → [255]); enum values are in `values`. */
  readonly args: readonly number[];
  /** `enum('a','b')` / `set(...)` members. */
  readonly values: readonly string[];
  /** Array dimensions (`text[]` → 1). */
  readonly dimensions: number;
  /** MySQL `unsigned`. */
  readonly unsigned: boolean;
}

/** Lower case outside quotes, single spaces, no space before `(` or around commas. */
export function tidyType(type: string): string {
  let out = '';
  for (const part of type.trim().split(/('(?:[^']|'')*')/)) {
    out += part.startsWith("'")
      ? part
      : part
          .toLowerCase()
          .replace(/\s+/g, ' ')
          .replace(/\s*([(,\[\]])\s*/g, '$1')
          .replace(/\s*\)/g, ')')
          .replace(/\)(?=[a-z])/g, ') ');
  }
  return out;
}

export function parseSqlType(type: string): SqlType {
  let rest = tidyType(type);
  let dimensions = 0;
  while (rest.endsWith('[]')) {
    dimensions++;
    rest = rest.slice(0, -2);
  }
  const unsigned = / unsigned( zerofill)?$/.test(rest);
  if (unsigned) rest = rest.replace(/ unsigned( zerofill)?$/, '');
  const match = /^([^(]*)(?:\((.*)\))?(.*)$/.exec(rest);
  const base = `${match?.[1] ?? rest}${match?.[3] ?? ''}`.trim();
  const inner = match?.[2];
  const values = inner !== undefined && inner.startsWith("'") ? [...inner.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'")) : [];
  const args = inner !== undefined && values.length === 0 ? inner.split(',').map(Number).filter((n) => Number.isFinite(n)) : [];
  return { base, args, values, dimensions, unsigned };
}

/** Integer families by width; a move to a later entry (same signedness) keeps every value. */
const INTEGER_RANK: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, integer: 4, int: 4, bigint: 5 };
/** Decimal digits each integer width needs, to decide whether numeric(p,s) can hold it. */
const INTEGER_DIGITS: Record<number, number> = { 1: 3, 2: 5, 3: 8, 4: 10, 5: 19 };
const TEXT_RANK: Record<string, number> = { tinytext: 1, text: 2, mediumtext: 3, longtext: 4 };
const STRING_BASES = new Set(['varchar', 'char', 'character', 'character varying', 'bpchar']);
const DECIMAL_BASES = new Set(['numeric', 'decimal']);

/**
 * Why changing `from` into `to` can lose or reject existing values, or undefined for a widening
 * (longer varchar, bigger integer, more precision, anything → PostgreSQL text). Unknown pairs count
 * as narrowing: a warning too many is cheaper than silent data loss.
 */
export function typeNarrowing(from: string, to: string): string | undefined {
  if (tidyType(from) === tidyType(to)) return undefined;
  const a = parseSqlType(from);
  const b = parseSqlType(to);
  const lossy = `type ${tidyType(from)} → ${tidyType(to)} can reject or truncate existing values`;
  if (a.dimensions !== b.dimensions) return lossy;
  if (b.base === 'text' && b.dimensions === 0 && a.dimensions === 0 && !TEXT_RANK[a.base]) return undefined;
  return widens(a, b) ? undefined : lossy;
}

function widens(a: SqlType, b: SqlType): boolean {
  if (STRING_BASES.has(a.base)) {
    if (STRING_BASES.has(b.base) && b.base !== 'char' && b.base !== 'character') return b.args.length === 0 || (a.args[0] !== undefined && b.args[0]! >= a.args[0]);
    return TEXT_RANK[b.base] !== undefined && (a.args[0] ?? 0) <= 65535 / 4;
  }
  if (TEXT_RANK[a.base] && TEXT_RANK[b.base]) return TEXT_RANK[b.base]! >= TEXT_RANK[a.base]!;
  const ai = INTEGER_RANK[a.base];
  if (ai !== undefined) {
    const bi = INTEGER_RANK[b.base];
    if (bi !== undefined) return a.unsigned === b.unsigned ? bi >= ai : !a.unsigned ? false : bi > ai;
    if (DECIMAL_BASES.has(b.base)) return b.args.length === 0 || (b.args[0]! - (b.args[1] ?? 0)) >= INTEGER_DIGITS[ai]!;
    return (b.base === 'double precision' || b.base === 'double') && ai <= 4;
  }
  if (DECIMAL_BASES.has(a.base) && DECIMAL_BASES.has(b.base)) {
    if (b.args.length === 0) return true;
    if (a.args.length === 0) return false;
    const [ap, as = 0] = a.args as [number, number?];
    const [bp, bs = 0] = b.args as [number, number?];
    return bs >= as && bp - bs >= ap - as;
  }
  if (a.base === 'real' || a.base === 'float') return b.base === 'double precision' || b.base === 'double';
  if (a.base === 'timestamp' || a.base === 'date') return b.base === 'timestamptz' || (a.base === 'date' && (b.base === 'timestamp' || b.base === 'datetime'));
  if (a.base === 'json') return b.base === 'jsonb';
  if (a.base === 'enum' || a.base === 'set') {
    if (b.base === a.base) return a.values.every((v) => b.values.includes(v));
    return STRING_BASES.has(b.base) && b.base !== 'char' && a.values.every((v) => b.args.length === 0 || v.length <= b.args[0]!);
  }
  return false;
}
