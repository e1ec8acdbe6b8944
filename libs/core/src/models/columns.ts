/**
 * One property's sources → one column draft (MODELS.md §4–§6): type by precedence (hint >
 * jsonSchema > TS), nullability from all sources, defaults, and the warnings for
 * disagreements between them.
 */
import type { DefaultValue } from '../schema/schema';
import { className, enclosingClass } from './ast';
import type { PropertySource } from './column-sources';
import type { ReaderContext } from './context';
import type { ColumnDraft } from './draft';
import { defaultHint } from './hints';
import type { ModelInfo } from './model-info';
import { breaksRoundTrip, propertyDbName } from './naming';
import { compatibleKinds, sameValues, type ValueType } from './value-type';
import { Unknown } from './values';

const ARRAY_KINDS = new Set(['stringArray', 'integerArray', 'booleanArray']);

/**
 * `Class.property` named after the class that declares it, so a warning about an inherited
 * property is reported once, not once per subclass.
 */
function propertyLabel(model: ModelInfo, source: PropertySource): string {
  const node = source.ts?.node ?? source.json?.node;
  const owner = node && enclosingClass(node);
  return `${owner ? className(owner) : model.className}.${source.property}`;
}

function inferredType(ctx: ReaderContext, model: ModelInfo, source: PropertySource): ValueType | undefined {
  const { json, ts } = source;
  const where = (node = json?.node ?? ts?.node) => (node ? ctx.at(node) : model.at);
  // Only warnings need the label; most columns have none.
  const name = () => propertyLabel(model, source);
  if (json?.type.unsupported) {
    ctx.report('MIG_MODEL_UNSUPPORTED_JSON_TYPE', where(json.node), `${name()}: jsonSchema type '${json.type.unsupported}' is not a JSON Schema type; ${ts?.type.type ? 'the TypeScript type is used' : 'stored as text'}`);
  }
  if (json?.type.unknown) ctx.report('MIG_MODEL_UNRESOLVED_VALUE', where(json.type.unknown.node), `${name()}: jsonSchema property cannot be read statically (${json.type.unknown.reason})`);
  const jsonType = json?.type.type;
  const tsType = ts?.type.type;
  if (jsonType && tsType) {
    if (!compatibleKinds(jsonType.kind, tsType.kind)) {
      ctx.report('MIG_MODEL_TYPE_DISAGREEMENT', where(ts!.node), `${name()}: jsonSchema says ${jsonType.kind}, TypeScript says ${tsType.kind}; jsonSchema wins`);
    } else if (jsonType.enumValues && tsType.enumValues && !sameValues(jsonType.enumValues, tsType.enumValues)) {
      ctx.report('MIG_MODEL_ENUM_DISAGREEMENT', where(ts!.node), `${name()}: jsonSchema enum [${jsonType.enumValues.join(', ')}] differs from the TypeScript type [${tsType.enumValues.join(', ')}]; jsonSchema wins`);
    }
  }
  let type = jsonType ?? tsType ?? (json?.type.unsupported ? ({ kind: 'string' } as const) : undefined);
  // Enum values come from the first source that knows them (jsonSchema, else the TS type).
  if (type && jsonType && !jsonType.enumValues && tsType?.enumValues && jsonType.kind === tsType.kind) type = { ...type, enumValues: tsType.enumValues };
  if (!type && ts?.type.unresolved) {
    ctx.report('MIG_MODEL_UNRESOLVED_TYPE', where(ts.node), `${name()}: type '${ts.type.unresolved}' cannot be followed statically; stored as JSON (node-pg serializes objects as JSON)`);
    type = { kind: 'json' };
  }
  if (type && source.jsonAttribute && (ARRAY_KINDS.has(type.kind) || !json)) type = { kind: 'json' };
  if (type?.kind === 'any') ctx.report('MIG_MODEL_ANY_TYPE', where(), `${name()}: any/unknown is stored as JSON`);
  if (type?.kind === 'mixed') ctx.report('MIG_MODEL_MIXED_TYPE', where(), `${name()}: a union of different scalar types is stored as text`);
  return type;
}

function tsDefault(ctx: ReaderContext, model: ModelInfo, source: PropertySource): DefaultValue | undefined {
  const decl = source.ts?.node;
  if (!decl?.initializer) return undefined;
  ctx.report('MIG_MODEL_FIELD_INITIALIZER', ctx.at(decl), `${propertyLabel(model, source)} has a class-field initializer`);
  const value = ctx.evaluator.evaluate(decl.initializer, {});
  return value instanceof Unknown ? undefined : defaultHint(value);
}

function columnDefault(ctx: ReaderContext, model: ModelInfo, source: PropertySource): DefaultValue | undefined {
  const fromTs = tsDefault(ctx, model, source);
  if (source.hint?.default) return source.hint.default;
  const json = source.json?.type;
  // A `{ raw }` object in jsonSchema is data, not SQL: only hints may carry raw SQL.
  const fromJson = json?.hasDefault && json.default !== null && !(json.default instanceof Unknown) ? defaultHint(json.default) : undefined;
  const chosen = fromJson?.kind === 'raw' ? { kind: 'json' as const, value: json!.default } : (fromJson ?? fromTs);
  return chosen?.kind === 'literal' && chosen.value === null ? undefined : chosen;
}

function isNotNull(source: PropertySource, isPk: boolean): boolean {
  if (isPk) return true;
  const { json, ts } = source;
  const admitsNull = !!json?.type.admitsNull || !!ts?.type.admitsNull || !!ts?.optional;
  if (admitsNull) return false;
  const hasDefault = !!json?.type.hasDefault && json.type.default !== null && json.type.default !== undefined;
  return !!json?.required || hasDefault || !!ts;
}

export function buildColumn(ctx: ReaderContext, model: ModelInfo, source: PropertySource, isPk: boolean): ColumnDraft {
  const { json, ts, hint } = source;
  const at = ts ? ctx.at(ts.node) : json?.node ? ctx.at(json.node) : (hint?.at ?? model.at);
  if (source.property !== source.column && breaksRoundTrip(model.naming, source.property)) {
    ctx.report('MIG_MODEL_SNAKE_CASE_ROUND_TRIP', at, `${propertyLabel(model, source)} → column ${source.column} → reads back as a different property`);
  }
  const admitsNull = !!json?.type.admitsNull || !!ts?.type.admitsNull || !!ts?.optional;
  if (json?.required && admitsNull && !isPk) {
    ctx.report('MIG_MODEL_REQUIRED_NULLABLE', json.node ? ctx.at(json.node) : at, `${propertyLabel(model, source)} is required but admits null; created as NULL`);
  }
  const valueType = hint?.type ? undefined : inferredType(ctx, model, source);
  return {
    name: source.column,
    valueType,
    hintedType: hint?.type,
    nullable: isPk ? false : (hint?.nullable ?? !isNotNull(source, isPk)),
    nullableHinted: hint?.nullable !== undefined,
    default: columnDefault(ctx, model, source),
    comment: hint?.comment,
    renamedFrom: hint?.renamedFrom ? propertyDbName(model.naming, hint.renamedFrom) : undefined,
    onDelete: hint?.onDelete,
    onUpdate: hint?.onUpdate,
    origin: at,
    declaredBy: model.className,
  };
}
