/**
 * Before anything runs: does the database's recorded state agree with the revision files?
 * Unknown heads (database ahead of the code) and unresolved failed steps stop the run;
 * edited applied files and applied revisions whose file is gone warn, or stop it in strict mode.
 */
import { StateError } from '../errors';
import type { MigEventListener } from '../events';
import type { RecordedStep } from '../runner/version-store';
import type { RevisionGraph } from './revision-graph';

export function assertKnownHeads(graph: RevisionGraph, heads: readonly string[]): void {
  const unknown = heads.filter((h) => !graph.map.has(h));
  if (unknown.length > 0) {
    throw new StateError('MIG_UNKNOWN_DB_REVISION', `The database is at revision ${unknown.join(', ')}, which no revision file in this checkout defines.`, {
      hint: 'The database is ahead of this code (or a revision file was deleted). Check out the branch that has it, restore the file, or if the revision is really gone run migrate-stamp --purge --to=<revision>.',
    });
  }
}

/**
 * A failed step stays unresolved until a later stamp, or until its file changed (the fix).
 * So does a `running` one: seen by a run that holds the lock, it is a revision outside a
 * transaction whose run was killed halfway. Returns the steps that block the run.
 */
export async function unresolvedFailures(graph: RevisionGraph, history: readonly RecordedStep[]): Promise<RecordedStep[]> {
  const lastStamp = lastStampId(history);
  const latest = new Map<string, RecordedStep>();
  for (const row of history) latest.set(row.revision, row);
  const blocking: RecordedStep[] = [];
  for (const row of latest.values()) {
    if (row.status === 'applied' || row.id < lastStamp) continue;
    const fixed = graph.map.has(row.revision) && row.checksum !== null && (await graph.checksumOf(row.revision)) !== row.checksum;
    if (!fixed) blocking.push(row);
  }
  return blocking;
}

export async function assertNoFailures(graph: RevisionGraph, history: readonly RecordedStep[]): Promise<void> {
  const failed = await unresolvedFailures(graph, history);
  if (failed.length === 0) return;
  const first = failed[0];
  const parents = graph.map.has(first.revision) ? graph.map.revision(first.revision).downRevisions : [];
  const parent = parents.length > 0 ? parents.join(',') : 'base';
  // After a failed downgrade, "done" means the revision is gone: the stamp targets are swapped.
  const [done, undone] = first.direction === 'down' ? [parent, first.revision] : [first.revision, parent];
  const verb = first.direction === 'down' ? 'downgrade' : 'upgrade';
  const what =
    first.status === 'running'
      ? `was interrupted in ${verb}() outside a transaction: the run that started it at ${first.startedAt.toISOString()} ended before it finished (killed or crashed), so it`
      : `failed in ${verb}() outside a transaction at ${first.startedAt.toISOString()} and`;
  throw new StateError('MIG_FAILED_REVISION', `Revision ${first.revision} (${first.file ?? 'unknown file'}) ${what} may be partly applied.`, {
    file: first.file ?? undefined,
    hint: `Inspect the database. If you completed its ${verb} by hand, run migrate-stamp --to=${done}; if you undid its partial changes, fix the file (a changed file is retried) or run migrate-stamp --to=${undone}.`,
  });
}

/** The id of the latest stamp row: a stamp sets the state by hand, so older rows no longer count. */
function lastStampId(history: readonly RecordedStep[]): number {
  return history.reduce((max, row) => (row.direction === 'stamp' ? Math.max(max, row.id) : max), -1);
}

/**
 * Revisions the history records as applied (since the last stamp, and not downgraded since) that
 * no file defines any more: a file deleted after it ran, its child re-pointed past it.
 */
export function vanishedRevisions(graph: RevisionGraph, history: readonly RecordedStep[]): { revision: string; file: string | null }[] {
  const lastStamp = lastStampId(history);
  const latest = new Map<string, RecordedStep>();
  for (const row of history) if (row.id > lastStamp && row.status === 'applied') latest.set(row.revision, row);
  return [...latest.values()].filter((row) => row.direction === 'up' && !graph.map.has(row.revision)).map(({ revision, file }) => ({ revision, file }));
}

/** Applied revisions whose file changed since they ran (by the checksum recorded at apply time). */
export async function editedRevisions(graph: RevisionGraph, applied: ReadonlySet<string>, history: readonly RecordedStep[]) {
  const recorded = new Map<string, string>();
  for (const row of history) {
    if (row.direction === 'up' && row.status === 'applied' && row.checksum) recorded.set(row.revision, row.checksum);
  }
  const edited: { revision: string; file: string; recorded: string; current: string }[] = [];
  for (const id of applied) {
    const before = recorded.get(id);
    if (!before || !graph.map.has(id)) continue;
    const now = await graph.checksumOf(id);
    if (now !== before) edited.push({ revision: id, file: graph.displayPathOf(id), recorded: before, current: now });
  }
  return edited;
}

/** Edited applied files and applied revisions whose file is gone: warnings, or errors in strict mode. */
export async function checkChecksums(
  graph: RevisionGraph,
  heads: readonly string[],
  history: readonly RecordedStep[],
  strict: boolean,
  onEvent: MigEventListener,
): Promise<void> {
  const edited = await editedRevisions(graph, new Set(graph.map.ancestors(heads, true)), history);
  for (const e of edited) {
    const message = `Applied revision ${e.revision} (${e.file}) was edited after it ran: checksum ${e.recorded.slice(0, 12)} then, ${e.current.slice(0, 12)} now.`;
    const hint = 'Editing an applied revision does not change the database. Revert the edit and write a new revision instead.';
    if (strict) throw new StateError('MIG_CHECKSUM_MISMATCH', message, { file: e.file, hint });
    onEvent({ kind: 'warning', code: 'MIG_CHECKSUM_MISMATCH', message, hint });
  }
  for (const v of vanishedRevisions(graph, history)) {
    const message = `Revision ${v.revision} is recorded as applied (from ${v.file ?? 'an unknown file'}), but no revision file defines it any more.`;
    const hint = `Restore the file. If it was removed on purpose (squashed), acknowledge that with migrate-stamp --to=${heads.join(',') || 'base'}.`;
    if (strict) throw new StateError('MIG_MISSING_FILE', message, { ...(v.file ? { file: v.file } : {}), hint });
    onEvent({ kind: 'warning', code: 'MIG_MISSING_FILE', message, hint });
  }
}
