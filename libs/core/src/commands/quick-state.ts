/**
 * The fast read behind `status` and a no-op `up`: the database's heads and history in one round
 * trip, without knex (dialects/postgres/pg-probe.ts). PostgreSQL only; every other dialect, and
 * every state the probe does not answer (tables missing or not mig's, a failing query), returns
 * undefined and the command takes its knex path, which behaves and reports as it always did.
 * MIG_NO_QUICK_READ=1 in the environment turns it off: the tests compare both paths with it, and
 * it is a way out should a server answer the probe in a way this code misjudges.
 */
import type { Project } from '../config/load-project';
import type { ResolvedConnection } from '../config/resolve-connection';
import type { RecordedStep } from '../runner/version-store';
import type { CommandContext, DatabaseOptions } from './context';
import { applicationName } from './open-database';

export interface QuickState {
  readonly connection: ResolvedConnection;
  /** Sorted, as readHeads returns them. */
  readonly heads: string[];
  /** Oldest first, as readHistory returns them. */
  readonly history: RecordedStep[];
}

/** Undefined: not answered here, open the database the usual way (with `connection`, resolved once). */
export async function readQuickState(
  project: Project,
  context: CommandContext,
  options: DatabaseOptions & { command: string; connection: ResolvedConnection },
): Promise<QuickState | undefined> {
  const { connection } = options;
  if (connection.dialect !== 'postgres' || (context.env ?? process.env).MIG_NO_QUICK_READ === '1') return undefined;
  const { probeVersionState } = await import('../dialects/postgres/pg-probe');
  const state = await probeVersionState(connection, project.tables, applicationName(options.command));
  return state && { connection, ...state };
}
