/**
 * No password and no full connection string anywhere a user or a log can see: CLI output (with and
 * without --verbose, success and every kind of failure), thrown errors (message, hint, stack,
 * cause), events, history rows, offline SQL, and Nx's terminal output and cache. The server trusts
 * local connections, so a password in the URL is accepted and ignored, as a real one would be used.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { status } from '../commands/inspect';
import { upgrade } from '../commands/migrate';
import { offlineSql } from '../commands/sql';
import { advisoryKey } from '../dialects/postgres/pg-lock';
import { chainOf, failingRevision } from '../testing/fixture-project';
import { fixtureScope, withKnex } from '../testing/fixture-database';
import { MYSQL_ADMIN_URL, PG_ADMIN_URL } from '../testing/test-databases';
import { ANSI, migInProcess, runMig, WORKSPACE } from './run-mig';

const PASSWORD = `Mig-S3cr3t:${randomBytes(4).toString('hex')}/pw`;
const ENCODED = encodeURIComponent(PASSWORD);

/** The URL with the password in it (encoded, as a URL must carry `:` and `/`). */
function withPassword(url: string, password = ENCODED): string {
  const u = new URL(url);
  u.username ||= 'postgres';
  u.password = password;
  return u.toString();
}

/** Every form of the secret that must never show. */
function assertNoSecret(label: string, text: string, urls: readonly string[] = []): void {
  for (const secret of [PASSWORD, ENCODED, ...urls]) expect(text.includes(secret), `${label} shows ${secret === PASSWORD || secret === ENCODED ? 'the password' : 'the URL'}:\n${text}`).toBe(false);
}

/** Text of every file under `dir` (binary files too, as latin1), with their paths. */
function filesUnder(dir: string): { path: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path).toString('latin1') }));
}

