/**
 * Class chains and static members: which class a class extends (through imports, barrels and
 * mixin calls like `mixin(Model)`), and what `static X` evaluates to on a class, inherited the
 * way JavaScript inherits statics, with `this` bound to the class being read.
 */
import { Node, SyntaxKind, type ClassDeclaration } from 'ts-morph';
import type { Evaluator } from './evaluate';
import { ClassRef, ExternalRef, FunctionRef, Unknown, type Value } from './values';

export type BaseRef = ClassRef | ExternalRef | Unknown | undefined;

export interface Statics {
  /** The class `decl` extends: a workspace class, an external class (objection's Model), or unknown. */
  baseOf(decl: ClassDeclaration): BaseRef;
  /** Static `name` as seen on `decl` (own or inherited); `undefined` when no class declares it. */
  member(decl: ClassDeclaration, name: string, thisClass: ClassDeclaration): Value | undefined;
  /** Static `name` declared on `decl` itself (not inherited), evaluated with `this` = `thisClass`. */
  own(decl: ClassDeclaration, name: string, thisClass: ClassDeclaration): Value | undefined;
  /** The node that declares static `name` on `decl` itself. */
  ownNode(decl: ClassDeclaration, name: string): Node | undefined;
  /** Statics objection's Model itself provides (relation classes, `idColumn = 'id'`). */
  objectionStatic(name: string): Value | undefined;
  /** `decl` and its workspace bases, nearest first. */
  chain(decl: ClassDeclaration): ClassDeclaration[];
}

const OBJECTION_RELATIONS = [
  'BelongsToOneRelation',
  'HasOneRelation',
  'HasManyRelation',
  'ManyToManyRelation',
  'HasOneThroughRelation',
];

export function createStatics(evaluator: Evaluator): Statics {
  const bases = new Map<ClassDeclaration, BaseRef>();
  const ownMaps = new Map<ClassDeclaration, Map<string, Node>>();
  const cache = new Map<string, Value>();
  let nextId = 0;
  const ids = new WeakMap<ClassDeclaration, number>();
  const idOf = (decl: ClassDeclaration) => ids.get(decl) ?? (ids.set(decl, ++nextId), nextId);

  /** A heritage expression as a class; calls are transparent when an argument is a class. */
  const classOf = (node: Node): BaseRef => {
    const value = evaluator.evaluate(node, {});
    if (value instanceof ClassRef || value instanceof ExternalRef) return value;
    if (Node.isCallExpression(node)) {
      for (const candidate of [...node.getArguments(), node.getExpression()]) {
        const found = classOf(candidate);
        if (found instanceof ClassRef || found instanceof ExternalRef) return found;
      }
    }
    return value instanceof Unknown ? value : new Unknown(node, 'the base class is not a class');
  };

  const baseOf = (decl: ClassDeclaration): BaseRef => {
    if (bases.has(decl)) return bases.get(decl);
    bases.set(decl, undefined); // guards `class A extends A` style cycles
    const heritage = decl.getHeritageClauseByKind(SyntaxKind.ExtendsKeyword)?.getTypeNodes()[0]?.getExpression();
    const base = heritage ? classOf(heritage) : undefined;
    bases.set(decl, base);
    return base;
  };

  const ownMap = (decl: ClassDeclaration): Map<string, Node> => {
    let map = ownMaps.get(decl);
    if (map) return map;
    map = new Map();
    for (const m of decl.getMembers()) {
      if (!Node.isStaticable(m) || !m.isStatic() || Node.isSetAccessorDeclaration(m) || !Node.hasName(m)) continue;
      if (Node.isPropertyDeclaration(m) && !m.hasInitializer()) continue;
      map.set(m.getName(), m);
    }
    ownMaps.set(decl, map);
    return map;
  };

  const evaluateMember = (node: Node, decl: ClassDeclaration, thisClass: ClassDeclaration): Value => {
    const ctx = { thisClass, homeClass: decl };
    if (Node.isPropertyDeclaration(node)) return evaluator.evaluate(node.getInitializerOrThrow(), ctx);
    if (Node.isGetAccessorDeclaration(node)) {
      const body = node.getBody();
      return body ? evaluator.evaluateBody(body, ctx) : new Unknown(node, 'getter without body');
    }
    return new FunctionRef(node);
  };

  const own = (decl: ClassDeclaration, name: string, thisClass: ClassDeclaration): Value | undefined => {
    const node = ownMap(decl).get(name);
    if (!node) return undefined;
    const key = `${idOf(decl)}:${idOf(thisClass)}:${name}`;
    if (cache.has(key)) return cache.get(key);
    const value = evaluateMember(node, decl, thisClass);
    cache.set(key, value);
    return value;
  };

  const objectionStatic = (name: string): Value | undefined => {
    if (OBJECTION_RELATIONS.includes(name)) return new ExternalRef('objection', name);
    if (name === 'idColumn') return 'id';
    return undefined;
  };

  const member = (decl: ClassDeclaration, name: string, thisClass: ClassDeclaration): Value | undefined => {
    const seen = new Set<ClassDeclaration>();
    for (let current: ClassDeclaration | undefined = decl; current && !seen.has(current); ) {
      seen.add(current);
      if (ownMap(current).has(name)) return own(current, name, thisClass);
      const base = baseOf(current);
      if (base instanceof ExternalRef) return base.module === 'objection' && base.name === 'Model' ? objectionStatic(name) : undefined;
      current = base instanceof ClassRef ? base.decl : undefined;
    }
    return undefined;
  };

  const chain = (decl: ClassDeclaration): ClassDeclaration[] => {
    const out: ClassDeclaration[] = [];
    for (let current: ClassDeclaration | undefined = decl; current && !out.includes(current); ) {
      out.push(current);
      const base = baseOf(current);
      current = base instanceof ClassRef ? base.decl : undefined;
    }
    return out;
  };

  return { baseOf, member, own, ownNode: (decl, name) => ownMap(decl).get(name), objectionStatic, chain };
}
