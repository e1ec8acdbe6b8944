/**
 * The few calls that are static in model code: `Object.assign`, `require(...)`, `path.join`/
 * `path.resolve` with `__dirname`, objection's `snakeCaseMappers`/`knexSnakeCaseMappers`/`ref`,
 * and calls of local arrow functions whose body is an expression or `return <expr>`.
 */
import * as path from 'node:path';
import { Node, type SourceFile } from 'ts-morph';
import type { EvalContext, Evaluator } from './evaluate';
import {
  copyKeyNodes,
  ExternalRef,
  FunctionRef,
  isObjectValue,
  MapperRef,
  ModuleRef,
  ObjectionRef,
  Unknown,
  type ObjectValue,
  type Value,
} from './values';

/** `require('x')` from `file`: a workspace module's exports, or a package reference. */
export function requireValue(evaluator: Evaluator, specifier: string, file: SourceFile, node: Node): Value {
  const target = evaluator.workspace.importTarget(specifier, file);
  if (!target) return new Unknown(node, `cannot resolve require('${specifier}')`);
  if ('package' in target) return new ExternalRef(target.package, '*');
  return evaluator.bindingValue({ kind: 'module', file: target });
}

/** Calls a function value: binds parameters by position, evaluates its body. */
export function callValue(evaluator: Evaluator, fn: Value, args: readonly Value[], node: Node, ctx: EvalContext): Value {
  if (!(fn instanceof FunctionRef)) return fn instanceof Unknown ? fn : new Unknown(node, 'not a function');
  const decl = fn.node;
  if (!Node.isArrowFunction(decl) && !Node.isFunctionExpression(decl) && !Node.isFunctionDeclaration(decl) && !Node.isMethodDeclaration(decl)) {
    return new Unknown(node, 'not a callable function');
  }
  const locals = new Map(ctx.locals ?? []);
  decl.getParameters().forEach((param, i) => locals.set(param.getName(), args[i]));
  const body = decl.getBody();
  if (!body) return new Unknown(decl, 'function without a body');
  return evaluator.evaluateBody(body, { ...ctx, locals });
}

const PATH_MODULES = new Set(['path', 'node:path']);

function pathCall(name: string, args: readonly Value[], node: Node): Value {
  if (!args.every((a): a is string => typeof a === 'string')) return new Unknown(node, `path.${name} with non-constant parts`);
  if (name === 'join') return path.join(...args);
  if (name === 'resolve') return path.resolve(...args);
  return new Unknown(node, `path.${name}`);
}

function assign(args: readonly Value[], node: Node): Value {
  const out: Record<string, Value> = {};
  for (const arg of args) {
    if (arg === undefined || arg === null) continue;
    if (!isObjectValue(arg)) return arg instanceof Unknown ? arg : new Unknown(node, 'Object.assign of a non-object');
    Object.assign(out, arg);
    copyKeyNodes(arg, out);
  }
  return out;
}

function objectionCall(name: string, args: readonly Value[], node: Node): Value {
  if (name === 'snakeCaseMappers' || name === 'knexSnakeCaseMappers') {
    const options = args[0] ?? {};
    if (!isObjectValue(options)) return new Unknown(node, `${name} options are not static`);
    return new MapperRef(name, options as ObjectValue);
  }
  if (name === 'ref' && typeof args[0] === 'string') return new ObjectionRef(args[0]);
  return new Unknown(node, `objection.${name}() is not evaluated statically`);
}

export function evaluateCall(evaluator: Evaluator, node: Node, ctx: EvalContext): Value {
  if (!Node.isCallExpression(node)) return new Unknown(node, 'not a call');
  const callee = node.getExpression();
  const calleeText = callee.getText();
  const args = () => node.getArguments().map((a) => evaluator.evaluate(a, ctx));
  if (calleeText === 'require' && !ctx.locals?.has('require')) {
    const [specifier] = args();
    if (typeof specifier !== 'string') return new Unknown(node, 'require() of a non-constant path');
    return requireValue(evaluator, specifier, node.getSourceFile(), node);
  }
  if (calleeText === 'Object.assign') return assign(args(), node);
  const fn = evaluator.evaluate(callee, ctx);
  if (fn instanceof ExternalRef) {
    if (fn.module === 'objection') return objectionCall(fn.name, args(), node);
    if (PATH_MODULES.has(fn.module)) return pathCall(fn.name, args(), node);
    return new Unknown(node, `${fn.module}.${fn.name}() is outside the workspace`);
  }
  if (fn instanceof FunctionRef) return callValue(evaluator, fn, args(), node, ctx);
  if (fn instanceof ModuleRef) return new Unknown(node, 'a module is not callable');
  return fn instanceof Unknown ? fn : new Unknown(node, `${calleeText}() is not evaluated statically`);
}
