import { isAbsolute, join, relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { defaultSqlFile, offlineSql } from '@mig/core';
import { type CommonOptions, runCommand, targetOption } from '../run-command';

export interface SqlExecutorOptions extends CommonOptions {
  from?: string | number;
  to?: string | number;
  down?: boolean;
  output?: string;
}

export default function sqlExecutor(options: SqlExecutorOptions, context: ExecutorContext) {
  const range = { from: targetOption(options.from), to: targetOption(options.to), down: options.down };
  // An Nx output (dist/migrations/<project>/…), so a cache hit restores the file too.
  const file = options.output
    ? isAbsolute(options.output) ? options.output : join(context.root, options.output)
    : defaultSqlFile(context.root, context.projectName!, range);
  return runCommand(
    context,
    options,
    (ctx) => offlineSql(ctx, { ...range, outputFile: file }),
    (result) => `${result.sql.trimEnd()}\n\nWrote ${relative(context.root, file)} (${result.steps.length} revision${result.steps.length === 1 ? '' : 's'}).`,
  );
}
