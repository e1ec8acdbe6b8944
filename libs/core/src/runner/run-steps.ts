/**
 * The one engine behind upgrade and downgrade: per step a transaction that runs the revision and
 * updates heads and history together, so a killed or failing run never leaves a revision's DDL
 * without its version row (or the reverse). Revisions that export `transaction = false` run in
 * autocommit, announced by a `running` history row; a failure (or a kill) there is recorded and
 * blocks later runs until resolved. Where the dialect can relax a commit (PostgreSQL), every
 * revision's transaction but the run's last commits without waiting for the disk; the last commit
 * (or, after a failure, a small durable one) makes all of them durable before the run returns.
 */
import type { Knex } from 'knex';
import type { VersionWrites } from '../dialects/dialect';
import type { Session } from '../dialects/session';
import { ConfigError, RevisionRunError } from '../errors';
import type { MigEventListener } from '../events';
import type { RevisionHeader } from '../revision/header';
import { runBatched } from './batched-steps';
import { appendHistory, flushCommits, recordStep, settleRunning, type StepStatus, type VersionTables, writeHeads } from './version-store';

export interface RevisionModule {
  upgrade(knex: Knex): Promise<void> | void;
  downgrade(knex: Knex): Promise<void> | void;
}

export interface RunnableStep {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly header: RevisionHeader;
  readonly module: RevisionModule;
  /** Workspace-relative path, as shown to users and stored in history. */
  readonly file: string;
  readonly checksum: string;
}

export interface RunStepsInput {
  readonly session: Session;
  /** Recording SQL for later (migrate-sql): history rows take the database's now(). */
  readonly offline?: boolean;
  readonly tables: VersionTables;
  readonly steps: readonly RunnableStep[];
  readonly heads: readonly string[];
  /** The frontier after one step; from revision/ (pure). */
  readonly headsAfter: (heads: readonly string[], step: RunnableStep) => string[];
  /** One transaction around all steps (upgrades only). */
  readonly singleTransaction: boolean;
  readonly transactionalDdl: boolean;
  /** What the dialect offers for writing version rows (Dialect.versionWrites). */
  readonly versionWrites: VersionWrites;
  readonly appliedBy: string;
  readonly onEvent: MigEventListener;
  /** Removes secrets from driver messages. */
  readonly scrub: (text: string) => string;
}

/** Refuses one transaction around the run where DDL is not transactional. */
export function assertSingleTransactionPossible(singleTransaction: boolean, transactionalDdl: boolean): void {
  if (singleTransaction && !transactionalDdl) {
    // MySQL commits each DDL statement implicitly: a rollback would undo the version rows only.
    throw new ConfigError('MIG_BAD_OPTION', 'One transaction around the whole upgrade needs transactional DDL, which this database does not have (each DDL statement commits by itself).', {
      hint: 'Run without --single-transaction and leave transactionPerRevision at true in mig.config.ts.',
    });
  }
}

export async function runSteps(input: RunStepsInput): Promise<string[]> {
  assertSingleTransactionPossible(input.singleTransaction, input.transactionalDdl);
  if (input.singleTransaction) {
    return input.session.transaction(async (trx) => {
      let heads = [...input.heads];
      for (const step of input.steps) heads = await runInTransaction(trx, step, heads, input, false);
      return heads;
    });
  }
  // Every revision's commit but the last may return before the log is on disk: the last one
  // flushes it for all. Not offline: a script can be run in parts, so no later commit is certain.
  const relaxable = !input.offline && input.versionWrites.relaxCommit !== undefined;
  const relaxAt = (index: number) => relaxable && index < input.steps.length - 1;
  const ownTransaction = (step: RunnableStep) => step.header.transactional && input.transactionalDdl;
  let relaxed = false;
  const runOrdinary = async (step: RunnableStep, heads: string[], index: number) => {
    if (!ownTransaction(step)) return runOutsideTransaction(step, heads, input);
    const next = await input.session.transaction((trx) => runInTransaction(trx, step, heads, input, relaxAt(index)));
    relaxed ||= relaxAt(index);
    return next;
  };
  try {
    if (scriptsPossible(input)) return await runBatched({ input, runOrdinary, ownTransaction, relaxAt, onRelaxed: () => (relaxed = true) });
    let heads = [...input.heads];
    for (const [index, step] of input.steps.entries()) heads = await runOrdinary(step, heads, index);
    return heads;
  } catch (error) {
    // The run stops before its last commit: make the revisions it did apply durable now.
    if (relaxed) await input.session.transaction((trx) => flushCommits(trx, input.tables)).catch(() => undefined);
    throw error;
  }
}

/** Online, where the database runs a script as one transaction: see batched-steps.ts. */
const scriptsPossible = (input: RunStepsInput) => !input.offline && input.versionWrites.scripts === true && input.session.sendScript !== undefined;

async function runInTransaction(trx: Knex, step: RunnableStep, heads: string[], input: RunStepsInput, relaxCommit: boolean): Promise<string[]> {
  const startedAt = input.offline ? null : new Date();
  const t0 = performance.now();
  await invoke(trx, step, input);
  const next = input.headsAfter(heads, step);
  const durationMs = performance.now() - t0;
  const row = historyRow(step, 'applied', startedAt, durationMs, input.appliedBy);
  await recordStep(trx, input.tables, heads, next, row, { writes: input.versionWrites, relaxCommit });
  input.onEvent({ kind: 'step-done', revision: step.revision, direction: step.direction, message: step.header.message, file: step.file, durationMs });
  return next;
}

