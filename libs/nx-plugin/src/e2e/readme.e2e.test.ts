/**
 * The README, typed as a new user types it. Every command of its shell blocks (bash, sh, shell,
 * console) is either a step below or in EXCLUDED with a reason; the first test fails when the
 * README gains a command that is neither, or when a step names a command the README lost.
 *
 * The steps run in README order in a fresh `git clone` of this working tree (a temp git repo of
 * the files git does not ignore), after a real `npm install`, with no database settings in the
 * environment, so the embedded PGlite is the default. Where a command names the local PostgreSQL
 * it gets a database of its own, dropped afterwards. What the README leaves to the reader (create
 * an app, write the body of a revision, edit a model, branch and commit) is done in a step's
 * `before`, with the README's own snippet where it gives one.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRevisionHeader } from '@mig/core';
import { createTestDatabase, type TestDatabase } from '../../../core/src/testing/test-databases';
import { copyWorkspace, WORKSPACE_ROOT } from './copy-workspace';
import { extractReadmeCommands, type ReadmeCommand } from './readme-commands';

const README = readFileSync(join(WORKSPACE_ROOT, 'README.md'), 'utf8');
const VERSION = (JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'libs/nx-plugin/package.json'), 'utf8')) as { version: string }).version;
/** The server the README's commands name; each run gets its own database in its place. */
const README_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const API_REVISIONS = ['1975ea83b712 add account table', '27c6a30d7c24 add order_id', '3f1c9d2e8a47 rename username field', 'ddb4c7684804 timestamps'];
/** The model change the Autogenerate section shows, inserted after `description` in the Order model. */
const ORDER_CHANGE = "  /** @dbDefault 0 */\n  totalCents!: number;\n  status!: 'open' | 'paid';\n";

/** README commands this test does not run. Small on purpose: a new command belongs in STEPS. */
const EXCLUDED: Record<string, string> = {
  'npm test': 'the whole suite, which contains this test; .ci/run runs it on every CI run',
  'cp example.env .env && docker compose --env-file .env up -d && npx nx run api:migrate-up':
    'needs a Docker daemon and the compose plugin, which the test machines lack (`docker info` cannot connect, `docker compose` is an unknown command); the same upgrade on a PostgreSQL server is the DATABASE_URL step',
  'npm install -D mig-core-0.1.0.tgz mig-0.1.0.tgz':
    'installs the packed tarballs into a workspace without mig: workspace.e2e.test.ts packs both and npm-installs them into a fresh workspace; here mig is already a workspace package (the pack step below checks the file names)',
};

interface Result {
  readonly status: number | null;
  readonly output: string;
}

interface Step {
  /** The command exactly as README.md has it. */
  readonly readme: string;
  /** Later README commands whose effect is exactly this one's, so running them again would prove nothing new. */
  readonly same?: readonly string[];
  /** What is typed instead, when the README's has a placeholder or names a database. */
  readonly run?: () => string;
  /** Where it is typed: the clone (default), or the folder the clone is made in. */
  readonly inParent?: boolean;
  /** The exit code the README promises: 0 unless it says the command fails. */
  readonly fails?: boolean;
  /** Why the step is not in README order. */
  readonly reorder?: string;
  /** What the README leaves to the reader before typing the command. */
  readonly before?: () => void | Promise<void>;
  /** The lines the README shows, and the files or rows the command must have left. */
  readonly check?: (result: Result) => void | Promise<void>;
}

let parent: string;
let ws: string;
let db: TestDatabase;
let adoptDb: TestDatabase;
let shopRevision: string;
let orderRevision: string;

/** The environment of a new user: no database settings, no CI, no test runner, git with an identity. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key === 'DATABASE_URL' || key.startsWith('DB_') || key.startsWith('VITEST') || key.startsWith('NX_') || key.startsWith('GIT_') || key.startsWith('npm_')) delete env[key];
    if (['CI', 'NODE_ENV', 'TEST', 'INIT_CWD', 'FORCE_COLOR'].includes(key)) delete env[key];
  }
  return {
    ...env,
    NX_DAEMON: 'false',
    NX_ISOLATE_PLUGINS: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NO_COLOR: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'New User',
    GIT_AUTHOR_EMAIL: 'new.user@example.com',
    GIT_COMMITTER_NAME: 'New User',
    GIT_COMMITTER_EMAIL: 'new.user@example.com',
  };
}

/** `command` through bash, stdout and stderr interleaved as a terminal shows them. */
function sh(command: string, cwd = ws): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', ['-c', command], { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    // Nx highlights some words even with NO_COLOR; assertions read plain text.
    child.on('close', (status) => resolvePromise({ status, output: output.replace(/\u001b\[[0-9;]*m/g, '') }));
  });
}

