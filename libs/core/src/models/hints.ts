/**
 * `static dbHints` (MODELS.md §10) → normalized hints, validated key by key. A malformed entry is
 * a warning at its own line and is skipped; the rest of the hints still apply.
 */
import type { TS } from './ast';
import type { DefaultValue, ReferentialAction, SchemaDialect } from '../schema/schema';
import type { Location, Report } from './diagnostics';
import { isObjectValue, keyNode, type ObjectValue, type Value } from './values';

export interface ColumnHint {
  readonly type?: string;
  readonly nullable?: boolean;
  readonly default?: DefaultValue;
  readonly unique?: boolean;
  readonly index?: boolean;
  readonly check?: string;
  readonly comment?: string;
  readonly ignore?: boolean;
  readonly renamedFrom?: string;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly at: Location;
}

export interface IndexHint {
  readonly columns: readonly string[];
  readonly name?: string;
  readonly unique: boolean;
  readonly using?: string;
  readonly where?: string;
  readonly at: Location;
}

export interface RelationHint {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly foreignKey?: boolean;
  readonly at: Location;
}

export interface TableHints {
  readonly columns: ReadonlyMap<string, ColumnHint>;
  readonly unique: readonly { readonly columns: readonly string[]; readonly at: Location }[];
  readonly indexes: readonly IndexHint[];
  readonly checks: readonly { readonly name?: string; readonly sql: string; readonly at: Location }[];
  readonly relations: ReadonlyMap<string, RelationHint>;
  readonly joinTables: ReadonlyMap<string, ReadonlyMap<string, ColumnHint>>;
  readonly comment?: string;
  readonly renamedFrom?: string;
}

export const EMPTY_HINTS: TableHints = { columns: new Map(), unique: [], indexes: [], checks: [], relations: new Map(), joinTables: new Map() };

const ACTIONS: readonly ReferentialAction[] = ['CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION'];

export function referentialAction(value: unknown): ReferentialAction | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().replace(/\s+/g, ' ').toUpperCase();
  return ACTIONS.find((a) => a === upper);
}

export function defaultHint(value: Value): DefaultValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { kind: 'literal', value };
  if (isObjectValue(value) && Object.keys(value).length === 1 && typeof value.raw === 'string') return { kind: 'raw', sql: value.raw };
  if (Array.isArray(value) || isObjectValue(value)) return { kind: 'json', value };
  return undefined;
}

interface HintReader {
  readonly dialect: SchemaDialect;
  readonly report: Report;
  readonly at: (node: TS.Node | undefined) => Location;
}

function bad(reader: HintReader, node: TS.Node | undefined, message: string): void {
  reader.report('MIG_MODEL_BAD_HINT', reader.at(node), message);
}

function typeHint(reader: HintReader, value: Value, node: TS.Node | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (isObjectValue(value)) {
    const forDialect = value[reader.dialect];
    if (typeof forDialect === 'string' || forDialect === undefined) return forDialect as string | undefined;
  }
  bad(reader, node, 'dbHints type must be a string or { postgres, mysql }');
  return undefined;
}

const COLUMN_KEYS = ['type', 'nullable', 'default', 'unique', 'index', 'check', 'comment', 'ignore', 'renamedFrom', 'onDelete', 'onUpdate'];

export function readColumnHint(reader: HintReader, value: Value, node: TS.Node | undefined): ColumnHint | undefined {
  if (!isObjectValue(value)) {
    bad(reader, node, 'a column hint must be an object literal');
    return undefined;
  }
  const hint: { -readonly [K in keyof ColumnHint]: ColumnHint[K] } = { at: reader.at(node) };
  for (const key of Object.keys(value)) {
    const v = value[key];
    const where = keyNode(value, key) ?? node;
    const want = (ok: boolean, what: string) => (ok ? true : (bad(reader, where, `dbHints column '${key}' must be ${what}`), false));
    if (key === 'type') hint.type = typeHint(reader, v, where);
    else if (key === 'default') hint.default = defaultHint(v);
    else if (key === 'nullable' || key === 'unique' || key === 'index' || key === 'ignore') {
      if (want(typeof v === 'boolean', 'true or false')) hint[key] = v as boolean;
    } else if (key === 'check' || key === 'comment' || key === 'renamedFrom') {
      if (want(typeof v === 'string', 'a string')) hint[key] = v as string;
    } else if (key === 'onDelete' || key === 'onUpdate') {
      const action = referentialAction(v);
      if (want(action !== undefined, `one of ${ACTIONS.join(', ')}`)) hint[key] = action;
    } else bad(reader, where, `unknown column hint '${key}' (known: ${COLUMN_KEYS.join(', ')})`);
  }
  return hint;
}

function columnHints(reader: HintReader, value: Value, node: TS.Node | undefined): Map<string, ColumnHint> {
  const out = new Map<string, ColumnHint>();
  if (value === undefined) return out;
  if (!isObjectValue(value)) return (bad(reader, node, '`columns` must be an object keyed by property name'), out);
  for (const key of Object.keys(value)) {
    const hint = readColumnHint(reader, value[key], keyNode(value, key) ?? node);
    if (hint) out.set(key, hint);
  }
  return out;
}

