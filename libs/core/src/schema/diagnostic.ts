/** A problem found while reading models or files: reported with file:line, never thrown one by one. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** Stable code, e.g. `MIG_MODEL_UNRESOLVED_TABLE_NAME`. */
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
}

export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
