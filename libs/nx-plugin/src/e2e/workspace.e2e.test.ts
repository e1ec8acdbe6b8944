/**
 * The packaged plugin in a fresh Nx workspace, as a user gets it: pack @mig/core and mig, write a
 * minimal workspace by hand (create-nx-workspace needs the network), `npm install` the tarballs,
 * then scaffold, write a revision and migrate the embedded PGlite and a real PostgreSQL through
 * `nx` itself. Slow (about a minute, mostly npm install); everything runs in a temp folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../core/src/testing/test-databases';

const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
const ROOT_PACKAGE = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const version = (name: string) => ROOT_PACKAGE.dependencies[name] ?? ROOT_PACKAGE.devDependencies[name];

let temp: string;
let ws: string;
let database: TestDatabase | undefined;

function write(path: string, content: string): void {
  mkdirSync(dirname(join(ws, path)), { recursive: true });
  writeFileSync(join(ws, path), content);
}

function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...cleanEnv(), ...env }, timeout: 240_000 });
  // Nx highlights some words even without a TTY; assertions read plain text.
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/\u001b\[[0-9;]*m/g, '');
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${output}`);
  return output;
}

/** No database settings leak in from the developer's shell: the first runs must pick the embedded PGlite. */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (key === 'DATABASE_URL' || key.startsWith('DB_') || key.startsWith('VITEST') || key.startsWith('NX_WORKSPACE') || key === 'FORCE_COLOR') delete env[key];
  return env;
}

const nx = (args: string[], env?: Record<string, string | undefined>) => run(process.execPath, [join(ws, 'node_modules/nx/dist/bin/nx.js'), ...args], ws, env);

/** The JSON an Nx command printed: one line (`nx show`), or a block between an executor's header and footer. */
function jsonOutput(output: string): unknown {
  const line = output.split('\n').find((text) => text.startsWith('{') && text.endsWith('}'));
  if (line) return JSON.parse(line);
  const start = output.search(/^\{$/m);
  const end = output.lastIndexOf('\n}');
  if (start < 0 || end < start) throw new Error(`no JSON in:\n${output}`);
  return JSON.parse(output.slice(start, end + 2));
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'mig-e2e-'));
  ws = join(temp, 'workspace');
  const packed = run(process.execPath, [join(WORKSPACE_ROOT, 'libs/nx-plugin/scripts/pack.mjs'), '--out', join(temp, 'packages'), '--allow-type-errors'], WORKSPACE_ROOT);
  const tarballs = JSON.parse(packed.split('\n').find((line) => line.startsWith('{"core"')) as string) as { core: string; mig: string };

  write('package.json', JSON.stringify({
    name: 'shop-workspace',
    private: true,
    dependencies: Object.fromEntries(['knex', 'objection', 'pg'].map((name) => [name, version(name)])),
    devDependencies: {
      '@mig/core': `file:${tarballs.core}`,
      mig: `file:${tarballs.mig}`,
      ...Object.fromEntries(['nx', '@nx/devkit', 'typescript', '@swc/core', '@electric-sql/pglite', 'knex-pglite'].map((name) => [name, version(name)])),
    },
  }, null, 2));
  write('nx.json', JSON.stringify({ neverConnectToCloud: true, analytics: false }, null, 2));
  write('apps/shop/project.json', JSON.stringify({ name: 'shop', projectType: 'application', sourceRoot: 'apps/shop/src' }, null, 2));
  write('apps/shop/src/models/item.ts', [
    "import { Model } from 'objection';",
    '',
    'export class Item extends Model {',
    "  static tableName = 'item';",
    '  id!: number;',
    '  name!: string;',
    '}',
    '',
  ].join('\n'));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], ws);
  database = await createTestDatabase('postgres', 'e2e');
}, 300_000);