describe('secrets on postgres', () => {
  const fixtures = fixtureScope('postgres', 'secrets');
  afterAll(() => fixtures.cleanup());

  it('shows no password in CLI output, errors, events, history rows or offline SQL, for URL and DB_PASS alike', async () => {
    const { project, url } = await fixtures.create([...chainOf(2), failingRevision('r03', 'r02', 'sql')]);
    const secretUrl = withPassword(url);
    const urls = [secretUrl, decodeURIComponent(secretUrl)];
    const at = ['--project-root', project.projectDir];
    const db = new URL(url);
    const dbEnv = { DB_USER: 'postgres', DB_PASS: PASSWORD, DB_HOST: db.hostname, DB_PORT: db.port || '5432', DB_NAME: db.pathname.slice(1) };
    const runs: [string, string[], Record<string, string>][] = [
      ['up (r03 fails)', ['up', ...at, '--url', secretUrl], {}],
      ['up --verbose (r03 fails)', ['up', '--verbose', ...at, '--url', secretUrl], {}],
      ['status --verbose', ['status', '--verbose', ...at, '--url', secretUrl], {}],
      ['history --indicate-current', ['history', '--indicate-current', ...at, '--url', secretUrl], {}],
      ['current --json', ['current', '--json', ...at, '--url', secretUrl], {}],
      ['up --verbose with DATABASE_URL', ['up', '--verbose', ...at], { DATABASE_URL: secretUrl }],
      ['up --verbose with DB_PASS', ['up', '--verbose', ...at], dbEnv],
      ['status with DB_PASS', ['status', ...at], dbEnv],
      ['stamp --verbose to an unknown revision', ['stamp', '--verbose', '--to', 'zz', ...at, '--url', secretUrl], {}],
      ['a password in the query string', ['status', '--verbose', ...at, '--url', `${url}?password=${ENCODED}`], {}],
      ['a database that does not exist', ['up', '--verbose', ...at, '--url', withPassword(`${PG_ADMIN_URL.replace(/\/[^/]*$/, '')}/mig_no_such_db`)], {}],
      ['a role that does not exist', ['up', '--verbose', ...at, '--url', withPassword(PG_ADMIN_URL.replace('//postgres@', '//mig_no_such_role@'))], {}],
      ['a port nobody listens on', ['up', '--verbose', ...at, '--url', withPassword(PG_ADMIN_URL.replace(/:\d+\//, ':1/'))], {}],
      ['a URL that does not parse', ['up', '--verbose', ...at, '--url', `postgres://postgres:${ENCODED}@[::1`], {}],
      ['DB_PASS with a bad DB_PORT', ['up', '--verbose', ...at], { ...dbEnv, DB_PORT: 'x' }],
      ['a MariaDB login that is refused', ['up', '--verbose', ...at, '--url', withPassword(MYSQL_ADMIN_URL.replace(/\/[^/]*$/, '/mysql'))], {}],
    ];
    for (const [label, argv, env] of runs) {
      const run = await migInProcess(argv, env);
      assertNoSecret(label, `${run.stdout}\n${run.stderr}`, urls);
    }

    // Also the real binary, and with the lock held: the holder is named, the password is not.
    const holder = new Client({ connectionString: secretUrl, application_name: 'secret test holder' });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1, $2)', advisoryKey('mig_version'));
      const blocked = await runMig(['up', '--verbose', '--lock-timeout', '100', ...at, '--url', secretUrl]);
      expect(blocked.stderr).toContain('MIG_LOCK_TIMEOUT');
      assertNoSecret('the binary, waiting for the lock', `${blocked.stdout}\n${blocked.stderr}`, urls);
    } finally {
      await holder.end();
    }

    // Thrown errors and events of the programmatic API.
    project.events.length = 0;
    const thrown = await upgrade(project.context, { url: secretUrl }).catch((e: Error & { hint?: string; cause?: Error }) => e);
    expect(thrown).toMatchObject({ code: 'MIG_REVISION_FAILED' });
    const failed = thrown as Error & { hint?: string; cause?: Error };
    assertNoSecret('a thrown revision failure', [failed.message, failed.hint, failed.stack, failed.cause?.message, failed.cause?.stack].join('\n'), urls);
    const missing = await status(project.context, { url: withPassword(`${PG_ADMIN_URL.replace(/\/[^/]*$/, '')}/mig_no_such_db`) }).catch((e: Error) => e);
    assertNoSecret('a thrown connection error', `${(missing as Error).message}\n${(missing as Error).stack}`, urls);
    assertNoSecret('events', JSON.stringify(project.events), urls);

    const history = await withKnex(url, (knex) => knex('mig_history').select('*'));
    expect(history.length).toBeGreaterThan(0);
    assertNoSecret('history rows', JSON.stringify(history), urls);

    const sql = await offlineSql({ ...project.context, env: { DATABASE_URL: secretUrl, ...dbEnv } }, { to: 'r02' });
    assertNoSecret('offline SQL', sql.sql, urls);
  });
});

/** `npx nx <args>` in this workspace, as CI runs it. */
function nx(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn('npx', ['nx', ...args], {
    cwd: WORKSPACE,
    env: { ...process.env, NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', DATABASE_URL: '', DB_HOST: '', DB_NAME: '', DB_USER: '', DB_PASS: '', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: output.replace(ANSI, '') }));
  });
}

describe('secrets under Nx', () => {
  const fixtures = fixtureScope('postgres', 'nxsecrets');
  afterAll(() => fixtures.cleanup());

  it('keeps the password out of the targets output, the cache and the terminal outputs; only Nx echoes a --url it was given', async () => {
    const { url } = await fixtures.create([]);
    const secretUrl = withPassword(url);
    const urls = [secretUrl, decodeURIComponent(secretUrl)];
    const envRun = await nx(['run-many', '-t', 'migrate-status', 'migrate-heads', '-p', 'api', '--outputStyle=static'], { DATABASE_URL: secretUrl });
    expect(envRun.code, envRun.output).toBe(0);
    expect(envRun.output).toContain('current:  (base)');
    assertNoSecret('nx run-many with DATABASE_URL', envRun.output, urls);

    const flagRun = await nx(['run', 'api:migrate-status', `--url=${secretUrl}`], {});
    expect(flagRun.code, flagRun.output).toBe(0);
    // Nx prints the command line it was given before the task starts ("> nx run api:migrate-status
    // --url=…"); that line is Nx's own, and why the README says to pass passwords in the environment.
    // Nx colours its echo when the terminal (or CI) allows it: compare the text without ANSI codes.
    const plain = flagRun.output.replace(/\u001b\[[0-9;]*m/g, '');
    const echoed = plain.split('\n').filter((line) => line.includes(ENCODED));
    expect(echoed.every((line) => /^\s*> nx run api:migrate-status --url=/.test(line)), echoed.join('\n')).toBe(true);
    assertNoSecret('nx run --url (mig output)', plain.split('\n').filter((line) => !echoed.includes(line)).join('\n'), urls);

    for (const file of [...filesUnder(join(WORKSPACE, '.nx', 'cache')), ...filesUnder(join(WORKSPACE, '.nx', 'workspace-data'))]) {
      assertNoSecret(file.path, file.text, urls);
    }
  });
});

