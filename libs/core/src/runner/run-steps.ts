/**
 * The one engine behind upgrade and downgrade: per step a transaction that runs the revision and
 * updates heads and history together, so a killed or failing run never leaves a revision's DDL
 * without its version row (or the reverse). Revisions that export `transaction = false` run in
 * autocommit; a failure there is recorded and blocks later runs until resolved.
 */
import type { Knex } from 'knex';
import type { Session } from '../dialects/session';
import { RevisionRunError } from '../errors';
import type { MigEventListener } from '../events';
import type { RevisionHeader } from '../revision/header';
import { appendHistory, type VersionTables, writeHeads } from './version-store';

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
  readonly tables: VersionTables;
  readonly steps: readonly RunnableStep[];
  readonly heads: readonly string[];
  /** The frontier after one step; from revision/ (pure). */
  readonly headsAfter: (heads: readonly string[], step: RunnableStep) => string[];
  /** One transaction around all steps (upgrades only). */
  readonly singleTransaction: boolean;
  readonly transactionalDdl: boolean;
  readonly appliedBy: string;
  readonly onEvent: MigEventListener;
  /** Removes secrets from driver messages. */
  readonly scrub: (text: string) => string;
}

export async function runSteps(input: RunStepsInput): Promise<string[]> {
  if (input.singleTransaction) {
    return input.session.transaction(async (trx) => {
      let heads = [...input.heads];
      for (const step of input.steps) heads = await runInTransaction(trx, step, heads, input);
      return heads;
    });
  }
  let heads = [...input.heads];
  for (const step of input.steps) {
    const ownTransaction = step.header.transactional && input.transactionalDdl;
    heads = ownTransaction
      ? await input.session.transaction((trx) => runInTransaction(trx, step, heads, input))
      : await runOutsideTransaction(step, heads, input);
  }
  return heads;
}

async function runInTransaction(trx: Knex, step: RunnableStep, heads: string[], input: RunStepsInput): Promise<string[]> {
  const startedAt = new Date();
  const t0 = performance.now();
  await invoke(trx, step, input);
  const next = input.headsAfter(heads, step);
  await writeHeads(trx, input.tables, heads, next);
  const durationMs = performance.now() - t0;
  await appendHistory(trx, input.tables, historyRow(step, 'applied', startedAt, durationMs, input.appliedBy));
  input.onEvent({ kind: 'step-done', revision: step.revision, direction: step.direction, message: step.header.message, file: step.file, durationMs });
  return next;
}

async function runOutsideTransaction(step: RunnableStep, heads: string[], input: RunStepsInput): Promise<string[]> {
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    await invoke(input.session.knex, step, input);
  } catch (error) {
    const failed = historyRow(step, 'failed', startedAt, performance.now() - t0, input.appliedBy);
    await appendHistory(input.session.knex, input.tables, failed).catch(() => undefined);
    throw error;
  }
  const next = input.headsAfter(heads, step);
  const durationMs = performance.now() - t0;
  const record = async (k: Knex) => {
    await writeHeads(k, input.tables, heads, next);
    await appendHistory(k, input.tables, historyRow(step, 'applied', startedAt, durationMs, input.appliedBy));
  };
  if (input.transactionalDdl) await input.session.transaction(record);
  else await record(input.session.knex);
  input.onEvent({ kind: 'step-done', revision: step.revision, direction: step.direction, message: step.header.message, file: step.file, durationMs });
  return next;
}

async function invoke(knex: Knex, step: RunnableStep, input: RunStepsInput): Promise<void> {
  try {
    await step.module[step.direction === 'up' ? 'upgrade' : 'downgrade'](knex);
  } catch (error) {
    throw revisionFailure(step, error, input);
  }
}

function revisionFailure(step: RunnableStep, error: unknown, input: RunStepsInput): RevisionRunError {
  const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
  const reason = input.scrub(error instanceof Error ? error.message : String(error));
  const outside = !step.header.transactional || !input.transactionalDdl;
  const hint = outside
    ? `It ran outside a transaction, so part of it may be applied. Inspect the database, then either undo the partial changes and fix the file, or complete them and run migrate-stamp --to=${step.revision}. Later runs refuse to continue until then.`
    : `Its changes were rolled back; earlier revisions stay applied. Fix the revision and run the command again.`;
  return new RevisionRunError('MIG_REVISION_FAILED', `Revision ${step.revision} (${step.file}) failed in ${verb}(): ${reason}`, {
    file: step.file,
    line: step.header.line,
    revision: step.revision,
    hint,
    cause: error,
  });
}

function historyRow(step: RunnableStep, status: 'applied' | 'failed', startedAt: Date, durationMs: number, appliedBy: string) {
  return { revision: step.revision, direction: step.direction, status, checksum: step.checksum, file: step.file, startedAt, durationMs, appliedBy };
}
