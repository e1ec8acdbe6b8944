/**
 * Mutable working shapes while a schema is assembled; `finish-table.ts` turns them into the
 * immutable `Table` of schema/ once types, names and constraints are settled.
 */
import type { DefaultValue, ReferentialAction } from '../schema/schema';
import type { Location } from './diagnostics';
import type { ModelInfo } from './model-info';
import type { ValueType } from './value-type';

export interface ColumnDraft {
  readonly name: string;
  /** Inferred from jsonSchema/TS; undefined when no source said anything. */
  valueType?: ValueType;
  /** An explicit SQL type (`@dbType`, `dbHints.columns.x.type`): it always wins. */
  hintedType?: string;
  nullable: boolean;
  /** `nullable` came from a hint: foreign key inference must not change it. */
  nullableHinted?: boolean;
  default?: DefaultValue;
  comment?: string;
  renamedFrom?: string;
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  /** Set once the final SQL type is known. */
  sqlType?: string;
  autoIncrement?: boolean;
  origin: Location;
  /** Created by a relation only (MODELS.md §3 (4)). */
  implied?: boolean;
  /** Which model declared it, for conflict messages. */
  declaredBy?: string;
}

export interface ForeignKeyDraft {
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  readonly at: Location;
  readonly relation: string;
}

export interface CheckDraft {
  readonly name?: string;
  readonly expression: string;
  readonly enumOf?: { readonly column: string; readonly values: readonly string[] };
  readonly at: Location;
}

export interface IndexDraft {
  readonly columns: readonly string[];
  readonly name?: string;
  readonly unique: boolean;
  readonly using?: string;
  readonly where?: string;
  readonly at: Location;
}

export interface TableDraft {
  readonly name: string;
  readonly columns: ColumnDraft[];
  primaryKey: readonly string[];
  readonly uniques: { readonly columns: readonly string[]; readonly at: Location }[];
  readonly indexes: IndexDraft[];
  readonly checks: CheckDraft[];
  readonly foreignKeys: ForeignKeyDraft[];
  comment?: string;
  renamedFrom?: string;
  readonly origin: Location;
  readonly models: ModelInfo[];
  /** Synthesized for a ManyToMany `through` table no model owns. */
  readonly joinTable?: boolean;
}

export function findColumn(table: TableDraft, name: string): ColumnDraft | undefined {
  return table.columns.find((c) => c.name === name);
}

/** Same column set, order ignored. */
export function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}
