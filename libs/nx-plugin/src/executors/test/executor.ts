import type { ExecutorContext } from '@nx/devkit';
import { stairway } from '@mig/core';
import { type CommonOptions, runCommand } from '../run-command';

export default function testExecutor(options: CommonOptions & { url?: string }, context: ExecutorContext) {
  return runCommand(
    context,
    options,
    (ctx) => stairway({ ...ctx, onEvent: undefined }, { url: options.url }),
    (result) => `Stairway passed: ${result.revisions} revision(s) upgrade, downgrade and upgrade again cleanly on ${result.database}.`,
  );
}
