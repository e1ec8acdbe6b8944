import type { ExecutorContext } from '@nx/devkit';
import { status, formatStatus } from '@mig/core';
import { type CommonOptions, runCommand } from '../run-command';

export interface StatusOptions extends CommonOptions {
  check?: boolean;
  url?: string;
}

export default function statusExecutor(options: StatusOptions, context: ExecutorContext) {
  return runCommand(context, options, (ctx) => status(ctx, { url: options.url }), formatStatus, (result) => !options.check || result.upToDate);
}
