import { addProjectConfiguration, logger, readJson, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readRevisionTemplate } from '@mig/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import initGenerator from './generator';

let tree: Tree;

beforeEach(() => {
  tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  addProjectConfiguration(tree, 'api', { root: 'apps/api', sourceRoot: 'apps/api/src' });
});

const read = (path: string) => tree.read(path, 'utf-8');
const changes = () => JSON.stringify(tree.listChanges().map((change) => [change.path, change.type, change.content?.toString()]));

describe('mig:init with a project', () => {
  it('writes the config, the user-owned template, an empty versions folder and a README', async () => {
    await initGenerator(tree, { project: 'api' });
    const config = read('apps/api/migrations/mig.config.ts');
    expect(config).toContain("import { defineConfig } from '@mig/core';");
    expect(config).toContain("dialect: 'postgres',");
    expect(config).toContain("models: 'src/models/**/*.ts',");
    expect(config).toContain("versions: ['versions'],");
    expect(config).not.toContain('identifierMapping');
    expect(read('apps/api/migrations/script.ts.ejs')).toBe(readRevisionTemplate());
    expect(tree.exists('apps/api/migrations/versions/.gitkeep')).toBe(true);
    expect(read('apps/api/migrations/README.md')).toContain('nx run api:migrate-up');
  });

  it('maps --naming=snakeCase to knexSnakeCaseMappers and honours --models and --dialect', async () => {
    await initGenerator(tree, { project: 'api', naming: 'snakeCase', models: 'src/db/*.model.ts', dialect: 'mysql' });
    const config = read('apps/api/migrations/mig.config.ts');
    expect(config).toContain("identifierMapping: 'knexSnakeCaseMappers',");
    expect(config).toContain("models: 'src/db/*.model.ts',");
    expect(config).toContain("dialect: 'mysql',");
    expect(read('apps/api/migrations/README.md')).not.toContain('PGlite');
  });

  it('writes into --directory when it is a migrations folder deeper in the project', async () => {
    await initGenerator(tree, { project: 'api', directory: 'db/migrations' });
    expect(tree.exists('apps/api/db/migrations/mig.config.ts')).toBe(true);
    expect(tree.exists('apps/api/migrations')).toBe(false);
  });

  it('registers the plugin in nx.json once', async () => {
    await initGenerator(tree, { project: 'api' });
    addProjectConfiguration(tree, 'admin', { root: 'apps/admin' });
    await initGenerator(tree, { project: 'admin' });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'mig', options: { targetPrefix: 'migrate-' } }]);
  });

  it('uses the target prefix nx.json already sets in the README', async () => {
    const nxJson = readNxJson(tree)!;
    tree.write('nx.json', JSON.stringify({ ...nxJson, plugins: [{ plugin: 'mig', options: { targetPrefix: 'db-' } }] }));
    await initGenerator(tree, { project: 'api' });
    expect(read('apps/api/migrations/README.md')).toContain('nx run api:db-up');
    expect(readNxJson(tree)?.plugins).toHaveLength(1);
  });

  it('adds knex, objection and the driver for each dialect, and @mig/core for the config', async () => {
    await initGenerator(tree, { project: 'api', dialect: 'postgres' });
    const pkg = readJson(tree, 'package.json');
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['knex', 'objection', 'pg']));
    expect(pkg.dependencies.mysql2).toBeUndefined();
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['@mig/core', '@electric-sql/pglite', 'knex-pglite']));

    const mysql = createTreeWithEmptyWorkspace({ formatter: 'none' });
    await initGenerator(mysql, { dialect: 'mysql' });
    const mysqlPkg = readJson(mysql, 'package.json');
    expect(mysqlPkg.dependencies).toMatchObject({ mysql2: expect.any(String), knex: expect.any(String) });
    expect(mysqlPkg.devDependencies['@electric-sql/pglite']).toBeUndefined();

    const pglite = createTreeWithEmptyWorkspace({ formatter: 'none' });
    await initGenerator(pglite, { dialect: 'pglite' });
    expect(readJson(pglite, 'package.json').dependencies).toMatchObject({ '@electric-sql/pglite': expect.any(String), 'knex-pglite': expect.any(String) });
  });

  it('keeps versions the workspace already has', async () => {
    const pkg = readJson(tree, 'package.json');
    tree.write('package.json', JSON.stringify({ ...pkg, dependencies: { knex: '2.5.1' }, devDependencies: { '@mig/core': 'file:../mig-core-0.1.0.tgz' } }));
    await initGenerator(tree, { project: 'api' });
    expect(readJson(tree, 'package.json').dependencies.knex).toBe('2.5.1');
    expect(readJson(tree, 'package.json').devDependencies['@mig/core']).toBe('file:../mig-core-0.1.0.tgz');
  });

  it('does not add @mig/core where it is a project of the workspace (mig\'s own repository)', async () => {
    addProjectConfiguration(tree, 'core', { root: 'libs/core' });
    tree.write('libs/core/package.json', JSON.stringify({ name: '@mig/core', version: '0.1.0' }));
    await initGenerator(tree, { project: 'api' });
    expect(readJson(tree, 'package.json').devDependencies['@mig/core']).toBeUndefined();
  });

  it('skips package.json with --skipPackageJson', async () => {
    await initGenerator(tree, { project: 'api', skipPackageJson: true });
    expect(readJson(tree, 'package.json').dependencies?.knex).toBeUndefined();
  });

  it('adds tmp/ to .gitignore once', async () => {
    tree.write('.gitignore', 'node_modules');
    await initGenerator(tree, { project: 'api' });
    await initGenerator(tree, { project: 'api' });
    expect(read('.gitignore')?.match(/^tmp\/$/gm)).toHaveLength(1);
    expect(read('.gitignore')).toMatch(/^node_modules\n/);
  });

  it('changes nothing the second time and says so', async () => {
    await initGenerator(tree, { project: 'api' });
    const before = changes();
    const info = vi.spyOn(logger, 'info');
    await initGenerator(tree, { project: 'api' });
    expect(changes()).toBe(before);
    expect(info).toHaveBeenCalledWith(expect.stringContaining('already has its migrations in apps/api/migrations; nothing to change'));
    info.mockRestore();
  });
});

