/**
 * Discovery (MODELS.md §1.1): classes that transitively extend objection's `Model`, and what a
 * model says about its table before any column is read: table name, id columns, naming regime,
 * merged hints.
 */
import { className as nameOfClass, ts, type TS } from './ast';
import type { ReaderContext } from './context';
import type { Location } from './diagnostics';
import { mergeTableHints, readDbHints, EMPTY_HINTS, type TableHints } from './hints';
import { readClassTags } from './jsdoc';
import { refDbName, tableDbName, type Naming, type SnakeCaseOptions } from './naming';
import { ClassRef, ExternalRef, MapperRef, Unknown, type Value } from './values';

export interface ModelInfo {
  readonly decl: TS.ClassLikeDeclaration;
  readonly className: string;
  readonly at: Location;
  /** DB table name; undefined for a base class. */
  readonly table?: string;
  /** DB names of the primary key columns; empty for `idColumn = null`. */
  readonly idColumns: readonly string[];
  readonly naming: Naming;
  /** The class and its workspace bases, nearest first. */
  readonly chain: readonly TS.ClassLikeDeclaration[];
  readonly hints: TableHints;
  readonly comment?: string;
  readonly renamedFrom?: string;
  /** Matched by the `models` globs (only those become tables). */
  readonly inGlobs: boolean;
}

export function createModelTest(ctx: Pick<ReaderContext, 'evaluator'>): (decl: TS.ClassLikeDeclaration) => boolean {
  const known = new Map<TS.ClassLikeDeclaration, boolean>();
  const isModel = (decl: TS.ClassLikeDeclaration): boolean => {
    if (known.has(decl)) return known.get(decl)!;
    known.set(decl, false);
    const base = ctx.evaluator.statics.baseOf(decl);
    const result =
      (base instanceof ExternalRef && base.module === 'objection' && base.name === 'Model') || (base instanceof ClassRef && isModel(base.decl));
    known.set(decl, result);
    return result;
  };
  return isModel;
}

const OBJECTION_STATICS = [
  'tableName',
  'idColumn',
  'jsonSchema',
  'relationMappings',
  'columnNameMappers',
  'jsonAttributes',
  'virtualAttributes',
  'modifiers',
  'modelPaths',
  'dbHints',
];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function checkStaticNames(ctx: ReaderContext, decl: TS.ClassLikeDeclaration): void {
  for (const name of ctx.evaluator.statics.ownNames(decl)) {
    if (OBJECTION_STATICS.includes(name)) continue;
    const close = OBJECTION_STATICS.find((known) => editDistance(name.toLowerCase(), known.toLowerCase()) <= 2);
    const member = decl.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === name) ?? decl;
    if (close) ctx.report('MIG_MODEL_MISSPELLED_STATIC', ctx.at(member), `static ${name} looks like objection's ${close}; objection ignores it`, `Rename it to \`${close}\`.`);
  }
}

function modelNaming(ctx: ReaderContext, decl: TS.ClassLikeDeclaration): Naming {
  const mappers = ctx.evaluator.statics.member(decl, 'columnNameMappers', decl);
  let model: SnakeCaseOptions | undefined;
  if (mappers instanceof MapperRef && mappers.kind === 'snakeCaseMappers') model = mappers.options as SnakeCaseOptions;
  else if (mappers !== undefined && mappers !== null) {
    const node = ctx.evaluator.statics.chain(decl).map((c) => ctx.evaluator.statics.ownNode(c, 'columnNameMappers')).find(Boolean) ?? decl;
    ctx.report('MIG_MODEL_CUSTOM_MAPPERS', ctx.at(node), `${nameOfClass(decl)}.columnNameMappers is not snakeCaseMappers(); property names are used as column names`);
  }
  return { model, knex: ctx.knexNaming };
}

function declaringNode(ctx: ReaderContext, decl: TS.ClassLikeDeclaration, name: string) {
  return ctx.evaluator.statics.chain(decl).map((c) => ctx.evaluator.statics.ownNode(c, name)).find(Boolean);
}

function idColumns(ctx: ReaderContext, decl: TS.ClassLikeDeclaration, naming: Naming): string[] {
  const value: Value | undefined = ctx.evaluator.statics.member(decl, 'idColumn', decl);
  if (value === null) return [];
  if (typeof value === 'string') return [refDbName(naming, value)];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return (value as string[]).map((v) => refDbName(naming, v));
  const node = declaringNode(ctx, decl, 'idColumn') ?? decl;
  const reason = value instanceof Unknown ? `: ${value.reason}` : '';
  ctx.report('MIG_MODEL_UNRESOLVED_VALUE', ctx.at(value instanceof Unknown ? value.node : node), `${nameOfClass(decl)}.idColumn cannot be read statically${reason}; assuming 'id'`);
  return [refDbName(naming, 'id')];
}

function tableHints(ctx: ReaderContext, chain: readonly TS.ClassLikeDeclaration[], thisClass: TS.ClassLikeDeclaration): TableHints {
  const reader = { dialect: ctx.dialect, report: ctx.report, at: (n: TS.Node | undefined) => ctx.at(n ?? thisClass) };
  let hints = EMPTY_HINTS;
  for (const cls of [...chain].reverse()) {
    const node = ctx.evaluator.statics.ownNode(cls, 'dbHints');
    if (!node) continue;
    const value = ctx.evaluator.statics.own(cls, 'dbHints', thisClass);
    if (value instanceof Unknown) {
      ctx.report('MIG_MODEL_UNRESOLVED_VALUE', ctx.at(value.node), `${nameOfClass(cls)}.dbHints cannot be read statically: ${value.reason}`);
      continue;
    }
    hints = mergeTableHints(hints, readDbHints(reader, value, node));
  }
  return hints;
}

/** Model facts of a class known to extend Model; reports a table name that cannot be read. */
export function readModelInfo(ctx: ReaderContext, decl: TS.ClassLikeDeclaration, inGlobs: boolean): ModelInfo | undefined {
  const statics = ctx.evaluator.statics;
  const className = nameOfClass(decl);
  if (inGlobs) checkStaticNames(ctx, decl);
  const rawTable = statics.member(decl, 'tableName', decl);
  const naming = modelNaming(ctx, decl);
  const chain = statics.chain(decl);
  let table: string | undefined;
  if (typeof rawTable === 'string' && rawTable.length > 0) table = tableDbName(naming, rawTable);
  else if (rawTable !== undefined) {
    const node = declaringNode(ctx, decl, 'tableName') ?? decl;
    const reason = rawTable instanceof Unknown ? rawTable.reason : `it is ${JSON.stringify(rawTable)}`;
    if (inGlobs) ctx.report('MIG_MODEL_DYNAMIC_TABLE_NAME', ctx.at(rawTable instanceof Unknown ? rawTable.node : node), `${className}.tableName cannot be read statically (${reason}); the model is skipped`);
    return undefined;
  }
  const tags = readClassTags(decl);
  const hints = tableHints(ctx, chain, decl);
  return {
    decl,
    className,
    at: ctx.at(decl),
    table,
    idColumns: table ? idColumns(ctx, decl, naming) : [],
    naming,
    chain,
    hints,
    comment: hints.comment ?? tags.comment,
    renamedFrom: hints.renamedFrom ?? tags.renamedFrom,
    inGlobs,
  };
}
