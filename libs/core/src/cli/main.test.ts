import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chainOf, createFixtureProject, failingRevision, type FixtureProject } from '../testing/fixture-project';
import { fixtureScope, versionState } from '../testing/fixture-database';
import { PG_ADMIN_URL } from '../testing/test-databases';
import { main } from './main';

const ANSI = /\u001b\[[0-9;]*m/g;
const STACK_LINE = /\n\s+at .+:\d+/;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Captures what main() prints; nothing reaches the test output. */
function captureConsole() {
  const out: string[] = [];
  const err: string[] = [];
  beforeEach(() => {
    out.length = 0;
    err.length = 0;
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });
  return async (argv: string[], cwd?: string): Promise<Run> => {
    out.length = 0;
    err.length = 0;
    const code = await main(argv, cwd);
    return { code, stdout: out.join('\n').replace(ANSI, ''), stderr: err.join('\n').replace(ANSI, '') };
  };
}

describe.each(['pglite', 'postgres'] as const)('mig CLI on %s', (dialect) => {
  const fixtures = fixtureScope(dialect, 'cli');
  afterAll(() => fixtures.cleanup());
  const mig = captureConsole();
  const common = (project: FixtureProject, url: string) => ['--project-root', project.projectDir, '--url', url];

  it('upgrades with --json output that parses, and status --check exits 1 only while something is pending', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    const pending = await mig(['status', '--check', ...common(project, url)]);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain('3 pending');

    const up = await mig(['up', '--json', '--to', '+2', ...common(project, url)]);
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ before: [], after: ['r02'], steps: [{ revision: 'r01' }, { revision: 'r02' }] });

    const text = await mig(['up', ...common(project, url)]);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toMatch(/r03 create t_r03/);
    expect(text.stdout).toContain('Applied 1 revision; now at r03.');

    const status = await mig(['status', '--check', '--json', ...common(project, url)]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ current: ['r03'], upToDate: true });
    expect(JSON.parse((await mig(['current', '--json', ...common(project, url)])).stdout)).toEqual(['r03']);
  });

  it('exits 1 with the file of a failing revision and no stack trace', async () => {
    const { project, url } = await fixtures.create([...chainOf(1), failingRevision('r02', 'r01')]);
    const run = await mig(['up', ...common(project, url)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('MIG_REVISION_FAILED');
    expect(run.stderr).toContain(project.displayPathOf('r02'));
    expect(run.stderr).toContain('r02 fails on purpose');
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect((await versionState(url)).heads).toEqual(['r01']);
  });

  it('keeps --json output parseable when there are warnings, printing them to stderr', async () => {
    // main() reads process.env, and CI=true (as .ci/run sets it) would make the edit an error.
    vi.stubEnv('CI', 'false');
    const { project, url } = await fixtures.create(chainOf(2));
    expect((await mig(['up', ...common(project, url)])).code).toBe(0);
    project.edit('r01', (source) => `${source}\n// edited\n`);
    const run = await mig(['up', '--json', ...common(project, url)]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ steps: [] });
    expect(run.stderr).toContain('MIG_CHECKSUM_MISMATCH');
    expect((await mig(['up', '--strict', ...common(project, url)])).code).toBe(1);
  });
});

describe('mig CLI arguments and connection errors', () => {
  const project = createFixtureProject(chainOf(1));
  afterAll(() => project.remove());
  const mig = captureConsole();
  const at = ['--project-root', project.projectDir];

  it.each([
    [['up', '--bogus', ...at], '--bogus'],
    [['frobnicate', ...at], 'Unknown verb "frobnicate"'],
    [['down', ...at, '--url', 'pglite://memory'], 'needs --to'],
    [['up', '--lock-timeout', 'soon', ...at, '--url', 'pglite://memory'], '--lock-timeout'],
    [['stamp', ...at, '--url', 'pglite://memory'], 'needs --to'],
    [['up', ...at, '--url', 'sqlite://x.db'], 'Unsupported database URL scheme'],
  ])('refuses %j with MIG_BAD_OPTION and no stack trace', async (argv, what) => {
    const run = await mig(argv);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('MIG_BAD_OPTION');
    expect(run.stderr).toContain(what);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('says where it looked when there is no migration environment', async () => {
    const run = await mig(['status', '--project-root', join(project.workspaceRoot, 'apps', 'nothing')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('MIG_NO_CONFIG');
  });

  const server = new URL(PG_ADMIN_URL);
  const withUrl = (user: string, password: string, port: string, database: string) => `postgres://${user}:${password}@${server.hostname}:${port}/${database}`;
  it.each([
    ['a database that does not exist', withUrl('postgres', 'secret', server.port || '5432', 'mig_no_such_database'), 'MIG_DB_MISSING'],
    ['a role that does not exist', withUrl('mig_no_such_role', 'secret', server.port || '5432', 'postgres'), 'MIG_DB_AUTH'],
    ['a port nobody listens on', withUrl('postgres', 'secret', '1', 'postgres'), 'MIG_DB_UNREACHABLE'],
    ['an encoded password', withUrl('postgres', 's%40cr%3Aet', server.port || '5432', 'mig_no_such_database'), 'MIG_DB_MISSING'],
  ])('reports %s without printing the password, even with --verbose', async (_what, url, code) => {
    for (const verbose of [[], ['--verbose']]) {
      const run = await mig(['up', ...at, '--url', url, ...verbose]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(code);
      const printed = run.stdout + run.stderr;
      for (const secret of ['secret', 's@cr:et', 's%40cr%3Aet']) expect(printed).not.toContain(secret);
      if (verbose.length === 0) expect(printed).not.toMatch(STACK_LINE);
      expect(run.stdout).toBe('');
    }
  });
});

describe('the mig binary', () => {
  const project = createFixtureProject(chainOf(1));
  afterAll(() => project.remove());

  it('loads no database or model code for a verb that reads only revision files', async () => {
    const workspace = join(__dirname, '..', '..', '..', '..');
    // Runs the binary in a process that lists, at exit, the packages it loaded.
    const script = [
      `process.argv.splice(1, 1, ${JSON.stringify(join(workspace, 'libs', 'core', 'bin', 'mig.js'))});`,
      "process.on('exit', () => {",
      "  const files = Object.keys(require.cache).map((f) => f.split(require('node:path').sep).join('/'));",
      "  process.stderr.write('loaded:' + files.map((f) => (/node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f) || [])[1]).filter(Boolean).join(','));",
      '});',
      'require(process.argv[1]);',
    ].join('\n');
    const child = spawn(process.execPath, ['-e', script, 'placeholder', 'heads', '--project-root', project.projectDir], { cwd: workspace });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    expect(await new Promise<number | null>((resolve) => child.on('close', resolve))).toBe(0);
    expect(stdout).toContain('r01');
    const loaded = (/loaded:(.*)$/.exec(stderr)?.[1] ?? '').split(',');
    expect(loaded).not.toEqual(['']);
    // (typescript is there: the source build runs through @swc-node/register, which loads it.)
    for (const heavy of ['knex', 'pg', 'lodash', 'ts-morph', '@electric-sql/pglite', 'mysql2']) expect(loaded).not.toContain(heavy);
  });

  it('exits 1 on a bad flag, printing the error without a stack trace', async () => {
    const workspace = join(__dirname, '..', '..', '..', '..');
    const child = spawn(process.execPath, [join(workspace, 'libs', 'core', 'bin', 'mig.js'), 'up', '--bogus', '--project-root', project.projectDir], { cwd: workspace });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('MIG_BAD_OPTION');
    expect(stderr).not.toMatch(STACK_LINE);
  });
});
