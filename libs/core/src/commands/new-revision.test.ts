import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { MigError } from '../errors';
import type { RevisionHeader } from '../revision';
import { rev } from '../revision/test-builders';
import { defaultTemplatePath, readRevisionHeader, readRevisionTemplate } from '../script';
import { createFixtureProject, tableRevision, type FixtureProject } from '../testing/fixture-project';
import { autogenerateRevisionBody, newMergeRevision, newRevision, writeMergeRevision, writeNewRevision, type RevisionSetting } from './new-revision';

const VERSIONS = 'apps/api/migrations/versions';
const template = readRevisionTemplate();

function setting(headers: RevisionHeader[], extra: Partial<RevisionSetting> = {}): RevisionSetting {
  return {
    headers,
    migrationsDir: 'apps/api/migrations',
    versionDirs: [VERSIONS],
    template,
    templateFile: 'apps/api/migrations/script.ts.ejs',
    projectName: 'api',
    createDate: '2026-11-25T10:00:00.000Z',
    randomId: 'a1b2c3d4e5f6',
    ...extra,
  };
}

/** `rev` with the file where the generator would have read it from. */
function revIn(dir: string, id: string, down: string | string[] | null, options: Parameters<typeof rev>[2] = {}): RevisionHeader {
  return rev(id, down, { file: `${dir}/${id}.ts`, ...options });
}

function failure(fn: () => unknown): MigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MigError) return error;
    throw error;
  }
  throw new Error('expected a MigError');
}

const linear = [revIn(VERSIONS, 'aaa111', null), revIn(VERSIONS, 'bbb222', 'aaa111', { message: 'add order' })];
const twoHeads = [...linear, revIn(VERSIONS, 'ccc333', 'aaa111', { message: 'add invoice' })];

