/**
 * `nx g mig:init [--project=api]`: registers the plugin in nx.json, adds the runtime dependencies,
 * ignores `tmp/` (the embedded databases) and, with a project, scaffolds its migrations folder.
 * Idempotent: what is already there is left alone, and a run that changes nothing says so.
 */
import { join } from 'node:path';
import {
  addDependenciesToPackageJson,
  formatFiles,
  generateFiles,
  getProjects,
  joinPathFragments,
  logger,
  readJson,
  readNxJson,
  updateNxJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { ConfigError, readRevisionTemplate } from '@mig/core';
import { readConfigText } from '../../config/read-config-text';
import { RUNTIME_VERSIONS, migVersion } from '../../versions';
import { reportingMigErrors } from '../shared/generator-error';
import { findMigrationsDir, requireProject } from '../shared/tree-project';
import type { Dialect, InitGeneratorSchema } from './schema';

const DIALECTS: readonly Dialect[] = ['postgres', 'mysql', 'pglite'];
const NAMING = { none: 'none', snakeCase: 'knexSnakeCaseMappers' } as const;
const DEFAULT_PREFIX = 'migrate-';

export default async function initGenerator(tree: Tree, options: InitGeneratorSchema): Promise<GeneratorCallback> {
  return reportingMigErrors(async () => {
    const before = changesOf(tree);
    const dialect = checkedOptions(options);
    const prefix = registerPlugin(tree);
    const scaffold = options.project === undefined ? undefined : scaffoldProject(tree, options.project, { ...options, dialect, prefix, explicitDialect: options.dialect !== undefined });
    ignoreTmp(tree);
    const install = options.skipPackageJson ? () => {} : addDependencies(tree, scaffold?.dialect ?? dialect);
    if (!options.skipFormat) await formatFiles(tree);
    report(options.project, scaffold, changesOf(tree) !== before);
    return install;
  });
}

function checkedOptions(options: InitGeneratorSchema): Dialect {
  const dialect = options.dialect ?? 'postgres';
  if (!DIALECTS.includes(dialect)) {
    throw new ConfigError('MIG_BAD_OPTION', `--dialect=${String(dialect)} is not a dialect mig supports.`, { hint: `pass --dialect=${DIALECTS.join(' | ')}` });
  }
  if (options.naming !== undefined && !(options.naming in NAMING)) {
    throw new ConfigError('MIG_BAD_OPTION', `--naming=${String(options.naming)} is not a naming mig knows.`, { hint: 'pass --naming=none or --naming=snakeCase, or leave it out to detect it' });
  }
  const directory = options.directory ?? 'migrations';
  const segments = directory.replace(/\\/g, '/').replace(/\/+$/, '').split('/');
  if (directory.startsWith('/') || /^[A-Za-z]:/.test(directory) || segments.includes('..') || segments[segments.length - 1] !== 'migrations') {
    throw new ConfigError('MIG_BAD_OPTION', `--directory=${directory} must be a folder named \`migrations\` inside the project (Nx infers the targets from **/migrations/mig.config.ts).`, {
      hint: 'pass --directory=migrations (the default) or e.g. --directory=db/migrations',
    });
  }
  return dialect;
}

interface Scaffold {
  readonly migrationsDir: string;
  /** false when the project had its migration environment already. */
  readonly created: boolean;
  readonly dialect: Dialect;
}

function scaffoldProject(tree: Tree, projectName: string, options: InitGeneratorSchema & { dialect: Dialect; prefix: string; explicitDialect: boolean }): Scaffold {
  const { dialect } = options;
  const { root } = requireProject(tree, projectName);
  const migrationsDir = joinPathFragments(root, options.directory ?? 'migrations');
  const configFile = joinPathFragments(migrationsDir, 'mig.config.ts');
  const elsewhere = findMigrationsDir(tree, root);
  if (elsewhere !== undefined && elsewhere !== migrationsDir) {
    throw new ConfigError('MIG_CONFIG', `Project "${projectName}" already has migrations in ${elsewhere}; mig:init would start a second set in ${migrationsDir}.`, {
      hint: `keep using ${elsewhere} (pass --directory=${elsewhere.slice(root === '.' ? 0 : root.length + 1)} to repeat the setup)`,
    });
  }
  const existing = tree.read(configFile, 'utf-8');
  if (existing !== null) {
    const existingDialect = (readConfigText(existing).dialect ?? 'postgres') as Dialect;
    if (options.explicitDialect && dialect !== existingDialect) {
      throw new ConfigError('MIG_CONFIG', `Project "${projectName}" already has migrations (${configFile}) for dialect ${existingDialect}; mig:init does not rewrite them.`, {
        file: configFile,
        hint: `change \`dialect\` in ${configFile} yourself, or run mig:init without --dialect`,
      });
    }
    return { migrationsDir, created: false, dialect: existingDialect };
  }
  const others = tree.exists(migrationsDir) ? tree.children(migrationsDir) : [];
  if (others.length > 0) {
    throw new ConfigError('MIG_CONFIG', `Project "${projectName}" already has migrations that are not mig's: ${migrationsDir} holds ${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''} and no mig.config.ts.`, {
      hint: `move them away (mig does not run other tools' migrations), or pass --directory=<another folder>/migrations`,
    });
  }
  generateFiles(tree, join(__dirname, 'files'), migrationsDir, {
    tmpl: '',
    project: projectName,
    dialect,
    models: options.models ?? 'src/models/**/*.ts',
    identifierMapping: options.naming === undefined ? '' : NAMING[options.naming],
    prefix: options.prefix,
  });
  // The user owns this copy: new revisions are rendered from it, not from the one mig ships.
  tree.write(joinPathFragments(migrationsDir, 'script.ts.ejs'), readRevisionTemplate());
  tree.write(joinPathFragments(migrationsDir, 'versions', '.gitkeep'), '');
  return { migrationsDir, created: true, dialect };
}

/** Adds `mig` to nx.json `plugins` unless it is there (as a string or `{ plugin: 'mig' }`); returns the target prefix. */
function registerPlugin(tree: Tree): string {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const existing = plugins.find((entry) => (typeof entry === 'string' ? entry : entry.plugin) === 'mig');
  if (existing !== undefined) {
    const options = typeof existing === 'string' ? undefined : (existing.options as { targetPrefix?: string } | undefined);
    return options?.targetPrefix ?? DEFAULT_PREFIX;
  }
  updateNxJson(tree, { ...nxJson, plugins: [...plugins, { plugin: 'mig', options: { targetPrefix: DEFAULT_PREFIX } }] });
  return DEFAULT_PREFIX;
}

/** The embedded PGlite databases live in `tmp/mig/<project>`: never commit them. */
function ignoreTmp(tree: Tree): void {
  const current = tree.read('.gitignore', 'utf-8') ?? '';
  if (/^\/?tmp\/?$/m.test(current)) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  tree.write('.gitignore', `${current}${separator}\n# mig: embedded PGlite databases (tmp/mig/<project>)\ntmp/\n`);
}

function addDependencies(tree: Tree, dialect: Dialect): GeneratorCallback {
  const { knex, objection, pg, mysql2 } = RUNTIME_VERSIONS;
  const embedded = { '@electric-sql/pglite': RUNTIME_VERSIONS['@electric-sql/pglite'], 'knex-pglite': RUNTIME_VERSIONS['knex-pglite'] };
  const dependencies = { knex, objection, ...(dialect === 'postgres' ? { pg } : dialect === 'mysql' ? { mysql2 } : embedded) };
  // PostgreSQL projects fall back to the embedded PGlite when no database is configured (dev, tests).
  // mig's own repository (or a vendored copy) has @mig/core as a workspace project already.
  const devDependencies: Record<string, string> = dialect === 'postgres' ? { ...embedded } : {};
  if (!isWorkspaceProject(tree, '@mig/core')) devDependencies['@mig/core'] = migVersion();
  // keepExistingVersions: a workspace that pinned knex (or installed @mig/core from a tarball) keeps it.
  return addDependenciesToPackageJson(tree, dependencies, devDependencies, 'package.json', true);
}

function isWorkspaceProject(tree: Tree, packageName: string): boolean {
  return [...getProjects(tree).values()].some((project) => {
    const file = joinPathFragments(project.root, 'package.json');
    return tree.exists(file) && readJson<{ name?: string }>(tree, file).name === packageName;
  });
}

/** The Tree's pending changes, to tell whether this run added any (a Tree may carry earlier ones). */
function changesOf(tree: Tree): string {
  return JSON.stringify(tree.listChanges().map((change) => [change.path, change.type, change.content?.toString('base64')]));
}

function report(project: string | undefined, scaffold: Scaffold | undefined, changed: boolean): void {
  if (scaffold && !scaffold.created) {
    logger.info(`mig: project "${project}" already has its migrations in ${scaffold.migrationsDir}; ${changed ? 'completed the workspace setup only' : 'nothing to change'}.`);
  } else if (!changed) {
    logger.info('mig: the workspace is already set up; nothing to change.');
  } else if (!project) {
    logger.info('mig: workspace set up. Scaffold a project with: nx g mig:init --project=<app>');
  }
}
