import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readRevisionHeader } from '@mig/core';
import { beforeEach, describe, expect, it } from 'vitest';
import initGenerator from '../init/generator';
import revisionGenerator from '../revision/generator';
import mergeGenerator from './generator';

const VERSIONS = 'apps/api/migrations/versions';
let tree: Tree;

/** a1 ← b1, a1 ← c1 (two heads), a1 ← d1 with --splice when `three`. */
async function branched(three = false): Promise<void> {
  await revisionGenerator(tree, { project: 'api', revId: 'a1' });
  await revisionGenerator(tree, { project: 'api', revId: 'b1', message: 'order' });
  await revisionGenerator(tree, { project: 'api', revId: 'c1', head: 'a1', splice: true });
  if (three) await revisionGenerator(tree, { project: 'api', revId: 'd1', head: 'a1', splice: true });
}

function header(name: string) {
  return readRevisionHeader(tree.read(`${VERSIONS}/${name}`, 'utf-8')!, name);
}

beforeEach(async () => {
  tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  addProjectConfiguration(tree, 'api', { root: 'apps/api' });
  await initGenerator(tree, { project: 'api', skipPackageJson: true });
});

describe('mig:merge', () => {
  it('writes a revision whose downRevision lists every head', async () => {
    await branched();
    await mergeGenerator(tree, { project: 'api', message: 'merge order and invoice', revId: 'm1' });
    const source = tree.read(`${VERSIONS}/m1_merge_order_and_invoice.ts`, 'utf-8')!;
    expect(source).toContain("export const downRevision: string | string[] | null = ['b1', 'c1'];");
    expect(source).toContain(' * Revises: b1, c1');
    await revisionGenerator(tree, { project: 'api', revId: 'n1' });
    expect(header('n1.ts').downRevisions).toEqual(['m1']);
  });

  it('merges the revisions named as positional arguments', async () => {
    await branched(true);
    await mergeGenerator(tree, { project: 'api', revisions: ['b1'], _: ['d1'], revId: 'm1' });
    expect(header('m1.ts').downRevisions).toEqual(['b1', 'd1']);
  });

  it('refuses when there is a single head', async () => {
    await revisionGenerator(tree, { project: 'api', revId: 'a1' });
    await expect(mergeGenerator(tree, { project: 'api' })).rejects.toMatchObject({
      code: 'MIG_NOTHING_TO_DO_TARGET',
      message: expect.stringContaining('Nothing to merge'),
    });
  });

  it('refuses to merge a revision that is not a head', async () => {
    await branched();
    await expect(mergeGenerator(tree, { project: 'api', revisions: ['a1', 'b1'] })).rejects.toMatchObject({ code: 'MIG_BAD_TARGET' });
  });
});
