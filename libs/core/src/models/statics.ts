/**
 * Class chains and static members: which class a class extends (through imports, barrels and
 * mixin calls like `mixin(Model)`), and what `static X` evaluates to on a class, inherited the
 * way JavaScript inherits statics, with `this` bound to the class being read.
 */
import { isStatic, nameText, ts, type TS } from './ast';
import type { Evaluator } from './evaluate';
import { ClassRef, ExternalRef, FunctionRef, Unknown, type Value } from './values';

export type BaseRef = ClassRef | ExternalRef | Unknown | undefined;

export interface Statics {
  /** The class `decl` extends: a workspace class, an external class (objection's Model), or unknown. */
  baseOf(decl: TS.ClassLikeDeclaration): BaseRef;
  /** Static `name` as seen on `decl` (own or inherited); `undefined` when no class declares it. */
  member(decl: TS.ClassLikeDeclaration, name: string, thisClass: TS.ClassLikeDeclaration): Value | undefined;
  /** Static `name` declared on `decl` itself (not inherited), evaluated with `this` = `thisClass`. */
  own(decl: TS.ClassLikeDeclaration, name: string, thisClass: TS.ClassLikeDeclaration): Value | undefined;
  /** The node that declares static `name` on `decl` itself. */
  ownNode(decl: TS.ClassLikeDeclaration, name: string): TS.Node | undefined;
  /** Names of every static member `decl` declares itself. */
  ownNames(decl: TS.ClassLikeDeclaration): readonly string[];
  /** Statics objection's Model itself provides (relation classes, `idColumn = 'id'`). */
  objectionStatic(name: string): Value | undefined;
  /** `decl` and its workspace bases, nearest first. */
  chain(decl: TS.ClassLikeDeclaration): TS.ClassLikeDeclaration[];
}

const OBJECTION_RELATIONS = ['BelongsToOneRelation', 'HasOneRelation', 'HasManyRelation', 'ManyToManyRelation', 'HasOneThroughRelation'];

interface OwnStatics {
  /** Members with a value: initialized properties, getters, methods. */
  readonly values: Map<string, TS.Node>;
  readonly names: string[];
}

export function createStatics(evaluator: Evaluator): Statics {
  const bases = new Map<TS.ClassLikeDeclaration, BaseRef>();
  const owns = new Map<TS.ClassLikeDeclaration, OwnStatics>();
  // decl → this-class → name → value: an inherited getter may read `this`, so each model gets its own.
  const cache = new Map<TS.ClassLikeDeclaration, Map<TS.ClassLikeDeclaration, Map<string, Value>>>();

  /** A heritage expression as a class; calls are transparent when an argument is a class. */
  const classOf = (node: TS.Node): BaseRef => {
    // Checked before evaluating the call: a mixin's own class expression extends a parameter.
    if (ts.isCallExpression(node)) {
      for (const candidate of [...node.arguments, node.expression]) {
        const found = classOf(candidate);
        if (found instanceof ClassRef || found instanceof ExternalRef) return found;
      }
    }
    const value = evaluator.evaluate(node, {});
    if (value instanceof ClassRef || value instanceof ExternalRef) return value;
    return value instanceof Unknown ? value : new Unknown(node, 'the base class is not a class');
  };

  const baseOf = (decl: TS.ClassLikeDeclaration): BaseRef => {
    if (bases.has(decl)) return bases.get(decl);
    bases.set(decl, undefined); // guards `class A extends A` style cycles
    const heritage = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const base = heritage ? classOf(heritage) : undefined;
    bases.set(decl, base);
    return base;
  };

  const ownOf = (decl: TS.ClassLikeDeclaration): OwnStatics => {
    let own = owns.get(decl);
    if (own) return own;
    own = { values: new Map(), names: [] };
    for (const m of decl.members) {
      const name = nameText(m.name);
      if (!name || !isStatic(m) || ts.isSetAccessorDeclaration(m)) continue;
      own.names.push(name);
      if (ts.isPropertyDeclaration(m) && !m.initializer) continue;
      own.values.set(name, m);
    }
    owns.set(decl, own);
    return own;
  };

  const evaluateMember = (node: TS.Node, decl: TS.ClassLikeDeclaration, thisClass: TS.ClassLikeDeclaration): Value => {
    const ctx = { thisClass, homeClass: decl };
    if (ts.isPropertyDeclaration(node) && node.initializer) return evaluator.evaluate(node.initializer, ctx);
    if (ts.isGetAccessorDeclaration(node)) return node.body ? evaluator.evaluateBody(node.body, ctx) : new Unknown(node, 'getter without body');
    return new FunctionRef(node);
  };

  const own = (decl: TS.ClassLikeDeclaration, name: string, thisClass: TS.ClassLikeDeclaration): Value | undefined => {
    const node = ownOf(decl).values.get(name);
    if (!node) return undefined;
    let byThis = cache.get(decl);
    if (!byThis) cache.set(decl, (byThis = new Map()));
    let values = byThis.get(thisClass);
    if (!values) byThis.set(thisClass, (values = new Map()));
    if (values.has(name)) return values.get(name);
    const value = evaluateMember(node, decl, thisClass);
    values.set(name, value);
    return value;
  };

  const objectionStatic = (name: string): Value | undefined => {
    if (OBJECTION_RELATIONS.includes(name)) return new ExternalRef('objection', name);
    if (name === 'idColumn') return 'id';
    return undefined;
  };

  const member = (decl: TS.ClassLikeDeclaration, name: string, thisClass: TS.ClassLikeDeclaration): Value | undefined => {
    const seen = new Set<TS.ClassLikeDeclaration>();
    for (let current: TS.ClassLikeDeclaration | undefined = decl; current && !seen.has(current); ) {
      seen.add(current);
      if (ownOf(current).values.has(name)) return own(current, name, thisClass);
      const base = baseOf(current);
      if (base instanceof ExternalRef) return base.module === 'objection' && base.name === 'Model' ? objectionStatic(name) : undefined;
      current = base instanceof ClassRef ? base.decl : undefined;
    }
    return undefined;
  };

  const chain = (decl: TS.ClassLikeDeclaration): TS.ClassLikeDeclaration[] => {
    const out: TS.ClassLikeDeclaration[] = [];
    for (let current: TS.ClassLikeDeclaration | undefined = decl; current && !out.includes(current); ) {
      out.push(current);
      const base = baseOf(current);
      current = base instanceof ClassRef ? base.decl : undefined;
    }
    return out;
  };

  return {
    baseOf,
    member,
    own,
    ownNode: (decl, name) => ownOf(decl).values.get(name),
    ownNames: (decl) => ownOf(decl).names,
    objectionStatic,
    chain,
  };
}
