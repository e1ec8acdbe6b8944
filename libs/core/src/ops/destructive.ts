/**
 * Which ops can lose data or fail on existing rows. The differ warns about each and the renderer
 * marks each with `// WARNING: drops data`, so nobody applies one without having seen it.
 */
import { dispatchOp, type Op, type OpDispatch } from './ops';
import { typeNarrowing } from './sql-type';

const safe = () => undefined;

const reasons: OpDispatch<string | undefined> = {
  createTable: safe,
  dropTable: () => 'every row of the table is lost',
  renameTable: safe,
  addColumn: safe,
  dropColumn: () => 'every value in the column is lost',
  renameColumn: safe,
  alterColumn: (op) => {
    const why: string[] = [];
    const narrowing = typeNarrowing(op.from.type, op.to.type);
    if (narrowing) why.push(narrowing);
    if (op.from.nullable && !op.to.nullable && op.to.default === undefined && !op.to.autoIncrement) {
      why.push('NOT NULL without a default fails while any row holds NULL');
    }
    return why.length ? why.join('; ') : undefined;
  },
  addPrimaryKey: safe,
  dropPrimaryKey: safe,
  addUnique: safe,
  dropUnique: safe,
  addIndex: safe,
  dropIndex: safe,
  addForeignKey: safe,
  dropForeignKey: safe,
  addCheck: safe,
  dropCheck: safe,
  setTableComment: safe,
};

/** Why `op` can lose data, or undefined when it cannot. */
export function destructiveReason(op: Op): string | undefined {
  return dispatchOp(reasons, op);
}

export function isDestructive(op: Op): boolean {
  return destructiveReason(op) !== undefined;
}