afterAll(async () => {
  await database?.drop();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('the packed plugin in a fresh workspace', () => {
  it('scaffolds, writes a revision and migrates PGlite and PostgreSQL through nx', async () => {
    const dryRun = nx(['g', 'mig:init', '--project=shop', '--dry-run']);
    expect(dryRun).toContain('CREATE apps/shop/migrations/mig.config.ts');
    expect(readdirSync(join(ws, 'apps/shop'))).toEqual(['project.json', 'src']);

    const init = nx(['g', 'mig:init', '--project=shop']);
    expect(init).toContain('CREATE apps/shop/migrations/mig.config.ts');
    expect(init).toContain('CREATE apps/shop/migrations/script.ts.ejs');
    expect(JSON.parse(readFileSync(join(ws, 'nx.json'), 'utf8')).plugins).toEqual([{ plugin: 'mig', options: { targetPrefix: 'migrate-' } }]);
    expect(readFileSync(join(ws, '.gitignore'), 'utf8')).toContain('tmp/');
    expect(nx(['g', 'mig:init', '--project=shop'])).toContain('nothing to change');

    const targets = (jsonOutput(nx(['show', 'project', 'shop', '--json'])) as { targets: Record<string, { executor: string; cache: boolean }> }).targets;
    // Cached on the database's state, read by the packaged CLI (CACHING.md).
    expect(targets['migrate-up']).toMatchObject({
      executor: 'mig:up',
      cache: true,
      inputs: expect.arrayContaining([{ runtime: 'node node_modules/@mig/core/bin/mig.js state-key --project-root apps/shop --for up' }]),
    });
    expect(targets['migrate-status']).toMatchObject({ executor: 'mig:status', cache: false });
    expect(targets['migrate-heads']).toMatchObject({ executor: 'mig:heads', cache: true });

    expect(nx(['g', 'mig:revision', '--project=shop', '-m', 'add item'])).toMatch(/CREATE apps\/shop\/migrations\/versions\/[0-9a-f]{12}_add_item\.ts/);
    const versions = join(ws, 'apps/shop/migrations/versions');
    const [file] = readdirSync(versions).filter((name) => name.endsWith('.ts'));
    const revision = (file as string).slice(0, 12);
    const source = readFileSync(join(versions, file as string), 'utf8')
      .replace('  // TODO', "  await knex.schema.createTable('item', (t) => {\n    t.increments('id');\n    t.string('name', 80).notNullable();\n  });")
      .replace('  // TODO', "  await knex.schema.dropTable('item');");
    writeFileSync(join(versions, file as string), source);

    // No database configured: the embedded PGlite in tmp/mig/shop.
    expect(nx(['run', 'shop:migrate-up'])).toContain(`Applied 1 revision; now at ${revision}.`);
    const pglite = new PGlite(join(ws, 'tmp/mig/shop'));
    try {
      const tables = await pglite.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
      expect(tables.rows.map((row) => row.name)).toEqual(['item', 'mig_history', 'mig_version']);
    } finally {
      await pglite.close();
    }

    // The real PostgreSQL, through DATABASE_URL as an app would configure it.
    const env = { DATABASE_URL: database!.url };
    expect(nx(['run', 'shop:migrate-up'], env)).toContain(`Applied 1 revision; now at ${revision}.`);
    const pg = knexFactory({ client: 'pg', connection: database!.url, pool: { min: 0, max: 1 } });
    try {
      expect(await pg.schema.hasTable('item')).toBe(true);
      const key = run(process.execPath, [join(ws, 'node_modules/@mig/core/bin/mig.js'), 'state-key', '--project-root', 'apps/shop'], ws, env);
      expect(key).toContain(`heads: ${revision}\n`);
      expect(key).not.toContain('uncacheable');
      const status = jsonOutput(nx(['run', 'shop:migrate-status', '--json'], env));
      expect(status).toMatchObject({ current: [revision], heads: [revision], pending: [], upToDate: true });

      expect(nx(['run', 'shop:migrate-down', '--to=base'], env)).toContain(revision);
      expect(await pg.schema.hasTable('item')).toBe(false);
      expect(jsonOutput(nx(['run', 'shop:migrate-status', '--json'], env))).toMatchObject({ current: [], pending: [{ revision }], upToDate: false });
    } finally {
      await pg.destroy();
    }
  }, 300_000);
});
