/**
 * Heads that nobody meant to have: what two git branches leave behind when each added a revision
 * on the same parent and both were merged. Alembic's intentional branches carry branch labels
 * (`alpha@head`), so heads are told apart by the labels of their lineage: heads whose lineages
 * carry the same labels (typically none) are parallel and need a merge revision; heads on
 * differently labelled branches are independent on purpose and are left alone.
 *
 * Used by `migrate-up` without `--to` (refuses parallel heads) and by the `mig:sync` generator
 * (writes the merge revision).
 */
import type { RevisionHeader } from './header';
import { RevisionMap } from './revision-map';

/** Groups of two or more heads that need merging, each sorted, ordered by their first id. */
export function parallelHeads(map: RevisionMap): string[][] {
  const heads = map.heads;
  if (heads.length < 2) return [];
  const groups = new Map<string, string[]>();
  for (const head of heads) {
    const labels = new Set(map.ancestors([head], true, 'downRevisions').flatMap((id) => map.revision(id).branchLabels));
    const key = [...labels].sort().join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), head]);
  }
  return [...groups.values()].filter((group) => group.length > 1).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** `parallelHeads` from the headers alone (what the Nx sync generator has). */
export function parallelHeadsOf(headers: readonly RevisionHeader[]): string[][] {
  return parallelHeads(RevisionMap.build(headers));
}