function stringList(value: Value): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function indexHints(reader: HintReader, value: Value, node: TS.Node | undefined): IndexHint[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return (bad(reader, node, '`indexes` must be an array'), []);
  const out: IndexHint[] = [];
  for (const item of value as Value[]) {
    const columns = isObjectValue(item) ? stringList(item.columns) : undefined;
    if (!isObjectValue(item) || !columns || columns.length === 0) {
      bad(reader, node, 'each index hint needs `columns: string[]`');
      continue;
    }
    const str = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : undefined);
    out.push({ columns, name: str('name'), unique: item.unique === true, using: str('using'), where: str('where'), at: reader.at(node) });
  }
  return out;
}

function relationHints(reader: HintReader, value: Value, node: TS.Node | undefined): Map<string, RelationHint> {
  const out = new Map<string, RelationHint>();
  if (value === undefined) return out;
  if (!isObjectValue(value)) return (bad(reader, node, '`relations` must be an object keyed by relation name'), out);
  for (const name of Object.keys(value)) {
    const item = value[name];
    const where = keyNode(value, name) ?? node;
    if (!isObjectValue(item)) {
      bad(reader, where, `relation hint '${name}' must be an object`);
      continue;
    }
    const onDelete = referentialAction(item.onDelete);
    const onUpdate = referentialAction(item.onUpdate);
    if ((item.onDelete !== undefined && !onDelete) || (item.onUpdate !== undefined && !onUpdate)) bad(reader, where, `relation hint '${name}': unknown referential action`);
    out.set(name, { onDelete, onUpdate, foreignKey: typeof item.foreignKey === 'boolean' ? item.foreignKey : undefined, at: reader.at(where) });
  }
  return out;
}

const TABLE_KEYS = ['columns', 'unique', 'indexes', 'checks', 'relations', 'joinTables', 'comment', 'renamedFrom'];

export function readDbHints(reader: HintReader, value: Value, node: TS.Node): TableHints {
  if (value === undefined || value === null) return EMPTY_HINTS;
  if (!isObjectValue(value)) return (bad(reader, node, 'dbHints must be an object literal'), EMPTY_HINTS);
  const obj: ObjectValue = value;
  const at = (key: string) => keyNode(obj, key) ?? node;
  for (const key of Object.keys(obj)) if (!TABLE_KEYS.includes(key)) bad(reader, at(key), `unknown dbHints key '${key}' (known: ${TABLE_KEYS.join(', ')})`);
  const unique = Array.isArray(obj.unique)
    ? (obj.unique as Value[]).flatMap((u) => {
        const cols = stringList(u);
        if (!cols) bad(reader, at('unique'), '`unique` must be an array of property-name arrays');
        return cols ? [{ columns: cols, at: reader.at(at('unique')) }] : [];
      })
    : [];
  const checks = Array.isArray(obj.checks)
    ? (obj.checks as Value[]).flatMap((c) => {
        if (isObjectValue(c) && typeof c.sql === 'string') return [{ name: typeof c.name === 'string' ? c.name : undefined, sql: c.sql, at: reader.at(at('checks')) }];
        bad(reader, at('checks'), 'each check hint needs `sql: string`');
        return [];
      })
    : [];
  const joinTables = new Map<string, Map<string, ColumnHint>>();
  if (isObjectValue(obj.joinTables)) {
    const tables = obj.joinTables;
    for (const table of Object.keys(tables)) {
      const entry = tables[table];
      joinTables.set(table, columnHints(reader, isObjectValue(entry) ? entry.columns : undefined, keyNode(tables, table) ?? node));
    }
  }
  return {
    columns: columnHints(reader, obj.columns, at('columns')),
    unique,
    indexes: indexHints(reader, obj.indexes, at('indexes')),
    checks,
    relations: relationHints(reader, obj.relations, at('relations')),
    joinTables,
    comment: typeof obj.comment === 'string' ? obj.comment : undefined,
    renamedFrom: typeof obj.renamedFrom === 'string' ? obj.renamedFrom : undefined,
  };
}

/** Later hints win per key; a column's fields merge. */
export function mergeColumnHint(base: ColumnHint | undefined, next: ColumnHint | undefined): ColumnHint | undefined {
  if (!base || !next) return base ?? next;
  const defined = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
  return { ...base, ...defined } as ColumnHint;
}

function mergeMaps<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>, merge: (x: V | undefined, y: V) => V): Map<string, V> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, merge(out.get(k), v));
  return out;
}

const dedupe = <T>(items: readonly T[], key: (t: T) => string): T[] => {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
};

/** Along the class chain, base first (MODELS.md §10): columns by key, arrays concatenated. */
export function mergeTableHints(base: TableHints, next: TableHints): TableHints {
  return {
    columns: mergeMaps(base.columns, next.columns, (x, y) => mergeColumnHint(x, y)!),
    unique: dedupe([...base.unique, ...next.unique], (u) => u.columns.join('\0')),
    indexes: dedupe([...base.indexes, ...next.indexes], (i) => JSON.stringify([i.columns, i.name, i.unique, i.using, i.where])),
    checks: dedupe([...base.checks, ...next.checks], (c) => `${c.name}\0${c.sql}`),
    relations: mergeMaps(base.relations, next.relations, (x, y) => ({ ...x, ...y })),
    joinTables: mergeMaps(base.joinTables, next.joinTables, (x, y) => mergeMaps(x ?? new Map(), y, (p, q) => mergeColumnHint(p, q)!)),
    comment: next.comment ?? base.comment,
    renamedFrom: next.renamedFrom ?? base.renamedFrom,
  };
}
