import type { ExecutorContext } from '@nx/devkit';
import { history, formatHistory } from '@mig/core';
import { type CommonOptions, runCommand } from '../run-command';

export interface HistoryExecutorOptions extends CommonOptions {
  revRange?: string;
  indicateCurrent?: boolean;
  url?: string;
}

export default function historyExecutor(options: HistoryExecutorOptions, context: ExecutorContext) {
  return runCommand(
    context,
    options,
    (ctx) => history(ctx, { range: options.revRange, indicateCurrent: options.indicateCurrent, url: options.url }),
    (list) => formatHistory(list, Boolean(options.verbose)),
  );
}
