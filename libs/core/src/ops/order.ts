/**
 * Puts ops in an order a database accepts, and whose reverse (a downgrade) it accepts too
 * (Alembic's `_rewrite_create_drop_table_fks` plus its per-table op grouping):
 *
 *   renames → FK drops → table drops (dependents first) → index/unique/check drops → PK drops →
 *   column drops → column adds → column alters, table comments → PK adds → unique adds →
 *   table creates (referenced first) → index/check adds → FK adds
 *
 * Renames run first so every later op can use the new names. Tables are dropped before the
 * constraints and columns of kept tables, and created after them, so that in the downgrade a
 * recreated table finds the columns and keys its foreign keys point at. Foreign keys inside a
 * cycle of created (dropped) tables are split out of the table into addForeignKey (dropForeignKey) ops.
 */
import type { ForeignKey, Origin, Table } from '../schema/schema';
import type { Op, OpKind, OpOf } from './ops';

const PHASE: { readonly [K in OpKind]: number } = {
  renameTable: 0,
  renameColumn: 1,
  dropForeignKey: 2,
  dropTable: 3,
  dropIndex: 4,
  dropUnique: 4,
  dropCheck: 4,
  dropPrimaryKey: 5,
  dropColumn: 6,
  addColumn: 7,
  alterColumn: 8,
  setTableComment: 8,
  addPrimaryKey: 9,
  addUnique: 10,
  createTable: 11,
  addIndex: 12,
  addCheck: 12,
  addForeignKey: 13,
};

export function orderOps(ops: readonly Op[]): Op[] {
  const creates = splitCycles(ops.filter((op): op is OpOf<'createTable'> => op.kind === 'createTable'), 'addForeignKey');
  const drops = splitCycles(ops.filter((op): op is OpOf<'dropTable'> => op.kind === 'dropTable'), 'dropForeignKey');
  const createRank = rankOf(dependencyOrder(creates.tables.map((op) => op.table)));
  const dropRank = rankOf(dependencyOrder(drops.tables.map((op) => op.table)).reverse());
  const rest = ops.filter((op) => op.kind !== 'createTable' && op.kind !== 'dropTable');
  const all = [...rest, ...creates.tables, ...creates.foreignKeys, ...drops.tables, ...drops.foreignKeys];
  const tableRank = (op: Op) => (op.kind === 'createTable' ? createRank.get(op.table.name)! : op.kind === 'dropTable' ? dropRank.get(op.table.name)! : 0);
  // Array.prototype.sort is stable: within a phase the caller's order stays.
  return all.sort((a, b) => PHASE[a.kind] - PHASE[b.kind] || tableRank(a) - tableRank(b));
}

type TableOp = OpOf<'createTable'> | OpOf<'dropTable'>;

function splitCycles<T extends TableOp>(ops: readonly T[], fkKind: 'addForeignKey' | 'dropForeignKey'): { tables: T[]; foreignKeys: Op[] } {
  const component = componentsOf(ops.map((op) => op.table));
  const cyclic = (table: Table, fk: ForeignKey) => fk.referencedTable !== table.name && component.get(table.name) === component.get(fk.referencedTable);
  const split: { table: string; foreignKey: ForeignKey; origin?: Origin }[] = [];
  const tables = ops.map((op) => {
    const out = op.table.foreignKeys.filter((fk) => cyclic(op.table, fk));
    if (out.length === 0) return op;
    for (const fk of out) split.push({ table: op.table.name, foreignKey: fk, origin: fk.origin ?? op.origin });
    return { ...op, table: { ...op.table, foreignKeys: op.table.foreignKeys.filter((fk) => !cyclic(op.table, fk)) } };
  });
  split.sort((a, b) => compareText(a.table, b.table) || compareText(a.foreignKey.name, b.foreignKey.name));
  const foreignKeys = split.map(({ table, foreignKey, origin }): Op => ({ kind: fkKind, table, foreignKey, ...(origin ? { origin } : {}) }));
  return { tables, foreignKeys };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Edges table → referenced table among `tables`, self-references left out. */
function edgesOf(tables: readonly Table[]): Map<string, string[]> {
  const names = new Set(tables.map((t) => t.name));
  return new Map(
    tables.map((t) => [t.name, [...new Set(t.foreignKeys.map((fk) => fk.referencedTable))].filter((r) => r !== t.name && names.has(r)).sort()]),
  );
}

/** Strongly connected components (Tarjan): tables in one component reference each other in a cycle. */
function componentsOf(tables: readonly Table[]): Map<string, number> {
  const edges = edgesOf(tables);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const component = new Map<string, number>();
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        onStack.delete(w);
        component.set(w, index.get(v)!);
        if (w === v) break;
      }
    }
  };
  for (const name of [...edges.keys()].sort()) if (!index.has(name)) visit(name);
  return component;
}

/** Referenced tables before the tables that reference them; ties by name. Expects no cycles left. */
export function dependencyOrder(tables: readonly Table[]): string[] {
  const edges = edgesOf(tables);
  const pending = new Map([...edges].map(([name, refs]) => [name, new Set(refs)]));
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter(([, refs]) => refs.size === 0).map(([name]) => name).sort();
    // A cycle should have been split already; fall back to name order rather than loop forever.
    const next = ready[0] ?? [...pending.keys()].sort()[0]!;
    order.push(next);
    pending.delete(next);
    for (const refs of pending.values()) refs.delete(next);
  }
  return order;
}

function rankOf(names: readonly string[]): Map<string, number> {
  return new Map(names.map((name, i) => [name, i]));
}
