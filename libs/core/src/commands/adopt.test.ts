/**
 * Adopting a knex-managed database, on the real PostgreSQL: knex's own CLI builds it from a
 * knex migrations folder, `mig adopt` takes it over, and from then on mig sees it in sync.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVersionState, withKnex } from '../testing/fixture-database';
import { createFixtureProject, type FixtureProject } from '../testing/fixture-project';
import { createTestDatabase, type TestDatabase } from '../testing/test-databases';
import { defaultTemplatePath } from '../script';
import { planAdoption } from './adopt';
import { autogenerate } from './check';

const WORKSPACE = resolve(__dirname, '../../../..');
const MIG = join(WORKSPACE, 'libs/core/bin/mig.js');
const KNEX = join(WORKSPACE, 'node_modules/.bin/knex');

const KNEX_MIGRATIONS: Record<string, string> = {
  '20240101000000_create_author.js': `
exports.up = (knex) => knex.schema.createTable('author', (t) => {
  t.increments('id');
  t.string('name', 100).notNullable();
  t.string('email', 200).unique();
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
});
exports.down = (knex) => knex.schema.dropTable('author');
`,
  '20240102000000_create_book.js': `
exports.up = (knex) => knex.schema.createTable('book', (t) => {
  t.increments('id');
  t.string('title', 200).notNullable().index();
  t.integer('author_id').references('id').inTable('author').onDelete('CASCADE');
  t.boolean('in_print').notNullable().defaultTo(true);
});
exports.down = (knex) => knex.schema.dropTable('book');
`,
};

/** The same schema, as the Objection models of the app say it. */
const AUTHOR_MODEL = (extra = '') => `import { Model } from 'objection';

export class Author extends Model {
  static tableName = 'author';

  id!: number;
  name!: string;
  /** @dbUnique */
  email?: string | null;
  /** @dbDefault now() */
  created_at!: Date;${extra}

  static jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', maxLength: 100 },
      email: { type: ['string', 'null'], maxLength: 200 },
      created_at: { type: 'string', format: 'date-time' },
    },
  };
}
`;

const BOOK_MODEL = `import { Model } from 'objection';
import { Author } from './author';

export class Book extends Model {
  static tableName = 'book';

  static dbHints = {
    indexes: [{ columns: ['title'] }],
    relations: { author: { onDelete: 'CASCADE' } },
  };

  id!: number;
  title!: string;
  author_id?: number | null;
  in_print!: boolean;

  static jsonSchema = {
    type: 'object',
    required: ['title'],
    properties: {
      id: { type: 'integer' },
      title: { type: 'string', maxLength: 200 },
      author_id: { type: ['integer', 'null'] },
      in_print: { type: 'boolean', default: true },
    },
  };

  static relationMappings = {
    author: { relation: Model.BelongsToOneRelation, modelClass: Author, join: { from: 'book.author_id', to: 'author.id' } },
  };
}
`;

interface Run {
  readonly status: number | null;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string): Run {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, DATABASE_URL: undefined };
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, '') };
}

let db: TestDatabase;
let empty: TestDatabase;
let project: FixtureProject;
const mig = (...args: string[]) => run(process.execPath, [MIG, ...args, '--project-root', project.projectDir, '--url', db.url], project.workspaceRoot);
const write = (path: string, content: string) => {
  mkdirSync(dirname(join(project.projectDir, path)), { recursive: true });
  writeFileSync(join(project.projectDir, path), content);
};

beforeAll(async () => {
  [db, empty] = await Promise.all([createTestDatabase('postgres', 'adopt'), createTestDatabase('postgres', 'adopt_empty')]);
  project = createFixtureProject([], 'library');
  // The knex CLI wants a local knex install next to the knexfile, as in a real project.
  symlinkSync(join(WORKSPACE, 'node_modules'), join(project.workspaceRoot, 'node_modules'));
  write('migrations/mig.config.ts', `export default { dialect: 'postgres', models: 'src/models/**/*.ts', versions: ['versions'] };\n`);
  copyFileSync(defaultTemplatePath(), join(project.projectDir, 'migrations/script.ts.ejs'));
  write('knexfile.js', `module.exports = { client: 'pg', connection: ${JSON.stringify(db.url)}, migrations: { directory: './db/knex' } };\n`);
  for (const [name, source] of Object.entries(KNEX_MIGRATIONS)) write(`db/knex/${name}`, source);
  write('src/models/author.ts', AUTHOR_MODEL());
  write('src/models/book.ts', BOOK_MODEL);
  // The database as a knex project has it: built by knex's own CLI.
  const latest = run(KNEX, ['migrate:latest', '--knexfile', join(project.projectDir, 'knexfile.js')], project.projectDir);
  expect(latest.output).toContain('Batch 1 run: 2 migrations');
});

