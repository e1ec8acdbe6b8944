import { MigError } from '../errors';
import type { RevisionHeader } from './header';
import { RevisionMap } from './revision-map';
import type { PlanStep } from './version-heads';

/**
 * Inline graph builders for the revision tests: `rev('b', 'a')` is revision b revising a.
 * Kept out of the public index; production headers come from script/read-header.ts.
 */
export interface RevOptions {
  readonly labels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly file?: string;
  readonly line?: number;
  readonly message?: string;
}

export function rev(id: string, down: string | readonly string[] | null = null, options: RevOptions = {}): RevisionHeader {
  return {
    id,
    downRevisions: down === null ? [] : typeof down === 'string' ? [down] : down,
    branchLabels: options.labels ?? [],
    dependsOn: options.dependsOn ?? [],
    message: options.message,
    transactional: true,
    file: options.file,
    line: options.line,
  };
}

export function mapOf(...headers: RevisionHeader[]): RevisionMap {
  return RevisionMap.build(headers);
}

/** `a b c` → a ← b ← c. */
export function chain(count: number, prefix = 'r'): RevisionHeader[] {
  return Array.from({ length: count }, (_, i) => rev(`${prefix}${i}`, i === 0 ? null : `${prefix}${i - 1}`));
}

export function revisionsOf(steps: readonly PlanStep[]): string[] {
  return steps.map((step) => step.revision);
}

/** Runs `fn`, expecting a MigError-like throw; returns it for assertions on code, message and hint. */
export function caught(fn: () => unknown): MigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MigError) return error;
    throw error;
  }
  throw new Error('expected a MigError, nothing was thrown');
}

/** a → b → c → d: the linear graph most planning tests start from. */
export const linear = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'));

/** a → b, then two labelled branches: left (c1 → d1) and right (c2 → d2). */
export const forked = mapOf(
  rev('a'),
  rev('b', 'a'),
  rev('c1', 'b', { labels: ['left'] }),
  rev('d1', 'c1'),
  rev('c2', 'b', { labels: ['right'] }),
  rev('d2', 'c2'),
);
