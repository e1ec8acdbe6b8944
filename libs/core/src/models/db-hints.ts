/**
 * The shape of `static dbHints` on an Objection model (MODELS.md §10). Users import it type-only:
 *
 *   import type { DbHints } from '@mig/core/models/db-hints';
 *   static dbHints: DbHints = { columns: { price: { type: 'numeric(12,2)' } } };
 *
 * Keys are model property names (the naming mapper applies); SQL strings are emitted verbatim.
 * objection ignores the static, so hints have no runtime effect. No ts-morph here on purpose.
 */
export type DbReferentialAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';

/** A SQL type for every dialect, or one per dialect (a dialect left out keeps the inferred type). */
export type DbTypeHint = string | { readonly postgres?: string; readonly mysql?: string };

/** A literal default, a JSON object/array default, or `{ raw: 'now()' }` for a SQL expression. */
export type DbDefaultHint = string | number | boolean | null | readonly unknown[] | { readonly raw: string } | { readonly [key: string]: unknown };

export interface DbColumnHints {
  readonly type?: DbTypeHint;
  readonly nullable?: boolean;
  readonly default?: DbDefaultHint;
  readonly unique?: boolean;
  readonly index?: boolean;
  /** Boolean SQL, e.g. `"price" >= 0`. */
  readonly check?: string;
  readonly comment?: string;
  /** Not a column (a computed or transient property). */
  readonly ignore?: boolean;
  /** The property's previous name, so autogenerate renames instead of drop + add. */
  readonly renamedFrom?: string;
}

export interface DbIndexHints {
  /** Property names, or SQL expressions (anything with a parenthesis or a space). */
  readonly columns: readonly string[];
  readonly name?: string;
  readonly unique?: boolean;
  /** Access method, e.g. `gin`. */
  readonly using?: string;
  /** Partial index predicate, SQL. */
  readonly where?: string;
}

export interface DbCheckHints {
  readonly name?: string;
  readonly sql: string;
}

export interface DbRelationHints {
  readonly onDelete?: DbReferentialAction;
  readonly onUpdate?: DbReferentialAction;
  /** `false`: the relation implies no foreign key. */
  readonly foreignKey?: boolean;
}

export interface DbJoinTableHints {
  readonly columns?: { readonly [column: string]: DbColumnHints };
}

export interface DbHints {
  readonly columns?: { readonly [property: string]: DbColumnHints };
  /** Composite (or single) unique constraints, by property names. */
  readonly unique?: readonly (readonly string[])[];
  readonly indexes?: readonly DbIndexHints[];
  readonly checks?: readonly DbCheckHints[];
  /** Keyed by relation name (a key of relationMappings). */
  readonly relations?: { readonly [relation: string]: DbRelationHints };
  /** Keyed by the join table name as written in `through`. */
  readonly joinTables?: { readonly [table: string]: DbJoinTableHints };
  readonly comment?: string;
  /** The table's previous name. */
  readonly renamedFrom?: string;
}
