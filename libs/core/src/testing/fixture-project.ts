/**
 * Throwaway projects for the command and runner tests: a workspace in a temp folder with one
 * project whose `migrations/` holds revision files rendered by the script layer from the shipped
 * template. The config is a plain object, so the fixture does not need to resolve @mig/core.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext } from '../commands/context';
import type { MigEvent } from '../events';
import { readRevisionTemplate, renderRevisionSource, revisionFileName } from '../script';

export interface FixtureRevision {
  readonly id: string;
  readonly down: string | readonly string[] | null;
  readonly message?: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  /** Body of `upgrade(knex)`. */
  readonly upgrade: string;
  readonly downgrade: string;
  /** `false` writes `export const transaction = false`. */
  readonly transaction?: boolean;
}

export interface FixtureProject {
  /** Workspace root (holds package.json). */
  readonly workspaceRoot: string;
  /** `apps/<name>`, relative to the workspace root. */
  readonly projectRoot: string;
  /** Absolute project folder (what `mig --project-root` takes). */
  readonly projectDir: string;
  readonly versionsDir: string;
  /** Events reported by commands run with `context`. */
  readonly events: MigEvent[];
  /** A command context with an empty environment (no DATABASE_URL leaks in) that records events. */
  readonly context: CommandContext;
  /** Absolute path of a revision's file. */
  fileOf(id: string): string;
  /** Workspace-relative path, as commands report it. */
  displayPathOf(id: string): string;
  /** Writes revision files; one that exists already (same id) is replaced. */
  write(...revisions: FixtureRevision[]): void;
  /** Rewrites a revision's file in place. */
  edit(id: string, change: (source: string) => string): void;
  remove(): void;
}

const CREATE_DATE = '2026-01-01T00:00:00Z';

/** The table a fixture revision creates. */
export function tableOf(id: string): string {
  return `t_${id}`;
}

/** Creates `t_<id>` (id, unique name, optionally a foreign key to another fixture table); drops it on downgrade. */
export function tableRevision(
  id: string,
  down: string | readonly string[] | null,
  options: Partial<FixtureRevision> & { references?: string } = {},
): FixtureRevision {
  const { references, ...rest } = options;
  const table = tableOf(id);
  return {
    id,
    down,
    message: `create ${table}`,
    upgrade: [
      `await knex.schema.createTable('${table}', (t) => {`,
      `  t.increments('id');`,
      `  t.string('name', 40).notNullable().unique();`,
      ...(references ? [`  t.integer('${references}_id').references('id').inTable('${references}');`] : []),
      `});`,
    ].join('\n'),
    downgrade: `await knex.schema.dropTable('${table}');`,
    ...rest,
  };
}

/**
 * `count` revisions `<prefix>01 ← <prefix>02 ← …` after `after`, each creating its table with a
 * foreign key to the previous one (so downgrading in the wrong order would fail).
 */
export function chainOf(count: number, prefix = 'r', after: string | null = null): FixtureRevision[] {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
  return ids.map((id, i) => tableRevision(id, i === 0 ? after : ids[i - 1], i === 0 ? {} : { references: tableOf(ids[i - 1]) }));
}

/**
 * b01 ← b02 (branch point) ← a01 (label alpha) ← a02, and b02 ← c01 (label beta); with `merge`,
 * m01 merges a02 and c01.
 */
export function branchedRevisions(merge = false): FixtureRevision[] {
  return [
    tableRevision('b01', null),
    tableRevision('b02', 'b01'),
    tableRevision('a01', 'b02', { branchLabels: ['alpha'] }),
    tableRevision('a02', 'a01'),
    tableRevision('c01', 'b02', { branchLabels: ['beta'] }),
    ...(merge ? [tableRevision('m01', ['a02', 'c01'], { message: 'merge alpha and beta' })] : []),
  ];
}

