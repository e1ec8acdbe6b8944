/**
 * A step's record for a script (runner/batched-steps.ts): the head change and the history row as
 * one PostgreSQL statement with its values inlined, like version-store.ts's data-modifying WITH,
 * but guarded and stamped by the database, because nobody inspects its result before it commits.
 */
import type { Knex } from 'knex';
import { changes, historyValues, type HistoryRow, type RecordOptions, type VersionTables } from './version-store';

/** Milliseconds since the transaction began, by the database's clock. */
const ELAPSED_MS = 'round(extract(epoch from clock_timestamp() - now()) * 1000)';

/**
 * The step's record as one SQL string. Instead of inserting no history row, it fails when the
 * head row is not where the run left it (the history row's revision is then NULL, or the subquery
 * finds two rows), so the script rolls back. The database's clock stamps the row: when the
 * script's transaction began, and how long it had run by this statement. Undefined where the step
 * changes more than one head row (a merge or a branch point). Written as text, not with the query
 * builder, which costs ~0.2 ms a step.
 */
export function recordStepScript(knex: Knex, tables: VersionTables, before: readonly string[], after: readonly string[], row: HistoryRow, options: RecordOptions): string | undefined {
  if (!options.writes.writableCte) return undefined;
  const { removed, added } = changes(before, after);
  const literal = literalOf(knex);
  const version = quotedName(knex, tables.version);
  let head: string;
  if (removed.length === 1 && added.length === 1) head = `UPDATE ${version} SET "version_num" = ${literal(added[0])} WHERE "version_num" = ${literal(removed[0])}`;
  else if (removed.length === 1 && added.length === 0) head = `DELETE FROM ${version} WHERE "version_num" = ${literal(removed[0])}`;
  else if (removed.length === 0 && added.length === 1) head = `INSERT INTO ${version} ("version_num") VALUES (${literal(added[0])})`;
  else return undefined;
  const relax = options.relaxCommit ? options.writes.relaxCommit : undefined;
  const values = historyValues(knex, row);
  const select = Object.keys(values).map((column) => {
    if (column === 'revision') return `(SELECT ${literal(row.revision)} FROM mig_step_heads)`;
    if (column === 'started_at') return 'now()';
    if (column === 'duration_ms') return ELAPSED_MS;
    return literal(values[column]);
  });
  const columns = Object.keys(values).map((column) => quotedName(knex, column));
  return [
    `WITH mig_step_heads AS (${head} RETURNING "version_num")`,
    relax ? `, mig_relax AS (SELECT ${relax})` : '',
    ` INSERT INTO ${quotedName(knex, tables.history)} (${columns.join(', ')}) SELECT ${select.join(', ')}`,
    relax ? ' FROM mig_relax' : '',
  ].join('');
}

/** knex's own quoting of a value (what `.toString()` inlines), without building a query. */
const literalOf = (knex: Knex) => (value: unknown) => (knex.client as unknown as { _escapeBinding(value: unknown): string })._escapeBinding(value);

const quotedNames = new Map<string, string>();
/** knex's quoting of an identifier (`schema.table` included), once per name. */
function quotedName(knex: Knex, name: string): string {
  const key = `${(knex.client as { dialect?: string }).dialect}\0${name}`;
  let quoted = quotedNames.get(key);
  if (quoted === undefined) quotedNames.set(key, (quoted = knex.raw('??', [name]).toString()));
  return quoted;
}
