/** Small builders for inline schemas in tests. */
import type { CheckConstraint, Column, ForeignKey, Index, Schema, SchemaDialect, Table } from '../../schema/schema';

export const col = (name: string, type: string, extra: Partial<Column> = {}): Column => ({ name, type, nullable: true, ...extra });
export const serial = (name = 'id'): Column => ({ name, type: 'integer', nullable: false, autoIncrement: true });

/** A table; an `id` column makes it the primary key `<name>_pkey`. */
export function table(name: string, columns: readonly Column[], extra: Partial<Table> = {}): Table {
  return {
    name,
    columns,
    ...(columns.some((c) => c.name === 'id') ? { primaryKey: { name: `${name}_pkey`, columns: ['id'] } } : {}),
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
    ...extra,
  };
}

export const fk = (name: string, columns: string[], referencedTable: string, extra: Partial<ForeignKey> = {}): ForeignKey => ({
  name,
  columns,
  referencedTable,
  referencedColumns: ['id'],
  ...extra,
});
export const index = (name: string, columns: string[], extra: Partial<Index> = {}): Index => ({ name, columns, unique: false, ...extra });
export const check = (name: string, expression: string, extra: Partial<CheckConstraint> = {}): CheckConstraint => ({ name, expression, ...extra });

export const schema = (tables: Table[], dialect: SchemaDialect = 'postgres'): Schema => ({ dialect, tables });
