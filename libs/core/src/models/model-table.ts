/**
 * One table model → a table draft: its columns in MODELS.md §3 order, the primary key, and the
 * constraints its hints declare (unique, index, check, comment).
 */
import { collectSources } from './column-sources';
import { buildColumn } from './columns';
import type { ReaderContext } from './context';
import type { TableDraft } from './draft';
import type { ModelInfo } from './model-info';
import { propertyDbName, tableDbName } from './naming';

/** Index entries may be SQL expressions (`lower(email)`); those are not property names. */
function indexColumn(model: ModelInfo, entry: string): string {
  return /[\s(]/.test(entry) ? entry : propertyDbName(model.naming, entry);
}

export function buildModelTable(ctx: ReaderContext, model: ModelInfo, excluded: ReadonlySet<string>): TableDraft {
  const sources = collectSources(ctx, model, excluded);
  const table: TableDraft = {
    name: model.table!,
    columns: [],
    primaryKey: model.idColumns,
    uniques: [],
    indexes: [],
    checks: [],
    foreignKeys: [],
    comment: model.comment,
    renamedFrom: model.renamedFrom ? tableDbName(model.naming, model.renamedFrom) : undefined,
    origin: model.at,
    models: [model],
  };
  for (const source of sources) {
    const column = buildColumn(ctx, model, source, model.idColumns.includes(source.column));
    table.columns.push(column);
    const hint = source.hint;
    if (!hint) continue;
    if (hint.unique) table.uniques.push({ columns: [column.name], at: hint.at });
    if (hint.index) table.indexes.push({ columns: [column.name], unique: false, at: hint.at });
    if (hint.check) table.checks.push({ expression: hint.check, at: hint.at });
  }
  const hints = model.hints;
  for (const unique of hints.unique) table.uniques.push({ columns: unique.columns.map((c) => propertyDbName(model.naming, c)), at: unique.at });
  for (const index of hints.indexes) table.indexes.push({ ...index, columns: index.columns.map((c) => indexColumn(model, c)) });
  for (const check of hints.checks) table.checks.push({ name: check.name, expression: check.sql, at: check.at });
  return table;
}
