/**
 * The reading pipeline over all model files: discover models, read each table model, merge
 * models that share a table, add foreign keys and join tables in a fixed visiting order
 * (tables by name, relations in declaration order), then settle types and names.
 */
import type { TS } from './ast';
import type { Table } from '../schema/schema';
import { collectSources } from './column-sources';
import { buildColumn } from './columns';
import type { ReaderContext } from './context';
import type { ColumnDraft, TableDraft } from './draft';
import { finishTables } from './finish-table';
import { addForeignKey, directForeignKey } from './foreign-keys';
import { mergeColumnHint } from './hints';
import { throughForeignKeys, type ExtraColumnBuilder } from './join-tables';
import { readModelInfo, type ModelInfo } from './model-info';
import { buildModelTable } from './model-table';
import { mergeTableDrafts } from './merge-tables';
import { readRelations, type Relation } from './relations';

interface ReadModel {
  readonly info: ModelInfo;
  readonly relationNames: readonly string[];
  readonly relations: readonly Relation[];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function createModelInfoCache(ctx: ReaderContext, globbed: ReadonlySet<TS.ClassLikeDeclaration>) {
  const cache = new Map<TS.ClassLikeDeclaration, ModelInfo | undefined>();
  return (decl: TS.ClassLikeDeclaration): ModelInfo | undefined => {
    if (!cache.has(decl)) cache.set(decl, ctx.isModel(decl) ? readModelInfo(ctx, decl, globbed.has(decl)) : undefined);
    return cache.get(decl);
  };
}

function extraColumnBuilder(ctx: ReaderContext, models: ReadonlyMap<TS.ClassLikeDeclaration, ReadModel>): ExtraColumnBuilder {
  return (relation, extra) => {
    const tableKeys = [relation.through!.rawTable, relation.through!.from.table];
    const hintFor = (model: ModelInfo) =>
      tableKeys.map((k) => model.hints.joinTables.get(k)).map((cols) => cols?.get(extra.column) ?? cols?.get(extra.alias)).find(Boolean);
    const hint = mergeColumnHint(hintFor(relation.related), hintFor(relation.owner));
    const related = models.get(relation.related.decl);
    const source = collectSources(ctx, relation.related, new Set(related?.relationNames ?? [])).find((s) => s.property === extra.alias);
    let column: ColumnDraft;
    if (source) column = { ...buildColumn(ctx, relation.related, { ...source, hint: mergeColumnHint(source.hint, hint) }, false), name: extra.column };
    else {
      column = { name: extra.column, nullable: hint?.nullable ?? true, hintedType: hint?.type, default: hint?.default, comment: hint?.comment, origin: relation.at };
      if (!hint?.type) {
        ctx.report('MIG_MODEL_EXTRA_UNTYPED', relation.at, `${relation.owner.className}.${relation.name}: extra '${extra.alias}' has no type (no hint, no property on ${relation.related.className}); created as nullable text`);
        column.valueType = { kind: 'string' };
      }
    }
    return column;
  };
}

/**
 * Runs one model's step; a bug of ours on one model becomes a diagnostic at that model and
 * the others are still read (the reader must never crash on user code).
 */
function guarded<T>(ctx: ReaderContext, node: TS.Node, step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.report('MIG_MODEL_INTERNAL', ctx.at(node), `mig could not read this model: ${reason}`);
    return undefined;
  }
}

export function assembleTables(ctx: ReaderContext, classes: readonly TS.ClassLikeDeclaration[]): Table[] {
  const modelInfo = createModelInfoCache(ctx, new Set(classes));
  const reader = { ctx, modelInfo };
  const models = new Map<TS.ClassLikeDeclaration, ReadModel>();
  for (const decl of classes) {
    guarded(ctx, decl, () => {
      const info = modelInfo(decl);
      if (!info?.table) return;
      const { names, relations } = readRelations(reader, info);
      models.set(decl, { info, relationNames: names, relations });
    });
  }

  // An `extra` alias is a property of the related model that lives in the join table (§3).
  const aliases = new Map<TS.ClassLikeDeclaration, Set<string>>();
  for (const model of models.values()) {
    for (const relation of model.relations) {
      for (const extra of relation.through?.extras ?? []) {
        const set = aliases.get(relation.related.decl) ?? new Set();
        aliases.set(relation.related.decl, set.add(extra.alias));
      }
    }
  }

  const tables = new Map<string, TableDraft>();
  for (const model of models.values()) {
    const excluded = new Set([...model.relationNames, ...(aliases.get(model.info.decl) ?? [])]);
    const draft = guarded(ctx, model.info.decl, () => buildModelTable(ctx, model.info, excluded));
    if (!draft) continue;
    const existing = tables.get(draft.name);
    if (existing) mergeTableDrafts(ctx, existing, draft);
    else tables.set(draft.name, draft);
  }

  const buildExtra = extraColumnBuilder(ctx, models);
  const ordered = [...models.values()].sort((a, b) => byCodePoint(a.info.table!, b.info.table!));
  for (const model of ordered) {
    for (const relation of model.relations) {
      guarded(ctx, model.info.decl, () => {
        if (relation.through) return throughForeignKeys(ctx, tables, relation, buildExtra);
        const request = directForeignKey(ctx, tables, relation);
        if (request && relation.hint?.foreignKey !== false) addForeignKey(ctx, tables, request);
      });
    }
  }
  return finishTables(ctx, tables);
}
