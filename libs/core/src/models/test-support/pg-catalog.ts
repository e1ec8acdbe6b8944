/**
 * What PostgreSQL itself says about the tables of one namespace: columns (formatted types,
 * NOT NULL, defaults, comments), constraints (pg_get_constraintdef), indexes and table comments.
 * Comparing two of these compares databases, not our own structures.
 */
import { Client } from 'pg';

export interface PgCatalog {
  readonly columns: string[];
  readonly constraints: string[];
  readonly indexes: string[];
  readonly tableComments: string[];
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `namespace` and runs the statements with it as the search path. */
export async function applyIn(client: Client, namespace: string, statements: string | readonly string[]): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE; CREATE SCHEMA "${namespace}"`);
  await client.query(`SET search_path TO "${namespace}"`);
  await client.query(typeof statements === 'string' ? statements : statements.join('\n'));
}

export async function readCatalog(client: Client, namespace: string): Promise<PgCatalog> {
  await client.query(`SET search_path TO "${namespace}"`);
  const rows = async (sql: string) => (await client.query(sql, [namespace])).rows.map((r) => Object.values(r).join(' | '));
  const columns = await rows(`
    SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
           CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END,
           coalesce(pg_get_expr(d.adbin, d.adrelid), '-'), coalesce(col_description(c.oid, a.attnum), '-')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const constraints = await rows(`
    SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1 ORDER BY c.relname, k.conname`);
  const indexes = (
    await client.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY tablename, indexname`, [namespace])
  ).rows.map((r) => `${r.tablename} | ${r.indexname} | ${String(r.indexdef).split(`${namespace}.`).join('').split(`"${namespace}".`).join('')}`);
  const tableComments = await rows(`
    SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1 AND c.relkind = 'r' AND obj_description(c.oid, 'pg_class') IS NOT NULL ORDER BY c.relname`);
  return { columns, constraints, indexes, tableComments };
}