describe('newRevision', () => {
  it('writes the first revision as a base, named after the message, from the template', () => {
    const file = newRevision(setting([]), { message: 'Add account table' });
    expect(file.path).toBe(`${VERSIONS}/a1b2c3d4e5f6_add_account_table.ts`);
    expect(file.downRevisions).toEqual([]);
    expect(file.content).toContain(' * Revises: (base)\n * Create Date: 2026-11-25T10:00:00.000Z');
    expect(file.content).toContain('export const downRevision: string | string[] | null = null;');
    expect(readRevisionHeader(file.content, file.path)).toMatchObject({ id: 'a1b2c3d4e5f6', message: 'Add account table', downRevisions: [] });
  });

  it('revises the single head', () => {
    const file = newRevision(setting(linear), { message: 'next' });
    expect(file.content).toContain("export const downRevision: string | string[] | null = 'bbb222';");
  });

  it('refuses the default parent when there are two heads, naming both', () => {
    const error = failure(() => newRevision(setting(twoHeads), { message: 'x' }));
    expect(error.code).toBe('MIG_MULTIPLE_HEADS');
    expect(error.message).toContain('2 heads: bbb222 (add order');
    expect(error.message).toContain('ccc333 (add invoice');
    expect(error.hint).toContain('nx g mig:merge --project=api');
  });

  it('takes the parent from --head, by id prefix or branch label', () => {
    expect(newRevision(setting(twoHeads), { head: 'ccc' }).downRevisions).toEqual(['ccc333']);
    const labelled = [...linear, revIn(VERSIONS, 'ddd444', 'aaa111', { labels: ['billing'] })];
    expect(newRevision(setting(labelled), { head: 'billing@head' }).downRevisions).toEqual(['ddd444']);
  });

  it('revises every head with --head=heads', () => {
    const file = newRevision(setting(twoHeads), { head: 'heads' });
    expect(file.content).toContain("= ['bbb222', 'ccc333'];");
  });

  it('refuses a parent that is not a head unless --splice', () => {
    const error = failure(() => newRevision(setting(linear), { head: 'aaa111' }));
    expect(error.code).toBe('MIG_BAD_TARGET');
    expect(error.message).toContain('aaa111');
    expect(error.message).toContain('bbb222 already revises it');
    expect(error.hint).toContain('--splice');
    expect(newRevision(setting(linear), { head: 'aaa111', splice: true }).downRevisions).toEqual(['aaa111']);
  });

  it('starts a new labelled branch from base', () => {
    const file = newRevision(setting(linear), { head: 'base', branchLabels: ['audit'], message: 'audit log' });
    expect(readRevisionHeader(file.content, file.path)).toMatchObject({ downRevisions: [], branchLabels: ['audit'] });
  });

  it('refuses a head counted from the database', () => {
    expect(failure(() => newRevision(setting(linear), { head: '+1' })).message).toContain("database's current revision");
  });

  it('uses --rev-id, refusing one that is taken or malformed', () => {
    expect(newRevision(setting(linear), { revId: 'my_rev' }).path).toBe(`${VERSIONS}/my_rev.ts`);
    expect(failure(() => newRevision(setting(linear), { revId: 'bbb222' }))).toMatchObject({ code: 'MIG_BAD_OPTION', message: expect.stringContaining('taken by') });
    expect(failure(() => newRevision(setting(linear), { revId: 'heads' })).code).toBe('MIG_BAD_OPTION');
  });

  it('refuses a branch label that is in use or malformed', () => {
    const labelled = [revIn(VERSIONS, 'aaa111', null, { labels: ['core'] })];
    expect(failure(() => newRevision(setting(labelled), { branchLabels: ['core'] })).message).toContain('Branch label core is already');
    expect(failure(() => newRevision(setting(labelled), { branchLabels: ['a b'] })).message).toContain('whitespace');
  });

  it('resolves --depends-on prefixes to ids and keeps branch labels as labels', () => {
    const headers = [...linear, revIn(VERSIONS, 'eee555', null, { labels: ['seed'] })];
    const file = newRevision(setting(headers), { head: 'bbb222', dependsOn: ['seed', 'eee'] });
    expect(file.content).toContain("export const dependsOn: string[] = ['seed', 'eee555'];");
    expect(failure(() => newRevision(setting(headers), { head: 'bbb222', dependsOn: ['zzz'] })).code).toBe('MIG_UNKNOWN_REVISION');
  });

  it('writes into --version-path, given as in `versions` or as a path', () => {
    const dirs = { versionDirs: [VERSIONS, 'apps/api/migrations/seeds'] };
    expect(newRevision(setting(linear, dirs), { versionPath: 'seeds', revId: 'f1' }).path).toBe('apps/api/migrations/seeds/f1.ts');
    expect(newRevision(setting(linear, dirs), { versionPath: 'apps/api/migrations/seeds/', revId: 'f2' }).path).toBe('apps/api/migrations/seeds/f2.ts');
    const error = failure(() => newRevision(setting(linear, dirs), { versionPath: 'elsewhere' }));
    expect(error.message).toContain('not one of this project');
    expect(error.message).toContain('versions, seeds');
  });

  it("takes the parent's folder when there are several, and asks for --version-path when there is no parent", () => {
    const dirs = { versionDirs: [VERSIONS, 'apps/api/migrations/seeds'] };
    const seeded = [...linear, revIn('apps/api/migrations/seeds', 'fff666', null, { labels: ['seed'] })];
    expect(newRevision(setting(seeded, dirs), { head: 'seed@head', revId: 'g1' }).path).toBe('apps/api/migrations/seeds/g1.ts');
    expect(failure(() => newRevision(setting([], dirs), {})).hint).toContain('--version-path');
  });

  it('puts a body (from autogenerate) inside upgrade and downgrade', () => {
    const file = newRevision(setting([], { body: { upgrades: "await knex.schema.createTable('a', () => {});", downgrades: "await knex.schema.dropTable('a');" } }));
    expect(file.content).toContain("  await knex.schema.createTable('a', () => {});");
    expect(file.content).toContain("  await knex.schema.dropTable('a');");
  });

  it('refuses a template that does not write the header it is given', () => {
    const broken = template.replace("export const revision = <%- literal(revision) %>;", "export const revision = 'fixed';");
    expect(failure(() => newRevision(setting([], { template: broken }))).code).toBe('MIG_TEMPLATE');
  });
});

