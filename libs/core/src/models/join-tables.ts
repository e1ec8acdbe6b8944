/**
 * ManyToMany / HasOneThrough (MODELS.md §8–§9). A `through` table owned by a model just yields
 * foreign keys where the key rule holds; otherwise the join table is synthesized: from + to
 * columns (NOT NULL, typed from what they reference, composite PK, ON DELETE CASCADE), then
 * the `extra` columns.
 */
import type { ReaderContext } from './context';
import type { ColumnDraft, TableDraft } from './draft';
import { findColumn } from './draft';
import { addForeignKey, pairForeignKey } from './foreign-keys';
import type { Extra, Relation } from './relations';

export type ExtraColumnBuilder = (relation: Relation, extra: Extra) => ColumnDraft;

function joinTableDraft(tables: Map<string, TableDraft>, relation: Relation): TableDraft {
  const through = relation.through!;
  const name = through.from.table;
  const existing = tables.get(name);
  if (existing) return existing;
  const draft: TableDraft = {
    name,
    columns: [],
    primaryKey: [...through.from.columns, ...through.to.columns],
    uniques: [],
    indexes: [],
    checks: [],
    foreignKeys: [],
    origin: relation.at,
    models: [],
    joinTable: true,
  };
  tables.set(name, draft);
  return draft;
}

function addJoinColumns(table: TableDraft, relation: Relation, buildExtra: ExtraColumnBuilder): void {
  const through = relation.through!;
  for (const name of [...through.from.columns, ...through.to.columns]) {
    if (!findColumn(table, name)) table.columns.push({ name, nullable: false, origin: relation.at });
  }
  for (const extra of through.extras) {
    if (!findColumn(table, extra.column)) table.columns.push(buildExtra(relation, extra));
  }
}

export function throughForeignKeys(ctx: ReaderContext, tables: Map<string, TableDraft>, relation: Relation, buildExtra: ExtraColumnBuilder): void {
  const through = relation.through!;
  const label = `${relation.owner.className}.${relation.name}`;
  if (through.from.table !== through.to.table) {
    ctx.report('MIG_MODEL_JOIN_UNRESOLVED', relation.at, `${label}: through.from and through.to name different tables (${through.from.table}, ${through.to.table})`);
    return;
  }
  const tablesOfJoin = [relation.from.table, relation.to.table].sort().join();
  if (tablesOfJoin !== [relation.owner.table!, relation.related.table!].sort().join()) {
    ctx.report('MIG_MODEL_JOIN_TABLE_MISMATCH', relation.at, `${label}: join names ${relation.from.table} and ${relation.to.table}, expected ${relation.owner.table} and ${relation.related.table}`);
    return;
  }
  const existing = tables.get(through.from.table);
  const ownedByModel = (existing && !existing.joinTable) || (through.model?.table !== undefined && through.model.table === through.from.table);
  if (ownedByModel && !existing) {
    ctx.report('MIG_MODEL_OUTSIDE_GLOBS', relation.at, `${label}: the through model's table ${through.from.table} is not read from the model globs; no foreign key`);
    return;
  }
  if (!ownedByModel) addJoinColumns(joinTableDraft(tables, relation), relation, buildExtra);
  const defaults = ownedByModel ? {} : { onDelete: 'CASCADE' as const };
  // Pairs are positional: join.from ↔ through.from, through.to ↔ join.to.
  const pairs = [
    pairForeignKey(ctx, tables, relation, relation.from, through.from, 'second', defaults),
    pairForeignKey(ctx, tables, relation, through.to, relation.to, 'first', defaults),
  ];
  if (relation.hint?.foreignKey === false) return;
  for (const request of pairs) if (request) addForeignKey(ctx, tables, request);
}
