/**
 * Opens the project's database for one command: resolve the connection, open knex, pin one
 * connection, optionally take the migration lock, and always clean up. Driver errors leave here
 * as MigErrors without secrets.
 */
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import type { Project } from '../config/load-project';
import { readEnvironment } from '../config/read-env';
import { scrubSecrets } from '../config/redact';
import { resolveConnection, type ResolvedConnection } from '../config/resolve-connection';
import type { Dialect } from '../dialects/dialect';
import type { Session } from '../dialects/session';
import { ignoreEvents } from '../events';
import type { CommandContext, DatabaseOptions } from './context';

export interface OpenDatabase {
  readonly session: Session;
  readonly dialect: Dialect;
  readonly connection: ResolvedConnection;
  readonly scrub: (text: string) => string;
  readonly applicationName: string;
}

export function connectionFor(project: Project, context: CommandContext, options: DatabaseOptions): ResolvedConnection {
  const env = readEnvironment(project.workspaceRoot, project.projectRoot, context.env ?? process.env);
  return resolveConnection({ url: options.url, env, dialect: project.dialect, workspaceRoot: project.workspaceRoot, projectName: project.projectName });
}

export function applicationName(command: string): string {
  // The server keeps 63 bytes: a long host name is what gets cut, never the pid.
  return `mig ${command} pid=${process.pid} host=${hostname()}`.slice(0, 63);
}

export async function withDatabase<T>(
  project: Project,
  context: CommandContext,
  options: DatabaseOptions & { command: string; lock: boolean; connection?: ResolvedConnection },
  fn: (db: OpenDatabase) => Promise<T>,
): Promise<T> {
  const connection = options.connection ?? connectionFor(project, context, options);
  // Imported here, not above: they load knex and the drivers, which commands that only read
  // revision files never need (0.2–0.3 s of a CLI run's start-up).
  const [{ dialectFor }, { openSession }] = await Promise.all([import('../dialects/registry'), import('../dialects/session')]);
  const dialect = dialectFor(connection);
  const secrets = connection.dialect === 'pglite' ? [] : [connection.password, connection.url];
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const name = applicationName(options.command);
  const lockTimeoutMs = options.lockTimeoutMs ?? project.lockTimeoutMs;
  const onEvent = context.onEvent ?? ignoreEvents;
  let knex: Knex | undefined;
  let session: Session | undefined;
  let locked = false;
  const lockName = `${project.tables.version}`;
  try {
    const onWarning = (message: string) => onEvent({ kind: 'warning', code: 'MIG_DRIVER_WARNING', message: scrub(message) });
    const onLockWait = () => onEvent({ kind: 'lock-waiting', display: connection.display });
    knex = await dialect.createKnex(connection, { applicationName: name, lockTimeoutMs, onWarning, onLockWait });
    session = await openSession(knex);
    onEvent({ kind: 'connected', display: connection.display });
    if (options.lock) {
      await dialect.acquireLock(session, lockName, lockTimeoutMs, onLockWait);
      locked = true;
    }
    return await fn({ session, dialect, connection, scrub, applicationName: name });
  } catch (error) {
    throw dialect.translateError(error, connection);
  } finally {
    if (locked && session) await dialect.releaseLock(session, lockName).catch(() => undefined);
    if (session) await session.release().catch(() => undefined);
    if (knex) await knex.destroy().catch(() => undefined);
  }
}
