/**
 * Relations → foreign keys (MODELS.md §8). Which table holds the key is decided by primary
 * keys and declared uniques, not by the relation type nor by `from`/`to` position; the type
 * only breaks a tie when both sides are keys.
 */
import type { ReferentialAction } from '../schema/schema';
import type { ReaderContext } from './context';
import type { Location } from './diagnostics';
import { findColumn, sameColumns, type TableDraft } from './draft';
import type { JoinSide, Relation, RelationKind } from './relations';

export type Holder = 'first' | 'second' | 'none';

/**
 * Which side of a pair holds the foreign key. `tieBreak` is the holder when both sides are keys
 * (the relation type's answer); `none` with a reason otherwise.
 */
export function foreignKeyHolder(firstIsKey: boolean, secondIsKey: boolean, tieBreak: 'first' | 'second'): Holder {
  if (firstIsKey && !secondIsKey) return 'second';
  if (secondIsKey && !firstIsKey) return 'first';
  if (firstIsKey && secondIsKey) return tieBreak;
  return 'none';
}

/** Where the relation type expects the key: on the owner (BelongsToOne) or on the related table. */
const EXPECTED_HOLDER: Record<RelationKind, 'owner' | 'related'> = {
  BelongsToOneRelation: 'owner',
  HasOneRelation: 'related',
  HasManyRelation: 'related',
  ManyToManyRelation: 'related',
  HasOneThroughRelation: 'related',
};

export function isKey(table: TableDraft, columns: readonly string[]): boolean {
  return sameColumns(table.primaryKey, columns) || table.uniques.some((u) => sameColumns(u.columns, columns));
}

export interface ForeignKeyRequest {
  readonly holder: JoinSide;
  readonly referenced: JoinSide;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly at: Location;
  readonly relation: string;
}

function mergeAction(ctx: ReaderContext, at: Location, what: string, a?: ReferentialAction, b?: ReferentialAction): ReferentialAction | undefined {
  if (a && b && a !== b) ctx.report('MIG_MODEL_FK_ACTION_CONFLICT', at, `${what}: ON DELETE/UPDATE ${a} and ${b} are both declared; keeping ${a}`);
  return a ?? b;
}

/** Adds the key (and any missing, nullable FK columns) to the holder table; duplicates merge. */
export function addForeignKey(ctx: ReaderContext, tables: ReadonlyMap<string, TableDraft>, request: ForeignKeyRequest): void {
  const table = tables.get(request.holder.table);
  const target = tables.get(request.referenced.table);
  const missing = !table ? request.holder.table : !target ? request.referenced.table : undefined;
  if (missing !== undefined || !table || !target) {
    ctx.report('MIG_MODEL_OUTSIDE_GLOBS', request.at, `${request.relation}: table ${missing} is not read from the model globs; no foreign key`);
    return;
  }
  for (const name of request.holder.columns) {
    if (!findColumn(table, name)) table.columns.push({ name, nullable: true, implied: true, origin: request.at });
  }
  const columnAction = (key: 'onDelete' | 'onUpdate') => request.holder.columns.map((c) => findColumn(table, c)?.[key]).find(Boolean);
  const onDelete = mergeAction(ctx, request.at, request.relation, request.onDelete, columnAction('onDelete'));
  const onUpdate = mergeAction(ctx, request.at, request.relation, request.onUpdate, columnAction('onUpdate'));
  const existing = table.foreignKeys.find(
    (fk) => sameColumns(fk.columns, request.holder.columns) && fk.referencedTable === request.referenced.table && sameColumns(fk.referencedColumns, request.referenced.columns),
  );
  if (existing) {
    existing.onDelete = mergeAction(ctx, request.at, `${request.relation} and ${existing.relation}`, existing.onDelete, onDelete);
    existing.onUpdate = mergeAction(ctx, request.at, `${request.relation} and ${existing.relation}`, existing.onUpdate, onUpdate);
    return;
  }
  table.foreignKeys.push({
    columns: request.holder.columns,
    referencedTable: request.referenced.table,
    referencedColumns: request.referenced.columns,
    onDelete,
    onUpdate,
    at: request.at,
    relation: request.relation,
  });
}

/** One join pair → a foreign key request, or a warning when no side is a key. */
export function pairForeignKey(
  ctx: ReaderContext,
  tables: ReadonlyMap<string, TableDraft>,
  relation: Relation,
  first: JoinSide,
  second: JoinSide,
  tieBreak: 'first' | 'second',
  defaults: { onDelete?: ReferentialAction } = {},
): ForeignKeyRequest | undefined {
  const label = `${relation.owner.className}.${relation.name}`;
  if (first.columns.length !== second.columns.length) {
    ctx.report('MIG_MODEL_JOIN_NO_KEY', relation.at, `${label}: ${first.table} and ${second.table} are joined on different column counts; no foreign key`);
    return undefined;
  }
  const firstTable = tables.get(first.table);
  const secondTable = tables.get(second.table);
  if (!firstTable || !secondTable) {
    ctx.report('MIG_MODEL_OUTSIDE_GLOBS', relation.at, `${label}: table ${firstTable ? second.table : first.table} is not read from the model globs; no foreign key`);
    return undefined;
  }
  const holder = foreignKeyHolder(isKey(firstTable, first.columns), isKey(secondTable, second.columns), tieBreak);
  if (holder === 'none') {
    ctx.report('MIG_MODEL_JOIN_NO_KEY', relation.at, `${label}: neither ${first.table}(${first.columns.join(', ')}) nor ${second.table}(${second.columns.join(', ')}) is a primary key or unique; no foreign key`);
    return undefined;
  }
  const [h, r] = holder === 'first' ? [first, second] : [second, first];
  return {
    holder: h,
    referenced: r,
    onDelete: relation.hint?.onDelete ?? defaults.onDelete,
    onUpdate: relation.hint?.onUpdate,
    at: relation.at,
    relation: label,
  };
}

/** A direct (non-through) relation: orient by table names, then decide by keys. */
export function directForeignKey(ctx: ReaderContext, tables: ReadonlyMap<string, TableDraft>, relation: Relation): ForeignKeyRequest | undefined {
  const owner = relation.owner.table!;
  const related = relation.related.table!;
  const { from, to } = relation;
  const oriented = from.table === owner && to.table === related ? [from, to] : to.table === owner && from.table === related ? [to, from] : undefined;
  if (!oriented) {
    ctx.report('MIG_MODEL_JOIN_TABLE_MISMATCH', relation.at, `${relation.owner.className}.${relation.name}: join names ${from.table} and ${to.table}, expected ${owner} and ${related}`);
    return undefined;
  }
  const expected = EXPECTED_HOLDER[relation.kind];
  const request = pairForeignKey(ctx, tables, relation, oriented[0], oriented[1], expected === 'owner' ? 'first' : 'second');
  if (!request) return undefined;
  const actual = request.holder === oriented[0] ? 'owner' : 'related';
  if (actual !== expected && (relation.kind === 'BelongsToOneRelation' || relation.kind === 'HasOneRelation' || relation.kind === 'HasManyRelation')) {
    const holderTable = actual === 'owner' ? owner : related;
    ctx.report('MIG_MODEL_RELATION_DIRECTION', relation.at, `${relation.owner.className}.${relation.name} is a ${relation.kind}, but the primary keys put the foreign key on ${holderTable}`);
  }
  return request;
}
