/**
 * One round trip per revision where the database runs a script as one transaction (PostgreSQL):
 * each revision first runs against a recording session, as offline SQL does, without touching
 * the database. When the recording can be trusted to be what the revision would have sent (it
 * only wrote: no read, no doubt, see RecordingSession.doubts and revisionScript), its statements
 * and the step's record go to the server as one script, which commits whole or rolls back whole.
 *
 * Everything else runs the ordinary way (run-steps.ts), one statement at a time: a revision that
 * reads or throws while recorded, one outside a transaction, a merge or a branch point. A script
 * that fails on the server left nothing behind, and its revision runs again the ordinary way, so
 * the error the user gets is today's, with its statement, file and line.
 *
 * So a revision's JavaScript runs once when its script succeeds, and twice when it falls back
 * (recorded, then for real); side effects outside the database (a log line, a file) happen again
 * then. Recording the next revision while the server runs the current script measured no gain
 * here, and would run a revision's JavaScript before the one before it is known to be applied.
 */
import { createRecordingSession, type RecordingSession } from '../dialects/offline/recording-session';
import type { RunnableStep, RunStepsInput } from './run-steps';
import { revisionScript } from './revision-script';
import { recordStepScript } from './script-record';

export interface BatchedRun {
  readonly input: RunStepsInput;
  /** Runs one step the ordinary way, emitting its event; the heads after it. */
  readonly runOrdinary: (step: RunnableStep, heads: string[], index: number) => Promise<string[]>;
  /** Whether the step runs in a transaction of its own (else it always runs the ordinary way). */
  readonly ownTransaction: (step: RunnableStep) => boolean;
  /** Whether the step's commit may be relaxed (every one but the run's last). */
  readonly relaxAt: (index: number) => boolean;
  /** A script committed with a relaxed commit: the run must flush before it returns. */
  readonly onRelaxed: () => void;
}

interface Prepared {
  readonly step: RunnableStep;
  readonly index: number;
  readonly sql: string;
  readonly next: string[];
  readonly relax: boolean;
  readonly t0: number;
}

export async function runBatched(run: BatchedRun): Promise<string[]> {
  const { input } = run;
  const recorder = createRecordingSession('pg', { serverVersion: (input.session.knex.client as { version?: string }).version });
  let heads = [...input.heads];
  try {
    for (const [index, step] of input.steps.entries()) {
      const prepared = run.ownTransaction(step) ? await prepare(recorder, run, step, index, heads, input.headsAfter(heads, step)) : undefined;
      heads = prepared ? await send(prepared, heads, run) : await run.runOrdinary(step, heads, index);
    }
  } finally {
    await recorder.release();
  }
  return heads;
}

/** The step's script, or undefined when it must run the ordinary way. */
async function prepare(recorder: RecordingSession, run: BatchedRun, step: RunnableStep, index: number, before: string[], next: string[]): Promise<Prepared | undefined> {
  const { input } = run;
  const t0 = performance.now();
  recorder.clear();
  try {
    await recorder.transaction(async (trx) => {
      await step.module[step.direction === 'up' ? 'upgrade' : 'downgrade'](trx);
    });
  } catch {
    return undefined; // it reads, or fails: the ordinary run says how, precisely
  }
  if (recorder.doubts.length > 0) return undefined;
  const relax = run.relaxAt(index);
  const row = { revision: step.revision, direction: step.direction, status: 'applied' as const, checksum: step.checksum, file: step.file, startedAt: null, durationMs: 0, appliedBy: input.appliedBy };
  const record = recordStepScript(recorder.knex, input.tables, before, next, row, { writes: input.versionWrites, relaxCommit: relax });
  if (record === undefined) return undefined;
  const script = revisionScript(recorder.statements, record);
  // The first line names the revision where the server shows the query (pg_stat_activity, logs).
  const title = `-- mig ${step.direction === 'up' ? 'upgrade' : 'downgrade'} ${step.revision.replace(/[^\w.-]/g, '?')}\n`;
  return 'sql' in script ? { step, index, sql: title + script.sql, next, relax, t0 } : undefined;
}

/** Sends the script; one that failed on the server rolled back whole, and the ordinary run applies it or fails with today's precise error. */
async function send(prepared: Prepared, before: string[], run: BatchedRun): Promise<string[]> {
  const { step } = prepared;
  try {
    await run.input.session.sendScript!(prepared.sql);
  } catch {
    return run.runOrdinary(step, before, prepared.index);
  }
  if (prepared.relax) run.onRelaxed();
  const durationMs = performance.now() - prepared.t0;
  run.input.onEvent({ kind: 'step-done', revision: step.revision, direction: step.direction, message: step.header.message, file: step.file, durationMs });
  return prepared.next;
}
