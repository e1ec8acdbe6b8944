/**
 * Inferred `migrate-*` targets for every project with a `migrations/mig.config.ts` (Nx's
 * `createNodes`, the way @nx/vite infers `build` from vite.config.ts). Runs on every Nx command,
 * so it only reads the config's text: no TypeScript, no @mig/core, no database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import {
  createNodesFromFiles,
  detectPackageManager,
  getPackageManagerCommand,
  type CreateNodes,
  type CreateNodesContext,
  type CreateNodesResult,
  type TargetConfiguration,
} from '@nx/devkit';
import { readConfigText, type ConfigText } from '../config/read-config-text';
import { MIG_TARGETS, type MigTarget } from './targets';

export interface MigPluginOptions {
  /** Prefix of the inferred target names: `migrate-` gives `migrate-up`, `migrate-status`, … */
  targetPrefix?: string;
}

export const CONFIG_GLOB = '**/migrations/mig.config.ts';

export const createNodes: CreateNodes<MigPluginOptions> = [
  CONFIG_GLOB,
  (configFiles, options, context) => {
    const shared = { prefix: options?.targetPrefix ?? 'migrate-', exec: packageManagerExec(context.workspaceRoot), migBin: migBinPath(context.workspaceRoot) };
    return createNodesFromFiles((configFile, _options, ctx) => projectFor(configFile, shared, ctx), configFiles, options, context);
  },
];

/** Nx ≤ 21 looks for `createNodesV2`; newer Nx prefers `createNodes`. Same function. */
export const createNodesV2 = createNodes;

interface Shared {
  readonly prefix: string;
  /** `npx` / `pnpm exec` / `yarn`, for the `help` command Nx shows with each target. */
  readonly exec: string;
  /** @mig/core's CLI, relative to the workspace root (where Nx runs runtime inputs). */
  readonly migBin: string;
}

function projectFor(configFile: string, shared: Shared, context: CreateNodesContext): CreateNodesResult {
  const migrationsDir = posix.dirname(configFile);
  const projectRoot = owningProjectRoot(migrationsDir, context.workspaceRoot);
  if (projectRoot === undefined) return {};
  const config = readConfigText(readFileSync(join(context.workspaceRoot, configFile), 'utf8'));
  // The executors find `<root>/migrations/mig.config.ts` themselves; anything else is passed on.
  const configOption = migrationsDir === posix.join(projectRoot, 'migrations') ? {} : { config: configFile };
  const targets: Record<string, TargetConfiguration> = {};
  for (const target of MIG_TARGETS) targets[shared.prefix + target.verb] = targetFor(target, configOption, shared, projectRoot, configFile);
  return {
    projects: {
      [projectRoot]: {
        targets,
        namedInputs: { 'mig-revisions': revisionInputs(projectRoot, migrationsDir, config), 'mig-models': modelInputs(config) },
      },
    },
  };
}

function targetFor(target: MigTarget, options: object, shared: Shared, projectRoot: string, configFile: string): TargetConfiguration {
  return {
    executor: `mig:${target.verb}`,
    options,
    // A database is state Nx cannot hash, unless `mig state-key` reads it for Nx (CACHING.md).
    cache: !target.readsDatabase || target.stateKey === true,
    inputs: [
      ...(target.inputs ?? ['mig-revisions']),
      ...(target.readsDatabase ? DATABASE_INPUTS : []),
      ...(target.stateKey ? [stateKeyInput(target.verb, shared.migBin, projectRoot, configFile)] : []),
    ],
    ...(target.outputs ? { outputs: [...target.outputs] } : {}),
    ...(target.verb === 'up' || target.verb === 'check' ? { syncGenerators: ['mig:sync'] } : {}), // parallel heads get their merge revision first
    metadata: {
      technologies: ['mig'],
      description: target.description,
      help: { command: `${shared.exec} mig ${target.verb} --help`, example: target.example },
    },
  };
}

