import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CreateNodesContext, ProjectConfiguration } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodes, createNodesV2, type MigPluginOptions } from './plugin';

const CONFIG = `import { defineConfig } from '@mig/core';\nexport default defineConfig({ dialect: 'postgres', models: 'src/models/**/*.ts', versions: ['versions'] });\n`;
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mig-plugin-'));
  write('package.json', '{ "name": "ws", "private": true }');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

function project(path: string, config = CONFIG, migrations = 'migrations'): string {
  write(`${path}/project.json`, JSON.stringify({ name: path.split('/').pop() }));
  write(`${path}/${migrations}/mig.config.ts`, config);
  return `${path}/${migrations}/mig.config.ts`;
}

async function infer(files: string[], options: MigPluginOptions = {}): Promise<Record<string, Partial<ProjectConfiguration>>> {
  const context: CreateNodesContext = { workspaceRoot: root, nxJsonConfiguration: {} };
  const results = await createNodes[1](files, options, context);
  return Object.assign({}, ...results.map(([, result]) => result.projects ?? {}));
}

describe('createNodes', () => {
  it('matches migrations/mig.config.ts anywhere, and is exported under both names', () => {
    expect(createNodes[0]).toBe('**/migrations/mig.config.ts');
    expect(createNodesV2).toBe(createNodes);
  });

  it('infers every migrate-* target on the owning project', async () => {
    const projects = await infer([project('apps/api')]);
    const targets = projects['apps/api']?.targets ?? {};
    expect(Object.keys(targets)).toEqual([
      'migrate-up',
      'migrate-down',
      'migrate-stamp',
      'migrate-status',
      'migrate-current',
      'migrate-history',
      'migrate-heads',
      'migrate-branches',
      'migrate-show',
      'migrate-check',
      'migrate-sql',
      'migrate-test',
    ]);
    expect(targets['migrate-up']).toMatchObject({ executor: 'mig:up', options: {}, metadata: { technologies: ['mig'], description: expect.stringContaining('Upgrade') } });
    expect(targets['migrate-show']?.metadata?.help).toEqual({ command: 'npx mig show --help', example: { options: { rev: 'head' } } });
  });

  it('never caches the database reads, caches up/down/stamp on the database state, and the file reads on the files', async () => {
    const targets = (await infer([project('apps/api')]))['apps/api']?.targets ?? {};
    for (const name of ['status', 'current', 'history']) expect(targets[`migrate-${name}`]?.cache).toBe(false);
    for (const name of ['heads', 'branches', 'show']) {
      expect(targets[`migrate-${name}`]).toMatchObject({ cache: true, inputs: ['mig-revisions'] });
    }
    const connection = ['{workspaceRoot}/.env', '{projectRoot}/.env', { env: 'DATABASE_URL' }, { env: 'DB_HOST' }, { env: 'DB_PORT' }, { env: 'DB_NAME' }, { env: 'DB_USER' }];
    expect(targets['migrate-status']?.inputs).toEqual(['mig-revisions', ...connection]);
    for (const name of ['up', 'down', 'stamp']) {
      expect(targets[`migrate-${name}`]?.cache).toBe(true);
      // No @mig/core in this temp workspace: the usual install location.
      expect(targets[`migrate-${name}`]?.inputs).toEqual([
        'mig-revisions',
        ...connection,
        { runtime: `node node_modules/@mig/core/bin/mig.js state-key --project-root apps/api --for ${name}` },
      ]);
    }
    expect(targets['migrate-sql']?.inputs).toEqual(['mig-revisions', 'mig-models', '^production']);
    expect(targets['migrate-test']?.inputs).toEqual(['mig-revisions', '^production']);
  });

  it('names the config in the state-key input when the migrations folder is elsewhere, and quotes odd paths', async () => {
    const targets = (await infer([project('apps/my api', CONFIG, 'db/migrations')]))['apps/my api']?.targets ?? {};
    expect(targets['migrate-up']?.inputs).toContainEqual({ runtime: 'node node_modules/@mig/core/bin/mig.js state-key --config "apps/my api/db/migrations/mig.config.ts" --for up' });
  });

  it('runs the state key with the @mig/core the workspace has installed', async () => {
    write('node_modules/@mig/core/package.json', '{ "name": "@mig/core" }');
    write('node_modules/@mig/core/bin/mig.js', '');
    write('migrations/mig.config.ts', CONFIG);
    const targets = (await infer(['migrations/mig.config.ts']))['.']?.targets ?? {};
    expect(targets['migrate-down']?.inputs).toContainEqual({ runtime: 'node node_modules/@mig/core/bin/mig.js state-key --project-root . --for down' });
  });

  it('defines the revision inputs from the migrations folder and the model inputs from the config', async () => {
    const projects = await infer([project('apps/api', `export default { models: ['src/models/*.ts', './src/db/*.model.ts'], versions: ['versions', '../../../db/shared', '../../../../outside'] };`)]);
    expect(projects['apps/api']?.namedInputs).toEqual({
      'mig-revisions': ['{projectRoot}/migrations/**/*', '{workspaceRoot}/db/shared/**/*'],
      'mig-models': ['{projectRoot}/src/models/*.ts', '{projectRoot}/src/db/*.model.ts', '{projectRoot}/knexfile.*', '{workspaceRoot}/knexfile.*'],
    });
  });

  it('falls back to every project file when the models are computed', async () => {
    const projects = await infer([project('apps/api', 'const models = ["x"];\nexport default { models };')]);
    expect(projects['apps/api']?.namedInputs?.['mig-models']).toEqual(['default', '{projectRoot}/knexfile.*', '{workspaceRoot}/knexfile.*']);
  });

  it('makes migrate-check depend on the models and what they import from other projects', async () => {
    const targets = (await infer([project('apps/api', "export default { models: 'src/models/**/*.ts' };")]))['apps/api']?.targets ?? {};
    expect(targets['migrate-check']?.inputs).toEqual(['mig-revisions', 'mig-models', '^production']);
    expect(targets['migrate-check']?.cache).toBe(true);
    expect(targets['migrate-sql']?.outputs).toEqual(['{workspaceRoot}/dist/migrations/{projectName}']);
  });

  it('uses the targetPrefix option', async () => {
    const targets = (await infer([project('apps/api')], { targetPrefix: 'db:' }))['apps/api']?.targets ?? {};
    expect(Object.keys(targets)).toContain('db:up');
    expect(Object.keys(targets)).not.toContain('migrate-up');
  });

  it('finds the project above a deeper migrations folder and passes the config on', async () => {
    const file = project('apps/api', CONFIG, 'db/migrations');
    const targets = (await infer([file]))['apps/api']?.targets ?? {};
    expect(targets['migrate-up']?.options).toEqual({ config: 'apps/api/db/migrations/mig.config.ts' });
  });

  it('ignores a migrations folder that belongs to no project', async () => {
    write('tools/scratch/migrations/mig.config.ts', CONFIG);
    expect(await infer(['tools/scratch/migrations/mig.config.ts'])).toEqual({});
  });

  it('gives the root project targets for a top-level migrations folder', async () => {
    write('migrations/mig.config.ts', CONFIG);
    expect(Object.keys((await infer(['migrations/mig.config.ts']))['.']?.targets ?? {})).toContain('migrate-up');
  });

  it('infers 50 projects', async () => {
    const files = Array.from({ length: 50 }, (_, i) => project(`apps/app${i}`));
    const projects = await infer(files);
    expect(Object.keys(projects)).toHaveLength(50);
    expect(Object.values(projects).every((p) => Object.keys(p.targets ?? {}).length === 12)).toBe(true);
  });
});
