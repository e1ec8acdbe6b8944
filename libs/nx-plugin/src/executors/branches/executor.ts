import type { ExecutorContext } from '@nx/devkit';
import { branches, formatHistory } from '@mig/core';
import { type CommonOptions, runCommand } from '../run-command';

export default function branchesExecutor(options: CommonOptions, context: ExecutorContext) {
  return runCommand(context, options, (ctx) => branches(ctx), (list) => formatHistory(list, Boolean(options.verbose)));
}
