/**
 * The migration lock on PostgreSQL: a session-level advisory lock. It dies with the session, so a
 * killed run leaves nothing to unlock. `lock_timeout` bounds the wait (SQLSTATE 55P03), and the
 * error names the holder from pg_locks + pg_stat_activity.
 */
import { createHash } from 'node:crypto';
import { LockError } from '../../errors';
import type { Session } from '../session';

/** Two int4 halves of a stable 64-bit key derived from the lock name. */
export function advisoryKey(name: string): [number, number] {
  const digest = createHash('sha256').update(`mig:${name}`).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

interface Holder {
  pid: number;
  application_name: string | null;
  client_addr: string | null;
  backend_start: Date | string | null;
}

async function findHolder(session: Session, [hi, lo]: [number, number]): Promise<Holder | undefined> {
  const result = await session.knex.raw(
    // Advisory locks are per database: the same key held on another database of the server is not ours.
    `SELECT a.pid, a.application_name, a.client_addr::text AS client_addr, a.backend_start
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid::int = ? AND l.objid::int = ? AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [hi, lo],
  );
  return (result.rows as Holder[])[0];
}

export async function acquireAdvisoryLock(session: Session, name: string, timeoutMs: number, onWait?: () => void): Promise<void> {
  const key = advisoryKey(name);
  const acquired = await session.knex.raw('SELECT pg_try_advisory_lock(?, ?) AS ok', key);
  if (acquired.rows[0].ok) return;
  onWait?.();
  await session.knex.raw(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await session.knex.raw('SELECT pg_advisory_lock(?, ?)', key);
  } catch (error) {
    if ((error as { code?: string }).code !== '55P03') throw error;
    const holder = await findHolder(session, key);
    const who = holder
      ? `pid ${holder.pid} (${holder.application_name || 'no application_name'}${holder.client_addr ? ` from ${holder.client_addr}` : ''}, connected since ${new Date(holder.backend_start ?? '').toISOString()})`
      : 'another session';
    throw new LockError('MIG_LOCK_TIMEOUT', `Timed out after ${timeoutMs} ms waiting for the migration lock held by ${who}.`, {
      hint: 'Wait for the other run to finish, or raise --lock-timeout. A killed run releases the lock by itself; if the holder hangs, stop it with SELECT pg_terminate_backend(<pid>).',
    });
  } finally {
    await session.knex.raw('RESET lock_timeout');
  }
}

export async function releaseAdvisoryLock(session: Session, name: string): Promise<void> {
  await session.knex.raw('SELECT pg_advisory_unlock(?, ?)', advisoryKey(name));
}
