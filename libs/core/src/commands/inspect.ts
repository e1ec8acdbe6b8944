/**
 * The read-only verbs: status (current heads and what is pending), history, heads, branches and
 * show. heads, branches and show need no database; status and `history --indicate-current` read
 * the version table without taking the lock and never create it.
 */
import { loadProject } from '../config/load-project';
import { TargetError } from '../errors';
import { history as historyOf, parseRange, parseTarget, pending, resolvePoint, type Revision, type RevisionMap } from '../revision';
import { readHeads, readHistory, type RecordedStep } from '../runner/version-store';
import type { CommandContext, DatabaseOptions } from './context';
import { connectionFor, withDatabase } from './open-database';
import { readQuickState } from './quick-state';
import { loadRevisionGraph, type LoadGraphOptions, type RevisionGraph } from './revision-graph';
import { assertKnownHeads, editedRevisions, unresolvedFailures, vanishedRevisions } from './state-checks';

export interface RevisionInfo {
  readonly revision: string;
  readonly downRevisions: string[];
  readonly dependsOn: string[];
  readonly branchLabels: string[];
  readonly message?: string;
  readonly file: string;
  readonly createDate?: string;
  readonly isHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  readonly isCurrent?: boolean;
}

function infoOf(graph: RevisionGraph, revision: Revision, current?: readonly string[]): RevisionInfo {
  const { map } = graph;
  return {
    revision: revision.id,
    downRevisions: [...revision.downRevisions],
    dependsOn: [...revision.dependsOn],
    branchLabels: [...revision.branchLabels],
    message: revision.header.message,
    file: graph.displayPathOf(revision.id),
    createDate: revision.header.createDate,
    isHead: map.children(revision.id).length === 0,
    isBranchPoint: map.children(revision.id).length > 1,
    isMergePoint: revision.downRevisions.length > 1,
    ...(current ? { isCurrent: current.includes(revision.id) } : {}),
  };
}

async function openGraph(context: CommandContext, options: LoadGraphOptions = {}) {
  const project = await loadProject(context);
  return { project, graph: await loadRevisionGraph(project, options) };
}

export interface StatusResult {
  readonly database: string;
  readonly current: string[];
  readonly heads: string[];
  readonly pending: RevisionInfo[];
  readonly upToDate: boolean;
  /** Unresolved steps outside a transaction: `failed`, or `running` (a run in progress, or one that was killed). */
  readonly failed: { revision: string; file: string | null; at: string; status: 'failed' | 'running' }[];
  /** Applied revisions edited since they ran, with the checksum recorded then and the file's now. */
  readonly edited: { revision: string; file: string; recorded: string; current: string }[];
  /** Revisions recorded as applied whose file no longer exists. */
  readonly missing: { revision: string; file: string | null }[];
}

export async function status(context: CommandContext, options: DatabaseOptions = {}): Promise<StatusResult> {
  // Reports applied revisions edited since they ran: every applied file is hashed.
  const { project, graph } = await openGraph(context, { checksums: true });
  const connection = connectionFor(project, context, options);
  const quick = await readQuickState(project, context, { ...options, connection, command: 'status' });
  if (quick) {
    context.onEvent?.({ kind: 'connected', display: connection.display });
    return statusOf(graph, connection.display, quick.heads, () => quick.history);
  }
  return withDatabase(project, context, { ...options, connection, command: 'status', lock: false }, async (db) =>
    statusOf(graph, db.connection.display, await readHeads(db.session.knex, project.tables), () => readHistory(db.session.knex, project.tables)),
  );
}

/** The history is read only once the heads are known to this checkout, as it always was. */
async function statusOf(graph: RevisionGraph, database: string, current: string[], readRecorded: () => RecordedStep[] | Promise<RecordedStep[]>): Promise<StatusResult> {
  assertKnownHeads(graph, current);
  const recorded = await readRecorded();
  const todo = pending(graph.map, current).map((step) => infoOf(graph, graph.map.revision(step.revision), current));
  const failed = (await unresolvedFailures(graph, recorded)).map((r) => ({
    revision: r.revision,
    file: r.file,
    at: r.startedAt.toISOString(),
    status: r.status === 'running' ? ('running' as const) : ('failed' as const),
  }));
  const edited = await editedRevisions(graph, new Set(graph.map.ancestors(current, true)), recorded);
  const missing = vanishedRevisions(graph, recorded);
  return { database, current, heads: graph.map.heads, pending: todo, upToDate: todo.length === 0, failed, edited, missing };
}

/** The revisions the database is at (its heads); empty for a database at base. */
export async function current(context: CommandContext, options: DatabaseOptions = {}): Promise<string[]> {
  return (await status(context, options)).current;
}

export interface HistoryOptions extends DatabaseOptions {
  /** `a:b`, either side optional; `current` allowed. */
  readonly range?: string;
  /** Read the database to mark the current revisions. */
  readonly indicateCurrent?: boolean;
}

export async function history(context: CommandContext, options: HistoryOptions = {}): Promise<RevisionInfo[]> {
  const { project, graph } = await openGraph(context);
  // `current` and relative sides (`-1:`, `:+2`) are counted from the database's heads.
  const sides = options.range ? Object.values(parseRange(options.range)) : [];
  const needsDb = options.indicateCurrent || sides.some((side) => side.kind === 'current' || side.kind === 'relative');
  const current = needsDb
    ? await withDatabase(project, context, { ...options, command: 'history', lock: false }, (db) => readHeads(db.session.knex, project.tables))
    : undefined;
  if (current) assertKnownHeads(graph, current);
  return historyOf(graph.map, options.range, current ?? []).map((r) => infoOf(graph, r, options.indicateCurrent ? current : undefined));
}

export async function heads(context: CommandContext): Promise<RevisionInfo[]> {
  const { graph } = await openGraph(context);
  return graph.map.heads.map((id) => infoOf(graph, graph.map.revision(id)));
}

export async function branches(context: CommandContext): Promise<(RevisionInfo & { children: string[] })[]> {
  const { graph } = await openGraph(context);
  return graph.map.branchPoints.map((id) => ({ ...infoOf(graph, graph.map.revision(id)), children: graph.map.children(id) }));
}

export async function show(context: CommandContext, options: { revision: string }): Promise<RevisionInfo> {
  const { graph } = await openGraph(context);
  return infoOf(graph, graph.map.revision(resolveShown(graph.map, options.revision)));
}

/** One revision from any target that names one without the database: an id, `head`, `<label>@head`, `<rev>-1`… */
function resolveShown(map: RevisionMap, text: string): string {
  const target = parseTarget(text);
  if (target.kind === 'relative') {
    throw new TargetError('MIG_BAD_TARGET', `show needs a revision, and \`${text}\` counts from the database.`, { hint: 'use an id, head, <label>@head or <rev>-N' });
  }
  const point = resolvePoint(map, target);
  if (point.kind === 'revisions' && point.ids.length === 1) return point.ids[0] as string;
  throw new TargetError('MIG_BAD_TARGET', `\`${text}\` does not name one revision.`, { hint: 'use an id, head, <label>@head or <rev>-N' });
}
