/**
 * `nx g mig:revision --project=api -m "add account"`: a new revision file revising the head,
 * rendered from the project's template by @mig/core's newRevision and written through the Tree.
 */
import { formatFiles, logger, type Tree } from '@nx/devkit';
import { autogenerateRevisionBody, formatChanges, newRevision, type NewRevisionOptions, type RevisionBody } from '@mig/core';
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
    const setting = revisionSettingFromTree(tree, project);
    let body: RevisionBody | undefined;
    if (options.autogenerate) {
      newRevision(setting, revisionOptions); // placement errors before the slower comparison
      const context = { workspaceRoot: tree.root, projectName: project.name, projectRoot: project.root, env: process.env };
      const result = await autogenerateRevisionBody(context, { ...revisionOptions, allowWarnings: options.allowWarnings, shadowCache: options.shadowCache });
      for (const line of formatChanges(result.changes, result.warnings)) logger.info(line);
      if (!result.body) {
        logger.info('No changes detected: the models match the revisions. No file written.');
        return;
      }
      body = result.body;
    }
    const file = newRevision({ ...setting, body }, revisionOptions);
    tree.write(file.path, file.content);
    if (!options.skipFormat) await formatFiles(tree);
    logger.info(`Revision ${file.revision} revises ${file.downRevisions.join(', ') || '(base)'}.`);
  });
}
