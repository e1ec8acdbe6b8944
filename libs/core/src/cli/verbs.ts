/**
 * Each CLI verb: its options, and how it calls a command and prints the result. A verb imports its
 * command only when it runs, so `mig heads` never loads knex, a database driver or ts-morph, and
 * `mig up` loads no model reader (start-up time is most of what a no-op costs).
 */
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { ConfigError } from '../errors';
import type { CommandContext } from '../commands/context';
import type { MigrateResult } from '../commands/migrate';
import type { WrittenRevision } from '../commands/new-revision';
import type { StateKeyPurpose } from '../commands/state-key';
import { formatAdopt } from '../commands/adopt-format';
import { formatChanges, formatCheck } from '../report/format-changes';
import { formatHistory, formatMigrate, formatRevision, formatStamp, formatStatus } from '../report/format-results';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface Outcome {
  result: unknown;
  text?: string;
  exitCode?: number;
}

interface Verb {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(context: CommandContext, values: Values): Promise<Outcome>;
}

const str = (v: Values[string]) => (typeof v === 'string' ? v : undefined);

function lockTimeout(values: Values): number | undefined {
  const raw = str(values['lock-timeout']);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) {
    throw new ConfigError('MIG_BAD_OPTION', `--lock-timeout must be a whole number of milliseconds, got "${raw}".`, { hint: '--lock-timeout=60000' });
  }
  return Number(raw);
}

const RUN_OPTIONS = {
  to: { type: 'string' },
  'lock-timeout': { type: 'string' },
  strict: { type: 'boolean' },
} as const;

const migrateOutcome = (result: MigrateResult): Outcome => ({ result, text: formatMigrate(result) });

export type VerbName = 'up' | 'down' | 'stamp' | 'status' | 'current' | 'history' | 'heads' | 'branches' | 'show' | 'revision' | 'merge' | 'check' | 'sql' | 'test' | 'adopt' | 'state-key';

/** `--branch-label a --branch-label b` or `--branch-label a,b`. */
const list = (v: Values[string]) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).flatMap((item) => String(item).split(',')).map((s) => s.trim()).filter(Boolean);

const writtenOutcome = (result: WrittenRevision): Outcome => ({ result, text: `Generated ${result.file}` });

