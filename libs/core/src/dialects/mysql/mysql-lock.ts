/**
 * The migration lock on MySQL / MariaDB: a named user lock (`GET_LOCK`). It belongs to the
 * connection, so a killed run releases it with its connection. User locks are server-wide, not
 * per database, so the name carries the database: two databases on one server never block each
 * other. The timeout error names the holder from `IS_USED_LOCK` + the process list.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { LockError } from '../../errors';
import type { Session } from '../session';

/** MySQL 5.7+ rejects lock names over 64 characters; long ones are hashed. */
const MAX_LOCK_NAME = 64;

export function mysqlLockName(database: string, key: string): string {
  const readable = `mig:${database}:${key}`;
  if (readable.length <= MAX_LOCK_NAME) return readable;
  return `mig:${createHash('sha256').update(readable).digest('hex').slice(0, MAX_LOCK_NAME - 4)}`;
}

/** The first row of a mysql2 result (`knex.raw` resolves to `[rows, fields]`). */
export async function firstRow<T>(session: Session, sql: string, bindings: readonly Knex.RawBinding[] = []): Promise<T | undefined> {
  const [rows] = (await session.knex.raw(sql, bindings)) as [T[], unknown];
  return rows[0];
}

async function lockNameOf(session: Session, key: string): Promise<string> {
  const row = await firstRow<{ db: string | null }>(session, 'SELECT DATABASE() AS db');
  return mysqlLockName(row?.db ?? '', key);
}

interface ProcessRow {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
  time: number;
  info: string | null;
}

/** Who holds the lock: connection id, user@host, and the program name where the server shows it. */
export async function describeLockHolder(session: Session, name: string): Promise<string> {
  const used = await firstRow<{ id: number | null }>(session, 'SELECT IS_USED_LOCK(?) AS id', [name]);
  const id = used?.id;
  if (id === null || id === undefined) return 'another session (it has just released the lock)';
  const process = await firstRow<ProcessRow>(
    session,
    `SELECT ID AS id, USER AS user, HOST AS host, DB AS db, COMMAND AS command, TIME AS time, INFO AS info
       FROM information_schema.PROCESSLIST WHERE ID = ?`,
    [id],
  );
  // Connection attributes (mysql2 sends program_name) are visible only with performance_schema on.
  const program = await firstRow<{ value: string }>(
    session,
    `SELECT ATTR_VALUE AS value FROM performance_schema.session_connect_attrs WHERE PROCESSLIST_ID = ? AND ATTR_NAME = 'program_name'`,
    [id],
  ).catch(() => undefined);
  if (!process) return `connection ${id}`;
  const details = [
    `${process.user}@${process.host}`,
    ...(program?.value ? [program.value] : []),
    process.command === 'Sleep' ? `idle for ${process.time} s` : `running for ${process.time} s${process.info ? `: ${process.info.replace(/\s+/g, ' ').slice(0, 120)}` : ''}`,
  ];
  return `connection ${id} (${details.join(', ')})`;
}

export async function acquireMysqlLock(session: Session, key: string, timeoutMs: number, onWait?: () => void): Promise<void> {
  const name = await lockNameOf(session, key);
  const free = await firstRow<{ ok: number | null }>(session, 'SELECT GET_LOCK(?, 0) AS ok', [name]);
  if (free?.ok === 1) return;
  onWait?.();
  // GET_LOCK takes seconds; fractions work on MySQL 5.7+ and MariaDB 10.0+.
  const seconds = Math.max(0, timeoutMs) / 1000;
  const row = await firstRow<{ ok: number | null }>(session, 'SELECT GET_LOCK(?, ?) AS ok', [name, seconds]);
  if (row?.ok === 1) return;
  const holder = await describeLockHolder(session, name);
  throw new LockError('MIG_LOCK_TIMEOUT', `Timed out after ${timeoutMs} ms waiting for the migration lock "${name}" held by ${holder}.`, {
    hint: 'Wait for the other run to finish, or raise --lock-timeout. A killed run releases the lock with its connection; if the holder hangs, stop it with KILL <connection id>.',
  });
}

export async function releaseMysqlLock(session: Session, key: string): Promise<void> {
  await session.knex.raw('SELECT RELEASE_LOCK(?)', [await lockNameOf(session, key)]);
}
