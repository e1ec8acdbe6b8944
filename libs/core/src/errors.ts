/**
 * Every failure a user can cause ends in one of these classes. The `code` is stable (tests and
 * scripts match on it), the message says what went wrong, `file`/`line` say where, and `hint`
 * says how to fix it. Adapters print them without a stack unless asked for one.
 */
export interface MigErrorInfo {
  file?: string;
  line?: number;
  hint?: string;
  cause?: unknown;
}

export class MigError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly hint?: string;

  constructor(code: string, message: string, info: MigErrorInfo = {}) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.name = new.target.name;
    this.code = code;
    this.file = info.file;
    this.line = info.line;
    this.hint = info.hint;
  }

  /** `file:line` when known. */
  get location(): string | undefined {
    if (!this.file) return undefined;
    return this.line ? `${this.file}:${this.line}` : this.file;
  }
}

export type RevisionGraphCode =
  | 'MIG_BAD_HEADER'
  | 'MIG_DUPLICATE_REVISION'
  | 'MIG_MISSING_PARENT'
  | 'MIG_CYCLE'
  | 'MIG_LABEL_CLASH'
  | 'MIG_SELF_REFERENCE';

/** The revision files do not form a valid graph (or one cannot be read). */
export class RevisionGraphError extends MigError {
  constructor(code: RevisionGraphCode, message: string, info?: MigErrorInfo) {
    super(code, message, info);
  }
}

export type TargetCode =
  | 'MIG_BAD_TARGET'
  | 'MIG_UNKNOWN_REVISION'
  | 'MIG_AMBIGUOUS_REVISION'
  | 'MIG_MULTIPLE_HEADS'
  | 'MIG_RELATIVE_OUT_OF_RANGE'
  | 'MIG_UNKNOWN_LABEL'
  | 'MIG_NOTHING_TO_DO_TARGET';

/** A target (`head`, `-1`, `ae12`, `label@head`, …) that cannot be resolved against the graph. */
export class TargetError extends MigError {
  constructor(code: TargetCode, message: string, info?: MigErrorInfo) {
    super(code, message, info);
  }
}

export type ConfigCode = 'MIG_CONFIG' | 'MIG_BAD_OPTION' | 'MIG_NO_CONFIG' | 'MIG_TEMPLATE';

/** Bad configuration file, bad flag or option value. */
export class ConfigError extends MigError {
  constructor(code: ConfigCode, message: string, info?: MigErrorInfo) {
    super(code, message, info);
  }
}

export type ConnectionCode =
  | 'MIG_DB_UNREACHABLE'
  | 'MIG_DB_AUTH'
  | 'MIG_DB_MISSING'
  | 'MIG_DB_PERMISSION'
  | 'MIG_DB_ERROR';

/** The database cannot be reached or refuses us. Messages never contain a password. */
export class ConnectionError extends MigError {
  constructor(code: ConnectionCode, message: string, info?: MigErrorInfo) {
    super(code, message, info);
  }
}

export type LockCode = 'MIG_LOCK_TIMEOUT' | 'MIG_LOCK_HELD';

/** Another run holds the migration lock. */
export class LockError extends MigError {
  constructor(code: LockCode, message: string, info?: MigErrorInfo) {
    super(code, message, info);
  }
}

export type StateCode =
  | 'MIG_UNKNOWN_DB_REVISION'
  | 'MIG_FAILED_REVISION'
  | 'MIG_CHECKSUM_MISMATCH'
  | 'MIG_MISSING_FILE'
  | 'MIG_BAD_VERSION_TABLE'
  | 'MIG_NOT_AT_HEAD'
  | 'MIG_STAIRWAY';

/** The database's recorded state disagrees with the revision files. */
export class StateError extends MigError {
  constructor(code: StateCode, message: string, info?: MigErrorInfo) {
    super(code, message, info);
  }
}

export type RevisionRunCode = 'MIG_REVISION_FAILED' | 'MIG_REVISION_LOAD' | 'MIG_OFFLINE_UNSUPPORTED';

/** A revision's upgrade/downgrade threw, or its module cannot be loaded. */
export class RevisionRunError extends MigError {
  readonly revision?: string;
  constructor(code: RevisionRunCode, message: string, info?: MigErrorInfo & { revision?: string }) {
    super(code, message, info);
    this.revision = info?.revision;
  }
}

export type ModelCode = 'MIG_MODEL_DIAGNOSTICS' | 'MIG_MODEL_READ';

/** The Objection models cannot be read into a schema. */
export class ModelError extends MigError {
  constructor(code: ModelCode, message: string, info?: MigErrorInfo) {
    super(code, message, info);
  }
}

export function isMigError(error: unknown): error is MigError {
  return error instanceof MigError;
}
