/**
 * What static evaluation yields. Plain data (strings, numbers, arrays, plain objects) for what
 * could be computed; tagged references for what only has meaning to the reader (a class, a
 * function body, an objection export); `Unknown` with the node that stopped us otherwise.
 */
import type { TS } from './ast';

export type Primitive = string | number | boolean | null | undefined;
export type Value = Primitive | readonly Value[] | ObjectValue | Ref;
export interface ObjectValue {
  readonly [key: string]: Value;
}

export class ClassRef {
  constructor(readonly decl: TS.ClassLikeDeclaration) {}
}

/** An arrow function or function expression: callable when its body is `return <expr>`. */
export class FunctionRef {
  constructor(readonly node: TS.Node) {}
}

export class EnumRef {
  constructor(readonly decl: TS.EnumDeclaration) {}
}

/** A named export of a package we do not read: `objection`'s `Model`, `HasManyRelation`, … */
export class ExternalRef {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}

/** `snakeCaseMappers(opts)` / `knexSnakeCaseMappers(opts)` from objection. */
export class MapperRef {
  constructor(
    readonly kind: 'snakeCaseMappers' | 'knexSnakeCaseMappers',
    readonly options: ObjectValue,
  ) {}
}

/** A whole module (`import * as m`, `require('./m')`) whose exports are read on access. */
export class ModuleRef {
  constructor(readonly file: TS.SourceFile) {}
}

/** objection's `ref('table.col')`: a JSON path or cast, never a plain column for FK purposes. */
export class ObjectionRef {
  constructor(readonly text: string) {}
}

export class Unknown {
  constructor(
    readonly node: TS.Node,
    readonly reason: string,
  ) {}
}

export type Ref = ClassRef | FunctionRef | EnumRef | ExternalRef | MapperRef | ModuleRef | ObjectionRef | Unknown;

export function isObjectValue(value: Value): value is ObjectValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isUnknown(value: Value): value is Unknown {
  return value instanceof Unknown;
}

/** The first Unknown found inside a value (depth-first), for reporting why something is not static. */
export function findUnknown(value: Value): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnknown(item);
      if (found) return found;
    }
  } else if (isObjectValue(value)) {
    for (const key of Object.keys(value)) {
      const found = findUnknown(value[key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Source nodes of object keys, so a jsonSchema property or hint can be reported at its own line. */
const keyNodes = new WeakMap<object, Map<string, TS.Node>>();

export function setKeyNode(object: ObjectValue, key: string, node: TS.Node): void {
  let map = keyNodes.get(object);
  if (!map) keyNodes.set(object, (map = new Map()));
  map.set(key, node);
}

export function keyNode(object: ObjectValue, key: string): TS.Node | undefined {
  return keyNodes.get(object)?.get(key);
}

export function copyKeyNodes(from: ObjectValue, to: ObjectValue): void {
  const map = keyNodes.get(from);
  if (map) for (const [key, node] of map) setKeyNode(to, key, node);
}
