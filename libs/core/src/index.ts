/** @mig/core: the public API. Nx executors, the CLI and programs call these and nothing deeper. */
export { defineConfig, type MigConfig, type DialectName } from './config/define-config';
export type { CommandContext, DatabaseOptions } from './commands/context';
export { upgrade, downgrade, type MigrateOptions, type MigrateResult, type StepSummary } from './commands/migrate';
export { stamp, type StampOptions, type StampResult } from './commands/stamp';
export {
  status,
  history,
  heads,
  branches,
  show,
  type StatusResult,
  type HistoryOptions,
  type RevisionInfo,
} from './commands/inspect';
export type { MigEvent, MigEventListener } from './events';
export { formatError, formatEvent, formatDuration } from './report/format';
export { formatMigrate, formatStamp, formatStatus, formatHistory, formatRevision, formatRevisionLine } from './report/format-results';
export * from './errors';
export type { Schema, Table, Column } from './schema/schema';
export type { Diagnostic } from './schema/diagnostic';
export {
  newRevision,
  newMergeRevision,
  autogenerateRevisionBody,
  writeNewRevision,
  writeMergeRevision,
  type NewRevisionOptions,
  type MergeRevisionOptions,
  type RevisionBody,
  type RevisionSetting,
  type NewRevisionFile,
  type WrittenRevision,
} from './commands/new-revision';
export { readRevisionHeader, isRevisionFileName, newRevisionId, readRevisionTemplate, defaultTemplatePath } from './script';
export type { RevisionHeader } from './revision';
