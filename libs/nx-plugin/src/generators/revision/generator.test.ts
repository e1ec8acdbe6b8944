import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readRevisionHeader } from '@mig/core';
import { beforeEach, describe, expect, it } from 'vitest';
import initGenerator from '../init/generator';
import revisionGenerator from './generator';

const VERSIONS = 'apps/api/migrations/versions';
let tree: Tree;

beforeEach(async () => {
  tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  addProjectConfiguration(tree, 'api', { root: 'apps/api' });
  await initGenerator(tree, { project: 'api', skipPackageJson: true });
});

function revisionFiles(dir = VERSIONS): string[] {
  return tree.children(dir).filter((name) => name.endsWith('.ts'));
}

function header(id: string, dir = VERSIONS) {
  const name = revisionFiles(dir).find((file) => file.startsWith(id));
  if (!name) throw new Error(`no revision ${id} in ${dir}`);
  return readRevisionHeader(tree.read(`${dir}/${name}`, 'utf-8')!, name);
}

describe('mig:revision', () => {
  it('writes the first revision as a base, named after the message', async () => {
    await revisionGenerator(tree, { project: 'api', message: 'add account', revId: 'a1' });
    expect(revisionFiles()).toEqual(['a1_add_account.ts']);
    const source = tree.read(`${VERSIONS}/a1_add_account.ts`, 'utf-8')!;
    expect(source).toMatch(/^\/\*\* add account\n \*\n \* Revision ID: a1\n \* Revises: \(base\)\n \* Create Date: \d{4}-/);
    expect(source).toContain('export async function upgrade(knex: Knex): Promise<void> {\n  // TODO\n}');
    expect(header('a1')).toMatchObject({ downRevisions: [], message: 'add account' });
  });

  it("revises the current head, with a random 12-character id", async () => {
    await revisionGenerator(tree, { project: 'api', message: 'one', revId: 'a1' });
    await revisionGenerator(tree, { project: 'api', message: 'two' });
    const second = revisionFiles().find((name) => name.endsWith('_two.ts'))!;
    expect(second).toMatch(/^[0-9a-f]{12}_two\.ts$/);
    expect(header(second.slice(0, 12)).downRevisions).toEqual(['a1']);
  });

  it("renders the project's own template", async () => {
    const template = tree.read('apps/api/migrations/script.ts.ejs', 'utf-8')!;
    tree.write('apps/api/migrations/script.ts.ejs', template.replace("import type { Knex } from 'knex';", "import type { Knex } from 'knex';\n// house style: one table per revision"));
    await revisionGenerator(tree, { project: 'api', revId: 'a1' });
    expect(tree.read(`${VERSIONS}/a1.ts`, 'utf-8')).toContain('// house style: one table per revision');
  });

  it('refuses, naming the heads, when there are two heads and no --head', async () => {
    await revisionGenerator(tree, { project: 'api', message: 'base', revId: 'a1' });
    await revisionGenerator(tree, { project: 'api', message: 'order', revId: 'b1' });
    await revisionGenerator(tree, { project: 'api', message: 'invoice', revId: 'c1', head: 'a1', splice: true });
    const attempt = revisionGenerator(tree, { project: 'api', message: 'next' });
    await expect(attempt).rejects.toMatchObject({ code: 'MIG_MULTIPLE_HEADS' });
    await expect(attempt).rejects.toThrow(/2 heads: b1 \(order, apps\/api\/migrations\/versions\/b1_order\.ts:\d+\), c1 \(invoice/);
    await expect(attempt).rejects.toThrow(/fix: merge them first \(nx g mig:merge --project=api\)/);
    await revisionGenerator(tree, { project: 'api', revId: 'd1', head: 'c1' });
    expect(header('d1').downRevisions).toEqual(['c1']);
  });

  it('refuses a --head that is not a head without --splice', async () => {
    await revisionGenerator(tree, { project: 'api', revId: 'a1' });
    await revisionGenerator(tree, { project: 'api', revId: 'b1' });
    await expect(revisionGenerator(tree, { project: 'api', head: 'a1' })).rejects.toMatchObject({ code: 'MIG_BAD_TARGET', message: expect.stringContaining('--splice') });
  });

  it('writes --branch-label (comma-separated), --depends-on and --rev-id into the header', async () => {
    await revisionGenerator(tree, { project: 'api', revId: 'a1' });
    await revisionGenerator(tree, { project: 'api', revId: 'seed1', head: 'base', branchLabel: 'seed' });
    await revisionGenerator(tree, { project: 'api', revId: 'b1', head: 'a1', branchLabel: 'core, shop', dependsOn: ['seed'] });
    expect(header('b1')).toMatchObject({ downRevisions: ['a1'], branchLabels: ['core', 'shop'], dependsOn: ['seed'] });
    expect(header('seed1')).toMatchObject({ downRevisions: [], branchLabels: ['seed'] });
  });

  it('writes into --version-path, and asks for it when the parent cannot decide', async () => {
    tree.write('apps/api/migrations/mig.config.ts', "export default { versions: ['versions', 'seeds'] };\n");
    await expect(revisionGenerator(tree, { project: 'api', revId: 'a1' })).rejects.toMatchObject({ message: expect.stringContaining('--version-path') });
    await revisionGenerator(tree, { project: 'api', revId: 'a1', versionPath: 'seeds' });
    await revisionGenerator(tree, { project: 'api', revId: 'b1' });
    expect(revisionFiles('apps/api/migrations/seeds')).toEqual(['a1.ts', 'b1.ts']);
  });

  it('finds migrations created with --directory', async () => {
    addProjectConfiguration(tree, 'shop', { root: 'apps/shop' });
    await initGenerator(tree, { project: 'shop', directory: 'db/migrations', skipPackageJson: true });
    await revisionGenerator(tree, { project: 'shop', revId: 'a1', message: 'add item' });
    expect(tree.exists('apps/shop/db/migrations/versions/a1_add_item.ts')).toBe(true);
  });

  it('--autogenerate reads the models and revisions from disk: with none there it stops and writes nothing', async () => {
    // The virtual tree's root has no migration environment on disk to replay and compare.
    await expect(revisionGenerator(tree, { project: 'api', message: 'x', autogenerate: true })).rejects.toMatchObject({ code: 'MIG_NO_CONFIG' });
    expect(revisionFiles()).toEqual([]);
  });

  it('fails clearly without a migration environment, a template, or a readable config', async () => {
    addProjectConfiguration(tree, 'web', { root: 'apps/web' });
    await expect(revisionGenerator(tree, { project: 'web' })).rejects.toThrow(/MIG_NO_CONFIG[\s\S]*fix: run nx g mig:init --project=web/);
    await expect(revisionGenerator(tree, { project: 'nope' })).rejects.toMatchObject({ code: 'MIG_BAD_OPTION' });
    tree.delete('apps/api/migrations/script.ts.ejs');
    await expect(revisionGenerator(tree, { project: 'api' })).rejects.toMatchObject({ code: 'MIG_TEMPLATE' });
    tree.write('apps/api/migrations/mig.config.ts', 'const dirs = ["v"];\nexport default { versions: dirs };\n');
    await expect(revisionGenerator(tree, { project: 'api' })).rejects.toThrow(/computes `versions`/);
  });

  it('reports a broken revision file with its path', async () => {
    tree.write(`${VERSIONS}/x1_broken.ts`, "export const revision = 'x1';\n");
    await expect(revisionGenerator(tree, { project: 'api' })).rejects.toMatchObject({ code: 'MIG_BAD_HEADER', message: expect.stringContaining('x1_broken.ts') });
  });
});
