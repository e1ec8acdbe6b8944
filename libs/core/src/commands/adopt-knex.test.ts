import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../config/load-project';
import { createFixtureProject, type FixtureProject } from '../testing/fixture-project';
import { locateKnexMigrations } from './adopt-knex';

let project: FixtureProject;
afterEach(() => project?.remove());

function setUp(files: Record<string, string>) {
  project = createFixtureProject([], 'shop');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(project.projectDir, path)), { recursive: true });
    writeFileSync(join(project.projectDir, path), content);
  }
  return loadProject(project.context);
}

describe('locateKnexMigrations', () => {
  it('defaults to <project>/migrations, leaving out mig.config.ts, the template and other files', async () => {
    const loaded = await setUp({
      'migrations/20240101_init.js': '',
      'migrations/20240102_more.ts': '',
      'migrations/script.ts.ejs': '',
      'migrations/README.md': '',
    });
    const found = locateKnexMigrations(loaded, undefined, {});
    expect(found).toMatchObject({ from: 'default', tableName: 'knex_migrations', files: ['20240101_init.js', '20240102_more.ts'] });
    expect(found.directories).toEqual([join(project.projectDir, 'migrations')]);
  });

  it("reads the knexfile's environment (NODE_ENV, else development): folder, table name and extensions", async () => {
    const loaded = await setUp({
      'knexfile.js': `module.exports = {
  development: { client: 'pg', migrations: { directory: 'db/dev' } },
  production: { client: 'pg', migrations: { directory: ['db/a', 'db/b'], tableName: 'schema_history', loadExtensions: ['.cjs'] } },
};\n`,
      'db/dev/1_x.js': '',
      'db/a/1_a.cjs': '',
      'db/a/1_a.js': '',
      'db/b/2_b.cjs': '',
    });
    expect(locateKnexMigrations(loaded, undefined, {})).toMatchObject({ from: 'knexfile', knexfile: 'apps/shop/knexfile.js', files: ['1_x.js'] });
    expect(locateKnexMigrations(loaded, undefined, { NODE_ENV: 'production' })).toMatchObject({ tableName: 'schema_history', files: ['1_a.cjs', '2_b.cjs'] });
  });

  it('takes --knex-dir over the knexfile, relative to the project root, and refuses a folder that is not there', async () => {
    const loaded = await setUp({ 'knexfile.js': 'module.exports = { client: "pg" };\n', 'legacy/1_x.js': '' });
    expect(locateKnexMigrations(loaded, 'legacy', {})).toMatchObject({ from: 'option', files: ['1_x.js'] });
    // The knexfile names no folder: knex's default ./migrations next to it (here mig's folder, its own files left out).
    expect(locateKnexMigrations(loaded, undefined, {}).directories).toEqual([join(project.projectDir, 'migrations')]);
    expect(() => locateKnexMigrations(loaded, 'nope', {})).toThrow(expect.objectContaining({ code: 'MIG_ADOPT_NO_KNEX_DIR', hint: expect.stringContaining('--knex-dir') }));
  });

  it('says which knexfile cannot be loaded, and how to go on', async () => {
    const loaded = await setUp({ 'knexfile.js': 'throw new Error("needs secrets");\n' });
    expect(() => locateKnexMigrations(loaded, undefined, {})).toThrow(expect.objectContaining({ code: 'MIG_ADOPT_KNEXFILE', message: expect.stringContaining('apps/shop/knexfile.js') }));
  });
});
