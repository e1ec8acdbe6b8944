/** What the differ tells the user besides ops: data at risk, possible renames, hints it ignored. */
import { MigError } from '../errors';
import type { Origin } from '../schema/schema';

export type DiffWarningCode =
  /** An op drops or may reject data. */
  | 'MIG_DIFF_DESTRUCTIVE'
  /** A table/column disappeared while another appeared: maybe a rename nobody hinted. */
  | 'MIG_DIFF_POSSIBLE_RENAME'
  /** A rename hint that does not fit the two schemas. */
  | 'MIG_DIFF_RENAME_IGNORED'
  /** serial/AUTO_INCREMENT differs; mig does not alter that. */
  | 'MIG_DIFF_AUTO_INCREMENT';

export interface DiffWarning {
  readonly code: DiffWarningCode;
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly origin?: Origin;
}

/** Both schemas must be of one dialect: types and defaults are only comparable within one. */
export class DiffError extends MigError {
  constructor(message: string, hint: string) {
    super('MIG_DIFF_DIALECT_MISMATCH', message, { hint });
  }
}
