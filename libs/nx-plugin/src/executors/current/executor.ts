import type { ExecutorContext } from '@nx/devkit';
import { status } from '@mig/core';
import { type CommonOptions, runCommand } from '../run-command';

export default function currentExecutor(options: CommonOptions & { url?: string }, context: ExecutorContext) {
  return runCommand(
    context,
    options,
    async (ctx) => (await status(ctx, { url: options.url })).current,
    (current) => (current.length ? current.join('\n') : '(base)'),
  );
}
