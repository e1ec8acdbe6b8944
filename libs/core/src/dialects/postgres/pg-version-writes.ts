import type { VersionWrites } from '../dialect';

/**
 * PostgreSQL and PGlite record a step in one statement (a data-modifying WITH). `set_config(…, true)`
 * is `SET LOCAL` as an expression, so it rides in that statement instead of costing a round trip.
 * It spares the wait for the WAL flush at commit that a revision creating tables pays otherwise
 * (a transaction that drops a table flushes anyway: its files must not go before its commit is on disk).
 */
export const postgresVersionWrites: VersionWrites = {
  writableCte: true,
  relaxCommit: `set_config('synchronous_commit', 'off', true)`,
  scripts: true,
};

/**
 * PGlite: no relaxed commit, which measured gains nothing in-process, and no scripts: there is no
 * round trip to save, and its knex driver prepares every query (one statement each).
 */
export const pgliteVersionWrites: VersionWrites = { writableCte: true };
