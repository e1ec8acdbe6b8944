/**
 * `nx g mig:revision --project=api -m "add account"`: a new revision file revising the head,
 * rendered from the project's template by @mig/core's newRevision and written through the Tree.
 */
import { formatFiles, logger, type Tree } from '@nx/devkit';
import { autogenerateRevisionBody, newRevision, type NewRevisionOptions } from '@mig/core';
import { reportingMigErrors } from '../shared/generator-error';
import { readTreeProject, revisionSettingFromTree } from '../shared/tree-project';
import { listOption } from '../shared/list-option';
import type { RevisionGeneratorSchema } from './schema';

export default async function revisionGenerator(tree: Tree, options: RevisionGeneratorSchema): Promise<void> {
  await reportingMigErrors(async () => {
    const project = readTreeProject(tree, options.project);
    const revisionOptions: NewRevisionOptions = {
      message: options.message,
      head: options.head,
      splice: options.splice,
      branchLabels: listOption(options.branchLabel),
      dependsOn: listOption(options.dependsOn),
      revId: options.revId,
      versionPath: options.versionPath,
    };
    const body = options.autogenerate
      ? await autogenerateRevisionBody({ workspaceRoot: tree.root, projectName: project.name, projectRoot: project.root, env: process.env }, revisionOptions)
      : undefined;
    const file = newRevision({ ...revisionSettingFromTree(tree, project), body }, revisionOptions);
    tree.write(file.path, file.content);
    if (!options.skipFormat) await formatFiles(tree);
    logger.info(`Revision ${file.revision} revises ${file.downRevisions.join(', ') || '(base)'}.`);
  });
}
