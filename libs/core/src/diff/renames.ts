/**
 * Renames come only from an injected resolver (STYLE.md lesson 6): the differ never guesses and
 * never prompts. The default resolver knows no renames; `renameResolverFromHints` reads
 * `renamedFrom` on the new schema's tables and columns plus the config's `renames` map.
 */
import type { Schema } from '../schema/schema';
import type { DiffWarning } from './warnings';

export interface Rename {
  readonly from: string;
  readonly to: string;
}

/** Names only in the old schema (`removed`) and only in the new one (`added`). */
export interface RenameCandidates {
  readonly removed: readonly string[];
  readonly added: readonly string[];
}

export interface RenameResolver {
  /** Renamed tables. A proposal that does not fit the candidates is ignored with a warning. */
  tables(candidates: RenameCandidates): readonly Rename[];
  /** Renamed columns of `table` (its new name). */
  columns(table: string, candidates: RenameCandidates): readonly Rename[];
}

export const noRenames: RenameResolver = { tables: () => [], columns: () => [] };

/**
 * Hints from the models (`Table.renamedFrom`, `Column.renamedFrom`) and from config:
 * `{ 'oldTable': 'newTable', 'table.oldColumn': 'newColumn' }`. In a column key the table may be
 * named by its new or its old name; a key whose part before the last dot names no table is a
 * (schema-qualified) table rename.
 */
export function renameResolverFromHints(to: Schema, config: Readonly<Record<string, string>> = {}): RenameResolver {
  const tables: Rename[] = to.tables.filter((t) => t.renamedFrom !== undefined).map((t) => ({ from: t.renamedFrom!, to: t.name }));
  const newNames = new Set(to.tables.map((t) => t.name));
  const newNameOf = (name: string) => (newNames.has(name) ? name : tables.find((r) => r.from === name)?.to);
  const columns = new Map<string, Rename[]>();
  const addColumn = (table: string, rename: Rename) => columns.set(table, [...(columns.get(table) ?? []), rename]);
  for (const table of to.tables) {
    for (const column of table.columns) if (column.renamedFrom !== undefined) addColumn(table.name, { from: column.renamedFrom, to: column.name });
  }
  const columnKeys: [string, string][] = [];
  for (const [key, value] of Object.entries(config)) {
    const dot = key.lastIndexOf('.');
    if (dot > 0 && (newNames.has(key.slice(0, dot)) || tables.some((r) => r.from === key.slice(0, dot)) || key.slice(0, dot) in config)) {
      columnKeys.push([key, value]);
    } else tables.push({ from: key, to: value });
  }
  // Column keys last: a config table rename may be what makes `old.column` resolvable.
  for (const [key, value] of columnKeys) {
    const dot = key.lastIndexOf('.');
    const tableName = key.slice(0, dot);
    const table = newNameOf(tableName) ?? config[tableName] ?? tableName;
    addColumn(table, { from: key.slice(dot + 1), to: value });
  }
  return { tables: () => tables, columns: (table) => columns.get(table) ?? [] };
}

/**
 * The proposals that fit: source only in the old schema, target only in the new, each name used
 * once. A hint whose source and target both already exist as they should is an applied rename
 * still in the code, and is skipped quietly.
 */
export function acceptRenames(proposed: readonly Rename[], candidates: RenameCandidates, label: (rename: Rename) => string, warnings: DiffWarning[]): Rename[] {
  const removed = new Set(candidates.removed);
  const added = new Set(candidates.added);
  const accepted: Rename[] = [];
  const seen = new Set<string>();
  for (const rename of proposed) {
    const id = `${rename.from}\0${rename.to}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!removed.has(rename.from) && !added.has(rename.to)) continue;
    const clash = accepted.find((r) => r.from === rename.from || r.to === rename.to);
    const problem = !removed.has(rename.from)
      ? `${rename.from} does not exist in the database (or is still in use), so ${rename.to} is created as new`
      : !added.has(rename.to)
        ? `${rename.to} already exists in the database, so ${rename.from} is not renamed to it`
        : clash
          ? `it conflicts with ${clash.from} → ${clash.to}`
          : undefined;
    if (problem === undefined) {
      accepted.push(rename);
      continue;
    }
    warnings.push({
      code: 'MIG_DIFF_RENAME_IGNORED',
      message: `Rename hint for ${label(rename)} ignored: ${problem}.`,
      hint: 'fix or remove the @renamedFrom hint (or the `renames` entry in mig.config.ts)',
    });
  }
  return accepted;
}
