/** The pure revision graph: headers in, graph queries and plans out. */
export type { RevisionHeader } from './header';
export { RevisionMap, type Revision, type EdgeKind } from './revision-map';
export {
  parseTarget,
  parseRange,
  formatTarget,
  type Target,
  type OffsetAnchor,
  type RangeSide,
  type RevisionRange,
} from './target-parse';
export { resolvePoint, singleHead, branchHead, branchLineage, resolveInBranch, type Point, type AbsoluteTarget } from './target-resolve';
export { relativeUpTarget, relativeRemoval, currentHeadFor, type DatabaseState, type RelativeTarget } from './relative';
export { planUpgrade, planDowngrade, planStamp, databaseState, type TargetInput, type StampOptions } from './plan';
export { appliedSet, frontier, headsAfterStep, type PlanStep } from './version-heads';
export { history, pending } from './history';
