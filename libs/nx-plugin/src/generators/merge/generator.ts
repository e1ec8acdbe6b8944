/**
 * `nx g mig:merge --project=api [revs…] -m "merge"`: a revision whose downRevision lists the heads
 * it joins (all heads by default), from @mig/core's newMergeRevision, written through the Tree.
 */
import { formatFiles, logger, type Tree } from '@nx/devkit';
import { newMergeRevision } from '@mig/core';
import { reportingMigErrors } from '../shared/generator-error';
import { listOption } from '../shared/list-option';
import { readTreeProject, revisionSettingFromTree } from '../shared/tree-project';
import type { MergeGeneratorSchema } from './schema';

export default async function mergeGenerator(tree: Tree, options: MergeGeneratorSchema): Promise<void> {
  await reportingMigErrors(async () => {
    const project = readTreeProject(tree, options.project);
    const file = newMergeRevision(revisionSettingFromTree(tree, project), {
      revisions: [...listOption(options.revisions), ...listOption(options._)],
      message: options.message,
      branchLabels: listOption(options.branchLabel),
      revId: options.revId,
    });
    tree.write(file.path, file.content);
    if (!options.skipFormat) await formatFiles(tree);
    logger.info(`Revision ${file.revision} merges ${file.downRevisions.join(', ')}.`);
  });
}
