/**
 * What differs between databases sits behind this interface (Kysely's Dialect, Alembic's
 * DefaultImpl): how to open a knex, lock, report errors, and whether DDL is transactional.
 * Adding a dialect means adding a folder here and a line in registry.ts.
 */
import type { Knex } from 'knex';
import type { ResolvedConnection } from '../config/resolve-connection';
import type { MigError } from '../errors';
import type { Schema } from '../schema/schema';
import type { Session } from './session';

export interface OpenOptions {
  /** Shown by the server as application_name (PostgreSQL): who holds the lock. */
  readonly applicationName: string;
  readonly lockTimeoutMs: number;
  /** Where the driver's own warnings go (knex would print them to stdout). */
  readonly onWarning?: (message: string) => void;
  /** Called once when the lock is held by another run and this one starts waiting. */
  readonly onLockWait?: () => void;
}

export interface Dialect {
  readonly name: ResolvedConnection['dialect'];
  /** Can DDL run inside a transaction that rolls back as a whole? */
  readonly transactionalDdl: boolean;
  /** Opens a knex for the connection. PGlite takes its exclusive file lock here. */
  createKnex(connection: ResolvedConnection, options: OpenOptions): Promise<Knex>;
  /** Blocks until this session holds the migration lock, or throws LockError naming the holder. */
  acquireLock(session: Session, key: string, timeoutMs: number, onWait?: () => void): Promise<void>;
  releaseLock(session: Session, key: string): Promise<void>;
  /** Turns a driver error into a MigError without any secret in it. */
  translateError(error: unknown, connection: ResolvedConnection): MigError;
  /** A stable identity of the database (server + name + system id), for cache keys. */
  identity(session: Session): Promise<string>;
  /** Reads the database's tables into the normalized schema, in a fixed number of queries. */
  introspect(knex: Knex, options: IntrospectOptions): Promise<Schema>;
  /** What the runner may use to record a step (fewer statements, relaxed commits). */
  readonly versionWrites: VersionWrites;
}

/** The SQL a database offers for writing a step's version rows (runner/version-store.ts). */
export interface VersionWrites {
  /**
   * A data-modifying WITH: the head change and the history row go in one statement, one round
   * trip per revision instead of two or three.
   */
  readonly writableCte: boolean;
  /**
   * An expression that, evaluated inside a transaction, lets that transaction's commit return
   * before its log is on disk, for that transaction only. The runner uses it on every revision's
   * transaction but the run's last, whose ordinary commit flushes the log for all of them (after
   * a failure it commits one small write to the same effect). A crash of the server in between
   * can lose only whole revisions together with their version rows, which a rerun applies again.
   * Absent where it gains nothing.
   */
  readonly relaxCommit?: string;
  /**
   * Several statements sent in one message (Session.sendScript) run as one transaction that
   * commits at the end or, at the first error, rolls back whole and skips the rest (PostgreSQL's
   * simple query). The runner then sends a revision's statements and its record in one round trip.
   */
  readonly scripts?: boolean;
}

export interface IntrospectOptions {
  /** PostgreSQL schemas to read (default `['public']`); MySQL reads the connected database. */
  readonly schemas?: readonly string[];
  /** Tables to leave out: mig's own version and history tables. */
  readonly exclude?: readonly string[];
}
