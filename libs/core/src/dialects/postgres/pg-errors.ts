/** PostgreSQL (and PGlite) driver errors → MigError, with the connection named and no secret. */
import { ConnectionError, LockError, MigError } from '../../errors';
import { scrubSecrets } from '../../config/redact';
import type { ResolvedConnection } from '../../config/resolve-connection';

interface DriverError {
  code?: string;
  message?: string;
  errno?: string;
}

const SERVER_CODES: Record<string, { code: ConstructorParameters<typeof ConnectionError>[0]; what: string; hint: string }> = {
  '28P01': { code: 'MIG_DB_AUTH', what: 'password authentication failed', hint: 'Check the user and password (DB_USER/DB_PASS or the URL).' },
  '28000': { code: 'MIG_DB_AUTH', what: 'the server rejected the login', hint: 'Check the user, password and pg_hba.conf.' },
  '3D000': { code: 'MIG_DB_MISSING', what: 'the database does not exist', hint: 'Create it (createdb <name>) or fix DB_NAME / the URL.' },
  '42501': { code: 'MIG_DB_PERMISSION', what: 'permission denied', hint: 'Grant the user the needed privileges (CREATE on the schema) or use another user.' },
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN']);

export function translatePgError(error: unknown, connection: ResolvedConnection): MigError {
  if (error instanceof MigError) return error;
  const e = (error ?? {}) as DriverError;
  const secrets = connection.dialect === 'pglite' ? [] : [connection.password, connection.url];
  const raw = scrubSecrets(String(e.message ?? error), secrets);
  const server = e.code ? SERVER_CODES[e.code] : undefined;
  if (server) {
    return new ConnectionError(server.code, `${connection.display}: ${server.what} (${raw}).`, { hint: server.hint });
  }
  if (e.code === '55P03') {
    return new LockError('MIG_LOCK_TIMEOUT', `${connection.display}: timed out waiting for a lock (${raw}).`, {
      hint: 'Another session holds a lock; retry later or raise --lock-timeout.',
    });
  }
  if ((e.code && NETWORK_CODES.has(e.code)) || /timeout expired|Connection terminated|connect ECONN/i.test(raw)) {
    return new ConnectionError('MIG_DB_UNREACHABLE', `Cannot reach the database at ${connection.display} (${raw}).`, {
      hint: 'Is the server running and the host/port right? For the embedded default, unset DATABASE_URL and DB_*.',
    });
  }
  return new ConnectionError('MIG_DB_ERROR', `${connection.display}: ${raw}`, { cause: undefined });
}
