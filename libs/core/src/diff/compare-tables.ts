/**
 * Which tables exist on which side, and which were renamed (from the resolver only). Tables only
 * in the new schema are created, tables only in the old one dropped; for every unhinted pair of
 * the two a warning names the possible rename and how to hint it.
 */
import type { Table } from '../schema/schema';
import { acceptRenames, type Rename, type RenameResolver } from './renames';
import type { DiffWarning } from './warnings';

export interface TableMatch {
  /** Old table (old name) and new table, for tables on both sides. */
  readonly pairs: readonly (readonly [Table, Table])[];
  readonly renames: readonly Rename[];
  readonly created: readonly Table[];
  readonly dropped: readonly Table[];
}

export function matchTables(from: readonly Table[], to: readonly Table[], resolver: RenameResolver, warnings: DiffWarning[]): TableMatch {
  const oldByName = new Map(from.map((t) => [t.name, t]));
  const newNames = new Set(to.map((t) => t.name));
  const removed = from.filter((t) => !newNames.has(t.name)).map((t) => t.name);
  const added = to.filter((t) => !oldByName.has(t.name)).map((t) => t.name);
  const renames = acceptRenames(resolver.tables({ removed, added }), { removed, added }, (r) => `table ${r.from} → ${r.to}`, warnings);
  const renamedTo = new Map(renames.map((r) => [r.to, r.from]));
  const renamedFrom = new Set(renames.map((r) => r.from));
  const pairs: (readonly [Table, Table])[] = [];
  const created: Table[] = [];
  for (const table of to) {
    const old = oldByName.get(renamedTo.get(table.name) ?? table.name);
    if (old) pairs.push([old, table]);
    else created.push(table);
  }
  const dropped = from.filter((t) => !newNames.has(t.name) && !renamedFrom.has(t.name));
  warnPossibleRenames(dropped.map((t) => t.name), created.map((t) => t.name), warnings);
  return { pairs, renames, created, dropped };
}

function warnPossibleRenames(dropped: readonly string[], created: readonly string[], warnings: DiffWarning[]): void {
  if (created.length === 0) return;
  for (const name of dropped) {
    const example = created[0]!;
    warnings.push({
      code: 'MIG_DIFF_POSSIBLE_RENAME',
      message: `Table ${name} is dropped while ${created.join(', ')} ${created.length === 1 ? 'is' : 'are'} created; if ${name} was renamed, this revision loses its rows.`,
      hint: `mark the model class with /** @renamedFrom ${name} */ (or add renames: { '${name}': '${example}' } to mig.config.ts) and generate again`,
      table: name,
    });
  }
}

/** The same warning for the columns of one table. */
export function warnPossibleColumnRenames(table: string, dropped: readonly string[], added: readonly string[], warnings: DiffWarning[]): void {
  if (added.length === 0) return;
  for (const name of dropped) {
    warnings.push({
      code: 'MIG_DIFF_POSSIBLE_RENAME',
      message: `Column ${table}.${name} is dropped while ${added.map((c) => `${table}.${c}`).join(', ')} ${added.length === 1 ? 'is' : 'are'} added; if ${name} was renamed, this revision loses its values.`,
      hint: `mark the new property with @renamedFrom ${name} (or add renames: { '${table}.${name}': '${added[0]}' } to mig.config.ts) and generate again`,
      table,
      column: name,
    });
  }
}
