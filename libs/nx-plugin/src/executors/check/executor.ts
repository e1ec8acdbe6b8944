import type { ExecutorContext } from '@nx/devkit';
import { check, formatCheck } from '@mig/core';
import { type CommonOptions, runCommand } from '../run-command';

export interface CheckExecutorOptions extends CommonOptions {
  against?: 'shadow' | 'database';
  allowWarnings?: boolean;
  shadowCache?: boolean;
  url?: string;
}

export default function checkExecutor(options: CheckExecutorOptions, context: ExecutorContext) {
  return runCommand(
    context,
    options,
    (ctx) => check(ctx, { against: options.against, allowWarnings: options.allowWarnings, shadowCache: options.shadowCache, url: options.url }),
    formatCheck,
    (result) => result.upToDate,
  );
}