async function ok(command: string): Promise<string> {
  const result = await sh(command);
  if (result.status !== 0) throw new Error(`${command} exited with ${result.status}:\n${result.output}`);
  return result.output;
}

function write(path: string, content: string): void {
  mkdirSync(dirname(join(ws, path)), { recursive: true });
  writeFileSync(join(ws, path), content);
}

/** A line the README shows as output: it must still be in the README, and in the command's output. */
function shown(output: string, line: string): void {
  expect(README, 'README.md shows this line').toContain(line);
  expect(output).toContain(line);
}

const read = (path: string) => readFileSync(join(ws, path), 'utf8');
const revisionFiles = (project: string) => readdirSync(join(ws, `apps/${project}/migrations/versions`)).filter((name) => name.endsWith('.ts')).sort();

/** The `// TODO`s of a new revision file replaced by a table's create and drop. */
function fillRevision(file: string, table: string): void {
  write(file, read(file)
    .replace('// TODO', `await knex.schema.createTable('${table}', (t) => { t.increments('id'); t.string('name', 80).notNullable(); });`)
    .replace('// TODO', `await knex.schema.dropTable('${table}');`));
}

/** An app with one Objection model, as `nx g mig:init --project=shop` expects to find it. */
function writeShopApp(): void {
  write('apps/shop/project.json', JSON.stringify({ name: 'shop', projectType: 'application', sourceRoot: 'apps/shop/src' }, null, 2));
  write('apps/shop/src/models/item.ts', "import { Model } from 'objection';\n\nexport class Item extends Model {\n  static tableName = 'item';\n  id!: number;\n  name!: string;\n}\n");
}

