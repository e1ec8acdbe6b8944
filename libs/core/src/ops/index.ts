export * from './ops';
export { reverse, reverseAll } from './reverse';
export { describeOp, describeAlteration } from './describe';
export { destructiveReason, isDestructive } from './destructive';
export { orderOps, dependencyOrder } from './order';
export { parseSqlType, tidyType, typeNarrowing, type SqlType } from './sql-type';
