/** Options of `nx g mig:merge` (see schema.json for their descriptions). */
export interface MergeGeneratorSchema {
  project: string;
  /** What to merge; default every head. Also taken from the positional arguments. */
  revisions?: string | string[];
  message?: string;
  branchLabel?: string | string[];
  revId?: string;
  skipFormat?: boolean;
  /** Positional arguments after the first (Nx keeps them here). */
  _?: string[];
}