export const VERBS: Record<VerbName, Verb> = {
  up: {
    summary: 'upgrade to a target (default: every head; parallel heads need a merge revision)',
    usage: '  --to <target>  heads | head | <rev> | +N | <label>@head\n  --single-transaction  one transaction for all revisions\n  --lock-timeout <ms>  --strict',
    options: { ...RUN_OPTIONS, 'single-transaction': { type: 'boolean' } },
    run: async (ctx, v) => {
      const { upgrade } = await import('../commands/migrate');
      return migrateOutcome(
        await upgrade(ctx, {
          to: str(v.to),
          url: str(v.url),
          lockTimeoutMs: lockTimeout(v),
          strict: v.strict as boolean | undefined,
          singleTransaction: v['single-transaction'] as boolean | undefined,
        }),
      );
    },
  },
  down: {
    summary: 'downgrade to a target (required: -N, base, <rev>, <label>@base)',
    usage: '  --to <target>  -1 | base | <rev> | <label>@-N\n  --lock-timeout <ms>  --strict',
    options: RUN_OPTIONS,
    run: async (ctx, v) => {
      const { downgrade } = await import('../commands/migrate');
      return migrateOutcome(await downgrade(ctx, { to: str(v.to), url: str(v.url), lockTimeoutMs: lockTimeout(v), strict: v.strict as boolean | undefined }));
    },
  },
  stamp: {
    summary: 'set the version table to a target without running revisions',
    usage: '  --to <target>  (required)\n  --purge  forget the current heads first',
    options: { to: { type: 'string' }, purge: { type: 'boolean' }, 'lock-timeout': { type: 'string' } },
    run: async (ctx, v) => {
      const to = str(v.to);
      if (!to) throw new ConfigError('MIG_BAD_OPTION', 'mig stamp needs --to.', { hint: 'mig stamp --to=heads' });
      const { stamp } = await import('../commands/stamp');
      const result = await stamp(ctx, { to, purge: Boolean(v.purge), url: str(v.url), lockTimeoutMs: lockTimeout(v) });
      return { result, text: formatStamp(result) };
    },
  },
  status: {
    summary: 'current heads and pending revisions (--check: exit 1 when something is pending)',
    usage: '  --check',
    options: { check: { type: 'boolean' } },
    run: async (ctx, v) => {
      const { status } = await import('../commands/inspect');
      const result = await status(ctx, { url: str(v.url) });
      return { result, text: formatStatus(result), exitCode: v.check && !result.upToDate ? 1 : 0 };
    },
  },
  current: {
    summary: 'the revisions the database is at',
    usage: '',
    options: {},
    run: async (ctx, v) => {
      const { status } = await import('../commands/inspect');
      const result = await status(ctx, { url: str(v.url) });
      return { result: result.current, text: result.current.length ? result.current.join('\n') : '(base)' };
    },
  },
  history: {
    summary: 'revisions, newest first',
    usage: '  -r, --rev-range <a:b>  --indicate-current',
    options: { 'rev-range': { type: 'string', short: 'r' }, 'indicate-current': { type: 'boolean' } },
    run: async (ctx, v) => {
      const { history } = await import('../commands/inspect');
      const result = await history(ctx, { range: str(v['rev-range']), indicateCurrent: Boolean(v['indicate-current']), url: str(v.url) });
      return { result, text: formatHistory(result, Boolean(v.verbose)) };
    },
  },
  heads: {
    summary: 'the heads of the revision graph',
    usage: '',
    options: {},
    run: async (ctx, v) => {
      const { heads } = await import('../commands/inspect');
      const result = await heads(ctx);
      return { result, text: formatHistory(result, Boolean(v.verbose)) };
    },
  },
  branches: {
    summary: 'branch points of the revision graph',
    usage: '',
    options: {},
    run: async (ctx, v) => {
      const { branches } = await import('../commands/inspect');
      const result = await branches(ctx);
      return { result, text: formatHistory(result, Boolean(v.verbose)) };
    },
  },
  show: {
    summary: 'one revision in full',
    usage: '  --rev <rev>  (required)',
    options: { rev: { type: 'string' } },
    run: async (ctx, v) => {
      const rev = str(v.rev);
      if (!rev) throw new ConfigError('MIG_BAD_OPTION', 'mig show needs --rev.', { hint: 'mig show --rev=head' });
      const { show } = await import('../commands/inspect');
      const result = await show(ctx, { revision: rev });
      return { result, text: formatRevision(result) };
    },
  },
  revision: {
    summary: 'write a new revision file from migrations/script.ts.ejs (nx g mig:revision)',
    usage:
      '  -m, --message <text>  --head <rev|base|heads|<label>@head>  --splice\n  --branch-label <name>  --depends-on <rev|label> (repeatable)  --rev-id <id>  --version-path <dir>  --autogenerate  --allow-warnings  --no-shadow-cache',
    options: {
      message: { type: 'string', short: 'm' },
      head: { type: 'string' },
      splice: { type: 'boolean' },
      'branch-label': { type: 'string', multiple: true },
      'depends-on': { type: 'string', multiple: true },
      'rev-id': { type: 'string' },
      'version-path': { type: 'string' },
      autogenerate: { type: 'boolean' },
      'allow-warnings': { type: 'boolean' },
      'no-shadow-cache': { type: 'boolean' },
    },
    run: async (ctx, v) => {
      const options = {
        message: str(v.message),
        head: str(v.head),
        splice: Boolean(v.splice),
        branchLabels: list(v['branch-label']),
        dependsOn: list(v['depends-on']),
        revId: str(v['rev-id']),
        versionPath: str(v['version-path']),
      };
      const { writeAutogeneratedRevision, writeNewRevision } = await import('../commands/new-revision');
      if (!v.autogenerate) return writtenOutcome(await writeNewRevision(ctx, options));
      const result = await writeAutogeneratedRevision(ctx, { ...options, allowWarnings: Boolean(v['allow-warnings']), url: str(v.url), ...shadowCache(v) });
      const changes = formatChanges(result.changes, result.warnings);
      const text = result.written ? [...changes, `Generated ${result.written.file}`] : ['No changes detected: the models match the revisions. No file written.'];
      return { result, text: text.join('\n') };
    },
  },
  merge: {
    summary: 'write a revision that merges heads (nx g mig:merge)',
    usage: '  --revisions <rev> (repeatable; default: heads)  -m, --message <text>  --branch-label <name>  --rev-id <id>',
    options: {
      revisions: { type: 'string', multiple: true },
      message: { type: 'string', short: 'm' },
      'branch-label': { type: 'string', multiple: true },
      'rev-id': { type: 'string' },
    },
    run: async (ctx, v) => {
      const { writeMergeRevision } = await import('../commands/new-revision');
      return writtenOutcome(
        await writeMergeRevision(ctx, { revisions: list(v.revisions), message: str(v.message), branchLabels: list(v['branch-label']), revId: str(v['rev-id']) }),
      );
    },
  },
  check: {
    summary: 'compare the models with the schema the revisions build; exit 1 when they differ',
    usage: '  --against <shadow|database>  (shadow: replay into a scratch PGlite; database: the configured one, at head)  --allow-warnings\n  --no-shadow-cache  (replay the whole history even when it was replayed before)',
    options: { against: { type: 'string' }, 'allow-warnings': { type: 'boolean' }, 'no-shadow-cache': { type: 'boolean' } },
    run: async (ctx, v) => {
      const { check } = await import('../commands/check');
      const result = await check(ctx, { against: against(v), url: str(v.url), allowWarnings: Boolean(v['allow-warnings']), ...shadowCache(v) });
      return { result, text: formatCheck(result), exitCode: result.upToDate ? 0 : 1 };
    },
  },
  sql: {
    summary: 'print the SQL an upgrade (or --down grade) would run, without a database',
    usage: '  --from <target> (default base; heads with --down)  --to <target> (default heads; base with --down)  --down  --output <file>',
    options: { from: { type: 'string' }, to: { type: 'string' }, down: { type: 'boolean' }, output: { type: 'string' } },
    run: async (ctx, v) => {
      const output = str(v.output);
      const { offlineSql } = await import('../commands/sql');
      const result = await offlineSql(ctx, { from: str(v.from), to: str(v.to), down: Boolean(v.down), outputFile: output ? resolve(output) : undefined });
      return { result, text: output ? `Wrote ${result.steps.length} revision(s) of SQL to ${output}` : result.sql.trimEnd() };
    },
  },
  test: {
    summary: 'stairway test: up, down, up each revision on a scratch database (default in-memory PGlite)',
    usage: '  --url <scratch database url>  (never a database you need: it is upgraded and downgraded)',
    options: {},
    run: async (ctx, v) => {
      const { stairway } = await import('../commands/stairway');
      const result = await stairway(ctx, { url: str(v.url) });
      return { result, text: `Stairway passed: ${result.revisions} revision(s) upgrade, downgrade and upgrade again cleanly on ${result.database}.` };
    },
  },
  adopt: {
    summary: 'take over a knex-migrated database: write a baseline revision of its schema and stamp it there',
    usage:
      '  --knex-dir <dir>  the knex migration files (default: migrations.directory of <project>/knexfile.*, else <project>/migrations)\n  --drop-knex-tables  drop knex_migrations(_lock) too  -m, --message <text>  --rev-id <id>  --lock-timeout <ms>',
    options: {
      'knex-dir': { type: 'string' },
      'drop-knex-tables': { type: 'boolean' },
      message: { type: 'string', short: 'm' },
      'rev-id': { type: 'string' },
      'lock-timeout': { type: 'string' },
    },
    run: async (ctx, v) => {
      const knexDir = str(v['knex-dir']);
      const { adopt } = await import('../commands/adopt');
      const result = await adopt(ctx, {
        // Typed on the command line: relative to where it was typed.
        knexDir: knexDir === undefined ? undefined : resolve(knexDir),
        dropKnexTables: Boolean(v['drop-knex-tables']),
        message: str(v.message),
        revId: str(v['rev-id']),
        url: str(v.url),
        lockTimeoutMs: lockTimeout(v),
      });
      return { result, text: formatAdopt(result) };
    },
  },
  'state-key': {
    summary: "a text that changes with the database's state (identity, heads, history): the Nx cache key of migrate-up/down/stamp",
    usage: '  --for <up|down|stamp>  (default up: a nonce, so no cache hit, unless the database is at the heads)\n  Always exits 0; prints a nonce when the state cannot be read.',
    options: { for: { type: 'string' } },
    run: async (ctx, v) => {
      const { stateKey } = await import('../commands/state-key');
      const result = await stateKey(ctx, { url: str(v.url), for: purposeOf(v) });
      return { result, text: result.key };
    },
  },
};

/** `--no-shadow-cache` turns the config's `shadowCache` off for one run. */
const shadowCache = (values: Values) => (values['no-shadow-cache'] ? { shadowCache: false } : {});

function against(values: Values): 'shadow' | 'database' | undefined {
  const value = str(values.against);
  if (value === undefined || value === 'shadow' || value === 'database') return value;
  throw new ConfigError('MIG_BAD_OPTION', `--against must be shadow or database, got "${value}".`, { hint: '--against=database compares with the configured database (at head).' });
}

function purposeOf(values: Values): StateKeyPurpose | undefined {
  const value = str(values.for);
  if (value === undefined || value === 'up' || value === 'down' || value === 'stamp') return value;
  throw new ConfigError('MIG_BAD_OPTION', `--for must be up, down or stamp, got "${value}".`, { hint: 'mig state-key --for=down' });
}