describe('mig:init without a project (as nx add runs it)', () => {
  it('sets up the workspace only', async () => {
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'mig', options: { targetPrefix: 'migrate-' } }]);
    expect(tree.exists('apps/api/migrations')).toBe(false);
    expect(read('.gitignore')).toContain('tmp/');
  });
});

describe('mig:init errors', () => {
  it('names the projects when the project is unknown', async () => {
    await expect(initGenerator(tree, { project: 'shop' })).rejects.toMatchObject({
      code: 'MIG_BAD_OPTION',
      message: expect.stringMatching(/no project named "shop"[\s\S]*fix: pass --project=<one of: api>/),
    });
  });

  it('refuses a project whose migrations folder holds files that are not mig', async () => {
    tree.write('apps/api/migrations/20240101_create_users.js', 'exports.up = () => {};');
    await expect(initGenerator(tree, { project: 'api' })).rejects.toMatchObject({
      code: 'MIG_CONFIG',
      message: expect.stringContaining('already has migrations that are not mig'),
    });
  });

  it('refuses to change the dialect of existing migrations', async () => {
    await initGenerator(tree, { project: 'api', dialect: 'postgres' });
    await expect(initGenerator(tree, { project: 'api', dialect: 'mysql' })).rejects.toMatchObject({
      code: 'MIG_CONFIG',
      message: expect.stringContaining('already has migrations (apps/api/migrations/mig.config.ts) for dialect postgres'),
    });
  });

  it('refuses a second migrations folder in a project that has one', async () => {
    await initGenerator(tree, { project: 'api', directory: 'db/migrations' });
    await expect(initGenerator(tree, { project: 'api' })).rejects.toMatchObject({
      code: 'MIG_CONFIG',
      message: expect.stringMatching(/already has migrations in apps\/api\/db\/migrations[\s\S]*--directory=db\/migrations/),
    });
    await initGenerator(tree, { project: 'api', directory: 'db/migrations' });
  });

  it('refuses a bad dialect, naming and directory', async () => {
    await expect(initGenerator(tree, { project: 'api', dialect: 'sqlite' as never })).rejects.toMatchObject({ message: expect.stringContaining('--dialect=sqlite') });
    await expect(initGenerator(tree, { project: 'api', naming: 'camel' as never })).rejects.toMatchObject({ code: 'MIG_BAD_OPTION' });
    await expect(initGenerator(tree, { project: 'api', directory: 'db' })).rejects.toMatchObject({ message: expect.stringContaining('must be a folder named `migrations`') });
    await expect(initGenerator(tree, { project: 'api', directory: '../migrations' })).rejects.toMatchObject({ code: 'MIG_BAD_OPTION' });
    expect(tree.exists('apps/api/migrations')).toBe(false);
  });
});
