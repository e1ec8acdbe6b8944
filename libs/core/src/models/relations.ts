/**
 * `relationMappings` → relations with their join columns as DB names (MODELS.md §8). Direction
 * is not decided here; this only reads what the mapping says, resolving `modelClass` in every
 * form objection accepts (class, thunk, `require`, module path with `modelPaths`).
 */
import * as path from 'node:path';
import { className, enclosingClass, isExported, moduleClasses, ts, type TS } from './ast';
import type { ReaderContext } from './context';
import type { Location } from './diagnostics';
import { callValue } from './evaluate-calls';
import type { RelationHint } from './hints';
import type { ModelInfo } from './model-info';
import { refDbName, snakeCase, type Naming } from './naming';
import { ClassRef, ExternalRef, FunctionRef, isObjectValue, keyNode, ModuleRef, ObjectionRef, Unknown, type ObjectValue, type Value } from './values';

export type RelationKind = 'BelongsToOneRelation' | 'HasOneRelation' | 'HasManyRelation' | 'ManyToManyRelation' | 'HasOneThroughRelation';
const RELATION_KINDS: readonly RelationKind[] = ['BelongsToOneRelation', 'HasOneRelation', 'HasManyRelation', 'ManyToManyRelation', 'HasOneThroughRelation'];

export interface JoinSide {
  readonly table: string;
  readonly columns: readonly string[];
}

export interface Extra {
  /** Property name on the related model. */
  readonly alias: string;
  /** DB column of the join table. */
  readonly column: string;
}

export interface Relation {
  readonly name: string;
  readonly kind: RelationKind;
  readonly owner: ModelInfo;
  readonly related: ModelInfo;
  readonly from: JoinSide;
  readonly to: JoinSide;
  readonly through?: { readonly from: JoinSide; readonly to: JoinSide; readonly model?: ModelInfo; readonly extras: readonly Extra[]; readonly rawTable: string };
  readonly hint?: RelationHint;
  readonly at: Location;
}

export interface RelationReader {
  readonly ctx: ReaderContext;
  readonly modelInfo: (decl: TS.ClassLikeDeclaration) => ModelInfo | undefined;
}

/** relationMappings may be an object, a getter, or a thunk returning the object. */
export function relationMappings(reader: RelationReader, model: ModelInfo): ObjectValue | undefined {
  const { ctx } = reader;
  let value = ctx.evaluator.statics.member(model.decl, 'relationMappings', model.decl);
  if (value instanceof FunctionRef) value = callValue(ctx.evaluator, value, [], value.node, { thisClass: model.decl, homeClass: enclosingClass(value.node) });
  if (value === undefined || value === null) return undefined;
  if (isObjectValue(value)) return value;
  const node = model.chain.map((c) => ctx.evaluator.statics.ownNode(c, 'relationMappings')).find(Boolean) ?? model.decl;
  const reason = value instanceof Unknown ? value.reason : 'not an object';
  ctx.report('MIG_MODEL_UNRESOLVED_VALUE', ctx.at(value instanceof Unknown ? value.node : node), `${model.className}.relationMappings cannot be read statically (${reason}); no relation of it yields a foreign key`);
  return undefined;
}

function modelPaths(reader: RelationReader, model: ModelInfo): string[] {
  const value = reader.ctx.evaluator.statics.member(model.decl, 'modelPaths', model.decl);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function classFromModule(reader: RelationReader, file: TS.SourceFile): TS.ClassLikeDeclaration | undefined {
  const value = reader.ctx.evaluator.bindingValue({ kind: 'module', file });
  if (value instanceof ClassRef) return value.decl;
  const def = reader.ctx.evaluator.scope.lookupExport(file, 'default');
  if (def?.kind === 'declaration' && ts.isClassLike(def.node)) return def.node;
  return moduleClasses(file).find((c) => (ts.isClassExpression(c) || isExported(c)) && reader.ctx.isModel(c));
}

function classFromPath(reader: RelationReader, model: ModelInfo, spec: string): TS.ClassLikeDeclaration | undefined {
  const from = model.decl.getSourceFile();
  const candidates = path.isAbsolute(spec) ? [spec] : [...modelPaths(reader, model).map((dir) => path.resolve(dir, spec)), path.resolve(path.dirname(from.fileName), spec)];
  for (const candidate of candidates) {
    const target = reader.ctx.workspace.importTarget(candidate, from);
    if (target && !('package' in target)) return classFromModule(reader, target);
  }
  return undefined;
}

export function resolveModelClass(reader: RelationReader, model: ModelInfo, value: Value, node: TS.Node): TS.ClassLikeDeclaration | undefined {
  if (value instanceof ClassRef) return value.decl;
  if (value instanceof FunctionRef) return resolveModelClass(reader, model, callValue(reader.ctx.evaluator, value, [], node, { thisClass: model.decl }), node);
  if (value instanceof ModuleRef) return classFromModule(reader, value.file);
  if (typeof value === 'string') return classFromPath(reader, model, value);
  return undefined;
}

function joinSide(value: Value, naming: Naming): JoinSide | string {
  const refs = Array.isArray(value) ? value : [value];
  const parsed: { table: string; column: string }[] = [];
  for (const ref of refs) {
    if (ref instanceof ObjectionRef) return `ref('${ref.text}') is a JSON path or cast, not a column`;
    if (typeof ref !== 'string' || !ref.includes('.')) return `${ref instanceof Unknown ? ref.reason : JSON.stringify(ref)} is not a "table.column" string`;
    const dot = ref.lastIndexOf('.');
    const table = ref.slice(0, dot);
    parsed.push({ table: naming.knex ? table.split('.').map((p) => snakeCase(p, naming.knex)).join('.') : table, column: refDbName(naming, ref.slice(dot + 1)) });
  }
  if (parsed.length === 0 || parsed.some((p) => p.table !== parsed[0].table)) return 'the columns name different tables';
  return { table: parsed[0].table, columns: parsed.map((p) => p.column) };
}

function extras(value: Value, naming: Naming): Extra[] {
  if (typeof value === 'string') return [{ alias: value, column: refDbName(naming, value) }];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => ({ alias: v, column: refDbName(naming, v) }));
  if (isObjectValue(value)) return Object.keys(value).flatMap((alias) => (typeof value[alias] === 'string' ? [{ alias, column: refDbName(naming, value[alias] as string) }] : []));
  return [];
}

