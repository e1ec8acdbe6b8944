/**
 * One pinned connection for a whole run. The lock lives on a connection, so everything —
 * lock, each revision's transaction, version-table updates, unlock — must use the same one
 * (unlocking on another pooled connection silently fails; see DESIGN.md measured facts).
 */
import type { Knex } from 'knex';
// knex exposes no public way to bind a knex instance to one connection outside a transaction.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeKnex: (client: Knex.Client) => Knex = require('knex/lib/knex-builder/make-knex');

export interface Session {
  /** Autocommit knex on the pinned connection (for `transaction = false` revisions and locks). */
  readonly knex: Knex;
  /** Runs fn in a transaction on the pinned connection. */
  transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  /**
   * Sends `sql` as it is, several statements in one message, on the pinned connection: one round
   * trip. Only where the dialect says it runs such a script as one transaction (VersionWrites.scripts).
   */
  sendScript?(sql: string): Promise<void>;
  release(): Promise<void>;
}

type PinnableClient = Knex.Client & {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
  positionBindings(sql: string): string;
};

/** A knex whose every query runs on `connection` (what knex does internally for transactions). */
function knexOnConnection(root: Knex, connection: unknown): Knex {
  const client = root.client as PinnableClient;
  const pinned = Object.create(Object.getPrototypeOf(client)) as PinnableClient & Record<string, unknown>;
  Object.assign(pinned, client);
  pinned.acquireConnection = async () => connection;
  pinned.releaseConnection = async () => {};
  return makeKnex(pinned);
}

/**
 * Sends a script through knex's own query path (its events, and the benchmark's statement counter,
 * see it), except that `?` stays `?`: its values are inlined already, and pg would number it.
 */
function scriptSender(root: Knex, connection: unknown): (sql: string) => Promise<void> {
  const client = Object.create(root.client) as PinnableClient;
  client.positionBindings = (sql) => sql;
  return async (sql) => {
    await client.query(connection, { sql, bindings: [] } as unknown as Knex.Sql);
  };
}

export async function openSession(root: Knex): Promise<Session> {
  const client = root.client as PinnableClient;
  const connection = await client.acquireConnection();
  const knex = knexOnConnection(root, connection);
  let released = false;
  return {
    knex,
    transaction: (fn) => root.transaction(fn, { connection }),
    sendScript: scriptSender(root, connection),
    release: async () => {
      if (released) return;
      released = true;
      await client.releaseConnection(connection);
    },
  };
}
