/**
 * `migrations/mig.config.ts` — the project's migration environment (Alembic's env.py + alembic.ini).
 * Paths are relative to the folder of the config file.
 */
export type DialectName = 'postgres' | 'pglite' | 'mysql';

export interface MigConfig {
  /** Database kind when the connection comes from `DB_*` variables. Default `postgres`. */
  dialect?: DialectName;
  /** Globs of Objection model files, relative to the project root. */
  models?: string | string[];
  /** Folders holding revision files, relative to the migrations folder. Default `['versions']`. */
  versions?: string[];
  /** Column naming regime (MODELS.md §2). Default: detected, else `none`. */
  identifierMapping?: 'none' | 'knexSnakeCaseMappers';
  /** Schemas that autogenerate compares (PostgreSQL). Default `['public']`. */
  schemas?: string[];
  include?: string[];
  exclude?: string[];
  /** Rename hints for autogenerate: `{ 'table.old': 'new' }` or `{ oldTable: 'newTable' }`. */
  renames?: Record<string, string>;
  /** Name of the table holding the current heads. Default `mig_version`; history is `<name>_history`… */
  versionTable?: string;
  /** Table of applied steps. Default `mig_history`. */
  historyTable?: string;
  /** One transaction per revision (default) or one around the whole upgrade (`false`). */
  transactionPerRevision?: boolean;
  /** How long to wait for another run's lock. Default 300000 ms. */
  lockTimeoutMs?: number;
  /** Revision file template, relative to the migrations folder. Default `script.ts.ejs`. */
  template?: string;
  /**
   * Keep what the shadow database of autogenerate/check builds under `tmp/mig/.shadow/` (keyed by the
   * revision files' content), so an unchanged history is not replayed again. Default `true`; turn it
   * off when revisions import code from outside their versions folder.
   */
  shadowCache?: boolean;
  /**
   * How autogenerate/check build the shadow schema of a PostgreSQL project: `'auto'` (default) reads
   * it from the revisions' schema-builder calls without a database when they use only what that
   * replay follows exactly, else replays them in PGlite; `'database'` always replays in PGlite.
   */
  shadowReplay?: 'auto' | 'database';
}

/** Identity function that gives `mig.config.ts` type checking and editor completion. */
export function defineConfig(config: MigConfig): MigConfig {
  return config;
}