/** Creates its table, then throws (`error`) or runs SQL that fails (`sql`): the table must roll back. */
export function failingRevision(id: string, down: string | null, how: 'error' | 'sql' = 'error'): FixtureRevision {
  const base = tableRevision(id, down);
  const failure = how === 'error' ? `throw new Error('${id} fails on purpose');` : `await knex.raw('SELECT * FROM no_such_table_${id}');`;
  return { ...base, message: `failing ${id}`, upgrade: `${base.upgrade}\n${failure}` };
}

/**
 * `transaction = false`: creates its table, then (when `fails`) throws before the second one, so a
 * failed run leaves the first table behind. Re-runnable (each table is created only if missing), as such
 * revisions must be.
 */
export function autocommitRevision(id: string, down: string | null, fails: boolean): FixtureRevision {
  const first = `${tableOf(id)}_a`;
  const second = `${tableOf(id)}_b`;
  const create = (name: string) => `if (!(await knex.schema.hasTable('${name}'))) await knex.schema.createTable('${name}', (t) => { t.increments('id'); });`;
  return {
    id,
    down,
    message: `autocommit ${id}`,
    transaction: false,
    upgrade: [create(first), ...(fails ? [`throw new Error('${id} fails halfway');`] : []), create(second)].join('\n'),
    downgrade: `await knex.schema.dropTableIfExists('${second}');\nawait knex.schema.dropTableIfExists('${first}');`,
  };
}

export function renderFixtureRevision(revision: FixtureRevision): string {
  const source = renderRevisionSource(readRevisionTemplate(), {
    revision: revision.id,
    downRevision: revision.down,
    branchLabels: revision.branchLabels,
    dependsOn: revision.dependsOn,
    message: revision.message ?? revision.id,
    createDate: CREATE_DATE,
    upgrades: revision.upgrade,
    downgrades: revision.downgrade,
  });
  if (revision.transaction !== false) return source;
  return source.replace(/^(export const dependsOn.*)$/m, '$1\nexport const transaction = false;');
}

export function createFixtureProject(revisions: readonly FixtureRevision[], name = 'app'): FixtureProject {
  const workspaceRoot = mkdtempSync(join(tmpdir(), 'mig-fixture-'));
  const projectRoot = join('apps', name);
  const projectDir = join(workspaceRoot, projectRoot);
  const migrationsDir = join(projectDir, 'migrations');
  const versionsDir = join(migrationsDir, 'versions');
  mkdirSync(versionsDir, { recursive: true });
  writeFileSync(join(workspaceRoot, 'package.json'), JSON.stringify({ name: 'fixture-workspace', private: true }));
  writeFileSync(join(migrationsDir, 'mig.config.ts'), `export default { versions: ['versions'] };\n`);
  const files = new Map<string, string>();
  const events: MigEvent[] = [];
  const fileOf = (id: string) => {
    const file = files.get(id);
    if (!file) throw new Error(`fixture has no revision ${id}`);
    return file;
  };
  const project: FixtureProject = {
    workspaceRoot,
    projectRoot,
    projectDir,
    versionsDir,
    events,
    context: { workspaceRoot, projectRoot, projectName: name, env: {}, onEvent: (event) => events.push(event) },
    fileOf,
    displayPathOf: (id) => join(projectRoot, 'migrations', 'versions', fileOf(id).slice(versionsDir.length + 1)),
    write: (...list) => {
      for (const revision of list) {
        const file = join(versionsDir, revisionFileName(revision.id, revision.message));
        const previous = files.get(revision.id);
        if (previous && previous !== file) rmSync(previous);
        writeFileSync(file, renderFixtureRevision(revision));
        files.set(revision.id, file);
      }
    },
    edit: (id, change) => writeFileSync(fileOf(id), change(readFileSync(fileOf(id), 'utf8'))),
    remove: () => rmSync(workspaceRoot, { recursive: true, force: true }),
  };
  project.write(...revisions);
  return project;
}
