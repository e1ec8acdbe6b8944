/**
 * The chain workload: N revisions, each creating one table with 7 columns, a unique index and a
 * foreign key to the previous table, written four ways from one definition (the knex schema
 * builder code of each step):
 *
 *   mig/      migrations/mig.config.ts + versions/<id>_create_bench_NNNN.ts (the shipped template)
 *   knex-ts/  knexfile.ts + migrations/*.ts (run by the knex CLI under @swc-node/register)
 *   knex-js/  knexfile.js + migrations/*.js
 *   sql/      up.pg.sql, down.pg.sql, up.mysql.sql, down.mysql.sql: the SQL knex compiles the same
 *             builder code to, one statement per line (the psql / mysql floor)
 *
 * Because the SQL is what knex itself generates, every tool must end with an identical catalog.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { readRevisionTemplate, renderRevisionSource, revisionFileName } from '../../libs/core/src/script/write';

export interface ChainWorkload {
  readonly count: number;
  readonly dir: string;
  readonly migDir: string;
  readonly knexTsDir: string;
  readonly knexJsDir: string;
  readonly sql: { readonly pg: SqlPair; readonly mysql: SqlPair };
}

export interface SqlPair {
  readonly up: string;
  readonly down: string;
  /** Statements in each file. */
  readonly upStatements: number;
  readonly downStatements: number;
}

const GENERATOR_VERSION = 'chain-v4';

export const tableName = (i: number) => `bench_${String(i).padStart(4, '0')}`;
export const revisionId = (i: number) => `c${i.toString(16).padStart(11, '0')}`;

/** The one definition of step i: schema-builder code, valid in a mig revision and in a knex migration. */
export function createTableCode(i: number): string {
  const fk = i > 1 ? `.references('id').inTable('${tableName(i - 1)}')` : '';
  return [
    `knex.schema.createTable('${tableName(i)}', (t) => {`,
    `  t.increments('id');`,
    `  t.string('name', 100).notNullable();`,
    `  t.string('code', 40).notNullable().unique();`,
    `  t.integer('amount').notNullable().defaultTo(0);`,
    `  t.text('notes');`,
    `  t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());`,
    `  t.integer('prev_id').unsigned()${fk};`,
    `})`,
  ].join('\n');
}

export const dropTableCode = (i: number) => `knex.schema.dropTable('${tableName(i)}')`;

const indent = (code: string, by: string) => code.split('\n').map((line) => by + line).join('\n');

function compile(knex: Knex, code: string): string[] {
  const builder = new Function('knex', `return ${code};`)(knex) as Knex.SchemaBuilder;
  return builder.toSQL().map((s) => `${knex.raw(s.sql, s.bindings ?? []).toString()};`);
}

function sqlFor(client: 'pg' | 'mysql2', count: number): { up: string[]; down: string[] } {
  const knex = knexFactory({ client });
  const up: string[] = [];
  const down: string[] = [];
  for (let i = 1; i <= count; i++) up.push(...compile(knex, createTableCode(i)));
  for (let i = count; i >= 1; i--) down.push(...compile(knex, dropTableCode(i)));
  void knex.destroy();
  return { up, down };
}

function writeMig(dir: string, count: number): void {
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, 'migrations', 'mig.config.ts'), `export default { versions: ['versions'] };\n`);
  const template = readRevisionTemplate();
  for (let i = 1; i <= count; i++) {
    const message = `create ${tableName(i)}`;
    const source = renderRevisionSource(template, {
      revision: revisionId(i),
      downRevision: i === 1 ? null : revisionId(i - 1),
      message,
      createDate: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      upgrades: `await ${createTableCode(i)};`,
      downgrades: `await ${dropTableCode(i)};`,
    });
    writeFileSync(join(versions, revisionFileName(revisionId(i), message)), source);
  }
}

const knexName = (i: number) => `2026010100${String(i).padStart(4, '0')}_create_${tableName(i)}`;

function writeKnex(dir: string, count: number, ts: boolean): void {
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations, { recursive: true });
  const connection = 'process.env.BENCH_DATABASE_URL';
  const client = `process.env.BENCH_CLIENT || 'pg'`;
  if (ts) {
    writeFileSync(
      join(dir, 'knexfile.ts'),
      `import type { Knex } from 'knex';\n\nconst config: Knex.Config = {\n  client: ${client},\n  connection: ${connection},\n  migrations: { directory: './migrations', extension: 'ts', loadExtensions: ['.ts'] },\n};\n\nexport default config;\n`,
    );
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', esModuleInterop: true, strict: true, skipLibCheck: true } }, null, 2)}\n`);
  } else {
    writeFileSync(join(dir, 'knexfile.js'), `module.exports = {\n  client: ${client},\n  connection: ${connection},\n  migrations: { directory: './migrations' },\n};\n`);
  }
  for (let i = 1; i <= count; i++) {
    const up = `  await ${indent(createTableCode(i), '  ').trimStart()};`;
    const down = `  await ${dropTableCode(i)};`;
    const source = ts
      ? `import type { Knex } from 'knex';\n\nexport async function up(knex: Knex): Promise<void> {\n${up}\n}\n\nexport async function down(knex: Knex): Promise<void> {\n${down}\n}\n`
      : `/** @param {import('knex').Knex} knex */\nexports.up = async function (knex) {\n${up}\n};\n\n/** @param {import('knex').Knex} knex */\nexports.down = async function (knex) {\n${down}\n};\n`;
    writeFileSync(join(migrations, `${knexName(i)}.${ts ? 'ts' : 'js'}`), source);
  }
}

function writeSql(dir: string, name: 'pg' | 'mysql', client: 'pg' | 'mysql2', count: number): SqlPair {
  mkdirSync(dir, { recursive: true });
  const { up, down } = sqlFor(client, count);
  const pair = { up: join(dir, `up.${name}.sql`), down: join(dir, `down.${name}.sql`), upStatements: up.length, downStatements: down.length };
  writeFileSync(pair.up, `${up.join('\n')}\n`);
  writeFileSync(pair.down, `${down.join('\n')}\n`);
  return pair;
}

/** Writes (or reuses, when the same generator wrote it) the chain of `count` under `root`. */
export function generateChain(root: string, count: number): ChainWorkload {
  const dir = join(root, `chain-${count}`);
  const stampFile = join(dir, 'generated.json');
  const stamp = JSON.stringify({ GENERATOR_VERSION, count, step: createTableCode(2), template: readRevisionTemplate() });
  const workload = (sql: ChainWorkload['sql']): ChainWorkload => ({ count, dir, migDir: join(dir, 'mig'), knexTsDir: join(dir, 'knex-ts'), knexJsDir: join(dir, 'knex-js'), sql });
  if (existsSync(stampFile)) {
    const saved = JSON.parse(readFileSync(stampFile, 'utf8')) as { stamp: string; sql: ChainWorkload['sql'] };
    if (saved.stamp === stamp) return workload(saved.sql);
  }
  rmSync(dir, { recursive: true, force: true });
  const result = workload({ pg: writeSql(join(dir, 'sql'), 'pg', 'pg', count), mysql: writeSql(join(dir, 'sql'), 'mysql', 'mysql2', count) });
  writeMig(result.migDir, count);
  writeKnex(result.knexTsDir, count, true);
  writeKnex(result.knexJsDir, count, false);
  writeFileSync(stampFile, JSON.stringify({ stamp, sql: result.sql }));
  return result;
}
