/** Each CLI verb: its options, and how it calls a command and prints the result. */
import type { ParseArgsConfig } from 'node:util';
import { ConfigError } from '../errors';
import type { CommandContext } from '../commands/context';
import { downgrade, upgrade, type MigrateResult } from '../commands/migrate';
import { stamp } from '../commands/stamp';
import { branches, heads, history, show, status } from '../commands/inspect';
import { writeMergeRevision, writeNewRevision, type WrittenRevision } from '../commands/new-revision';
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

export type VerbName = 'up' | 'down' | 'stamp' | 'status' | 'current' | 'history' | 'heads' | 'branches' | 'show' | 'revision' | 'merge';

/** `--branch-label a --branch-label b` or `--branch-label a,b`. */
const list = (v: Values[string]) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).flatMap((item) => String(item).split(',')).map((s) => s.trim()).filter(Boolean);

const writtenOutcome = (result: WrittenRevision): Outcome => ({ result, text: `Generated ${result.file}` });

export const VERBS: Record<VerbName, Verb> = {
  up: {
    summary: 'upgrade to a target (default: heads)',
    usage: '  --to <target>  heads | head | <rev> | +N | <label>@head\n  --single-transaction  one transaction for all revisions\n  --lock-timeout <ms>  --strict',
    options: { ...RUN_OPTIONS, 'single-transaction': { type: 'boolean' } },
    run: async (ctx, v) =>
      migrateOutcome(
        await upgrade(ctx, {
          to: str(v.to),
          url: str(v.url),
          lockTimeoutMs: lockTimeout(v),
          strict: v.strict as boolean | undefined,
          singleTransaction: v['single-transaction'] as boolean | undefined,
        }),
      ),
  },
  down: {
    summary: 'downgrade to a target (required: -N, base, <rev>, <label>@base)',
    usage: '  --to <target>  -1 | base | <rev> | <label>@-N\n  --lock-timeout <ms>  --strict',
    options: RUN_OPTIONS,
    run: async (ctx, v) =>
      migrateOutcome(await downgrade(ctx, { to: str(v.to), url: str(v.url), lockTimeoutMs: lockTimeout(v), strict: v.strict as boolean | undefined })),
  },
  stamp: {
    summary: 'set the version table to a target without running revisions',
    usage: '  --to <target>  (required)\n  --purge  forget the current heads first',
    options: { to: { type: 'string' }, purge: { type: 'boolean' }, 'lock-timeout': { type: 'string' } },
    run: async (ctx, v) => {
      const to = str(v.to);
      if (!to) throw new ConfigError('MIG_BAD_OPTION', 'mig stamp needs --to.', { hint: 'mig stamp --to=heads' });
      const result = await stamp(ctx, { to, purge: Boolean(v.purge), url: str(v.url), lockTimeoutMs: lockTimeout(v) });
      return { result, text: formatStamp(result) };
    },
  },
  status: {
    summary: 'current heads and pending revisions (--check: exit 1 when something is pending)',
    usage: '  --check',
    options: { check: { type: 'boolean' } },
    run: async (ctx, v) => {
      const result = await status(ctx, { url: str(v.url) });
      return { result, text: formatStatus(result), exitCode: v.check && !result.upToDate ? 1 : 0 };
    },
  },
  current: {
    summary: 'the revisions the database is at',
    usage: '',
    options: {},
    run: async (ctx, v) => {
      const result = await status(ctx, { url: str(v.url) });
      return { result: result.current, text: result.current.length ? result.current.join('\n') : '(base)' };
    },
  },
  history: {
    summary: 'revisions, newest first',
    usage: '  -r, --rev-range <a:b>  --indicate-current',
    options: { 'rev-range': { type: 'string', short: 'r' }, 'indicate-current': { type: 'boolean' } },
    run: async (ctx, v) => {
      const result = await history(ctx, { range: str(v['rev-range']), indicateCurrent: Boolean(v['indicate-current']), url: str(v.url) });
      return { result, text: formatHistory(result, Boolean(v.verbose)) };
    },
  },
  heads: {
    summary: 'the heads of the revision graph',
    usage: '',
    options: {},
    run: async (ctx, v) => {
      const result = await heads(ctx);
      return { result, text: formatHistory(result, Boolean(v.verbose)) };
    },
  },
  branches: {
    summary: 'branch points of the revision graph',
    usage: '',
    options: {},
    run: async (ctx, v) => {
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
      const result = await show(ctx, { revision: rev });
      return { result, text: formatRevision(result) };
    },
  },
  revision: {
    summary: 'write a new revision file from migrations/script.ts.ejs (nx g mig:revision)',
    usage:
      '  -m, --message <text>  --head <rev|base|heads|<label>@head>  --splice\n  --branch-label <name>  --depends-on <rev|label> (repeatable)  --rev-id <id>  --version-path <dir>  --autogenerate',
    options: {
      message: { type: 'string', short: 'm' },
      head: { type: 'string' },
      splice: { type: 'boolean' },
      'branch-label': { type: 'string', multiple: true },
      'depends-on': { type: 'string', multiple: true },
      'rev-id': { type: 'string' },
      'version-path': { type: 'string' },
      autogenerate: { type: 'boolean' },
    },
    run: async (ctx, v) =>
      writtenOutcome(
        await writeNewRevision(ctx, {
          message: str(v.message),
          head: str(v.head),
          splice: Boolean(v.splice),
          branchLabels: list(v['branch-label']),
          dependsOn: list(v['depends-on']),
          revId: str(v['rev-id']),
          versionPath: str(v['version-path']),
          autogenerate: Boolean(v.autogenerate),
        }),
      ),
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
    run: async (ctx, v) =>
      writtenOutcome(
        await writeMergeRevision(ctx, { revisions: list(v.revisions), message: str(v.message), branchLabels: list(v['branch-label']), revId: str(v['rev-id']) }),
      ),
  },
};
