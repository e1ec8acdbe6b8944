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
  release(): Promise<void>;
}

type PinnableClient = Knex.Client & {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
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

export async function openSession(root: Knex): Promise<Session> {
  const client = root.client as PinnableClient;
  const connection = await client.acquireConnection();
  const knex = knexOnConnection(root, connection);
  let released = false;
  return {
    knex,
    transaction: (fn) => root.transaction(fn, { connection }),
    release: async () => {
      if (released) return;
      released = true;
      await client.releaseConnection(connection);
    },
  };
}
