/**
 * `diffSchemas(from, to)`: the ops that turn the old schema (introspected from a database) into
 * the new one (read from the models), in an order the database accepts, plus warnings. Pure: both
 * schemas are plain data and nothing here builds SQL or TypeScript (Alembic's
 * `autogenerate/compare.py`, with one comparer per kind of object).
 */
import type { Op } from '../ops/ops';
import { orderOps } from '../ops/order';
import { describeOp } from '../ops/describe';
import { destructiveReason } from '../ops/destructive';
import type { ForeignKey, Origin, Schema, Table } from '../schema/schema';
import { applyRenames } from './apply-renames';
import { compareChecks } from './compare-checks';
import { compareColumns, compareTableComment, withoutHint } from './compare-columns';
import { compareForeignKeys } from './compare-foreign-keys';
import { compareIndexes, comparePrimaryKey, compareUniques } from './compare-keys';
import { matchTables, warnPossibleColumnRenames } from './compare-tables';
import type { TableDiff } from './context';
import { DIFF_RULES, type DiffRules } from './dialect-rules';
import { acceptRenames, noRenames, type Rename, type RenameResolver } from './renames';
import { DiffError, type DiffWarning } from './warnings';

export interface DiffOptions {
  /** Where renames come from; default: none, so a renamed table is a drop and a create. */
  readonly renames?: RenameResolver;
  /** Tables to consider (by name, on either side); others are never created, altered or dropped. */
  readonly include?: (tableName: string) => boolean;
}

export interface DiffResult {
  readonly ops: Op[];
  readonly warnings: DiffWarning[];
}

export function diffSchemas(from: Schema, to: Schema, options: DiffOptions = {}): DiffResult {
  if (from.dialect !== to.dialect) {
    throw new DiffError(`Cannot compare a ${from.dialect} schema with a ${to.dialect} one.`, 'read the models for the dialect of the database they are compared with');
  }
  const rules = DIFF_RULES[to.dialect];
  const include = options.include ?? (() => true);
  const resolver = options.renames ?? noRenames;
  const warnings: DiffWarning[] = [];
  const oldTables = from.tables.filter((t) => include(t.name));
  const newTables = to.tables.filter((t) => include(t.name));

  const match = matchTables(oldTables, newTables, resolver, warnings);
  const newByName = new Map(newTables.map((t) => [t.name, t]));
  const ops: Op[] = match.renames.map((r) => ({ kind: 'renameTable', from: r.from, to: r.to, ...originOf(newByName.get(r.to)) }));
  const columnRenames = new Map<string, Rename[]>();
  for (const [old, fresh] of match.pairs) {
    const renames = matchColumns(old, fresh, resolver, warnings);
    columnRenames.set(old.name, renames);
    for (const r of renames) {
      ops.push({ kind: 'renameColumn', table: fresh.name, from: r.from, to: r.to, ...originOf(fresh.columns.find((c) => c.name === r.to), fresh) });
    }
  }

  const afterRenames = applyRenames(oldTables, match.renames, columnRenames);
  const renamed = new Map(oldTables.map((t, i) => [t.name, afterRenames[i]!]));
  const diffs: TableDiff[] = match.pairs.map(([old, fresh]) => ({ rules, from: renamed.get(old.name)!, to: fresh, ops: [], warnings }));
  for (const diff of diffs) {
    compareColumns(diff);
    comparePrimaryKey(diff);
    compareUniques(diff);
    compareIndexes(diff);
    compareChecks(diff);
    compareTableComment(diff);
  }
  const mustRebuild = rebuildRule(rules, diffs.flatMap((d) => d.ops));
  for (const diff of diffs) compareForeignKeys(diff, mustRebuild);

  ops.push(...diffs.flatMap((d) => d.ops));
  for (const table of match.created) ops.push({ kind: 'createTable', table: withoutHints(table), ...originOf(table) });
  for (const table of match.dropped) ops.push({ kind: 'dropTable', table: renamed.get(table.name)! });

  const ordered = orderOps(ops);
  for (const op of ordered) {
    const reason = destructiveReason(op);
    if (reason) {
      warnings.push({
        code: 'MIG_DIFF_DESTRUCTIVE',
        message: `${describeOp(op)}: ${reason}.`,
        hint: 'review this step in the revision before applying it; back up or migrate the data first',
        ...(op.origin ? { origin: op.origin } : {}),
      });
    }
  }
  return { ops: ordered, warnings };
}

/** `{ origin }` of the first object that has one. */
function originOf(...objects: ({ readonly origin?: Origin } | undefined)[]): { origin?: Origin } {
  const origin = objects.find((o) => o?.origin)?.origin;
  return origin ? { origin } : {};
}

function matchColumns(old: Table, fresh: Table, resolver: RenameResolver, warnings: DiffWarning[]): Rename[] {
  const newNames = new Set(fresh.columns.map((c) => c.name));
  const oldNames = new Set(old.columns.map((c) => c.name));
  const removed = old.columns.map((c) => c.name).filter((n) => !newNames.has(n));
  const added = fresh.columns.map((c) => c.name).filter((n) => !oldNames.has(n));
  const renames = acceptRenames(resolver.columns(fresh.name, { removed, added }), { removed, added }, (r) => `column ${fresh.name}.${r.from} → ${r.to}`, warnings);
  warnPossibleColumnRenames(
    fresh.name,
    removed.filter((n) => !renames.some((r) => r.from === n)),
    added.filter((n) => !renames.some((r) => r.to === n)),
    warnings,
  );
  return renames;
}

function withoutHints(table: Table): Table {
  const { renamedFrom: _hint, ...rest } = table;
  return { ...rest, columns: table.columns.map(withoutHint) };
}

/**
 * Foreign keys the database would refuse to keep across these ops: those whose referenced key is
 * dropped (and added again), and those with a column on either end that changes type.
 */
function rebuildRule(rules: DiffRules, ops: readonly Op[]): (table: string, fk: ForeignKey) => boolean {
  const retyped = new Set<string>();
  const droppedKeys = new Set<string>();
  const keyOf = (table: string, columns: readonly string[]) => `${table}\0${[...columns].sort().join('\0')}`;
  for (const op of ops) {
    if (op.kind === 'alterColumn' && rules.normalizeType(op.from.type) !== rules.normalizeType(op.to.type)) retyped.add(`${op.table}\0${op.to.name}`);
    if (op.kind === 'dropPrimaryKey') droppedKeys.add(keyOf(op.table, op.primaryKey.columns));
    if (op.kind === 'dropUnique') droppedKeys.add(keyOf(op.table, op.unique.columns));
    if (op.kind === 'dropIndex' && op.index.unique) droppedKeys.add(keyOf(op.table, op.index.columns));
  }
  return (table, fk) =>
    droppedKeys.has(keyOf(fk.referencedTable, fk.referencedColumns)) ||
    fk.columns.some((c) => retyped.has(`${table}\0${c}`)) ||
    fk.referencedColumns.some((c) => retyped.has(`${fk.referencedTable}\0${c}`));
}
