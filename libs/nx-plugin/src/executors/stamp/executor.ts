import type { ExecutorContext } from '@nx/devkit';
import { stamp, formatStamp } from '@mig/core';
import { type CommonOptions, runCommand, targetOption } from '../run-command';

export interface StampExecutorOptions extends CommonOptions {
  to: string | number;
  purge?: boolean;
  url?: string;
  lockTimeout?: number;
}

export default function stampExecutor(options: StampExecutorOptions, context: ExecutorContext) {
  return runCommand(context, options, (ctx) => stamp(ctx, { to: targetOption(options.to) ?? '', purge: options.purge, url: options.url, lockTimeoutMs: options.lockTimeout }), formatStamp);
}
