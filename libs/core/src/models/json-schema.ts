/**
 * A model's `jsonSchema` → its properties, `required` set and per-property value types
 * (MODELS.md §3–§6). `allOf` and spreads are merged in source order; `anyOf`/`oneOf` are
 * flattened like objection's `getJsonAttributes` (a `null` branch means nullable).
 */
import type { TS } from './ast';
import type { ValueType } from './value-type';
import { findUnknown, isObjectValue, keyNode, Unknown, type ObjectValue, type Value } from './values';

export interface JsonProperty {
  readonly name: string;
  readonly schema: Value;
  readonly node?: TS.Node;
}

export interface JsonSchemaInfo {
  readonly properties: readonly JsonProperty[];
  readonly required: ReadonlySet<string>;
  /** Why `properties` (or part of the schema) could not be read. */
  readonly unknown?: Unknown;
}

export interface JsonPropertyType {
  readonly type?: ValueType;
  readonly admitsNull: boolean;
  readonly default?: Value;
  readonly hasDefault: boolean;
  /** `object`/`array` in its types: objection stores it as JSON. */
  readonly jsonAttribute: boolean;
  /** A `type` that is not a JSON Schema type (`'decimal'`, `'date'`). */
  readonly unsupported?: string;
  readonly unknown?: Unknown;
}

const JSON_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']);

function collect(schema: ObjectValue, properties: Map<string, JsonProperty>, required: Set<string>): Unknown | undefined {
  for (const key of Object.keys(schema)) {
    const value = schema[key];
    if (key === 'properties') {
      if (!isObjectValue(value)) return value instanceof Unknown ? value : undefined;
      for (const name of Object.keys(value)) {
        if (!properties.has(name)) properties.set(name, { name, schema: value[name], node: keyNode(value, name) });
        else properties.set(name, { ...properties.get(name)!, schema: value[name] });
      }
    } else if (key === 'required') {
      if (Array.isArray(value)) for (const r of value) if (typeof r === 'string') required.add(r);
    } else if (key === 'allOf') {
      if (!Array.isArray(value)) return value instanceof Unknown ? value : undefined;
      for (const part of value) {
        if (part instanceof Unknown) return part;
        if (isObjectValue(part)) {
          const stop = collect(part, properties, required);
          if (stop) return stop;
        }
      }
    }
  }
  return undefined;
}

export function readJsonSchema(schema: Value): JsonSchemaInfo | undefined {
  if (schema === undefined || schema === null) return undefined;
  if (!isObjectValue(schema)) {
    const unknown = schema instanceof Unknown ? schema : findUnknown(schema);
    return unknown ? { properties: [], required: new Set(), unknown } : undefined;
  }
  const properties = new Map<string, JsonProperty>();
  const required = new Set<string>();
  const unknown = collect(schema, properties, required);
  return { properties: [...properties.values()], required, unknown };
}

function typeList(schema: ObjectValue): { types: string[]; branch: ObjectValue } {
  const own = schema.type;
  const listed = (Array.isArray(own) ? own : [own]).filter((t): t is string => typeof t === 'string');
  if (listed.length > 0) return { types: listed, branch: schema };
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    const objects = branches.filter(isObjectValue);
    const types = objects.flatMap((b) => typeList(b).types);
    const nonNull = objects.filter((b) => !typeList(b).types.every((t) => t === 'null'));
    // One real branch plus `null`: that branch's format/maxLength/enum apply.
    return { types, branch: nonNull.length === 1 ? nonNull[0] : schema };
  }
  return { types: [], branch: schema };
}

function enumOf(branch: ObjectValue): (string | number)[] | undefined {
  const values = Array.isArray(branch.enum) ? branch.enum : 'const' in branch ? [branch.const] : undefined;
  if (!values) return undefined;
  const kept = values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  return kept.length > 0 ? kept : undefined;
}

function stringType(branch: ObjectValue): ValueType {
  const formats: Record<string, ValueType['kind']> = { 'date-time': 'datetime', date: 'date', time: 'time', uuid: 'uuid' };
  const format = typeof branch.format === 'string' ? formats[branch.format] : undefined;
  if (format) return { kind: format };
  const maxLength = typeof branch.maxLength === 'number' ? branch.maxLength : undefined;
  const values = enumOf(branch);
  return { kind: 'string', ...(maxLength !== undefined ? { maxLength } : {}), ...(values ? { enumValues: values } : {}) };
}

function scalarType(types: readonly string[], branch: ObjectValue): ValueType | undefined {
  if (types.length === 0) {
    const values = enumOf(branch);
    if (!values) return undefined;
    return values.every((v) => typeof v === 'number') ? { kind: 'integer', enumValues: values } : { kind: 'string', enumValues: values.map(String) };
  }
  if (types.includes('object') || types.includes('array')) return { kind: 'json' };
  if (types.length > 1) return types.every((t) => t === 'integer' || t === 'number') ? { kind: 'number' } : { kind: 'mixed' };
  const values = enumOf(branch);
  const t = types[0];
  if (t === 'string') return stringType(branch);
  if (t === 'integer' || t === 'number') return { kind: t, ...(values ? { enumValues: values } : {}) };
  return { kind: 'boolean' };
}

export function readJsonPropertyType(schema: Value): JsonPropertyType {
  if (!isObjectValue(schema)) {
    const unknown = schema instanceof Unknown ? schema : undefined;
    return { admitsNull: false, hasDefault: false, jsonAttribute: false, unknown };
  }
  const { types: all, branch } = typeList(schema);
  const unsupported = all.find((t) => !JSON_TYPES.has(t));
  const enumValues = Array.isArray(branch.enum) ? branch.enum : [];
  const admitsNull = all.includes('null') || enumValues.includes(null);
  const types = all.filter((t) => t !== 'null' && JSON_TYPES.has(t));
  const type = unsupported ? undefined : scalarType(types, branch);
  const unknown = findUnknown(schema.type) ?? findUnknown(schema.enum) ?? findUnknown(schema.format) ?? findUnknown(schema.default);
  return {
    type,
    admitsNull,
    hasDefault: 'default' in schema,
    default: schema.default,
    jsonAttribute: types.includes('object') || types.includes('array'),
    unsupported,
    unknown,
  };
}