afterAll(async () => {
  await Promise.all([db?.drop(), empty?.drop()]);
  if (project) {
    unlinkSync(join(project.workspaceRoot, 'node_modules'));
    project.remove();
  }
});

describe('mig adopt on a knex-managed PostgreSQL database', () => {
  it('refuses while a knex migration is pending, naming it', async () => {
    write('db/knex/20240103000000_add_isbn.js', 'exports.up = async () => {};\nexports.down = async () => {};\n');
    try {
      const refused = mig('adopt');
      expect(refused.status).toBe(1);
      expect(refused.output).toContain('MIG_ADOPT_PENDING');
      expect(refused.output).toContain('20240103000000_add_isbn.js');
      expect(refused.output).toContain('knex migrate:latest --knexfile apps/library/knexfile.js');
      expect(readdirSync(project.versionsDir)).toEqual([]);
    } finally {
      rmSync(join(project.projectDir, 'db/knex/20240103000000_add_isbn.js'));
    }
  });

  it('refuses a database without knex_migrations, and a knex folder that does not exist', async () => {
    await expect(planAdoption(project.context, { url: empty.url })).rejects.toMatchObject({ code: 'MIG_ADOPT_NO_KNEX_TABLE', hint: expect.stringContaining('--url') });
    await expect(planAdoption(project.context, { url: db.url, knexDir: 'no/such/dir' })).rejects.toMatchObject({ code: 'MIG_ADOPT_NO_KNEX_DIR', hint: expect.stringContaining('--knex-dir') });
  });

  it('writes a baseline, stamps it without running it, and from then on mig sees the database in sync', async () => {
    const adopted = mig('adopt');
    expect(adopted.output).toContain('Adopted the knex migrations of apps/library/db/knex (2 run, none pending)');
    expect(adopted.output).toContain('creates 2 tables: author, book');
    expect(adopted.output).toContain('knex_migrations and knex_migrations_lock are left as they were');
    expect(adopted.status).toBe(0);

    const [file] = readdirSync(project.versionsDir);
    const revision = (file as string).slice(0, 12);
    const source = readFileSync(join(project.versionsDir, file as string), 'utf8');
    expect(source).toContain('export const downRevision: string | string[] | null = null;');
    expect(source).toContain("createTable('author'");
    expect(source).toContain("dropTable('book')");
    expect(source).not.toContain('knex_migrations');

    const state = await withKnex(db.url, readVersionState);
    expect(state.heads).toEqual([revision]);
    expect(state.history).toMatchObject([{ revision, direction: 'stamp', status: 'applied', file: `apps/library/migrations/versions/${file}` }]);
    expect(state.tables).toEqual(['author', 'book', 'knex_migrations', 'knex_migrations_lock']);

    const check = mig('check');
    expect(check.output).toContain('No changes detected');
    expect(check.status).toBe(0);
    const up = mig('up');
    expect(up.output).toContain(`Already at ${revision}: nothing to do.`);
    expect(up.status).toBe(0);

    // A model change after adoption autogenerates that change alone.
    write('src/models/author.ts', AUTHOR_MODEL('\n  bio?: string | null;'));
    const next = await autogenerate(project.context);
    expect(next.changes.map((c) => `${c.kind} ${c.description}`)).toEqual([expect.stringMatching(/^addColumn .*bio/)]);
    expect(next.body?.upgrades).toContain("'bio'");

    expect(mig('adopt').output).toContain('MIG_ADOPT_HAS_REVISIONS');
  });
});
