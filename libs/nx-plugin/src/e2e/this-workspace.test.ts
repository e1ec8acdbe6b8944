/**
 * The plugin as this repository uses it (nx.json registers `mig` from source): the api app's
 * targets are inferred, not hand-written, and `mig:init --dry-run` on it touches nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../../..');

function nx(...args: string[]): string {
  const env = { ...process.env, NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1', FORCE_COLOR: undefined };
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/nx/dist/bin/nx.js'), ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 120_000 });
  if (result.status !== 0) throw new Error(`nx ${args.join(' ')} exited with ${result.status}:\n${result.stdout}${result.stderr}`);
  return `${result.stdout}${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
}

/** A digest of every file under `paths`, to prove a command wrote nothing. */
function digest(paths: string[]): string {
  const hash = createHash('sha256');
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    else hash.update(path).update(readFileSync(path));
  };
  for (const path of paths) visit(join(ROOT, path));
  return hash.digest('hex');
}

describe('this workspace', () => {
  it('shows the inferred migrate-* targets of api, with their inputs', () => {
    const project = JSON.parse(nx('show', 'project', 'api', '--json').trim().split('\n').pop() as string);
    expect(JSON.parse(readFileSync(join(ROOT, 'apps/api/project.json'), 'utf8')).targets).toBeUndefined();
    expect(project.targets['migrate-up']).toMatchObject({
      executor: 'mig:up',
      cache: true,
      inputs: expect.arrayContaining(['mig-revisions', { env: 'DATABASE_URL' }, { runtime: 'node node_modules/@mig/core/bin/mig.js state-key --project-root apps/api --for up' }]),
    });
    expect(project.targets['migrate-status']).toMatchObject({ executor: 'mig:status', cache: false });
    expect(project.targets['migrate-heads']).toMatchObject({ executor: 'mig:heads', cache: true, inputs: ['mig-revisions'] });
    expect(project.targets['migrate-show'].metadata.description).toContain('One revision in full');
    expect(project.namedInputs['mig-revisions']).toEqual(['{projectRoot}/migrations/**/*']);
    expect(project.namedInputs['mig-models']).toEqual(['{projectRoot}/src/models/**/*.ts', '{projectRoot}/knexfile.*', '{workspaceRoot}/knexfile.*']);
    expect(project.targets['migrate-check'].inputs).toEqual(['mig-revisions', 'mig-models', '^production']);
  });

  it('writes nothing for mig:init --project=api --dry-run', () => {
    const watched = ['apps/api', 'nx.json', 'package.json', '.gitignore'];
    const before = digest(watched);
    const output = nx('g', 'mig:init', '--project=api', '--dry-run');
    expect(output).toContain('already has its migrations in apps/api/migrations');
    expect(output).not.toMatch(/^(CREATE|UPDATE|DELETE) /m);
    expect(digest(watched)).toBe(before);
  });
});
