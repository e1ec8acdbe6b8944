import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readRevisionHeader } from '@mig/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createNodes } from '../../plugins/plugin';
import initGenerator from '../init/generator';
import revisionGenerator from '../revision/generator';
import syncGenerator from './generator';

let tree: Tree;

const versions = (project: string) => `apps/${project}/migrations/versions`;
const files = (project: string) => tree.children(versions(project)).filter((name) => name.endsWith('.ts')).sort();
const headerOf = (project: string, name: string) => readRevisionHeader(tree.read(`${versions(project)}/${name}`, 'utf-8')!, name);
const merges = (project: string) => files(project).filter((name) => name.endsWith('_merge_heads.ts'));

async function addProject(name: string): Promise<void> {
  addProjectConfiguration(tree, name, { root: `apps/${name}` });
  await initGenerator(tree, { project: name, skipPackageJson: true });
}

/** What two merged git branches leave: a1 ← b1 and a1 ← c1, neither knowing the other. */
async function parallel(project: string, prefix = ''): Promise<void> {
  await revisionGenerator(tree, { project, revId: `${prefix}a1`, message: 'base' });
  await revisionGenerator(tree, { project, revId: `${prefix}b1`, message: 'add order' });
  await revisionGenerator(tree, { project, revId: `${prefix}c1`, message: 'add invoice', head: `${prefix}a1`, splice: true });
}

beforeEach(async () => {
  tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  await addProject('api');
});

describe('mig:sync', () => {
  it('is in sync when every project has one head, or no revisions yet', async () => {
    expect(await syncGenerator(tree)).toBeUndefined();
    await revisionGenerator(tree, { project: 'api', revId: 'a1' });
    await revisionGenerator(tree, { project: 'api', revId: 'b1' });
    expect(await syncGenerator(tree)).toBeUndefined();
    expect(files('api')).toEqual(['a1.ts', 'b1.ts']);
  });

  it('writes the merge revision of parallel heads and says what is out of sync', async () => {
    await parallel('api');
    const result = await syncGenerator(tree);
    const [merge] = merges('api');
    expect(merge).toMatch(/^[0-9a-f]{12}_merge_heads\.ts$/);
    expect(headerOf('api', merge!)).toMatchObject({ downRevisions: ['b1', 'c1'], message: 'merge heads' });
    expect(result).toEqual({
      outOfSyncMessage: expect.stringContaining('api has several migration heads and no merge revision'),
      outOfSyncDetails: [`api: ${versions('api')}/${merge} merges b1, c1`],
    });
    // Written once: with the merge in the Tree, the project is in sync.
    expect(await syncGenerator(tree)).toBeUndefined();
    expect(merges('api')).toHaveLength(1);
  });

  it('leaves branches with their own labels alone (independent on purpose)', async () => {
    await revisionGenerator(tree, { project: 'api', revId: 'a1' });
    await revisionGenerator(tree, { project: 'api', revId: 'b1', branchLabel: 'orders' });
    await revisionGenerator(tree, { project: 'api', revId: 'c1', head: 'a1', splice: true, branchLabel: 'invoices' });
    expect(await syncGenerator(tree)).toBeUndefined();
    expect(merges('api')).toEqual([]);
  });

  it('merges every project that needs it and skips one whose revisions cannot be read', async () => {
    await addProject('billing');
    await addProject('broken');
    await parallel('api');
    await parallel('billing', 'x');
    tree.write('apps/broken/migrations/mig.config.ts', "export default { versions: [process.env.DIR ?? 'versions'] };\n");
    const result = await syncGenerator(tree);
    expect(result?.outOfSyncMessage).toMatch(/^api, billing have several migration heads/);
    expect(headerOf('billing', merges('billing')[0]!).downRevisions).toEqual(['xb1', 'xc1']);
    expect(merges('api')).toHaveLength(1);
  });

  it('is registered on the inferred migrate-up and migrate-check targets', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mig-sync-'));
    try {
      for (const [path, content] of Object.entries({ 'package.json': '{}', 'apps/api/project.json': '{ "name": "api" }', 'apps/api/migrations/mig.config.ts': 'export default {};\n' })) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
      }
      const [[, result]] = await createNodes[1](['apps/api/migrations/mig.config.ts'], {}, { workspaceRoot: root, nxJsonConfiguration: {} });
      const targets = result.projects?.['apps/api']?.targets ?? {};
      const registered = Object.entries(targets).filter(([, target]) => target.syncGenerators?.includes('mig:sync')).map(([name]) => name);
      expect(registered.sort()).toEqual(['migrate-check', 'migrate-up']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
