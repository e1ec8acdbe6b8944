/** Text for autogenerate and check results: one line per change, with where the model asks for it. */
import pc from 'picocolors';
import type { Change, CheckResult } from '../commands/check';
import type { DiffWarning } from '../diff';

export function formatChanges(changes: readonly Change[], warnings: readonly DiffWarning[]): string[] {
  const lines = changes.map((c) => {
    const where = c.origin ? pc.dim(` (${c.origin})`) : '';
    const danger = c.destructive ? ` ${pc.red(`WARNING: ${c.destructive}`)}` : '';
    return `  ${c.description}${where}${danger}`;
  });
  for (const w of warnings) {
    if (w.code === 'MIG_DIFF_DESTRUCTIVE') continue; // already on its change's line
    lines.push(`${pc.yellow('warning')} ${w.code}: ${w.message}${w.hint ? `\n  ${pc.dim('fix:')} ${w.hint}` : ''}`);
  }
  return lines;
}

export function formatCheck(result: CheckResult): string {
  if (result.upToDate) return pc.green('No changes detected: the models match the revisions.');
  return [pc.yellow(`The models differ from the revisions (${result.changes.length} change${result.changes.length === 1 ? '' : 's'}):`), ...formatChanges(result.changes, result.warnings), 'Run nx g mig:revision --project=<app> -m "<message>" --autogenerate to write them as a revision.'].join('\n');
}
