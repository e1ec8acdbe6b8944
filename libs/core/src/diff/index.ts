export { diffSchemas, type DiffOptions, type DiffResult } from './diff-schemas';
export { noRenames, renameResolverFromHints, type Rename, type RenameCandidates, type RenameResolver } from './renames';
export { DiffError, type DiffWarning, type DiffWarningCode } from './warnings';
export { DIFF_RULES, type DiffRules } from './dialect-rules';
export { canonicalDefault, enumValues, normalizeExpression } from './normalize';
