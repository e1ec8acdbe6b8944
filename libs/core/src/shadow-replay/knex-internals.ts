/**
 * The parts of knex 3.3's schema builders (node_modules/knex/lib/schema/*.js) the static replay
 * reads. They are internals, so mig pins knex's version; the differential test against PGlite
 * (static-replay.test.ts) fails when a knex upgrade changes them.
 */

/** `SchemaBuilder._sequence` entry: `{ method: 'createTable', args: ['t', fn] }`. */
export interface SequenceEntry {
  readonly method: string;
  readonly args: unknown[];
}

export interface SchemaBuilderInternals {
  readonly _sequence: SequenceEntry[];
  readonly _schema?: string;
}

/** A `TableBuilder._statements` entry. */
export type TableStatement =
  | { readonly grouping: 'columns'; readonly builder: ColumnBuilderInternals }
  | { readonly grouping: 'alterTable'; readonly method: string; readonly args: unknown[] }
  | { readonly grouping: 'checks'; readonly args: unknown[] };

export interface TableBuilderInternals {
  readonly _method: 'create' | 'createIfNot' | 'alter' | 'createLike';
  readonly _tableName: string;
  readonly _statements: TableStatement[];
  readonly _single: Record<string, unknown>;
  setSchema(schema: string | undefined): void;
  toSQL(): unknown;
}

/** What a createTable/alterTable callback recorded, read after knex ran it. */
export type RecordedTable = Pick<TableBuilderInternals, '_method' | '_tableName' | '_statements' | '_single'>;

export interface ColumnBuilderInternals {
  /** 'add', or 'alter' after `.alter()`. */
  readonly _method: 'add' | 'alter';
  /** The builder method after knex's aliases (`string` → `varchar`, `boolean` → `bool`, …). */
  readonly _type: string;
  /** Column name, then the method's own arguments. */
  readonly _args: unknown[];
  readonly _modifiers: Record<string, unknown[]>;
  readonly _statements: unknown[];
  readonly _single: Record<string, unknown>;
  readonly alterNullable?: boolean;
  readonly alterType?: boolean;
}

/** `knex.raw(sql, bindings)`. */
export interface RawInternals {
  readonly isRawInstance: true;
  readonly sql: string;
  readonly bindings: unknown;
}

/** A query builder: `_method` is select, insert, update, del, …; `_single.table` its table. */
export interface QueryBuilderInternals {
  readonly _method: string;
  readonly _single: { readonly table?: unknown };
}

export interface ForeignData {
  readonly column: unknown;
  readonly keyName?: unknown;
  readonly references?: unknown;
  readonly inTable?: unknown;
  readonly onDelete?: unknown;
  readonly onUpdate?: unknown;
  readonly deferrable?: unknown;
}

export const isRaw = (value: unknown): value is RawInternals =>
  typeof value === 'object' && value !== null && (value as { isRawInstance?: unknown }).isRawInstance === true;
