import type { ExecutorContext } from '@nx/devkit';
import { heads, formatHistory } from '@mig/core';
import { type CommonOptions, runCommand } from '../run-command';

export default function headsExecutor(options: CommonOptions, context: ExecutorContext) {
  return runCommand(context, options, (ctx) => heads(ctx), (list) => formatHistory(list, Boolean(options.verbose)));
}