/** The migrations folder holds the config, the template and (by default) the version folders. */
function revisionInputs(projectRoot: string, migrationsDir: string, config: ConfigText): string[] {
  // Workspace-relative folders; one inside another adds nothing.
  const folders = [migrationsDir, ...(config.versions ?? []).map((dir) => posix.normalize(posix.join(migrationsDir, dir)))];
  const unique = [...new Set(folders)].filter((dir, _, all) => !all.some((other) => other !== dir && dir.startsWith(`${other}/`)));
  return unique
    .filter((dir) => !dir.startsWith('../')) // outside the workspace: Nx cannot hash it
    .map((dir) => {
      if (projectRoot === '.') return `{projectRoot}/${dir}/**/*`;
      return dir.startsWith(`${projectRoot}/`) ? `{projectRoot}/${dir.slice(projectRoot.length + 1)}/**/*` : `{workspaceRoot}/${dir}/**/*`;
    });
}

/** What picks the database: the URL variables and the `.env` files mig reads them from. */
const DATABASE_INPUTS: NonNullable<TargetConfiguration['inputs']> = [
  '{workspaceRoot}/.env',
  '{projectRoot}/.env',
  ...['DATABASE_URL', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER'].map((env) => ({ env })),
];

/**
 * `node <@mig/core>/bin/mig.js state-key …`: Nx runs it from the workspace root while it hashes the
 * task and hashes what it prints. Tokens like {projectRoot} are not replaced in runtime inputs, so
 * the paths are written out. `--config` names the config for a project whose migrations folder is
 * not `<root>/migrations`, as the executors are told.
 */
function stateKeyInput(verb: string, migBin: string, projectRoot: string, configFile: string): { runtime: string } {
  const conventional = configFile === posix.join(projectRoot === '.' ? '' : projectRoot, 'migrations/mig.config.ts');
  const where = conventional ? `--project-root ${shellQuote(projectRoot)}` : `--config ${shellQuote(configFile)}`;
  return { runtime: `node ${shellQuote(migBin)} state-key ${where} --for ${verb}` };
}

function shellQuote(path: string): string {
  return /^[\w./@-]+$/.test(path) ? path : `"${path.replace(/(["\\$`])/g, '\\$1')}"`;
}

/**
 * Where @mig/core is installed, relative to the workspace root so the command (part of the hash)
 * is the same on every machine: `node_modules/@mig/core` (also when it is a workspace link), else
 * wherever Node resolves it inside the workspace (nested installs).
 */
function migBinPath(workspaceRoot: string): string {
  const usual = 'node_modules/@mig/core/bin/mig.js';
  if (existsSync(join(workspaceRoot, usual))) return usual;
  try {
    const pkg = require.resolve('@mig/core/package.json', { paths: [workspaceRoot] });
    const path = relative(workspaceRoot, join(pkg, '..', 'bin', 'mig.js')).split(sep).join('/');
    return path.startsWith('../') ? usual : path;
  } catch {
    return usual;
  }
}

/**
 * For the targets that read the models (migrate-check, autogenerate): the `models` globs of the
 * config, else every project file; and the knexfiles the reader takes the naming from.
 */
function modelInputs(config: ConfigText): string[] {
  const globs = config.models?.map((glob) => `{projectRoot}/${glob.replace(/^\.\//, '')}`);
  // `^production` (what the models import from other projects) cannot sit in a named input:
  // Nx only lets those name inputs of the same project. The targets list it next to this one.
  // The model reader also reads `knexSnakeCaseMappers` from a knexfile in the project or workspace root.
  return [...(globs && globs.length > 0 ? globs : ['default']), ...KNEXFILE_INPUTS];
}

const KNEXFILE_INPUTS = ['{projectRoot}/knexfile.*', '{workspaceRoot}/knexfile.*'];

/**
 * The nearest folder above the migrations folder that is a project (has project.json or
 * package.json): `apps/api` for `apps/api/db/migrations`. The workspace root only owns a top-level
 * `migrations/`; a stray `tools/x/migrations` must not give the root project migrate targets.
 */
function owningProjectRoot(migrationsDir: string, workspaceRoot: string): string | undefined {
  const isProject = (dir: string) => existsSync(join(workspaceRoot, dir, 'project.json')) || existsSync(join(workspaceRoot, dir, 'package.json'));
  for (let dir = posix.dirname(migrationsDir); dir !== '.'; dir = posix.dirname(dir)) {
    if (isProject(dir)) return dir;
  }
  return migrationsDir === 'migrations' && isProject('.') ? '.' : undefined;
}

function packageManagerExec(workspaceRoot: string): string {
  try {
    return getPackageManagerCommand(detectPackageManager(workspaceRoot)).exec;
  } catch {
    return 'npx';
  }
}