export function readRelation(reader: RelationReader, owner: ModelInfo, name: string, value: Value, node: TS.Node): Relation | undefined {
  const { ctx } = reader;
  const at = ctx.at(node);
  const warn = (code: Parameters<ReaderContext['report']>[0], message: string) => (ctx.report(code, at, `${owner.className}.${name}: ${message}`), undefined);
  if (!isObjectValue(value)) return warn('MIG_MODEL_UNRESOLVED_VALUE', `the mapping cannot be read statically (${value instanceof Unknown ? value.reason : 'not an object'})`);
  const relation = value.relation;
  const kind = relation instanceof ExternalRef && relation.module === 'objection' ? RELATION_KINDS.find((k) => k === relation.name) : undefined;
  if (!kind) return warn('MIG_MODEL_UNKNOWN_RELATION_TYPE', `relation is not one of objection's relation classes (${relation instanceof Unknown ? relation.reason : 'unknown'})`);
  const relatedDecl = resolveModelClass(reader, owner, value.modelClass, keyNode(value, 'modelClass') ?? node);
  const related = relatedDecl && ctx.isModel(relatedDecl) ? reader.modelInfo(relatedDecl) : undefined;
  if (!related?.table) {
    const what = value.modelClass instanceof Unknown ? value.modelClass.reason : relatedDecl ? `${className(relatedDecl)} is not a table model` : 'not a model class';
    return warn('MIG_MODEL_UNKNOWN_MODEL_CLASS', `modelClass cannot be resolved to an Objection model (${what}); no foreign key`);
  }
  const join = value.join;
  if (!isObjectValue(join)) return warn('MIG_MODEL_JOIN_UNRESOLVED', 'join is not a static object');
  const naming: Naming = { knex: owner.naming.knex };
  const sides = [joinSide(join.from, naming), joinSide(join.to, naming)];
  const through = join.through;
  let throughInfo: Relation['through'];
  if (kind === 'ManyToManyRelation' || kind === 'HasOneThroughRelation') {
    if (!isObjectValue(through)) return warn('MIG_MODEL_JOIN_UNRESOLVED', 'join.through is not a static object');
    const tFrom = joinSide(through.from, naming);
    const tTo = joinSide(through.to, naming);
    if (typeof tFrom === 'string' || typeof tTo === 'string') return warn('MIG_MODEL_JOIN_UNRESOLVED', `join.through: ${typeof tFrom === 'string' ? tFrom : tTo}`);
    const throughDecl = through.modelClass === undefined ? undefined : resolveModelClass(reader, owner, through.modelClass, node);
    const rawFrom = Array.isArray(through.from) ? through.from[0] : through.from;
    const rawTable = typeof rawFrom === 'string' ? rawFrom.slice(0, rawFrom.lastIndexOf('.')) : tFrom.table;
    throughInfo = { from: tFrom, to: tTo, model: throughDecl ? reader.modelInfo(throughDecl) : undefined, extras: extras(through.extra, naming), rawTable };
  }
  const bad = sides.find((s): s is string => typeof s === 'string');
  if (bad) return warn('MIG_MODEL_JOIN_UNRESOLVED', `join: ${bad}; no foreign key`);
  const [from, to] = sides as JoinSide[];
  return { name, kind, owner, related, from, to, through: throughInfo, hint: owner.hints.relations.get(name), at };
}

/** The readable relations, and the names of all (relation names are never columns). */
export function readRelations(reader: RelationReader, owner: ModelInfo): { names: string[]; relations: Relation[] } {
  const mappings = relationMappings(reader, owner);
  if (!mappings) return { names: [], relations: [] };
  const names = Object.keys(mappings);
  const relations = names.flatMap((name) => {
    const relation = readRelation(reader, owner, name, mappings[name], keyNode(mappings, name) ?? owner.decl);
    return relation ? [relation] : [];
  });
  return { names, relations };
}
