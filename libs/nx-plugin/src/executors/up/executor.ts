import type { ExecutorContext } from '@nx/devkit';
import { upgrade, formatMigrate } from '@mig/core';
import { type CommonOptions, runCommand, targetOption } from '../run-command';

export interface UpOptions extends CommonOptions {
  to?: string | number;
  url?: string;
  lockTimeout?: number;
  strict?: boolean;
  singleTransaction?: boolean;
}

export default function upExecutor(options: UpOptions, context: ExecutorContext) {
  return runCommand(
    context,
    options,
    (ctx) => upgrade(ctx, { to: targetOption(options.to), url: options.url, lockTimeoutMs: options.lockTimeout, strict: options.strict, singleTransaction: options.singleTransaction }),
    formatMigrate,
  );
}
