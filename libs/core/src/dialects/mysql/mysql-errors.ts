/** MySQL / MariaDB (mysql2) driver errors → MigError, with the connection named and no secret. */
import { ConnectionError, LockError, MigError } from '../../errors';
import { scrubSecrets } from '../../config/redact';
import type { ResolvedConnection } from '../../config/resolve-connection';

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

type Translation = { code: ConstructorParameters<typeof ConnectionError>[0]; what: string; hint: string };

// By errno: the server's numbers are stable across MySQL and MariaDB, the symbolic names less so.
const SERVER_ERRORS: Record<number, Translation> = {
  1045: { code: 'MIG_DB_AUTH', what: 'access denied (wrong user or password)', hint: 'Check the user and password (DB_USER/DB_PASS or the URL).' },
  1698: { code: 'MIG_DB_AUTH', what: 'access denied for this user without a password', hint: 'Set a password for the user, or connect as a user that has one.' },
  1049: { code: 'MIG_DB_MISSING', what: 'the database does not exist', hint: 'Create it (CREATE DATABASE <name>) or fix DB_NAME / the URL.' },
  1044: { code: 'MIG_DB_PERMISSION', what: 'access to the database denied', hint: 'GRANT the user privileges on the database, or use another user.' },
  1142: { code: 'MIG_DB_PERMISSION', what: 'permission denied on a table', hint: 'GRANT the user CREATE, ALTER, DROP, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE on the database.' },
  1227: { code: 'MIG_DB_PERMISSION', what: 'the operation needs a privilege the user lacks', hint: 'GRANT the privilege named in the message, or use another user.' },
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'PROTOCOL_CONNECTION_LOST']);

export function translateMysqlError(error: unknown, connection: ResolvedConnection): MigError {
  if (error instanceof MigError) return error;
  const e = (error ?? {}) as DriverError;
  const secrets = connection.dialect === 'pglite' ? [] : [connection.password, connection.url];
  const raw = scrubSecrets(String(e.message ?? error), secrets);
  const server = e.errno !== undefined ? SERVER_ERRORS[e.errno] : undefined;
  if (server) {
    return new ConnectionError(server.code, `${connection.display}: ${server.what} (${raw}).`, { hint: server.hint });
  }
  if (e.errno === 1205) {
    return new LockError('MIG_LOCK_TIMEOUT', `${connection.display}: timed out waiting for a lock (${raw}).`, {
      hint: 'Another session holds a lock on the table (a long transaction or DDL); find it in SHOW PROCESSLIST, then retry.',
    });
  }
  if ((e.code && NETWORK_CODES.has(e.code)) || /connect ETIMEDOUT|connect ECONN/i.test(raw)) {
    return new ConnectionError('MIG_DB_UNREACHABLE', `Cannot reach the database at ${connection.display} (${raw}).`, {
      hint: 'Is the server running and the host/port right (MySQL and MariaDB listen on 3306 by default)?',
    });
  }
  return new ConnectionError('MIG_DB_ERROR', `${connection.display}: ${raw}`);
}
