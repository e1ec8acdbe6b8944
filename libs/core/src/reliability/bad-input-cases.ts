/**
 * The bad-input corpus: what a user (or a broken checkout, or a hostile one) can hand mig, and the
 * MigError code it must answer with. Each case is data: the project (revision files, extra files),
 * the database it runs against, the argv, and the code. bad-input.test.ts runs them all through
 * the CLI's main() and checks the answer and that nothing changed.
 */
import type { Knex } from 'knex';
import { Client } from 'pg';
import { advisoryKey } from '../dialects/postgres/pg-lock';
import { renderFixtureRevision, chainOf, tableRevision, autocommitRevision, type FixtureRevision } from '../testing/fixture-project';

export interface CaseFixture {
  /** `--project-root <project> --url <database>`. */
  readonly at: string[];
  readonly projectDir: string;
  readonly url: string;
  /** `postgres://<role>@host:port/<db>` for the case's database: the role without CREATE (see the test). */
  readonly readOnlyUrl: string;
  /** The PostgreSQL server with another user, port or database, keeping the rest. */
  readonly serverUrl: (parts: { user?: string; password?: string; port?: string; host?: string; database?: string }) => string;
  readonly mysqlUrl: (parts: { port?: string; database?: string }) => string;
}

/** `base`: a shared empty database; `r02`: a shared one at r02 of the default chain; `arrange`: a fresh one set up by the case. */
export type CaseDatabase = 'base' | 'r02' | { arrange(knex: Knex, fixture: CaseFixture): Promise<(() => Promise<void>) | void> };

export interface BadInputCase {
  readonly name: string;
  readonly code: string;
  readonly argv: (fixture: CaseFixture) => string[];
  /** Revision files; default `chainOf(3)`. */
  readonly revisions?: readonly FixtureRevision[];
  /** Files written into the project folder, by relative path. */
  readonly files?: Readonly<Record<string, string>>;
  readonly db?: CaseDatabase;
  readonly env?: Readonly<Record<string, string>>;
  /** What the message must say besides the code. */
  readonly says?: string | RegExp;
  /** The message is a list (model problems), not one line. */
  readonly multiline?: boolean;
}

const up = (...more: string[]) => (f: CaseFixture) => ['up', ...more, ...f.at];
const verb = (name: string, ...more: string[]) => (f: CaseFixture) => [name, ...more, ...f.at];

/** A revision file's text from the fixture template, changed by `edit`. */
function variant(revision: FixtureRevision, edit: (source: string) => string): string {
  return edit(renderFixtureRevision(revision));
}
const r03 = tableRevision('r03', 'r02');
const badR03 = (edit: (source: string) => string) => ({ 'migrations/versions/r03_bad.ts': variant(r03, edit) });
const replaceExport = (name: string, value: string) => (source: string) =>
  source.replace(new RegExp(`^export const ${name}\\b.*$`, 'm'), `export const ${name} = ${value};`);
const dropExport = (name: string) => (source: string) => source.replace(new RegExp(`^export const ${name}\\b.*\\n`, 'm'), '');
const config = (body: string) => ({ 'migrations/mig.config.ts': `export default ${body};\n` });
const models = (files: Record<string, string>) => ({
  ...config(`{ versions: ['versions'], models: 'src/models/**/*.ts' }`),
  ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`src/models/${name}`, text])),
});
const model = (className: string, table: string, body = '  id!: number;') =>
  `import { Model } from 'objection';\nexport class ${className} extends Model {\n  static tableName = ${table};\n${body}\n}\n`;

