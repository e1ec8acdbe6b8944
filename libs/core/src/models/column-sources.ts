/**
 * Which properties of a model become columns and what each source says about them
 * (MODELS.md §1.3, §3): PK columns first, then inherited columns root base first, then own
 * columns (jsonSchema properties, then TS declarations), then hint-only columns.
 */
import { isStatic, nameText, ts, type TS } from './ast';
import type { ReaderContext } from './context';
import { mergeColumnHint, type ColumnHint } from './hints';
import { readJsonPropertyType, readJsonSchema, type JsonPropertyType } from './json-schema';
import { readJsDocHint } from './jsdoc';
import type { ModelInfo } from './model-info';
import { propertyDbName } from './naming';
import { readTsType, type TsType } from './ts-types';
import { Unknown, type Value } from './values';

export interface PropertySource {
  readonly property: string;
  readonly column: string;
  readonly json?: { readonly type: JsonPropertyType; readonly required: boolean; readonly node?: TS.Node };
  readonly ts?: { readonly type: TsType; readonly optional: boolean; readonly node: TS.PropertyDeclaration };
  readonly hint?: ColumnHint;
  /** Listed in `static jsonAttributes`. */
  readonly jsonAttribute: boolean;
}

function instanceProperties(decl: TS.ClassLikeDeclaration): TS.PropertyDeclaration[] {
  return decl.members.filter((m): m is TS.PropertyDeclaration => ts.isPropertyDeclaration(m) && !isStatic(m) && !ts.isPrivateIdentifier(m.name));
}

const propertyName = (p: TS.PropertyDeclaration) => nameText(p.name) ?? '';

function stringArray(value: Value | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Class in the chain that declares the jsonSchema objection uses (the nearest one). */
function jsonSchemaOwner(ctx: ReaderContext, model: ModelInfo): TS.ClassLikeDeclaration | undefined {
  return model.chain.find((c) => ctx.evaluator.statics.ownNode(c, 'jsonSchema'));
}

export function collectSources(ctx: ReaderContext, model: ModelInfo, excluded: ReadonlySet<string>): PropertySource[] {
  const statics = ctx.evaluator.statics;
  const tsCtx = { evaluator: ctx.evaluator, isModel: ctx.isModel };
  const owner = jsonSchemaOwner(ctx, model);
  const schemaValue = owner ? statics.own(owner, 'jsonSchema', model.decl) : undefined;
  const schema = readJsonSchema(schemaValue);
  if (schema?.unknown && owner) {
    const node = statics.ownNode(owner, 'jsonSchema')!;
    ctx.report('MIG_MODEL_UNRESOLVED_VALUE', ctx.at(schema.unknown.node ?? node), `${model.className}.jsonSchema cannot be fully read statically (${schema.unknown.reason}); TypeScript declarations are used instead`);
  }
  const virtual = new Set(stringArray(statics.member(model.decl, 'virtualAttributes', model.decl)));
  const jsonAttributes = new Set(stringArray(statics.member(model.decl, 'jsonAttributes', model.decl)));

  // Nearest declaration of each property wins (a subclass may narrow a base's type).
  const tsDecls = new Map<string, TS.PropertyDeclaration>();
  for (const cls of model.chain) for (const p of instanceProperties(cls)) if (!tsDecls.has(propertyName(p))) tsDecls.set(propertyName(p), p);
  const jsonProps = new Map((schema?.properties ?? []).map((p) => [p.name, p]));

  const order: string[] = [];
  const add = (name: string) => {
    if (!order.includes(name)) order.push(name);
  };
  for (const cls of [...model.chain].reverse()) {
    if (cls === owner) for (const p of schema?.properties ?? []) add(p.name);
    for (const p of instanceProperties(cls)) add(propertyName(p));
  }
  for (const [name, hint] of model.hints.columns) if (hint.type !== undefined && !hint.ignore) add(name);

  const sources: PropertySource[] = [];
  for (const property of order) {
    if (excluded.has(property) || virtual.has(property) || property.startsWith('$')) continue;
    const decl = tsDecls.get(property);
    const tsType = decl ? readTsType(decl.type, tsCtx) : undefined;
    if (tsType?.excluded) continue;
    const jsonProp = jsonProps.get(property);
    const at = ctx.at(decl ?? jsonProp?.node ?? model.decl);
    const jsdoc = mergeColumnHint(jsonProp?.node ? readJsDocHint(jsonProp.node, ctx.report, ctx.at(jsonProp.node)) : undefined, decl ? readJsDocHint(decl, ctx.report, at) : undefined);
    const hint = mergeColumnHint(jsdoc, model.hints.columns.get(property));
    if (hint?.ignore) continue;
    sources.push({
      property,
      column: propertyDbName(model.naming, property),
      json: jsonProp ? { type: readJsonPropertyType(jsonProp.schema), required: schema!.required.has(property), node: jsonProp.node } : undefined,
      ts: decl && tsType ? { type: withInitializerType(ctx, decl, tsType), optional: decl.questionToken !== undefined, node: decl } : undefined,
      hint,
      jsonAttribute: jsonAttributes.has(property),
    });
  }
  for (const [name, hint] of model.hints.columns) {
    if (!order.includes(name) && !excluded.has(name) && !hint.ignore) {
      ctx.report('MIG_MODEL_HINT_UNKNOWN_COLUMN', hint.at, `dbHints.columns.${name} names no property of ${model.className}`);
    }
  }
  return pkFirst(model, sources);
}

/** `name = 'x'` without a type annotation: the literal tells the type. */
function withInitializerType(ctx: ReaderContext, decl: TS.PropertyDeclaration, type: TsType): TsType {
  if (decl.type || !decl.initializer) return type;
  const value = ctx.evaluator.evaluate(decl.initializer, {});
  if (typeof value === 'string') return { admitsNull: false, type: { kind: 'string' } };
  if (typeof value === 'number') return { admitsNull: false, type: { kind: 'integer' } };
  if (typeof value === 'boolean') return { admitsNull: false, type: { kind: 'boolean' } };
  if (value !== null && value !== undefined && !(value instanceof Unknown) && typeof value === 'object') return { admitsNull: false, type: { kind: 'json' } };
  return type;
}

function pkFirst(model: ModelInfo, sources: PropertySource[]): PropertySource[] {
  const pk = model.idColumns.map((column) => sources.find((s) => s.column === column) ?? { property: column, column, jsonAttribute: false });
  return [...pk, ...sources.filter((s) => !model.idColumns.includes(s.column))];
}
