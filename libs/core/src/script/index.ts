/** script/: revision files on disk. Read headers statically, write new files, load a module to run it. */
export { readRevisionHeader, readDocComment, checkRevisionId, checkBranchLabel } from './read-header';
export { scanRevisionFiles, checksumOf, isRevisionFileName, type ScanOptions, type ScannedRevisions } from './scan';
export { loadRevisionModule, loadTsModule, clearModuleCache, ModuleLoadError, type RevisionModule } from './ts-loader';
export { sourceLineOf } from './source-maps';
export {
  newRevisionId,
  revisionFileName,
  renderRevisionSource,
  readRevisionTemplate,
  defaultTemplatePath,
  type RevisionSourceVars,
  type RenderOptions,
} from './write';
