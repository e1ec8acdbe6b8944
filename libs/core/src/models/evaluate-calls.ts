/**
 * The few calls that are static in model code: `Object.assign`, `require(...)`, `path.join`/
 * `path.resolve` with `__dirname`, objection's `snakeCaseMappers`/`knexSnakeCaseMappers`/`ref`,
 * and calls of local functions whose body is an expression or `const …; return <expr>`.
 */
import * as path from 'node:path';
import { textOf, ts, type TS } from './ast';
import type { EvalContext, Evaluator } from './evaluate';
import { copyKeyNodes, ExternalRef, FunctionRef, isObjectValue, MapperRef, ModuleRef, ObjectionRef, Unknown, type ObjectValue, type Value } from './values';

/** `require('x')` from `file`: a workspace module's exports, or a package reference. */
export function requireValue(evaluator: Evaluator, specifier: string, file: TS.SourceFile, node: TS.Node): Value {
  const target = evaluator.workspace.importTarget(specifier, file);
  if (!target) return new Unknown(node, `cannot resolve require('${specifier}')`);
  if ('package' in target) return new ExternalRef(target.package, '*');
  return evaluator.bindingValue({ kind: 'module', file: target });
}

type Callable = TS.ArrowFunction | TS.FunctionExpression | TS.FunctionDeclaration | TS.MethodDeclaration;

function isCallable(node: TS.Node): node is Callable {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node);
}

/** Calls a function value: binds parameters by position, evaluates its body. */
export function callValue(evaluator: Evaluator, fn: Value, args: readonly Value[], node: TS.Node, ctx: EvalContext): Value {
  if (!(fn instanceof FunctionRef)) return fn instanceof Unknown ? fn : new Unknown(node, 'not a function');
  const decl = fn.node;
  if (!isCallable(decl)) return new Unknown(node, 'not a callable function');
  const locals = new Map(ctx.locals ?? []);
  decl.parameters.forEach((param, i) => {
    if (ts.isIdentifier(param.name)) locals.set(param.name.text, args[i]);
  });
  if (!decl.body) return new Unknown(decl, 'function without a body');
  return evaluator.evaluateBody(decl.body, { ...ctx, locals });
}

const PATH_MODULES = new Set(['path', 'node:path']);

function pathCall(name: string, args: readonly Value[], node: TS.Node): Value {
  if (!args.every((a): a is string => typeof a === 'string')) return new Unknown(node, `path.${name} with non-constant parts`);
  if (name === 'join') return path.join(...args);
  if (name === 'resolve') return path.resolve(...args);
  return new Unknown(node, `path.${name}`);
}

function assign(args: readonly Value[], node: TS.Node): Value {
  const out: Record<string, Value> = {};
  for (const arg of args) {
    if (arg === undefined || arg === null) continue;
    if (!isObjectValue(arg)) return arg instanceof Unknown ? arg : new Unknown(node, 'Object.assign of a non-object');
    Object.assign(out, arg);
    copyKeyNodes(arg, out);
  }
  return out;
}

function objectionCall(name: string, args: readonly Value[], node: TS.Node): Value {
  if (name === 'snakeCaseMappers' || name === 'knexSnakeCaseMappers') {
    const options = args[0] ?? {};
    if (!isObjectValue(options)) return new Unknown(node, `${name} options are not static`);
    return new MapperRef(name, options as ObjectValue);
  }
  if (name === 'ref' && typeof args[0] === 'string') return new ObjectionRef(args[0]);
  return new Unknown(node, `objection.${name}() is not evaluated statically`);
}

export function evaluateCall(evaluator: Evaluator, node: TS.CallExpression, ctx: EvalContext): Value {
  const calleeText = textOf(node.expression);
  const args = () => node.arguments.map((a) => evaluator.evaluate(a, ctx));
  if (calleeText === 'require' && !ctx.locals?.has('require')) {
    const [specifier] = args();
    if (typeof specifier !== 'string') return new Unknown(node, 'require() of a non-constant path');
    return requireValue(evaluator, specifier, node.getSourceFile(), node);
  }
  if (calleeText === 'Object.assign') return assign(args(), node);
  const fn = evaluator.evaluate(node.expression, ctx);
  if (fn instanceof ExternalRef) {
    if (fn.module === 'objection') return objectionCall(fn.name, args(), node);
    if (PATH_MODULES.has(fn.module)) return pathCall(fn.name, args(), node);
    return new Unknown(node, `${fn.module}.${fn.name}() is outside the workspace`);
  }
  if (fn instanceof FunctionRef) return callValue(evaluator, fn, args(), node, ctx);
  if (fn instanceof ModuleRef) return new Unknown(node, 'a module is not callable');
  return fn instanceof Unknown ? fn : new Unknown(node, `${calleeText}() is not evaluated statically`);
}
