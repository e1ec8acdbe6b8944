/**
 * The normalized schema model. Models (via models/) and databases (via dialects/*\/introspect)
 * both become this shape, and diff/ compares two of them. Plain readonly data: no methods, no I/O.
 *
 * Types are canonical lower-case SQL of the dialect the schema was built for:
 * PostgreSQL `integer`, `bigint`, `text`, `varchar(255)`, `timestamptz`, `jsonb`, `text[]`, …;
 * MySQL `int`, `int unsigned`, `varchar(255)`, `tinyint(1)`, `datetime`, `json`, `enum('a','b')`, ….
 * Identifiers are database names (after any naming mapper), unquoted.
 */
export type SchemaDialect = 'postgres' | 'mysql';

/** Where a schema object came from: a model file line, or nothing for introspected objects. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

export type DefaultValue =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  /** A JSON object/array literal default (rendered as `'<json>'::jsonb` / `(CAST('<json>' AS JSON))`). */
  | { readonly kind: 'json'; readonly value: unknown }
  /** Raw SQL expression, emitted verbatim: `now()`, `gen_random_uuid()`, `CURRENT_TIMESTAMP`. */
  | { readonly kind: 'raw'; readonly sql: string };

export interface Column {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly default?: DefaultValue;
  /** serial / AUTO_INCREMENT / identity: the database fills it. */
  readonly autoIncrement?: boolean;
  readonly comment?: string;
  /** Column this one was renamed from (model hint `@renamedFrom`), used by diff/ only. */
  readonly renamedFrom?: string;
  readonly origin?: Origin;
}

export interface PrimaryKey {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface UniqueConstraint {
  readonly name: string;
  readonly columns: readonly string[];
  readonly origin?: Origin;
}

export interface Index {
  readonly name: string;
  /** Column names, or SQL expressions for expression indexes. */
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** Access method, e.g. `gin`; undefined means the default (btree). */
  readonly using?: string;
  /** Partial index predicate, SQL. */
  readonly where?: string;
  readonly origin?: Origin;
}

export type ReferentialAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly origin?: Origin;
}

export interface CheckConstraint {
  readonly name: string;
  /** Boolean SQL expression without the surrounding CHECK ( ). */
  readonly expression: string;
  /** For enum-style checks (`col IN ('a','b')`): the column and its allowed values. */
  readonly enumOf?: { readonly column: string; readonly values: readonly string[] };
  readonly origin?: Origin;
}

export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly uniques: readonly UniqueConstraint[];
  readonly indexes: readonly Index[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly checks: readonly CheckConstraint[];
  readonly comment?: string;
  /** Table this one was renamed from (hint), used by diff/ only. */
  readonly renamedFrom?: string;
  readonly origin?: Origin;
}

export interface Schema {
  readonly dialect: SchemaDialect;
  /** Sorted by name (code-point order). */
  readonly tables: readonly Table[];
}

export function emptySchema(dialect: SchemaDialect): Schema {
  return { dialect, tables: [] };
}

export function findTable(schema: Schema, name: string): Table | undefined {
  return schema.tables.find((t) => t.name === name);
}
