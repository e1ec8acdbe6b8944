import type { VersionWrites } from '../dialect';

/**
 * MySQL/MariaDB: no data-modifying WITH, so a linear step is two statements (UPDATE the head,
 * INSERT the history row). No relaxed commit: every DDL statement commits on its own anyway.
 */
export const mysqlVersionWrites: VersionWrites = { writableCte: false };
