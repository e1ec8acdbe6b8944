/**
 * `nx affected` on this workspace's apps: a copy of the workspace (its files as git sees them,
 * node_modules linked) in a temporary git repository, one commit per change, and
 * `nx show projects --affected -t migrate-check` against the commit before. Nx finds that api and
 * billing import `shared-models` from their model files (TypeScript import analysis, through the
 * tsconfig.base.json path alias), so a change there affects both apps.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { copyWorkspace } from './copy-workspace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../../..');
let ws: string;

function run(command: string, args: string[], cwd: string): string {
  const env: Record<string, string | undefined> = { ...process.env, NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('NX_WORKSPACE') || key === 'FORCE_COLOR' || key.startsWith('GIT_')) delete env[key];
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}${result.stderr}`);
  return result.stdout.replace(/\u001b\[[0-9;]*m/g, '');
}

const git = (...args: string[]) => run('git', ['-c', 'user.email=mig@example.com', '-c', 'user.name=mig', '-c', 'commit.gpgsign=false', ...args], ws);


/** Commits `change` and lists the projects with migrate-check that it affects, sorted. */
function affectedBy(message: string, change: () => void): string[] {
  change();
  git('add', '-A');
  git('commit', '-q', '-m', message);
  const output = run(process.execPath, [join(ws, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects', '--affected', '-t', 'migrate-check', '--base=HEAD~1', '--head=HEAD'], ws);
  return output.split('\n').map((line) => line.trim()).filter(Boolean).sort();
}

const append = (file: string, text: string) => () => appendFileSync(join(ws, file), text);

beforeAll(() => {
  ws = copyWorkspace('mig-affected-');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'the workspace');
});

afterAll(() => {
  if (ws) rmSync(dirname(ws), { recursive: true, force: true });
});

describe('nx affected -t migrate-check', () => {
  it('a model in libs/shared-models affects both apps', () => {
    expect(affectedBy('shared model', append('libs/shared-models/src/timestamped-model.ts', '\n// touched\n'))).toEqual(['api', 'billing']);
  });

  it("only billing's revisions: billing alone", () => {
    expect(affectedBy('billing revision', append('apps/billing/migrations/versions/8b0e4c1d9f2a_add_invoice_table.ts', '\n// touched\n'))).toEqual(['billing']);
  });

  it("only api's models: api alone", () => {
    expect(affectedBy('api model', append('apps/api/src/models/account.ts', '\n// touched\n'))).toEqual(['api']);
  });

  it('a README: none', () => {
    expect(affectedBy('docs', append('README.md', '\nA line of documentation.\n'))).toEqual([]);
  });
});