async function withPg<T>(url: string, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

const versionHeads = (url: string) => withPg(url, async (knex) => (await knex('mig_version').select('version_num')).map((row) => row.version_num as string));

/** One branch's billing revision, written by the mig CLI and committed. */
async function billingBranch(branch: string, message: string, table: string): Promise<void> {
  await ok(`git checkout -q -b ${branch} main`);
  const file = /Generated (\S+)/.exec(await ok(`node libs/core/bin/mig.js revision -m "${message}" --project-root apps/billing`))![1]!;
  fillRevision(file, table);
  await ok(`git add -A && git commit -q -m "${message}"`);
}

const STEPS: readonly Step[] = [
  // Clone and setup
  {
    readme: 'git clone <this repository> mig && cd mig',
    run: () => `git clone ${join(parent, 'workspace')} mig && cd mig`,
    inParent: true,
    reorder: 'the two commands at the very top of the README are typed in the clone',
    check: () => {
      expect(existsSync(join(ws, 'package.json'))).toBe(true);
      expect(existsSync(join(ws, 'node_modules'))).toBe(false);
    },
  },
  {
    readme: 'npm install && npx nx run api:migrate-up',
    // Clone and setup repeats the pair on two lines; the second `npm install` still runs (a no-op).
    same: ['npx nx run api:migrate-up'],
    check: async ({ output }) => {
      for (const line of API_REVISIONS) {
        expect(README).toContain(`↑ ${line} (`);
        expect(output).toMatch(new RegExp(`^↑ ${line} \\(\\d+ ms\\)$`, 'm'));
      }
      shown(output, 'Applied 4 revisions; now at ddb4c7684804.');
      // The embedded database is in tmp/mig/api, which git ignores; npm install changed no tracked file.
      expect(existsSync(join(ws, 'tmp/mig/api'))).toBe(true);
      expect(await ok('git status --porcelain')).toBe('');
    },
  },
  { readme: 'npm install' },
  {
    readme: `DATABASE_URL=${README_PG_URL} npx nx run api:migrate-up`,
    run: () => `DATABASE_URL=${db.url} npx nx run api:migrate-up`,
    check: async ({ output }) => {
      expect(output).toContain('Applied 4 revisions; now at ddb4c7684804.');
      expect(await versionHeads(db.url)).toEqual(['ddb4c7684804']);
    },
  },

  // The migration environment, on a new app
  {
    readme: 'npx nx g mig:init --project=shop',
    before: writeShopApp,
    check: ({ output }) => {
      expect(output).toContain('CREATE apps/shop/migrations/mig.config.ts');
      for (const file of ['mig.config.ts', 'script.ts.ejs', 'versions/.gitkeep', 'README.md']) expect(existsSync(join(ws, 'apps/shop/migrations', file))).toBe(true);
      expect(read('apps/shop/migrations/mig.config.ts')).toContain("models: 'src/models/**/*.ts'");
    },
  },
  {
    readme: 'npx nx g mig:revision --project=shop -m "add item"',
    check: ({ output }) => {
      const created = /CREATE apps\/shop\/migrations\/versions\/([0-9a-f]{12})_add_item\.ts/.exec(output);
      expect(created).not.toBeNull();
      shopRevision = created![1]!;
    },
  },
  {
    readme: 'npx nx run shop:migrate-up',
    // "write upgrade()/downgrade() in apps/shop/migrations/versions/<id>_add_item.ts, then"
    before: () => fillRevision(`apps/shop/migrations/versions/${shopRevision}_add_item.ts`, 'item'),
    check: ({ output }) => {
      expect(output).toContain(`↑ ${shopRevision} add item`);
      expect(output).toContain(`Applied 1 revision; now at ${shopRevision}.`);
    },
  },
  {
    readme: 'npx nx run shop:migrate-status',
    check: ({ output }) => {
      expect(output).toContain(`current:  ${shopRevision}`);
      expect(output).toContain('up to date');
    },
  },

  // Autogenerate
  {
    readme: 'npx nx g mig:revision --project=api -m "add order total" --autogenerate',
    before: () => {
      expect(README).toContain(ORDER_CHANGE);
      write('apps/api/src/models/order.ts', read('apps/api/src/models/order.ts').replace('  description?: string | null;\n', `  description?: string | null;\n${ORDER_CHANGE}`));
    },
    check: ({ output }) => {
      for (const line of [
        'add column order.total_cents (apps/api/src/models/order.ts:16)',
        'add column order.status (apps/api/src/models/order.ts:17)',
        'add check order_status_check on order (apps/api/src/models/order.ts:17)',
      ]) shown(output, line);
      const created = /CREATE apps\/api\/migrations\/versions\/([0-9a-f]{12})_add_order_total\.ts/.exec(output);
      expect(created).not.toBeNull();
      orderRevision = created![1]!;
      expect(output).toContain(`Revision ${orderRevision} revises ddb4c7684804.`);
      const source = read(`apps/api/migrations/versions/${orderRevision}_add_order_total.ts`);
      for (const line of [
        "await knex.schema.alterTable('order', (table) => { table.integer('total_cents').notNullable().defaultTo(knex.raw('0')); });",
        "await knex.schema.alterTable('order', (table) => { table.dropColumn('status'); });",
        '// WARNING: drops data (every value in the column is lost)',
      ]) {
        expect(README).toContain(line);
        expect(source).toContain(line);
      }
    },
  },

  // Adopting an existing knex project: another app called shop, whose database knex built
  {
    readme: 'npx nx g mig:init --project=shop',
    before: async () => {
      rmSync(join(ws, 'apps/shop'), { recursive: true, force: true });
      writeShopApp();
      write('apps/shop/knexfile.js', "module.exports = { client: 'pg', migrations: { directory: './db/migrations' } };\n");
      write('apps/shop/db/migrations/20240101_item.js', "exports.up = (knex) => knex.schema.createTable('item', (t) => { t.increments('id'); t.string('name', 80).notNullable(); });\nexports.down = (knex) => knex.schema.dropTable('item');\n");
      write('apps/shop/.env', `DATABASE_URL=${adoptDb.url}\n`);
      await withPg(adoptDb.url, (knex) => knex.migrate.latest({ directory: join(ws, 'apps/shop/db/migrations') }));
    },
    check: ({ output }) => {
      expect(output).toContain('CREATE apps/shop/migrations/mig.config.ts');
      expect(revisionFiles('shop')).toEqual([]);
    },
  },
  {
    readme: 'npx nx g mig:adopt --project=shop --dry-run',
    check: async ({ output }) => {
      expect(output).toMatch(/CREATE apps\/shop\/migrations\/versions\/[0-9a-f]{12}_baseline_adopted_from_knex\.ts/);
      expect(revisionFiles('shop')).toEqual([]);
      expect(await withPg(adoptDb.url, (knex) => knex.schema.hasTable('mig_version'))).toBe(false);
    },
  },
  {
    readme: 'npx nx g mig:adopt --project=shop',
    check: async ({ output }) => {
      const [baseline, ...more] = revisionFiles('shop');
      expect(more).toEqual([]);
      expect(baseline).toMatch(/^[0-9a-f]{12}_baseline_adopted_from_knex\.ts$/);
      expect(output).toContain(`CREATE apps/shop/migrations/versions/${baseline}`);
      expect(read(`apps/shop/migrations/versions/${baseline}`)).toContain("createTable('item'");
      expect(await versionHeads(adoptDb.url)).toEqual([baseline!.slice(0, 12)]);
      expect(await withPg(adoptDb.url, (knex) => knex.schema.hasTable('knex_migrations'))).toBe(true);
    },
  },

  // Parallel branches
  {
    readme: 'git merge feature-coupon feature-refund',
    before: async () => {
      await ok('git add -A && git commit -q -m "the tutorial so far"');
      await billingBranch('feature-coupon', 'add coupon', 'coupon');
      await ok('git checkout -q main');
      await billingBranch('feature-refund', 'add refund', 'refund');
      await ok('git checkout -q main');
    },
    check: () => {
      expect(revisionFiles('billing').filter((name) => /_add_(coupon|refund)\.ts$/.test(name))).toHaveLength(2);
    },
  },
  {
    readme: 'npx nx sync:check',
    fails: true,
    check: ({ output }) => shown(output, 'billing has several migration heads and no merge revision'),
  },
  {
    readme: 'npx nx sync',
    check: () => {
      const [merge, ...more] = revisionFiles('billing').filter((name) => name.endsWith('_merge_heads.ts'));
      expect(more).toEqual([]);
      const header = readRevisionHeader(read(`apps/billing/migrations/versions/${merge}`), merge!);
      const branches = revisionFiles('billing').filter((name) => /_add_(coupon|refund)\.ts$/.test(name)).map((name) => name.slice(0, 12));
      expect([...header.downRevisions].sort()).toEqual(branches.sort());
    },
  },
  {
    readme: 'git add apps/billing/migrations && git commit -m "merge migration heads"',
    check: async () => {
      expect(await ok('git status --porcelain apps/billing/migrations')).toBe('');
      expect(await ok('git log -1 --format=%s')).toBe('merge migration heads\n');
    },
  },

  // Targets: the api database is at ddb4c7684804, the autogenerated revision is pending
  {
    readme: 'npx nx run api:migrate-down --to=-1',
    check: ({ output }) => {
      expect(output).toContain('↓ ddb4c7684804 timestamps');
      expect(output).toContain('Reverted 1 revision; now at 3f1c9d2e8a47.');
    },
  },
  {
    readme: 'npx nx run api:migrate-up --to=+1',
    check: ({ output }) => expect(output).toContain('Applied 1 revision; now at ddb4c7684804.'),
  },
  {
    readme: 'npx nx run api:migrate-history --indicate-current',
    check: ({ output }) => {
      expect(output).toContain(`ddb4c7684804 -> ${orderRevision} (head), add order total`);
      expect(output).toContain('3f1c9d2e8a47 -> ddb4c7684804 (current), timestamps');
    },
  },
  {
    readme: 'npx nx run api:migrate-status --check',
    fails: true, // "exit 1 when a revision is pending"
    check: ({ output }) => {
      expect(output).toContain('1 pending:');
      expect(output).toContain(`  ${orderRevision} add order total`);
    },
  },
  {
    readme: 'npx nx run api:migrate-stamp --to=heads',
    check: ({ output }) => expect(output).toContain(`Stamped ddb4c7684804 → ${orderRevision} (no revision ran).`),
  },

  // The mig CLI
  {
    readme: 'npm run mig -- status --project-root apps/api',
    check: ({ output }) => {
      expect(output).toContain(`current:  ${orderRevision}`);
      expect(output).toContain('up to date');
    },
  },
  {
    readme: `npm run mig -- up --project-root apps/api --url ${README_PG_URL}`,
    run: () => `npm run mig -- up --project-root apps/api --url ${db.url}`,
    check: async ({ output }) => {
      expect(output).toContain(`Applied 1 revision; now at ${orderRevision}.`);
      expect(await versionHeads(db.url)).toEqual([orderRevision]);
    },
  },

  // Building the packages
  {
    readme: 'node libs/nx-plugin/scripts/pack.mjs',
    check: ({ output }) => {
      const packed = JSON.parse(output.split('\n').find((line) => line.startsWith('{"core"'))!) as { core: string; mig: string };
      expect(packed).toEqual({ core: join(ws, `dist/packages/mig-core-${VERSION}.tgz`), mig: join(ws, `dist/packages/mig-${VERSION}.tgz`) });
      // The names the README tells users to install.
      for (const name of ['mig-core-0.1.0.tgz', 'mig-0.1.0.tgz']) expect(existsSync(join(ws, 'dist/packages', name))).toBe(true);
    },
  },
];

interface MatchedStep {
  readonly step: Step;
  /** The README command the step runs; undefined when the README does not have it (any more). */
  readonly command: ReadmeCommand | undefined;
  /** The later commands of `step.same` it stands for, undefined where the README lacks one. */
  readonly same: readonly (ReadmeCommand | undefined)[];
}

/** Each step with the README commands it covers, matched in order: a repeated command matches its occurrences in turn. */
function matchSteps(commands: readonly ReadmeCommand[]): MatchedStep[] {
  const used = new Set<ReadmeCommand>();
  const take = (text: string, after = 0) => {
    const command = commands.find((c) => c.command === text && c.line > after && !used.has(c));
    if (command) used.add(command);
    return command;
  };
  return STEPS.map((step) => {
    const command = take(step.readme);
    return { step, command, same: (step.same ?? []).map((text) => take(text, command?.line)) };
  });
}

const COMMANDS = extractReadmeCommands(README);
const MATCHED = matchSteps(COMMANDS);

describe('README commands', () => {
  it('are each run by a step below or excluded with a reason, and the steps follow the README', () => {
    const run = new Set(MATCHED.flatMap((m) => [m.command, ...m.same]));
    const neither = COMMANDS.filter((c) => !run.has(c) && !(c.command in EXCLUDED)).map((c) => `README.md:${c.line} ${c.command}`);
    expect(neither, 'README commands that are neither a step nor in EXCLUDED').toEqual([]);
    expect(MATCHED.filter((m) => !m.command).map((m) => m.step.readme), 'steps whose command is not in the README (any more)').toEqual([]);
    expect(MATCHED.flatMap((m) => m.same.flatMap((c, i) => (c ? [] : [m.step.same![i]]))), 'commands in `same` the README has no later occurrence of').toEqual([]);
    expect(Object.keys(EXCLUDED).filter((command) => !COMMANDS.some((c) => c.command === command)), 'exclusions of commands the README no longer has').toEqual([]);
    expect(MATCHED.filter((m) => m.command && m.step.readme in EXCLUDED).map((m) => m.step.readme), 'both run and excluded').toEqual([]);
    const lines = MATCHED.filter((m) => !m.step.reorder).map((m) => m.command?.line ?? 0);
    expect(lines, 'steps out of README order').toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('README on a fresh clone', () => {
  let failed: string | undefined;

  beforeAll(async () => {
    const source = copyWorkspace('mig-readme-');
    parent = dirname(source);
    ws = join(parent, 'mig');
    unlinkSync(join(source, 'node_modules')); // the clone gets its own, from npm install
    const init = await sh('git init -q -b main && git add -A && git commit -q -m "mig"', source);
    if (init.status !== 0) throw new Error(init.output);
    db = await createTestDatabase('postgres', 'readme');
    adoptDb = await createTestDatabase('postgres', 'readme_adopt');
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
    await adoptDb?.drop();
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  for (const { step, command, same } of MATCHED) {
    const also = same.map((c) => `, and :${c?.line ?? '?'} ${c?.command}`).join('');
    it(`README.md:${command?.line ?? '?'} ${step.readme}${also}`, async () => {
      if (failed) throw new Error(`not run: ${failed} failed first`);
      try {
        await step.before?.();
        const typed = step.run?.() ?? step.readme;
        const result = await sh(typed, step.inParent ? parent : ws);
        if ((result.status === 0) === Boolean(step.fails)) {
          throw new Error(`\`${typed}\` exited with ${result.status}, the README says it ${step.fails ? 'fails' : 'succeeds'}:\n${result.output}`);
        }
        try {
          await step.check?.(result);
        } catch (error) {
          (error as Error).message += `\n--- output of \`${typed}\`:\n${result.output}`;
          throw error;
        }
      } catch (error) {
        failed = `README.md:${command?.line ?? '?'} ${step.readme}`;
        throw error;
      }
    }, 240_000);
  }
});