async function runOutsideTransaction(step: RunnableStep, heads: string[], input: RunStepsInput): Promise<string[]> {
  const startedAt = input.offline ? null : new Date();
  const t0 = performance.now();
  // Committed before the revision starts: if this process dies halfway, its autocommitted DDL stays
  // and so does this row, which the next run (holding the lock) reads as an interrupted revision.
  // An offline script has no process to die; it records the outcome only.
  const announced = !input.offline;
  if (announced) await appendHistory(input.session.knex, input.tables, historyRow(step, 'running', startedAt, 0, input.appliedBy));
  const log = recordStatements(input.session.knex);
  try {
    await invoke(input.session.knex, step, input, log.statements);
  } catch (error) {
    const failed = historyRow(step, 'failed', startedAt, performance.now() - t0, input.appliedBy);
    await (announced ? settleRunning : appendHistory)(input.session.knex, input.tables, failed).catch(() => undefined);
    throw error;
  } finally {
    log.stop();
  }
  const next = input.headsAfter(heads, step);
  const durationMs = performance.now() - t0;
  const record = async (k: Knex) => {
    await writeHeads(k, input.tables, heads, next);
    await (announced ? settleRunning : appendHistory)(k, input.tables, historyRow(step, 'applied', startedAt, durationMs, input.appliedBy));
  };
  // Heads and history are DML, transactional on InnoDB too: they change together even on MySQL.
  await input.session.transaction(record);
  input.onEvent({ kind: 'step-done', revision: step.revision, direction: step.direction, message: step.header.message, file: step.file, durationMs });
  return next;
}

async function invoke(knex: Knex, step: RunnableStep, input: RunStepsInput, statements?: readonly string[]): Promise<void> {
  try {
    await step.module[step.direction === 'up' ? 'upgrade' : 'downgrade'](knex);
  } catch (error) {
    throw revisionFailure(step, error, input, statements);
  }
}

const MAX_LISTED = 20;

/**
 * The statements that completed on this knex while a revision runs outside a transaction: they
 * stay committed when it fails, so the failure lists them (the failing one is in the driver's message).
 */
function recordStatements(knex: Knex): { statements: string[]; stop(): void } {
  const statements: string[] = [];
  const onResponse = (_response: unknown, query: { sql?: string; bindings?: readonly unknown[] }) => {
    const sql = (query.sql ?? '').replace(/\s+/g, ' ').trim();
    if (!sql || /^(select|show|describe|desc|explain)\b/i.test(sql)) return; // reads change nothing
    const bindings = query.bindings && query.bindings.length > 0 ? ` -- bindings ${JSON.stringify(query.bindings)}` : '';
    statements.push(`${sql}${bindings}`.slice(0, 300));
  };
  knex.on('query-response', onResponse);
  return { statements, stop: () => knex.removeListener('query-response', onResponse) };
}

function listStatements(statements: readonly string[], scrub: (text: string) => string): string {
  if (statements.length === 0) return '\nNo statement that changes the database completed before the failure.';
  const shown = statements.slice(0, MAX_LISTED).map((s, i) => `\n  ${i + 1}. ${scrub(s)}`);
  const more = statements.length > MAX_LISTED ? `\n  … and ${statements.length - MAX_LISTED} more` : '';
  return `\nThese statements completed before the failure and stay applied:${shown.join('')}${more}`;
}

function revisionFailure(step: RunnableStep, error: unknown, input: RunStepsInput, statements?: readonly string[]): RevisionRunError {
  const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
  const reason = input.scrub(error instanceof Error ? error.message : String(error));
  if (error instanceof RevisionRunError && error.code === 'MIG_OFFLINE_UNSUPPORTED') {
    // Not a failure of the revision: offline SQL cannot run it. Keep the code, name the revision.
    return new RevisionRunError(error.code, `Revision ${step.revision} (${step.file}) cannot be rendered offline. ${reason}`, {
      file: step.file,
      line: step.header.line,
      revision: step.revision,
      hint: error.hint,
    });
  }
  const outside = !step.header.transactional || !input.transactionalDdl;
  // A completed downgrade leaves the database at the revision's parent, not at the revision.
  const completed = step.direction === 'up' ? step.revision : step.header.downRevisions.join(',') || 'base';
  const hint = outside
    ? `It ran outside a transaction, so part of it may be applied. Inspect the database, then either undo the partial changes and fix the file, or complete them and run migrate-stamp --to=${completed}. Later runs refuse to continue until then.`
    : input.singleTransaction
      ? 'The whole run was one transaction and was rolled back: no revision of it is applied. Fix the revision and run the command again.'
      : 'Its changes were rolled back; earlier revisions stay applied. Fix the revision and run the command again.';
  const ran = outside && statements ? listStatements(statements, input.scrub) : '';
  return new RevisionRunError('MIG_REVISION_FAILED', `Revision ${step.revision} (${step.file}) failed in ${verb}(): ${reason}${ran}`, {
    file: step.file,
    line: step.header.line,
    revision: step.revision,
    hint,
    cause: error,
  });
}

function historyRow(step: RunnableStep, status: StepStatus, startedAt: Date | null, durationMs: number, appliedBy: string) {
  // Offline, the script runs later: the database's clock stamps it, and no duration is known.
  return { revision: step.revision, direction: step.direction, status, checksum: step.checksum, file: step.file, startedAt, durationMs: startedAt ? durationMs : 0, appliedBy };
}