describe('newMergeRevision', () => {
  it('merges all heads by default', () => {
    const file = newMergeRevision(setting(twoHeads), { message: 'merge order and invoice' });
    expect(file.downRevisions).toEqual(['bbb222', 'ccc333']);
    expect(file.content).toContain(' * Revises: bbb222, ccc333');
    expect(file.path).toBe(`${VERSIONS}/a1b2c3d4e5f6_merge_order_and_invoice.ts`);
  });

  it('merges the named revisions', () => {
    const three = [...twoHeads, revIn(VERSIONS, 'ddd444', 'aaa111')];
    expect(newMergeRevision(setting(three), { revisions: ['bbb', 'ddd444'] }).downRevisions).toEqual(['bbb222', 'ddd444']);
  });

  it('refuses when there is nothing to merge', () => {
    const error = failure(() => newMergeRevision(setting(linear)));
    expect(error.code).toBe('MIG_NOTHING_TO_DO_TARGET');
    expect(error.message).toContain('Nothing to merge');
  });

  it('refuses to merge a revision that is not a head', () => {
    expect(failure(() => newMergeRevision(setting(twoHeads), { revisions: ['aaa111', 'bbb222'] })).message).toContain('is not a head');
  });
});

describe('autogenerateRevisionBody', () => {
  it('needs a migration environment', async () => {
    await expect(autogenerateRevisionBody({ workspaceRoot: '/', projectRoot: 'x', projectName: 'x' }, {})).rejects.toMatchObject({ code: 'MIG_NO_CONFIG' });
  });

  it('finds no changes for the tutorial app, whose revisions match its models', async () => {
    const workspaceRoot = join(__dirname, '../../../..');
    const result = await autogenerateRevisionBody({ workspaceRoot, projectRoot: 'apps/api', projectName: 'api', env: {} }, {});
    expect(result.body).toBeUndefined();
    expect(result.changes).toEqual([]);
  });
});

describe('writeNewRevision and writeMergeRevision (the CLI adapter)', () => {
  let project: FixtureProject | undefined;
  afterEach(() => project?.remove());

  it('writes revision files from the project template on disk', async () => {
    project = createFixtureProject([tableRevision('r01', null)]);
    copyFileSync(defaultTemplatePath(), join(project.projectDir, 'migrations', 'script.ts.ejs'));
    const first = await writeNewRevision(project.context, { message: 'add a', revId: 'r02' });
    expect(first).toEqual({ revision: 'r02', downRevisions: ['r01'], file: 'apps/app/migrations/versions/r02_add_a.ts' });
    await writeNewRevision(project.context, { head: 'r01', splice: true, revId: 'r03' });
    const merged = await writeMergeRevision(project.context, { message: 'join', revId: 'r04' });
    expect(merged.downRevisions).toEqual(['r02', 'r03']);
    const source = readFileSync(join(project.workspaceRoot, merged.file), 'utf8');
    expect(source).toContain("export const downRevision: string | string[] | null = ['r02', 'r03'];");
  });

  it('fails with MIG_TEMPLATE when the project has no template', async () => {
    project = createFixtureProject([]);
    await expect(writeNewRevision(project.context, {})).rejects.toMatchObject({ code: 'MIG_TEMPLATE' });
  });
});

describe('mig revision and mig merge (the CLI verbs)', () => {
  let project: FixtureProject | undefined;
  afterEach(() => project?.remove());

  it('writes revisions with the flags of the generators', async () => {
    project = createFixtureProject([tableRevision('r01', null)]);
    copyFileSync(defaultTemplatePath(), join(project.projectDir, 'migrations', 'script.ts.ejs'));
    const at = ['--project-root', project.projectDir];
    expect(await main(['revision', ...at, '-m', 'add b', '--rev-id', 'r02', '--branch-label', 'main,core'])).toBe(0);
    expect(await main(['revision', ...at, '--head', 'r01', '--splice', '--rev-id', 'r03', '--depends-on', 'main'])).toBe(0);
    expect(await main(['revision', ...at, '--rev-id', 'r05'])).toBe(1); // two heads now
    expect(await main(['merge', ...at, '--revisions', 'r02', '--revisions', 'r03', '--rev-id', 'r04', '-m', 'join'])).toBe(0);
    const header = (name: string) => readRevisionHeader(readFileSync(join(project!.versionsDir, name), 'utf8'), name);
    expect(header('r02_add_b.ts')).toMatchObject({ downRevisions: ['r01'], branchLabels: ['main', 'core'] });
    expect(header('r03.ts')).toMatchObject({ downRevisions: ['r01'], dependsOn: ['main'] });
    expect(header('r04_join.ts').downRevisions).toEqual(['r02', 'r03']);
  });
});
