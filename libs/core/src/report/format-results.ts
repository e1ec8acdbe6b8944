/** Human text for command results (the `--json` form is the result object itself). */
import pc from 'picocolors';
import type { RevisionInfo, StatusResult } from '../commands/inspect';
import type { MigrateResult } from '../commands/migrate';
import type { StampResult } from '../commands/stamp';

const heads = (ids: readonly string[]) => (ids.length ? ids.join(', ') : '(base)');

export function formatMigrate(result: MigrateResult): string {
  if (result.steps.length === 0) return `Already at ${heads(result.after)}: nothing to do.`;
  const up = result.steps.filter((s) => s.direction === 'up').length;
  const verb = up > 0 ? 'Applied' : 'Reverted';
  return `${verb} ${result.steps.length} revision${result.steps.length === 1 ? '' : 's'}; now at ${heads(result.after)}.`;
}

export function formatStamp(result: StampResult): string {
  return `Stamped ${heads(result.before)} → ${heads(result.after)} (no revision ran).`;
}

export function formatStatus(result: StatusResult): string {
  const lines = [`database: ${result.database}`, `current:  ${heads(result.current)}`, `heads:    ${heads(result.heads)}`];
  if (result.upToDate) lines.push(pc.green('up to date'));
  else {
    lines.push(pc.yellow(`${result.pending.length} pending:`));
    for (const r of result.pending) lines.push(`  ${r.revision} ${r.message ?? ''}`.trimEnd());
  }
  for (const f of result.failed) {
    lines.push(
      f.status === 'running'
        ? pc.red(`running or interrupted: ${f.revision} (${f.file ?? '?'}) since ${f.at}: unless a run is in progress, resolve before upgrading`)
        : pc.red(`failed: ${f.revision} (${f.file ?? '?'}) at ${f.at}: resolve before upgrading`),
    );
  }
  for (const e of result.edited) lines.push(pc.yellow(`edited after apply: ${e.revision} (${e.file}): checksum ${e.recorded.slice(0, 12)} then, ${e.current.slice(0, 12)} now`));
  for (const m of result.missing) lines.push(pc.yellow(`applied, but its file is gone: ${m.revision} (${m.file ?? '?'})`));
  return lines.join('\n');
}

function flags(r: RevisionInfo): string {
  const marks = [r.isHead ? 'head' : '', r.isBranchPoint ? 'branchpoint' : '', r.isMergePoint ? 'mergepoint' : '', r.isCurrent ? 'current' : '']
    .filter(Boolean)
    .join(', ');
  return marks ? ` (${marks})` : '';
}

/** Alembic's one-line form: `<down> -> <rev> (head), message`. */
export function formatRevisionLine(r: RevisionInfo): string {
  const down = r.downRevisions.length ? r.downRevisions.join(', ') : '<base>';
  const labels = r.branchLabels.length ? ` (${r.branchLabels.join(', ')})` : '';
  return `${down} -> ${r.revision}${labels}${flags(r)}, ${r.message ?? ''}`.trimEnd();
}

export function formatRevision(r: RevisionInfo): string {
  return [
    `Rev: ${r.revision}${flags(r)}`,
    `Parent: ${r.downRevisions.length ? r.downRevisions.join(', ') : '<base>'}`,
    ...(r.dependsOn.length ? [`Depends on: ${r.dependsOn.join(', ')}`] : []),
    ...(r.branchLabels.length ? [`Branch names: ${r.branchLabels.join(', ')}`] : []),
    `Path: ${r.file}`,
    ...(r.createDate ? [`Create Date: ${r.createDate}`] : []),
    '',
    `    ${r.message ?? ''}`,
  ].join('\n');
}

export function formatHistory(list: readonly RevisionInfo[], verbose: boolean): string {
  if (list.length === 0) return '(no revisions)';
  return list.map((r) => (verbose ? formatRevision(r) + '\n' : formatRevisionLine(r))).join('\n');
}
