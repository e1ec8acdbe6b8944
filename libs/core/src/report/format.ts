/**
 * Text for humans, shared by the CLI and the Nx executors so both speak alike. Pure: returns
 * strings, prints nothing.
 */
import pc from 'picocolors';
import { MigError } from '../errors';
import type { MigEvent } from '../events';

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** One line per event, or undefined for events not worth a line. */
export function formatEvent(event: MigEvent): string | undefined {
  switch (event.kind) {
    case 'step-done': {
      const arrow = event.direction === 'up' ? pc.green('↑') : pc.yellow('↓');
      const message = event.message ? ` ${event.message}` : '';
      return `${arrow} ${event.revision}${message} ${pc.dim(`(${formatDuration(event.durationMs)})`)}`;
    }
    case 'warning':
      return `${pc.yellow('warning')} ${event.code}: ${event.message}${event.hint ? `\n  ${pc.dim('fix:')} ${event.hint}` : ''}`;
    case 'info':
      return event.message;
    case 'debug':
      return pc.dim(event.message);
    case 'connected':
      return pc.dim(`database: ${event.display}`);
    case 'lock-waiting':
      return pc.dim(`waiting for the migration lock on ${event.display}…`);
  }
}

/** The error block: code, location, message, remedy; the stack only when asked. */
export function formatError(error: unknown, verbose = false): string {
  if (error instanceof MigError) {
    // Messages that already start with their `file:line` are not told it twice.
    const where = error.location && !error.message.startsWith(error.location) ? ` ${pc.dim(`at ${error.location}`)}` : '';
    const lines = [`${pc.red('error')} ${error.code}${where}: ${error.message}`];
    if (error.hint) lines.push(`  ${pc.dim('fix:')} ${error.hint}`);
    if (verbose && error.stack) lines.push(pc.dim(error.stack));
    if (verbose && error.cause instanceof Error && error.cause.stack) lines.push(pc.dim(`caused by: ${error.cause.stack}`));
    return lines.join('\n');
  }
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`${pc.red('error')} MIG_INTERNAL: ${message}`, `  ${pc.dim('fix:')} this is a bug in mig; rerun with --verbose and report it.`];
  if (verbose && error instanceof Error && error.stack) lines.push(pc.dim(error.stack));
  return lines.join('\n');
}
