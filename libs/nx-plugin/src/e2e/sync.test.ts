/**
 * Parallel heads as a team meets them: a copy of this workspace in a temp git repo, two branches
 * that each add a billing revision, merged. `nx sync:check` fails (what CI runs), migrate-up in
 * CI names the heads and the fix, `nx sync` writes the merge revision, and migrate-up then
 * applies both branches to a fresh PostgreSQL database.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRevisionHeader } from '@mig/core';
import { createTestDatabase, type TestDatabase } from '../../../core/src/testing/test-databases';
import { withKnex } from '../../../core/src/testing/fixture-database';

const SOURCE = resolve(__dirname, '../../../..');
const VERSIONS = 'apps/billing/migrations/versions';

let ws: string;
let database: TestDatabase | undefined;

interface Run {
  readonly status: number | null;
  readonly output: string;
}

function run(command: string, args: readonly string[], env: Record<string, string | undefined> = {}): Run {
  const base: Record<string, string | undefined> = { ...process.env, NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1', ...env };
  for (const key of Object.keys(base)) if (key === 'DATABASE_URL' || key.startsWith('DB_') || key.startsWith('VITEST') || key.startsWith('NX_WORKSPACE') || key === 'FORCE_COLOR') delete base[key];
  const result = spawnSync(command, args, { cwd: ws, encoding: 'utf8', env: base, timeout: 120_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/\u001b\[[0-9;]*m/g, '') };
}

function ok(command: string, args: readonly string[], env?: Record<string, string | undefined>): string {
  const result = run(command, args, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.output}`);
  return result.output;
}

const git = (...args: string[]) => ok('git', args);
const nx = (args: string[], env?: Record<string, string | undefined>) => run(process.execPath, [join(ws, 'node_modules/nx/dist/bin/nx.js'), ...args], env);
const revisions = () => readdirSync(join(ws, VERSIONS)).filter((name) => name.endsWith('.ts')).sort();

/** The tracked (and new, not ignored) files of this workspace as they are now. */
function copyWorkspace(): void {
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: SOURCE, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const path of listed) {
    if (!existsSync(join(SOURCE, path))) continue; // deleted in the working tree
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    copyFileSync(join(SOURCE, path), join(ws, path));
  }
}

/** node_modules by links: packages point at this workspace's, workspace packages (relative links) at the copy. */
function linkNodeModules(from = join(SOURCE, 'node_modules'), to = join(ws, 'node_modules')): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const stat = lstatSync(source);
    if (stat.isSymbolicLink()) {
      const target = readlinkSync(source);
      symlinkSync(isAbsolute(target) || name === '.bin' ? source : target, join(to, name));
    } else if (name.startsWith('@') && stat.isDirectory()) linkNodeModules(source, join(to, name));
    else symlinkSync(source, join(to, name));
  }
}

/** One branch's revision, written by the mig CLI and given a table to create. */
function addRevision(branch: string, message: string, table: string): string {
  git('checkout', '-q', '-b', branch, 'main');
  const written = ok(process.execPath, ['libs/core/bin/mig.js', 'revision', '-m', message, '--project-root', 'apps/billing']);
  const file = /Generated (\S+)/.exec(written)![1]!;
  const source = readFileSync(join(ws, file), 'utf8')
    .replace('// TODO', `await knex.schema.createTable('${table}', (t) => { t.increments('id'); });`)
    .replace('// TODO', `await knex.schema.dropTable('${table}');`);
  writeFileSync(join(ws, file), source);
  git('add', '-A');
  git('commit', '-q', '-m', message);
  return readRevisionHeader(source, file).id;
}

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'mig-sync-e2e-'));
  copyWorkspace();
  linkNodeModules();
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'dev');
  git('add', '-A');
  git('commit', '-q', '-m', 'workspace');
  database = await createTestDatabase('postgres', 'sync_e2e');
});

afterAll(async () => {
  await database?.drop();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('parallel heads after merging two branches', () => {
  it('fails nx sync:check, refuses migrate-up, and nx sync writes the merge that lets migrate-up apply both', async () => {
    const before = revisions().length;
    const coupon = addRevision('feature-coupon', 'add coupon', 'coupon');
    const refund = addRevision('feature-refund', 'add refund', 'refund');
    git('checkout', '-q', 'main');
    git('merge', '-q', 'feature-coupon');
    git('merge', '-q', '--no-edit', 'feature-refund');
    expect(revisions()).toHaveLength(before + 2);

    const check = nx(['sync:check']);
    expect(check.status).not.toBe(0);
    expect(check.output).toContain('billing has several migration heads and no merge revision');

    // In CI Nx skips sync generators before tasks: the engine itself refuses, naming heads and fix.
    const refused = nx(['run', 'billing:migrate-up', `--url=${database!.url}`], { CI: 'true' });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('MIG_MULTIPLE_HEADS');
    expect(refused.output).toContain(coupon);
    expect(refused.output).toContain(refund);
    expect(refused.output).toContain('nx g mig:merge --project=billing');

    expect(nx(['sync']).status).toBe(0);
    const [merge, ...more] = revisions().filter((name) => name.endsWith('_merge_heads.ts'));
    expect(more).toEqual([]);
    const header = readRevisionHeader(readFileSync(join(ws, VERSIONS, merge!), 'utf8'), merge!);
    expect([...header.downRevisions].sort()).toEqual([coupon, refund].sort());
    expect(nx(['sync:check']).status).toBe(0);

    const up = nx(['run', 'billing:migrate-up', `--url=${database!.url}`], { CI: 'true' });
    expect(up.output).toContain(`Applied ${before + 3} revisions; now at ${header.id}.`);
    expect(up.status).toBe(0);
    const tables = await withKnex(database!.url, async (knex) => (await knex.raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r: { table_name: string }) => r.table_name));
    expect(tables).toEqual(expect.arrayContaining(['coupon', 'invoice', 'refund']));
  }, 180_000);
});
