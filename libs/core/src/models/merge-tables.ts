/**
 * Several models on one table (MODELS.md §1.1): one table, union of columns. A column both
 * models declare must agree on type, nullability and default; a disagreement is an error at
 * the second declaration and the first one is kept.
 */
import type { ReaderContext } from './context';
import { findColumn, sameColumns, type ColumnDraft, type TableDraft } from './draft';

function describeType(c: ColumnDraft): string {
  if (c.hintedType) return c.hintedType;
  if (!c.valueType) return 'untyped';
  const { kind, maxLength, enumValues } = c.valueType;
  return `${kind}${maxLength !== undefined ? `(${maxLength})` : ''}${enumValues ? ` [${enumValues.join(', ')}]` : ''}`;
}

function differences(a: ColumnDraft, b: ColumnDraft): string[] {
  const out: string[] = [];
  if (describeType(a) !== describeType(b) && a.valueType && b.valueType) out.push(`type ${describeType(a)} vs ${describeType(b)}`);
  else if (a.hintedType !== b.hintedType && a.hintedType && b.hintedType) out.push(`type ${a.hintedType} vs ${b.hintedType}`);
  if (a.nullable !== b.nullable) out.push(`${a.nullable ? 'NULL' : 'NOT NULL'} vs ${b.nullable ? 'NULL' : 'NOT NULL'}`);
  if (JSON.stringify(a.default) !== JSON.stringify(b.default)) out.push(`default ${JSON.stringify(a.default) ?? 'none'} vs ${JSON.stringify(b.default) ?? 'none'}`);
  return out;
}

export function mergeTableDrafts(ctx: ReaderContext, target: TableDraft, next: TableDraft): void {
  const first = target.models[0]?.className ?? target.name;
  const second = next.models[0]?.className ?? next.name;
  if (!sameColumns(target.primaryKey, next.primaryKey)) {
    ctx.report('MIG_MODEL_TABLE_CONFLICT', next.origin, `${target.name}: ${first} and ${second} disagree on idColumn (${target.primaryKey.join(', ')} vs ${next.primaryKey.join(', ')}); keeping ${first}'s`);
  }
  for (const column of next.columns) {
    const existing = findColumn(target, column.name);
    if (!existing) {
      target.columns.push(column);
      continue;
    }
    const diff = differences(existing, column);
    if (diff.length > 0) {
      ctx.report('MIG_MODEL_TABLE_CONFLICT', column.origin, `${target.name}.${column.name}: ${first} and ${second} disagree (${diff.join('; ')}); keeping ${first}'s`);
    }
  }
  target.uniques.push(...next.uniques.filter((u) => !target.uniques.some((t) => sameColumns(t.columns, u.columns))));
  target.indexes.push(...next.indexes.filter((i) => !target.indexes.some((t) => JSON.stringify({ ...t, at: 0 }) === JSON.stringify({ ...i, at: 0 }))));
  target.checks.push(...next.checks.filter((c) => !target.checks.some((t) => t.expression === c.expression && t.name === c.name)));
  target.comment ??= next.comment;
  target.renamedFrom ??= next.renamedFrom;
  target.models.push(...next.models);
}
