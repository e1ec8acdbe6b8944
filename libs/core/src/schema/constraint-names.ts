/**
 * Default constraint and index names as PostgreSQL chooses them (`makeObjectName` and
 * `ChooseConstraintName` in src/backend/commands/indexcmds.c): `<t>_pkey`, `<t>_<cols>_key`,
 * `<t>_<cols>_fkey`, `<t>_<col>_check`, `<t>_<cols>_idx`, truncated to fit 63 bytes and numbered
 * (`_key1`, `_check1`, …) when taken. Pure: the caller owns the set of taken names.
 */
export type ConstraintLabel = 'pkey' | 'key' | 'fkey' | 'check' | 'idx';

export const PG_MAX_IDENTIFIER = 63;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Longest prefix of `s` that fits in `max` bytes without splitting a character. */
function clip(s: string, max: number): string {
  if (bytes(s) <= max) return s;
  let out = '';
  let size = 0;
  for (const ch of s) {
    const width = bytes(ch);
    if (size + width > max) break;
    out += ch;
    size += width;
  }
  return out;
}

/** PostgreSQL's makeObjectName: shortens the longer of the two names first. */
export function makeObjectName(name1: string, name2: string | undefined, label: string, max = PG_MAX_IDENTIFIER): string {
  const overhead = bytes(label) + 1 + (name2 !== undefined ? 1 : 0);
  const avail = max - overhead;
  let n1 = bytes(name1);
  let n2 = name2 !== undefined ? bytes(name2) : 0;
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const first = clip(name1, n1);
  return name2 !== undefined ? `${first}_${clip(name2, n2)}_${label}` : `${first}_${label}`;
}

/** Picks the first free name `<table>_<cols>_<label>[N]` and marks it taken. */
export function chooseName(table: string, columns: readonly string[] | undefined, label: ConstraintLabel, taken: Set<string>, max = PG_MAX_IDENTIFIER): string {
  const addition = columns && columns.length > 0 ? clip(columns.join('_'), max) : undefined;
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(table, addition, pass === 0 ? label : `${label}${pass}`, max);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/**
 * The column a CHECK expression names, when it names exactly one (PostgreSQL then calls the
 * constraint `<t>_<col>_check`, otherwise `<t>_check`).
 */
export function checkColumn(expression: string, columns: readonly string[]): string | undefined {
  const found = new Set<string>();
  const withoutStrings = expression.replace(/'(?:[^']|'')*'/g, "''");
  for (const match of withoutStrings.matchAll(/"((?:[^"]|"")+)"|`([^`]+)`|\b([A-Za-z_][A-Za-z0-9_$]*)\b/g)) {
    const name = match[1]?.replace(/""/g, '"') ?? match[2] ?? match[3];
    if (columns.includes(name)) found.add(name);
  }
  return found.size === 1 ? [...found][0] : undefined;
}
