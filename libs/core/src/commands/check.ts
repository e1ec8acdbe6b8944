/**
 * `migrate-check` / `mig check` / `nx g mig:revision --autogenerate`: compare the models with what
 * the revision history builds. check reports the differences (CI fails on any); autogenerate
 * renders them as the body of a new revision, with the downgrade derived from reverse(op).
 */
import { loadProject } from '../config/load-project';
import type { DiffWarning } from '../diff';
import { describeOp, destructiveReason, type Op } from '../ops';
import { renderOps } from '../render';
import type { CommandContext } from './context';
import { compareWithModels, type CompareOptions, type Comparison } from './compare';
import { loadRevisionGraph } from './revision-graph';

export interface Change {
  readonly description: string;
  readonly kind: Op['kind'];
  /** Why it may lose data, when it may. */
  readonly destructive?: string;
  /** `file:line` of the model that asks for it. */
  readonly origin?: string;
}

export interface CheckResult {
  readonly upToDate: boolean;
  readonly changes: Change[];
  readonly warnings: DiffWarning[];
}

export interface AutogenerateResult {
  /** Bodies of upgrade()/downgrade(); undefined when nothing changed. */
  readonly body?: { upgrades: string; downgrades: string; imports?: string };
  readonly changes: Change[];
  readonly warnings: DiffWarning[];
}

function changesOf(comparison: Comparison): Change[] {
  return comparison.ops.map((op) => {
    const destructive = destructiveReason(op);
    return {
      description: describeOp(op),
      kind: op.kind,
      ...(destructive ? { destructive } : {}),
      ...(op.origin ? { origin: `${op.origin.file}:${op.origin.line}` } : {}),
    };
  });
}

async function compare(context: CommandContext, options: CompareOptions): Promise<Comparison> {
  const project = await loadProject(context);
  const graph = await loadRevisionGraph(project);
  return compareWithModels(project, graph, context, options);
}

export async function check(context: CommandContext, options: CompareOptions = {}): Promise<CheckResult> {
  const comparison = await compare(context, options);
  return { upToDate: comparison.ops.length === 0, changes: changesOf(comparison), warnings: comparison.warnings };
}

export async function autogenerate(context: CommandContext, options: CompareOptions = {}): Promise<AutogenerateResult> {
  const comparison = await compare(context, options);
  const changes = changesOf(comparison);
  if (comparison.ops.length === 0) return { changes, warnings: comparison.warnings };
  // No indent here: the revision template indents the bodies itself.
  return { body: renderOps(comparison.ops, comparison.models.dialect, { indent: '' }), changes, warnings: comparison.warnings };
}
