/**
 * `mig:sync`, an Nx sync generator (registered on the inferred migrate-up and migrate-check
 * targets): after two git branches that each added a revision are merged, the project has two
 * heads and nobody wrote the merge revision. For every project with `migrations/mig.config.ts`
 * this reads the revision headers from the Tree and, where heads are parallel (the same branch
 * labels, usually none: see @mig/core's parallelHeads), writes the merge revision (`mig:merge`,
 * message "merge heads"). So `nx sync` fixes it, `nx sync:check` fails in CI until it is committed,
 * and a local `nx run <app>:migrate-up` offers to write it first.
 *
 * Projects whose revisions cannot be read (a computed `versions`, a broken header, a cycle) are
 * skipped: their own targets report that, and one broken project must not block the others' tasks.
 */
import { formatFiles, getProjects, globAsync, joinPathFragments, type Tree } from '@nx/devkit';
import { MigError, newMergeRevision, newRevisionId, parallelHeadsOf, readRevisionHeader, type RevisionSetting } from '@mig/core';
import { readConfigText } from '../../config/read-config-text';
import { revisionSettingFromTree, type TreeProject } from '../shared/tree-project';

/** Nx's SyncGeneratorResult (nx/src/utils/sync-generators), which @nx/devkit exports only from its internals. */
export interface SyncResult {
  outOfSyncMessage?: string;
  outOfSyncDetails?: string[];
}

export const MERGE_MESSAGE = 'merge heads';

export default async function syncGenerator(tree: Tree): Promise<SyncResult | void> {
  const details: string[] = [];
  for (const project of await migrationProjects(tree)) {
    let setting: RevisionSetting;
    try {
      setting = revisionSettingFromTree(tree, project);
      for (const heads of parallelHeadsOf(setting.headers)) {
        const file = newMergeRevision(setting, { revisions: heads, message: MERGE_MESSAGE });
        tree.write(file.path, file.content);
        setting = { ...setting, headers: [...setting.headers, readRevisionHeader(file.content, file.path)], randomId: newRevisionId() };
        details.push(`${project.name}: ${file.path} merges ${heads.join(', ')}`);
      }
    } catch (error) {
      if (error instanceof MigError) continue;
      throw error;
    }
  }
  if (details.length === 0) return;
  await formatFiles(tree);
  const projects = new Set(details.map((line) => line.slice(0, line.indexOf(':'))));
  return {
    outOfSyncMessage: `${[...projects].join(', ')} ${projects.size === 1 ? 'has' : 'have'} several migration heads and no merge revision (nx sync writes it; commit it with the merged branches).`,
    outOfSyncDetails: details,
  };
}

/** Every `…/migrations/mig.config.ts` with the project that owns it (the nearest project root above it). */
async function migrationProjects(tree: Tree): Promise<TreeProject[]> {
  const roots = [...getProjects(tree)].map(([name, config]) => ({ name, root: config.root })).sort((a, b) => b.root.length - a.root.length);
  const found: TreeProject[] = [];
  for (const configFile of (await globAsync(tree, ['**/migrations/mig.config.ts'])).sort()) {
    const migrationsDir = configFile.slice(0, -'/mig.config.ts'.length);
    const owner = roots.find(({ root }) => (root === '.' || root === '' ? migrationsDir === 'migrations' : migrationsDir.startsWith(`${root}/`)));
    if (!owner) continue;
    found.push({ ...owner, migrationsDir, config: readConfigText(tree.read(joinPathFragments(migrationsDir, 'mig.config.ts'), 'utf-8') ?? '') });
  }
  return found;
}
