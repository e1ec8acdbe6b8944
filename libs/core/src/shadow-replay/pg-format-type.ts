/**
 * The type as introspection reports it: `format_type()`'s spelling of the canonical type, passed
 * through the same normalizePgType introspect.ts uses (so the replay agrees with it even where
 * that normalization keeps a spelling, e.g. `timestamp(3) with time zone`).
 */
import { normalizePgType } from '../dialects/postgres/pg-normalize';

const FORMAT: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^varchar\((\d+)\)$/, (m) => `character varying(${m[1]})`],
  [/^char\((\d+)\)$/, (m) => `character(${m[1]})`],
  [/^timestamptz\((\d)\)$/, (m) => `timestamp(${m[1]}) with time zone`],
  [/^timestamp\((\d)\)$/, (m) => `timestamp(${m[1]}) without time zone`],
  [/^timetz\((\d)\)$/, (m) => `time(${m[1]}) with time zone`],
  [/^time\((\d)\)$/, (m) => `time(${m[1]}) without time zone`],
  [/^timestamptz$/, () => 'timestamp with time zone'],
  [/^timestamp$/, () => 'timestamp without time zone'],
  [/^timetz$/, () => 'time with time zone'],
  [/^time$/, () => 'time without time zone'],
];

export function introspectedType(canonical: string): string {
  const array = /^(.*?)((?:\[\])*)$/.exec(canonical)!;
  for (const [pattern, format] of FORMAT) {
    const m = pattern.exec(array[1]);
    // format_type prints one [] whatever the dimensions.
    if (m) return normalizePgType(`${format(m)}${array[2] ? '[]' : ''}`);
  }
  return normalizePgType(`${array[1]}${array[2] ? '[]' : ''}`);
}
