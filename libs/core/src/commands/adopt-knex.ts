/**
 * The knex side of `mig adopt`: where the project's knex migration files are, which of them
 * `knex_migrations` records as run, and which are pending. Where the files are, first match wins:
 * `--knex-dir`; the knexfile in the project root (`migrations.directory`, relative to the
 * knexfile, default `./migrations`, as the knex CLI resolves it); else `<projectRoot>/migrations`
 * — the folder mig's own `mig.config.ts` lives in, whose mig files are then left out.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Knex } from 'knex';
import type { Project } from '../config/load-project';
import { MigError } from '../errors';
import { isRevisionFileName, loadTsModule } from '../script';

/** Errors of `adopt`: each says what stopped it and what to do. */
export class AdoptError extends MigError {
  constructor(
    code: 'MIG_ADOPT_HAS_REVISIONS' | 'MIG_ADOPT_ALREADY_STAMPED' | 'MIG_ADOPT_NO_KNEX_TABLE' | 'MIG_ADOPT_NO_KNEX_DIR' | 'MIG_ADOPT_KNEXFILE' | 'MIG_ADOPT_PENDING' | 'MIG_ADOPT_CHANGED',
    message: string,
    info?: ConstructorParameters<typeof MigError>[2],
  ) {
    super(code, message, info);
  }
}

/** knex's own default `loadExtensions`: what it counts as a migration file. */
const KNEX_EXTENSIONS = ['.co', '.coffee', '.eg', '.iced', '.js', '.cjs', '.litcoffee', '.ls', '.ts'];
const KNEXFILE_NAMES = ['knexfile.ts', 'knexfile.js', 'knexfile.cjs'];

export interface KnexMigrations {
  /** Absolute folders holding the knex migration files. */
  readonly directories: readonly string[];
  /** How they were found. */
  readonly from: 'option' | 'knexfile' | 'default';
  /** The knexfile read, workspace-relative. */
  readonly knexfile?: string;
  readonly tableName: string;
  readonly schemaName?: string;
  /** File names knex would run (its `name` column), sorted. */
  readonly files: readonly string[];
}

export interface KnexState {
  /** `knex_migrations.name`, in the order knex ran them. */
  readonly applied: readonly string[];
  /** Files not yet in knex_migrations. */
  readonly pending: readonly string[];
  /** Rows whose file is not in the folders (knex would call the folder corrupt). */
  readonly missing: readonly string[];
}

interface KnexfileMigrations {
  directory?: string | string[];
  tableName?: string;
  schemaName?: string;
  loadExtensions?: string[];
}

/** `knexDir`: absolute, or relative to the project root. `env`: picks the knexfile's environment, as knex does (NODE_ENV, else development). */
export function locateKnexMigrations(project: Project, knexDir: string | undefined, env: Readonly<Record<string, string | undefined>>): KnexMigrations {
  const projectDir = join(project.workspaceRoot, project.projectRoot);
  const knexfile = KNEXFILE_NAMES.map((name) => join(projectDir, name)).find((file) => existsSync(file));
  const settings = knexfile ? readKnexfile(project, knexfile, env, knexDir !== undefined) : undefined;
  const fromKnexfile = settings && knexfile ? [settings.directory ?? './migrations'].flat().map((dir) => resolve(dirname(knexfile), dir)) : undefined;
  const directories = knexDir !== undefined ? [isAbsolute(knexDir) ? knexDir : join(projectDir, knexDir)] : fromKnexfile ?? [project.migrationsDir];
  const from = knexDir !== undefined ? 'option' : fromKnexfile ? 'knexfile' : 'default';
  for (const dir of directories) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new AdoptError('MIG_ADOPT_NO_KNEX_DIR', `The knex migrations folder ${relative(project.workspaceRoot, dir) || '.'} does not exist${from === 'knexfile' ? ` (migrations.directory of ${relative(project.workspaceRoot, knexfile!)})` : ''}.`, {
        hint: 'point to the folder of the knex migration files: --knex-dir <dir>',
      });
    }
  }
  const extensions = settings?.loadExtensions ?? KNEX_EXTENSIONS;
  const files = directories.flatMap((dir) => knexFilesIn(project, dir, extensions)).sort();
  return {
    directories,
    from,
    ...(knexfile && settings ? { knexfile: relative(project.workspaceRoot, knexfile) } : {}),
    tableName: settings?.tableName ?? 'knex_migrations',
    ...(settings?.schemaName ? { schemaName: settings.schemaName } : {}),
    files,
  };
}

/** Reads knex_migrations; undefined when the table does not exist. */
export async function readKnexState(knex: Knex, migrations: KnexMigrations): Promise<KnexState | undefined> {
  const schema = migrations.schemaName ? knex.schema.withSchema(migrations.schemaName) : knex.schema;
  if (!(await schema.hasTable(migrations.tableName))) return undefined;
  const query = knex(migrations.tableName).select('name').orderBy('id');
  const rows: { name: string }[] = await (migrations.schemaName ? query.withSchema(migrations.schemaName) : query);
  const applied = rows.map((row) => row.name);
  const done = new Set(applied);
  const present = new Set(migrations.files);
  return { applied, pending: migrations.files.filter((file) => !done.has(file)), missing: applied.filter((name) => !present.has(name)) };
}

/** Files knex would load from `dir`: top level, its extensions, none of mig's own. */
function knexFilesIn(project: Project, dir: string, extensions: readonly string[]): string[] {
  const own = new Set([project.configFile, project.templateFile].map((file) => resolve(file)));
  const isVersionDir = project.versionDirs.some((versions) => resolve(versions) === resolve(dir));
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.includes(extname(entry.name)))
    .filter((entry) => !own.has(resolve(dir, entry.name)) && !(isVersionDir && isRevisionFileName(entry.name)))
    .map((entry) => basename(entry.name));
}

function readKnexfile(project: Project, file: string, env: Readonly<Record<string, string | undefined>>, optional: boolean): KnexfileMigrations | undefined {
  const display = relative(project.workspaceRoot, file);
  let exported: unknown;
  try {
    const mod = loadTsModule(file) as { default?: unknown };
    exported = mod.default ?? mod;
  } catch (error) {
    if (optional) return undefined;
    throw new AdoptError('MIG_ADOPT_KNEXFILE', `Cannot load ${display} to find the knex migrations folder: ${(error as Error).message}`, {
      file: display,
      cause: error,
      hint: 'pass the folder of the knex migration files: --knex-dir <dir>',
    });
  }
  const record = (exported ?? {}) as Record<string, unknown>;
  // One config per environment, else one for all: the knex CLI's own rule.
  const config = (record[env.NODE_ENV || 'development'] ?? record) as Record<string, unknown>;
  return (config.migrations ?? {}) as KnexfileMigrations;
}
