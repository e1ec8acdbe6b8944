import type { ExecutorContext } from '@nx/devkit';
import { show, formatRevision } from '@mig/core';
import { type CommonOptions, runCommand } from '../run-command';

export default function showExecutor(options: CommonOptions & { rev: string }, context: ExecutorContext) {
  return runCommand(context, options, (ctx) => show(ctx, { revision: String(options.rev) }), formatRevision);
}
