/**
 * The old schema as it looks once the accepted renames have run: tables and columns under their
 * new names, in every constraint, index expression and foreign key that mentions them. Everything
 * after the renames is compared (and rendered) against this view.
 */
import type { Table } from '../schema/schema';
import { renameIdentifiers } from './normalize';
import type { Rename } from './renames';

/** `columnRenames` is keyed by the table's old name. */
export function applyRenames(tables: readonly Table[], tableRenames: readonly Rename[], columnRenames: ReadonlyMap<string, readonly Rename[]>): Table[] {
  const newTableName = new Map(tableRenames.map((r) => [r.from, r.to]));
  const columnMaps = new Map([...columnRenames].map(([table, renames]) => [table, new Map(renames.map((r) => [r.from, r.to]))]));
  const none = new Map<string, string>();
  return tables.map((table) => {
    const columns = columnMaps.get(table.name) ?? none;
    const name = newTableName.get(table.name) ?? table.name;
    if (columns.size === 0 && name === table.name && table.foreignKeys.every((fk) => !newTableName.has(fk.referencedTable) && !columnMaps.has(fk.referencedTable))) {
      return table;
    }
    const col = (c: string) => columns.get(c) ?? c;
    const term = (c: string) => columns.get(c) ?? renameIdentifiers(c, columns);
    const expr = (sql: string) => renameIdentifiers(sql, columns);
    return {
      ...table,
      name,
      columns: table.columns.map((c) => ({ ...c, name: col(c.name) })),
      ...(table.primaryKey ? { primaryKey: { ...table.primaryKey, columns: table.primaryKey.columns.map(col) } } : {}),
      uniques: table.uniques.map((u) => ({ ...u, columns: u.columns.map(col) })),
      indexes: table.indexes.map((i) => ({ ...i, columns: i.columns.map(term), ...(i.where ? { where: expr(i.where) } : {}) })),
      checks: table.checks.map((c) => ({
        ...c,
        expression: expr(c.expression),
        ...(c.enumOf ? { enumOf: { ...c.enumOf, column: col(c.enumOf.column) } } : {}),
      })),
      foreignKeys: table.foreignKeys.map((fk) => {
        const referenced = columnMaps.get(fk.referencedTable) ?? none;
        return {
          ...fk,
          columns: fk.columns.map(col),
          referencedTable: newTableName.get(fk.referencedTable) ?? fk.referencedTable,
          referencedColumns: fk.referencedColumns.map((c) => referenced.get(c) ?? c),
        };
      }),
    };
  });
}
