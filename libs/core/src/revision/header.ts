/**
 * What the graph needs to know about one revision file, read statically from its exported
 * constants (script/read-header.ts). The graph never reads files itself.
 */
export interface RevisionHeader {
  /** `revision`: 12 hex characters by default, any non-empty id allowed. */
  readonly id: string;
  /** `downRevision`: none for a base, several for a merge. */
  readonly downRevisions: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  /** First line of the doc comment: the `-m` message. */
  readonly message?: string;
  /** `export const transaction = false` opts out of the per-revision transaction. */
  readonly transactional: boolean;
  /** Path relative to the workspace (or absolute) and the line of `export const revision`. */
  readonly file?: string;
  readonly line?: number;
  readonly createDate?: string;
}
