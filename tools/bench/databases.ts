/**
 * The servers the chain workload runs against: fresh databases named `mig_bench_*` (dropped
 * again, also after a failure), and a fingerprint of the catalog each tool leaves behind, so the
 * runner can check that every tool built the same schema.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import { Client } from 'pg';

export type DialectName = 'postgres' | 'mysql';

export interface Server {
  readonly dialect: DialectName;
  readonly label: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  urlOf(db: string): string;
  /** Drops (if present) and creates `db`. */
  recreate(db: string): Promise<void>;
  drop(db: string): Promise<void>;
  /** Tables whose name starts with `bench_`, and a hash of their columns, constraints and indexes. */
  fingerprint(db: string): Promise<{ tables: number; hash: string }>;
  /** Every `mig_bench_*` database on the server. */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

const PREFIX = 'mig_bench_';
const safe = (db: string) => {
  if (!/^mig_bench_[a-z0-9_]+$/.test(db)) throw new Error(`refusing to touch database "${db}" (only mig_bench_* names)`);
  return db;
};
const hash = (rows: string[]) => createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 12);

const PG_CATALOG = `
  SELECT x FROM (
    SELECT format('col %s.%s %s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)) AS x
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname LIKE 'bench\\_%' AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT format('con %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text LIKE 'bench\\_%'
    UNION ALL
    SELECT format('idx %s', pg_get_indexdef(i.indexrelid))
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace AND c.relname LIKE 'bench\\_%'
    UNION ALL
    SELECT format('seq %s', relname) FROM pg_class WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace AND relname LIKE 'bench\\_%'
  ) s ORDER BY x`;

export async function connectPostgres(host = '127.0.0.1', port = 5432, user = 'postgres'): Promise<Server> {
  const admin = new Client({ host, port, user, database: 'postgres' });
  await admin.connect();
  const inDb = async <T>(db: string, fn: (c: Client) => Promise<T>) => {
    const c = new Client({ host, port, user, database: safe(db) });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const server: Server = {
    dialect: 'postgres',
    label: 'PostgreSQL',
    host,
    port,
    user,
    urlOf: (db) => `postgres://${user}@${host}:${port}/${safe(db)}`,
    recreate: async (db) => {
      await server.drop(db);
      await admin.query(`CREATE DATABASE "${safe(db)}"`);
    },
    drop: async (db) => void (await admin.query(`DROP DATABASE IF EXISTS "${safe(db)}" WITH (FORCE)`)),
    fingerprint: (db) =>
      inDb(db, async (c) => {
        const rows = (await c.query<{ x: string }>(PG_CATALOG)).rows.map((r) => r.x);
        const tables = new Set(rows.filter((r) => r.startsWith('col ')).map((r) => r.slice(4).split('.')[0])).size;
        return { tables, hash: hash(rows) };
      }),
    leftovers: async () => (await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`)).rows.map((r) => r.datname),
    close: () => admin.end(),
  };
  return server;
}

export async function connectMysql(host = '127.0.0.1', port = 3306, user = 'root'): Promise<Server> {
  const mysql = await import('mysql2/promise');
  const admin: Connection = await mysql.createConnection({ host, port, user });
  const rows = async (sql: string, params: unknown[] = []) => (await admin.query(sql, params))[0] as Record<string, unknown>[];
  const line = (r: Record<string, unknown>) => Object.values(r).map(String).join(' ');
  const server: Server = {
    dialect: 'mysql',
    label: 'MariaDB',
    host,
    port,
    user,
    urlOf: (db) => `mysql://${user}@${host}:${port}/${safe(db)}`,
    recreate: async (db) => {
      await server.drop(db);
      await admin.query(`CREATE DATABASE \`${safe(db)}\``);
    },
    drop: async (db) => void (await admin.query(`DROP DATABASE IF EXISTS \`${safe(db)}\``)),
    fingerprint: async (db) => {
      const where = `table_schema = ? AND table_name LIKE 'bench\\_%'`;
      const columns = await rows(`SELECT table_name, column_name, column_type, is_nullable, column_default, extra FROM information_schema.columns WHERE ${where} ORDER BY 1, ordinal_position`, [safe(db)]);
      const indexes = await rows(`SELECT table_name, index_name, non_unique, seq_in_index, column_name FROM information_schema.statistics WHERE ${where} ORDER BY 1, 2, 4`, [db]);
      const fks = await rows(
        `SELECT table_name, constraint_name, column_name, referenced_table_name, referenced_column_name FROM information_schema.key_column_usage WHERE ${where} AND referenced_table_name IS NOT NULL ORDER BY 1, 2`,
        [db],
      );
      const all = [...columns.map((r) => `col ${line(r)}`), ...indexes.map((r) => `idx ${line(r)}`), ...fks.map((r) => `fk ${line(r)}`)];
      return { tables: new Set(columns.map((r) => String(Object.values(r)[0]))).size, hash: hash(all) };
    },
    leftovers: async () => (await rows(`SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE '${PREFIX}%'`)).map((r) => String(r.name)),
    close: () => admin.end(),
  };
  return server;
}

/** The server, or why it cannot be used (the runner then skips its workloads and says so). */
export async function tryConnect(dialect: DialectName): Promise<Server | string> {
  try {
    return dialect === 'postgres' ? await connectPostgres() : await connectMysql();
  } catch (error) {
    return `${dialect === 'postgres' ? 'PostgreSQL on 127.0.0.1:5432' : 'MariaDB on 127.0.0.1:3306'} is not reachable (${(error as Error).message})`;
  }
}
