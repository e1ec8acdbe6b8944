import type { ExecutorContext } from '@nx/devkit';
import { downgrade, formatMigrate } from '@mig/core';
import { type CommonOptions, runCommand, targetOption } from '../run-command';

export interface DownOptions extends CommonOptions {
  to: string | number;
  url?: string;
  lockTimeout?: number;
  strict?: boolean;
}

export default function downExecutor(options: DownOptions, context: ExecutorContext) {
  return runCommand(
    context,
    options,
    (ctx) => downgrade(ctx, { to: targetOption(options.to), url: options.url, lockTimeoutMs: options.lockTimeout, strict: options.strict }),
    formatMigrate,
  );
}
