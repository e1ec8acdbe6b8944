/**
 * Finds and loads `migrations/mig.config.ts` of a project and turns it into absolute paths and
 * defaults. Unknown keys are an error: a typo (`verisons`) must not silently fall back.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, MigError } from '../errors';
import { loadTsModule } from '../script/ts-loader';
import { cacheDirOf } from './cache-dir';
import { lightCore } from './light-core';
import type { DialectName, MigConfig } from './define-config';

export interface ProjectContext {
  readonly workspaceRoot: string;
  readonly projectName: string;
  /** Relative to the workspace root, e.g. `apps/api`. */
  readonly projectRoot: string;
  /** Defaults to `<projectRoot>/migrations/mig.config.ts`. */
  readonly configFile?: string;
}

export interface Project {
  readonly workspaceRoot: string;
  readonly projectName: string;
  readonly projectRoot: string;
  readonly configFile: string;
  readonly migrationsDir: string;
  readonly versionDirs: readonly string[];
  readonly templateFile: string;
  readonly dialect: DialectName;
  readonly tables: { readonly version: string; readonly history: string };
  readonly lockTimeoutMs: number;
  readonly transactionPerRevision: boolean;
  readonly config: MigConfig;
  /** Where recomputable results are kept (cache-dir.ts); none: cache nothing. */
  readonly cacheDir?: string;
}

const KNOWN_KEYS: Record<keyof MigConfig, true> = {
  dialect: true,
  models: true,
  versions: true,
  identifierMapping: true,
  schemas: true,
  include: true,
  exclude: true,
  renames: true,
  versionTable: true,
  historyTable: true,
  transactionPerRevision: true,
  lockTimeoutMs: true,
  template: true,
  shadowCache: true,
  shadowReplay: true,
};

const DIALECTS: readonly DialectName[] = ['postgres', 'pglite', 'mysql'];

export function defaultConfigFile(workspaceRoot: string, projectRoot: string): string {
  return join(workspaceRoot, projectRoot, 'migrations', 'mig.config.ts');
}

export async function loadProject(context: ProjectContext): Promise<Project> {
  const configFile = context.configFile
    ? resolve(context.workspaceRoot, context.configFile)
    : defaultConfigFile(context.workspaceRoot, context.projectRoot);
  if (!existsSync(configFile)) {
    throw new ConfigError('MIG_NO_CONFIG', `Project "${context.projectName}" has no migration environment: ${configFile} does not exist.`, {
      hint: `Run nx g mig:init --project=${context.projectName}.`,
    });
  }
  const cacheDir = cacheDirOf(context.workspaceRoot);
  const config = validateConfig(await importConfig(configFile, cacheDir), configFile);
  const migrationsDir = dirname(configFile);
  const at = (p: string) => (isAbsolute(p) ? p : join(migrationsDir, p));
  return {
    workspaceRoot: context.workspaceRoot,
    projectName: context.projectName,
    projectRoot: context.projectRoot,
    configFile,
    migrationsDir,
    versionDirs: (config.versions ?? ['versions']).map(at),
    templateFile: at(config.template ?? 'script.ts.ejs'),
    dialect: config.dialect ?? 'postgres',
    tables: { version: config.versionTable ?? 'mig_version', history: config.historyTable ?? 'mig_history' },
    lockTimeoutMs: config.lockTimeoutMs ?? 300_000,
    transactionPerRevision: config.transactionPerRevision ?? true,
    config,
    ...(cacheDir === undefined ? {} : { cacheDir }),
  };
}

async function importConfig(configFile: string, cacheDir: string | undefined): Promise<unknown> {
  try {
    const mod = loadTsModule(configFile, { standIns: { '@mig/core': lightCore }, cacheDir }) as { default?: unknown };
    return mod.default ?? mod;
  } catch (error) {
    if (error instanceof MigError) throw error;
    // The first line: the compiler's code frame stays in the cause (--verbose).
    throw new ConfigError('MIG_CONFIG', `Cannot load ${configFile}: ${String((error as Error).message).split('\n')[0]}`, {
      file: configFile,
      cause: error,
      hint: 'Fix the error in the config file; it must `export default defineConfig({...})`.',
    });
  }
}

function validateConfig(value: unknown, file: string): MigConfig {
  const fail = (what: string, hint: string): never => {
    throw new ConfigError('MIG_CONFIG', `${file}: ${what}`, { file, hint });
  };
  if (!value || typeof value !== 'object') fail('the default export is not an object.', 'export default defineConfig({ ... }).');
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!(key in KNOWN_KEYS)) fail(`unknown key "${key}".`, `Known keys: ${Object.keys(KNOWN_KEYS).join(', ')}.`);
  }
  if (config.dialect !== undefined && !DIALECTS.includes(config.dialect as DialectName)) {
    fail(`dialect must be one of ${DIALECTS.join(', ')}, got ${JSON.stringify(config.dialect)}.`, "Set dialect: 'postgres'.");
  }
  if (config.versions !== undefined && !(Array.isArray(config.versions) && config.versions.every((v) => typeof v === 'string'))) {
    fail('versions must be an array of folder names.', "versions: ['versions'].");
  }
  for (const key of ['versionTable', 'historyTable'] as const) {
    const v = config[key];
    if (v !== undefined && (typeof v !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(v))) {
      fail(`${key} must be a plain identifier (letters, digits, _).`, `${key}: 'mig_version'.`);
    }
  }
  if (config.shadowReplay !== undefined && config.shadowReplay !== 'auto' && config.shadowReplay !== 'database') {
    fail(`shadowReplay must be 'auto' or 'database', got ${JSON.stringify(config.shadowReplay)}.`, "shadowReplay: 'database'.");
  }
  if (config.lockTimeoutMs !== undefined && !(typeof config.lockTimeoutMs === 'number' && config.lockTimeoutMs >= 0)) {
    fail('lockTimeoutMs must be a number of milliseconds ≥ 0.', 'lockTimeoutMs: 300000.');
  }
  return config as MigConfig;
}
