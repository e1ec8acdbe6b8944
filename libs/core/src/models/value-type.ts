/**
 * What a property holds, independent of the database: the common currency between jsonSchema,
 * TypeScript declarations and the dialect type tables (MODELS.md §4).
 */
export type ValueKind =
  | 'integer'
  | 'number'
  | 'bigint'
  | 'string'
  | 'boolean'
  | 'datetime'
  | 'date'
  | 'time'
  | 'uuid'
  | 'json'
  | 'binary'
  | 'any'
  | 'mixed'
  | 'stringArray'
  | 'integerArray'
  | 'booleanArray';

export interface ValueType {
  readonly kind: ValueKind;
  readonly maxLength?: number;
  /** Allowed values (string enum, literal union, TS enum); numbers for numeric enums. */
  readonly enumValues?: readonly (string | number)[];
}

/** Coarse families used to tell a real jsonSchema/TS disagreement from two spellings of one thing. */
const FAMILY: Record<ValueKind, string> = {
  integer: 'number',
  number: 'number',
  bigint: 'number',
  string: 'string',
  uuid: 'string',
  datetime: 'temporal',
  date: 'temporal',
  time: 'temporal',
  boolean: 'boolean',
  json: 'json',
  stringArray: 'json',
  integerArray: 'json',
  booleanArray: 'json',
  binary: 'binary',
  any: 'any',
  mixed: 'any',
};

/** True when a jsonSchema type and a TS type can describe the same column (`date-time` string vs `Date`, …). */
export function compatibleKinds(json: ValueKind, ts: ValueKind): boolean {
  const a = FAMILY[json];
  const b = FAMILY[ts];
  if (a === 'any' || b === 'any' || a === b) return true;
  // A date-time string in JSON is a Date in TS; a uuid/string in JSON is a string in TS.
  return (a === 'temporal' && b === 'string') || (a === 'string' && b === 'temporal');
}

export function sameValues(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}
