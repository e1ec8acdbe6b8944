/**
 * `nx g mig:adopt --project=api`: take over a database that knex migrations built. Unlike the
 * other generators this one needs the database: @mig/core's planAdoption reads it (read only),
 * the baseline revision is written through the Tree (so `--dry-run` shows it and writes nothing),
 * and the database is stamped by the returned callback, which Nx runs only after it wrote the
 * files — never with `--dry-run`.
 */
import { rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { formatFiles, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { formatAdopt, formatEvent, newRevision, planAdoption, stampAdoption, type CommandContext } from '@mig/core';
import { reportingMigErrors } from '../shared/generator-error';
import { readTreeProject, revisionSettingFromTree } from '../shared/tree-project';
import type { AdoptGeneratorSchema } from './schema';

export default async function adoptGenerator(tree: Tree, options: AdoptGeneratorSchema): Promise<GeneratorCallback> {
  return reportingMigErrors(async () => {
    const project = readTreeProject(tree, options.project);
    const setting = revisionSettingFromTree(tree, project);
    const context: CommandContext = {
      workspaceRoot: tree.root,
      projectName: project.name,
      projectRoot: project.root,
      env: process.env,
      onEvent: (event) => {
        const line = event.kind === 'warning' ? formatEvent(event) : undefined;
        if (line) logger.warn(line);
      },
    };
    const knexDir = options.knexDir === undefined || isAbsolute(options.knexDir) ? options.knexDir : join(tree.root, options.knexDir);
    const plan = await planAdoption(context, { knexDir, url: options.url });
    for (const warning of plan.warnings) logger.warn(`${warning.code}: ${warning.message}`);
    const file = newRevision({ ...setting, body: plan.body }, { head: 'base', message: options.message ?? 'baseline adopted from knex', revId: options.revId });
    tree.write(file.path, file.content);
    if (!options.skipFormat) await formatFiles(tree);
    logger.info(`Baseline ${file.revision} creates ${plan.tables.length} table(s) of the knex-managed database; it is stamped there once the file is written (not with --dry-run).`);
    return async () => {
      const stamped = await reportingMigErrors(() => stampAdoption(context, { revision: file.revision, plan, dropKnexTables: options.dropKnexTables, url: options.url })).catch((error: unknown) => {
        // Not stamped: the baseline goes again, so adopting again starts from a clean slate.
        rmSync(join(tree.root, file.path), { force: true });
        throw error;
      });
      logger.info(formatAdopt({ ...stamped, tables: plan.tables }));
    };
  });
}
