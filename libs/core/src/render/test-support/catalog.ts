/**
 * What PostgreSQL says about the tables of the current schema, as sorted lines, for tests that
 * run rendered revisions: columns, constraints, indexes and comments. With `names: false`,
 * constraint, index and sequence names are left out, so a database reached by upgrading can be
 * compared with one built fresh from the target schema.
 */
import type { Knex } from 'knex';

export interface Catalog {
  readonly columns: string[];
  readonly constraints: string[];
  readonly indexes: string[];
  readonly comments: string[];
  /** Data type of each column's own sequence (serial / identity). */
  readonly sequences: string[];
}

async function lines(knex: Knex, sql: string): Promise<string[]> {
  const result = (await knex.raw(sql)) as { rows: Record<string, unknown>[] };
  return result.rows.map((row) => Object.values(row).map((v) => (v === null ? '-' : String(v))).join(' | ')).sort();
}

export async function readCatalog(knex: Knex, options: { names: boolean }): Promise<Catalog> {
  const here = `n.nspname = current_schema()`;
  const columns = await lines(
    knex,
    `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
            pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum)
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE ${here} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  // PostgreSQL 18 also lists NOT NULL as constraints (contype n); the columns already say it.
  const constraints = await lines(
    knex,
    `SELECT c.relname, ${options.names ? 'k.conname' : "''"}, k.contype, pg_get_constraintdef(k.oid)
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${here} AND k.contype <> 'n'`,
  );
  const indexes = await lines(
    knex,
    `SELECT t.relname, ${options.names ? 'ic.relname' : "''"}, i.indisunique, am.amname,
            array_to_string(ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k), ', '),
            pg_get_expr(i.indpred, i.indrelid, true)
     FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
     JOIN pg_am am ON am.oid = ic.relam JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE ${here} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)`,
  );
  const comments = await lines(
    knex,
    `SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${here} AND c.relkind = 'r'`,
  );
  const sequences = await lines(
    knex,
    `SELECT c.relname, a.attname, format_type(s.seqtypid, NULL)
     FROM pg_sequence s JOIN pg_depend d ON d.objid = s.seqrelid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
     JOIN pg_class c ON c.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${here}`,
  );
  const unnamed = (line: string) => (options.names ? line : line.replace(/nextval\('(?:[^']|'')*'::regclass\)/g, 'nextval(…)'));
  return { columns: columns.map(unnamed), constraints, indexes, comments, sequences };
}

/** Creates (or recreates) `namespace` and makes it the one unqualified names resolve to. */
export async function useNamespace(knex: Knex, namespace: string): Promise<void> {
  await knex.raw(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE`);
  await knex.raw(`CREATE SCHEMA "${namespace}"`);
  await knex.raw(`SET search_path TO "${namespace}"`);
}

/** Runs a rendered revision body the way a revision module would: `await`s inside an async function. */
export async function runBody(knex: Knex, body: string): Promise<void> {
  const fn = new Function('knex', `return (async () => {\n${body}\n})();`) as (knex: Knex) => Promise<void>;
  await fn(knex);
}