/** Inserts into the version tables of an arranged database (created the way mig creates them). */
async function history(knex: Knex, rows: { revision: string; direction?: string; status: string; file?: string; checksum?: string }[]): Promise<void> {
  for (const row of rows) {
    await knex('mig_history').insert({ direction: 'up', file: null, checksum: null, started_at: knex.fn.now(), duration_ms: 0, applied_by: 'corpus', ...row });
  }
}

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  // Revision headers: read as text, never run.
  { name: 'a revision file without `revision`', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(dropExport('revision')), argv: verb('heads'), says: 'has no `revision` export' },
  { name: 'a revision file without `downRevision`', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(dropExport('downRevision')), argv: verb('heads'), says: 'has no `downRevision` export' },
  { name: 'a revision id computed by a call', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('revision', 'makeId()')), argv: verb('heads') },
  { name: 'a revision id in a template literal with a substitution', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('revision', '`r${3}`')), argv: verb('heads') },
  { name: 'a downRevision that is a variable', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('downRevision', 'parent')), argv: up() },
  { name: 'a numeric revision id', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('revision', '3')), argv: verb('heads'), says: '`revision` must be a string' },
  { name: 'an empty revision id', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('revision', "''")), argv: verb('heads'), says: 'is empty' },
  { name: 'a revision id with a space', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('revision', "'r 03'")), argv: verb('heads'), says: 'contains whitespace' },
  { name: 'the reserved revision id `head`', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('revision', "'head'")), argv: verb('heads'), says: 'reserved word' },
  { name: 'a revision id with `@`', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('revision', "'r03@x'")), argv: verb('heads') },
  { name: 'a revision id starting with `-`', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('revision', "'-3'")), argv: verb('heads'), says: 'relative target' },
  { name: 'a revision id with a quote and a semicolon', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('revision', `"r03'; DROP TABLE t_r01; --"`)), argv: up() },
  { name: '`revision` declared twice', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03((s) => s.replace("export const revision = 'r03';", "export const revision = 'r03';\nexport const revision = 'r04';")), argv: verb('heads'), says: 'declared twice' },
  { name: 'branchLabels holding a number', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('branchLabels', '[1]')), argv: verb('heads') },
  { name: 'the reserved branch label `base`', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('branchLabels', "['base']")), argv: verb('heads') },
  { name: 'a transaction flag that is a string', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03((s) => `${s}\nexport const transaction = 'no';\n`), argv: up(), says: 'must be true or false' },
  { name: 'dependsOn from a variable', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('dependsOn', 'others')), argv: verb('heads') },
  { name: 'a downRevision list with a number in it', code: 'MIG_BAD_HEADER', revisions: chainOf(2), files: badR03(replaceExport('downRevision', "['r02', 2]")), argv: verb('heads') },

  // The revision graph.
  { name: 'two files with one revision id', code: 'MIG_DUPLICATE_REVISION', files: { 'migrations/versions/r02_copy.ts': renderFixtureRevision(tableRevision('r02', 'r01')) }, argv: verb('heads'), says: 'is defined twice' },
  { name: 'an unknown parent', code: 'MIG_MISSING_PARENT', revisions: [...chainOf(2), tableRevision('r03', 'nope')], argv: up(), says: 'no revision nope exists' },
  { name: 'a parent written as a prefix of its id', code: 'MIG_MISSING_PARENT', revisions: [tableRevision('r01', null), tableRevision('a02', 'r0')], argv: verb('heads'), says: 'did you mean r01' },
  { name: 'an unknown dependsOn', code: 'MIG_MISSING_PARENT', revisions: [...chainOf(2), tableRevision('r03', 'r02', { dependsOn: ['zz9'] })], argv: verb('heads') },
  { name: 'a cycle of two', code: 'MIG_CYCLE', revisions: [tableRevision('r00', null), tableRevision('r01', 'r02'), tableRevision('r02', 'r01')], argv: up(), says: 'cycle' },
  { name: 'a cycle of three through dependsOn', code: 'MIG_CYCLE', revisions: [tableRevision('r01', null, { dependsOn: ['r03'] }), tableRevision('r02', 'r01'), tableRevision('r03', 'r02')], argv: verb('heads') },
  { name: 'a revision that revises itself', code: 'MIG_SELF_REFERENCE', revisions: [...chainOf(2), tableRevision('r03', 'r03')], argv: verb('heads') },
  { name: 'a branch label that is another revision id', code: 'MIG_LABEL_CLASH', revisions: [...chainOf(2), tableRevision('r03', 'r02', { branchLabels: ['r01'] })], argv: verb('heads') },
  { name: 'one branch label on two revisions', code: 'MIG_LABEL_CLASH', revisions: [tableRevision('r01', null, { branchLabels: ['x'] }), tableRevision('r02', 'r01', { branchLabels: ['x'] })], argv: verb('heads'), says: 'is on two revisions' },

  // Revision modules: loaded before the first one runs.
  { name: 'a revision without an upgrade function', code: 'MIG_REVISION_LOAD', files: badR03((s) => s.replace('export async function upgrade', 'async function upgrade')), revisions: chainOf(2), argv: up(), says: 'does not export `upgrade`' },
  { name: 'a revision with a syntax error', code: 'MIG_REVISION_LOAD', files: badR03((s) => s.replace('t.increments', 't.increments((')), revisions: chainOf(2), argv: up(), says: 'does not compile' },
  { name: 'a revision whose top level throws', code: 'MIG_REVISION_LOAD', files: badR03((s) => `${s}\nthrow new Error('top level');\n`), revisions: chainOf(2), argv: up(), says: 'top level' },
  { name: 'a revision importing a module that does not exist', code: 'MIG_REVISION_LOAD', files: badR03((s) => `import './_no_such_helper';\n${s}`), revisions: chainOf(2), argv: up() },

  // Targets.
  { name: 'up --to +x', code: 'MIG_BAD_TARGET', db: 'r02', argv: up('--to', '+x') },
  { name: 'down --to=-0', code: 'MIG_BAD_TARGET', db: 'r02', argv: verb('down', '--to=-0') },
  { name: 'up --to +0', code: 'MIG_BAD_TARGET', db: 'r02', argv: up('--to', '+0') },
  { name: 'up --to <unknown prefix>', code: 'MIG_UNKNOWN_REVISION', db: 'r02', argv: up('--to', 'zz') },
  { name: 'up --to <prefix of two revisions>', code: 'MIG_AMBIGUOUS_REVISION', db: 'r02', argv: up('--to', 'r0'), says: 'r01' },
  { name: 'up --to <unknown label>@head', code: 'MIG_UNKNOWN_LABEL', db: 'r02', argv: up('--to', 'nolabel@head') },
  { name: 'up --to label@ (nothing after @)', code: 'MIG_BAD_TARGET', db: 'r02', argv: up('--to', 'r01@') },
  { name: 'up --to @head (no label)', code: 'MIG_BAD_TARGET', db: 'r02', argv: up('--to', '@head') },
  { name: 'up --to label@heads', code: 'MIG_BAD_TARGET', revisions: [tableRevision('r01', null, { branchLabels: ['main'] })], argv: up('--to', 'main@heads') },
  { name: 'up --to a range', code: 'MIG_BAD_TARGET', db: 'r02', argv: up('--to', 'r01:r03') },
  { name: 'up --to head with two heads', code: 'MIG_MULTIPLE_HEADS', revisions: [tableRevision('r01', null), tableRevision('a01', 'r01'), tableRevision('b01', 'r01')], argv: up('--to', 'head'), says: 'a01' },
  { name: 'up --to +5 with one revision left', code: 'MIG_RELATIVE_OUT_OF_RANGE', db: 'r02', argv: up('--to', '+5') },
  { name: 'down --to=-3 at the second revision', code: 'MIG_RELATIVE_OUT_OF_RANGE', db: 'r02', argv: verb('down', '--to=-3') },
  { name: 'down --to a revision ahead of the database', code: 'MIG_BAD_TARGET', db: 'r02', argv: verb('down', '--to', 'r03') },
  { name: 'stamp --to <unknown revision>', code: 'MIG_UNKNOWN_REVISION', db: 'r02', argv: verb('stamp', '--to', 'deadbeef') },
  { name: 'show --rev <unknown revision>', code: 'MIG_UNKNOWN_REVISION', argv: verb('show', '--rev', 'zz') },
  { name: 'show --rev=-1 (counts from the database)', code: 'MIG_BAD_TARGET', argv: verb('show', '--rev=-1') },
  { name: 'history -r with two colons', code: 'MIG_BAD_TARGET', argv: verb('history', '-r', 'r01:r02:r03') },
  { name: 'history -r <unknown>:', code: 'MIG_UNKNOWN_REVISION', argv: verb('history', '-r', 'zz:') },

  // Flags and options.
  { name: 'an unknown flag', code: 'MIG_BAD_OPTION', argv: up('--bogus'), says: '--bogus' },
  { name: 'an unknown verb', code: 'MIG_BAD_OPTION', argv: verb('frobnicate'), says: 'Unknown verb "frobnicate"' },
  { name: 'a stray positional argument', code: 'MIG_BAD_OPTION', argv: up('extra') },
  { name: '--to without a value', code: 'MIG_BAD_OPTION', argv: (f) => ['up', ...f.at, '--to'] },
  { name: '--to -1 written with a space', code: 'MIG_BAD_OPTION', argv: verb('down', '--to', '-1'), says: 'write --to=<value>, e.g. --to=-1' },
  { name: '--lock-timeout that is not a number', code: 'MIG_BAD_OPTION', db: 'r02', argv: up('--lock-timeout', 'soon') },
  { name: '--lock-timeout with a fraction', code: 'MIG_BAD_OPTION', db: 'r02', argv: up('--lock-timeout', '1.5') },
  { name: '--lock-timeout=-5', code: 'MIG_BAD_OPTION', db: 'r02', argv: up('--lock-timeout=-5') },
  { name: '--strict=yes (a boolean given a value)', code: 'MIG_BAD_OPTION', argv: up('--strict=yes') },
  { name: 'down without --to', code: 'MIG_BAD_OPTION', db: 'r02', argv: verb('down'), says: 'needs --to' },
  { name: 'stamp without --to', code: 'MIG_BAD_OPTION', db: 'r02', argv: verb('stamp'), says: 'needs --to' },
  { name: 'show without --rev', code: 'MIG_BAD_OPTION', argv: verb('show'), says: 'needs --rev' },
  { name: 'an unsupported URL scheme', code: 'MIG_BAD_OPTION', argv: (f) => ['up', '--project-root', f.projectDir, '--url', 'sqlite://x.db'] },
  { name: 'a URL that does not parse', code: 'MIG_BAD_OPTION', argv: (f) => ['up', '--project-root', f.projectDir, '--url', 'postgres://user:pw@[::1'] },
  { name: '--single-transaction with a transaction = false revision', code: 'MIG_BAD_OPTION', revisions: [...chainOf(2), autocommitRevision('r03', 'r02', false)], argv: up('--single-transaction'), says: 'transaction = false' },

  // Configuration.
  { name: 'a project folder without migrations', code: 'MIG_NO_CONFIG', argv: (f) => ['status', '--project-root', `${f.projectDir}/nowhere`, '--url', f.url] },
  { name: 'an unknown config key', code: 'MIG_CONFIG', files: config(`{ verisons: ['versions'] }`), argv: up(), says: 'unknown key "verisons"' },
  { name: 'an unknown dialect', code: 'MIG_CONFIG', files: config(`{ dialect: 'oracle' }`), argv: up() },
  { name: 'a negative lockTimeoutMs', code: 'MIG_CONFIG', files: config(`{ lockTimeoutMs: -1 }`), argv: up() },
  { name: 'an unknown shadowReplay mode', code: 'MIG_CONFIG', files: config(`{ versions: ['versions'], shadowReplay: 'pglite' }`), argv: verb('check'), says: "shadowReplay must be 'auto' or 'database'" },
  { name: 'a hostile versionTable name', code: 'MIG_CONFIG', files: config(`{ versionTable: 'mig"; DROP TABLE t_r01; --' }`), argv: up(), says: 'plain identifier' },
  { name: 'versions that is not a list', code: 'MIG_CONFIG', files: config(`{ versions: 'versions' }`), argv: up() },
  { name: 'a versions folder that does not exist', code: 'MIG_CONFIG', files: config(`{ versions: ['gone'] }`), argv: verb('heads'), says: 'does not exist' },
  { name: 'a config file that throws', code: 'MIG_CONFIG', files: { 'migrations/mig.config.ts': `throw new Error('config broke');\n` }, argv: up(), says: 'config broke' },
  { name: 'a config file with a syntax error', code: 'MIG_CONFIG', files: { 'migrations/mig.config.ts': `export default { versions: [ };\n` }, argv: up() },
  { name: 'a non-numeric DB_PORT in .env', code: 'MIG_BAD_OPTION', files: { '.env': 'DB_HOST=127.0.0.1\nDB_PORT=abc\nDB_NAME=x\nDB_USER=postgres\n' }, argv: (f) => ['up', '--project-root', f.projectDir], says: 'DB_PORT' },
  { name: 'incomplete DB_* variables', code: 'MIG_CONFIG', env: { DB_HOST: '127.0.0.1' }, argv: (f) => ['up', '--project-root', f.projectDir], says: 'DB_NAME, DB_USER' },
  { name: 'a MySQL project with nothing configured', code: 'MIG_CONFIG', files: config(`{ dialect: 'mysql' }`), argv: (f) => ['up', '--project-root', f.projectDir] },

  // The server.
  { name: 'a host that does not resolve', code: 'MIG_DB_UNREACHABLE', argv: (f) => ['up', '--project-root', f.projectDir, '--url', f.serverUrl({ host: 'mig-no-such-host.invalid' })] },
  { name: 'a port nobody listens on', code: 'MIG_DB_UNREACHABLE', argv: (f) => ['up', '--project-root', f.projectDir, '--url', f.serverUrl({ port: '1' })] },
  // Trust authentication accepts any password here, so a login that is refused needs a role that does not exist.
  { name: 'a login the server refuses', code: 'MIG_DB_AUTH', argv: (f) => ['up', '--project-root', f.projectDir, '--url', f.serverUrl({ user: 'mig_no_such_role', password: 'wrong' })] },
  { name: 'a database that does not exist', code: 'MIG_DB_MISSING', argv: (f) => ['up', '--project-root', f.projectDir, '--url', f.serverUrl({ database: 'mig_no_such_database' })] },
  { name: 'a user that may not create the version tables', code: 'MIG_DB_PERMISSION', argv: (f) => ['up', '--project-root', f.projectDir, '--url', f.readOnlyUrl], says: 'permission denied for schema public' },
  {
    name: "a user whose revision's CREATE TABLE is denied",
    code: 'MIG_REVISION_FAILED',
    db: {
      arrange: async (knex, f) => {
        const role = new URL(f.readOnlyUrl).username;
        await knex.raw(`CREATE TABLE mig_version (version_num varchar(64) PRIMARY KEY)`);
        await knex.raw(`CREATE TABLE mig_history (id serial PRIMARY KEY, revision varchar(64) NOT NULL, direction varchar(8) NOT NULL, status varchar(8) NOT NULL,
          checksum varchar(64), file varchar(1024), started_at timestamptz NOT NULL, duration_ms integer NOT NULL, applied_by varchar(128))`);
        await knex.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON mig_version, mig_history TO "${role}"`);
        await knex.raw(`GRANT USAGE ON SEQUENCE mig_history_id_seq TO "${role}"`);
      },
    },
    argv: (f) => ['up', '--project-root', f.projectDir, '--url', f.readOnlyUrl],
    says: 'permission denied for schema public',
  },
  { name: 'a MySQL port nobody listens on', code: 'MIG_DB_UNREACHABLE', argv: (f) => ['up', '--project-root', f.projectDir, '--url', f.mysqlUrl({ port: '1' })] },
  { name: 'a MySQL database that does not exist', code: 'MIG_DB_MISSING', argv: (f) => ['up', '--project-root', f.projectDir, '--url', f.mysqlUrl({ database: 'mig_no_such_database' })] },

  // What the database already holds.
  { name: 'a mig_version table of another shape', code: 'MIG_BAD_VERSION_TABLE', db: { arrange: (knex) => knex.raw('CREATE TABLE mig_version (id int, note text)').then(() => undefined) }, argv: up(), says: 'not a mig version table' },
  {
    name: 'a mig_history table of another shape',
    code: 'MIG_BAD_VERSION_TABLE',
    db: { arrange: (knex) => knex.raw('CREATE TABLE mig_version (version_num varchar(64) PRIMARY KEY); CREATE TABLE mig_history (id serial, what text)').then(() => undefined) },
    argv: up(),
    says: 'not a mig history table',
  },
  { name: 'status with a mig_version table of another shape', code: 'MIG_BAD_VERSION_TABLE', db: { arrange: (knex) => knex.raw('CREATE TABLE mig_version (id int)').then(() => undefined) }, argv: verb('status') },
  { name: 'a database at a revision this checkout lacks', code: 'MIG_UNKNOWN_DB_REVISION', db: { arrange: (knex) => stampedAt(knex, 'f00dfeed') }, argv: up(), says: 'f00dfeed' },
  {
    name: 'a failed transaction = false revision',
    code: 'MIG_FAILED_REVISION',
    db: { arrange: (knex) => stampedAt(knex, 'r01').then(() => history(knex, [{ revision: 'r02', status: 'failed' }])) },
    argv: up(),
    says: 'failed in upgrade()',
  },
  {
    name: 'an interrupted transaction = false revision (a running row left by a killed run)',
    code: 'MIG_FAILED_REVISION',
    db: { arrange: (knex) => stampedAt(knex, 'r01').then(() => history(knex, [{ revision: 'r02', status: 'running' }])) },
    argv: up(),
    says: 'was interrupted',
  },
  {
    name: 'an applied revision edited, with --strict',
    code: 'MIG_CHECKSUM_MISMATCH',
    db: { arrange: (knex) => stampedAt(knex, 'r01').then(() => history(knex, [{ revision: 'r01', status: 'applied', checksum: '0'.repeat(64) }])) },
    argv: up('--strict'),
    says: 'checksum 000000000000 then',
  },
  {
    name: 'an applied revision with no file, with --strict',
    code: 'MIG_MISSING_FILE',
    db: { arrange: (knex) => stampedAt(knex, 'r01').then(() => history(knex, [{ revision: 'gone01', status: 'applied', file: 'apps/app/migrations/versions/gone01_x.ts' }])) },
    argv: up('--strict'),
    says: 'gone01',
  },
  {
    name: 'the migration lock held by another session',
    code: 'MIG_LOCK_TIMEOUT',
    db: {
      arrange: async (_knex, f) => {
        const holder = new Client({ connectionString: f.url, application_name: 'mig corpus lock holder' });
        await holder.connect();
        await holder.query('SELECT pg_advisory_lock($1, $2)', advisoryKey('mig_version'));
        return () => holder.end();
      },
    },
    argv: up('--lock-timeout', '200'),
    says: 'mig corpus lock holder',
  },

  // Models (check reads them before it opens any database).
  { name: 'check without models in the config', code: 'MIG_MODEL_READ', argv: verb('check') },
  { name: 'models globs that match nothing', code: 'MIG_MODEL_DIAGNOSTICS', files: config(`{ versions: ['versions'], models: 'src/nothing/*.ts' }`), argv: verb('check'), says: 'MIG_MODEL_NO_FILES', multiline: true },
  { name: 'a model file with a syntax error', code: 'MIG_MODEL_DIAGNOSTICS', files: models({ 'broken.ts': model('Broken', "'broken'", '  id!: number;\n  static x = ;') }), argv: verb('check'), says: 'MIG_MODEL_SYNTAX', multiline: true },
  { name: 'a tableName computed at run time', code: 'MIG_MODEL_DIAGNOSTICS', files: models({ 'dynamic.ts': model('Dynamic', "process.env.T ?? 'x'") }), argv: verb('check'), says: 'MIG_MODEL_DYNAMIC_TABLE_NAME', multiline: true },
  { name: 'a 100-character table name', code: 'MIG_MODEL_DIAGNOSTICS', files: models({ 'long.ts': model('Long', `'${'t'.repeat(100)}'`) }), argv: verb('check'), says: 'MIG_MODEL_NAME_TOO_LONG', multiline: true },
  {
    name: 'a 100-character column name',
    code: 'MIG_MODEL_DIAGNOSTICS',
    files: models({ 'wide.ts': model('Wide', "'wide'", `  id!: number;\n  ${'c'.repeat(100)}!: string;`) }),
    argv: verb('check'),
    says: 'MIG_MODEL_NAME_TOO_LONG',
    multiline: true,
  },
];

/** Version tables as mig creates them, at `head`. */
async function stampedAt(knex: Knex, head: string): Promise<void> {
  const { ensureVersionTables } = await import('../runner/version-store');
  await ensureVersionTables(knex, { version: 'mig_version', history: 'mig_history' });
  await knex('mig_version').insert({ version_num: head });
}
