/**
 * Static evaluation of the expressions models use for their statics (MODELS.md §1.2): literals,
 * module constants (also imported), spreads, template literals, `this`/`super`/`Class.X` in
 * static context, enums, `Object.assign`, `require`, objection's helpers. Anything else becomes
 * `Unknown` carrying the node that stopped us; the caller decides whether that matters.
 */
import * as path from 'node:path';
import { isExported, nameText, textOf, ts, unwrap, type TS } from './ast';
import { evaluateCall } from './evaluate-calls';
import type { Binding, Scope } from './scope';
import { createStatics, type Statics } from './statics';
import { ClassRef, copyKeyNodes, EnumRef, ExternalRef, FunctionRef, isObjectValue, ModuleRef, setKeyNode, Unknown, type Value } from './values';
import type { Workspace } from './workspace';

export interface EvalContext {
  /** The class `this` means in static context (the model being read, also inside inherited getters). */
  readonly thisClass?: TS.ClassLikeDeclaration;
  /** The class whose member body is evaluated, for `super`. */
  readonly homeClass?: TS.ClassLikeDeclaration;
  readonly locals?: ReadonlyMap<string, Value>;
}

export interface Evaluator {
  evaluate(node: TS.Node, ctx?: EvalContext): Value;
  /** Statements of a getter/function body: `const`s then `return <expr>`. */
  evaluateBody(body: TS.Node, ctx: EvalContext): Value;
  bindingValue(binding: Binding): Value;
  member(object: Value, key: string, node: TS.Node, ctx: EvalContext): Value;
  readonly statics: Statics;
  readonly scope: Scope;
  readonly workspace: Workspace;
}

function isCommonJs(file: TS.SourceFile): boolean {
  return !file.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) || isExported(s));
}

const SIMPLE: Partial<Record<TS.SyntaxKind, Value>> = {
  [ts.SyntaxKind.TrueKeyword]: true,
  [ts.SyntaxKind.FalseKeyword]: false,
  [ts.SyntaxKind.NullKeyword]: null,
};

export function createEvaluator(workspace: Workspace, scope: Scope): Evaluator {
  const active = new Set<TS.Node>();

  const bindingValue = (binding: Binding): Value => {
    switch (binding.kind) {
      case 'external':
        return new ExternalRef(binding.module, binding.name);
      case 'module':
        return isCommonJs(binding.file) ? moduleExports(binding.file) : new ModuleRef(binding.file);
      case 'expression':
        return evaluate(binding.node, {});
      case 'destructured': {
        const init = binding.decl.initializer;
        return init ? member(evaluate(init, {}), binding.property, binding.decl) : new Unknown(binding.decl, 'destructuring without initializer');
      }
      case 'declaration':
        return declarationValue(binding.node);
    }
  };

  const moduleExports = (file: TS.SourceFile): Value => {
    const def = scope.lookupExport(file, 'default');
    return def ? bindingValue(def) : new ModuleRef(file);
  };

  const declarationValue = (node: TS.Node): Value => {
    if (ts.isClassDeclaration(node)) return new ClassRef(node);
    if (ts.isEnumDeclaration(node)) return new EnumRef(node);
    if (ts.isFunctionDeclaration(node)) return new FunctionRef(node);
    if (ts.isVariableDeclaration(node)) {
      if (!node.initializer) return new Unknown(node, `'${textOf(node.name)}' has no initializer`);
      return evaluate(node.initializer, {});
    }
    return new Unknown(node, `'${textOf(node).slice(0, 40)}' is a type, not a value`);
  };

  const identifier = (node: TS.Identifier, ctx: EvalContext): Value => {
    const name = node.text;
    if (ctx.locals?.has(name)) return ctx.locals.get(name);
    if (name === 'undefined') return undefined;
    if (name === 'NaN') return NaN;
    if (name === 'Infinity') return Infinity;
    if (name === '__dirname') return path.dirname(node.getSourceFile().fileName);
    if (name === '__filename') return node.getSourceFile().fileName;
    const binding = scope.lookup(node.getSourceFile(), name);
    if (!binding) return new Unknown(node, `'${name}' is not a module-level constant or import`);
    return bindingValue(binding);
  };

  const enumMember = (ref: EnumRef, key: string, node: TS.Node): Value => {
    let next = 0;
    for (const m of ref.decl.members) {
      const value = m.initializer ? evaluate(m.initializer, {}) : next;
      if (typeof value === 'number') next = value + 1;
      if (nameText(m.name) === key) return value;
    }
    return new Unknown(node, `enum ${ref.decl.name.text} has no member ${key}`);
  };

  const member = (object: Value, key: string, node: TS.Node): Value => {
    if (object instanceof Unknown) return object;
    if (isObjectValue(object)) return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
    if (Array.isArray(object)) return key === 'length' ? object.length : /^\d+$/.test(key) ? object[Number(key)] : new Unknown(node, `array.${key}`);
    if (object instanceof ClassRef) return statics.member(object.decl, key, object.decl);
    if (object instanceof EnumRef) return enumMember(object, key, node);
    if (object instanceof ModuleRef) {
      const binding = scope.lookupExport(object.file, key);
      return binding ? bindingValue(binding) : new Unknown(node, `module ${path.basename(object.file.fileName)} exports no '${key}'`);
    }
    if (object instanceof ExternalRef) {
      if (object.name === '*' || object.name === 'default') return new ExternalRef(object.module, key);
      if (object.module === 'objection' && object.name === 'Model') return statics.objectionStatic(key) ?? new Unknown(node, `Model.${key}`);
      return new Unknown(node, `${object.module}.${object.name}.${key} is outside the workspace`);
    }
    if (typeof object === 'string' && key === 'length') return object.length;
    return new Unknown(node, `cannot read '${key}' of ${object === null ? 'null' : typeof object}`);
  };

  const propertyKey = (name: TS.PropertyName, ctx: EvalContext): string | undefined => {
    if (ts.isComputedPropertyName(name)) {
      const key = evaluate(name.expression, ctx);
      return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
    }
    return nameText(name);
  };

  const objectLiteral = (node: TS.ObjectLiteralExpression, ctx: EvalContext): Value => {
    const out: Record<string, Value> = {};
    for (const prop of node.properties) {
      if (ts.isSpreadAssignment(prop)) {
        const spread = evaluate(prop.expression, ctx);
        if (spread === undefined || spread === null) continue;
        if (!isObjectValue(spread)) return spread instanceof Unknown ? spread : new Unknown(prop, 'spread of a non-object');
        Object.assign(out, spread);
        copyKeyNodes(spread, out);
        continue;
      }
      const key = prop.name ? propertyKey(prop.name, ctx) : undefined;
      if (key === undefined) return new Unknown(prop, 'computed property name');
      if (ts.isPropertyAssignment(prop)) out[key] = evaluate(prop.initializer, ctx);
      else if (ts.isShorthandPropertyAssignment(prop)) out[key] = identifier(prop.name, ctx);
      else out[key] = new FunctionRef(prop);
      setKeyNode(out, key, prop);
    }
    return out;
  };

  const arrayLiteral = (node: TS.ArrayLiteralExpression, ctx: EvalContext): Value => {
    const out: Value[] = [];
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = evaluate(element.expression, ctx);
        if (!Array.isArray(spread)) return spread instanceof Unknown ? spread : new Unknown(element, 'spread of a non-array');
        out.push(...(spread as Value[]));
      } else out.push(evaluate(element, ctx));
    }
    return out;
  };

  const template = (node: TS.TemplateExpression, ctx: EvalContext): Value => {
    let out = node.head.text;
    for (const span of node.templateSpans) {
      const value = evaluate(span.expression, ctx);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        return value instanceof Unknown ? value : new Unknown(span, 'template part is not a primitive');
      }
      out += String(value) + span.literal.text;
    }
    return out;
  };

  const binary = (node: TS.BinaryExpression, ctx: EvalContext): Value => {
    const op = node.operatorToken.kind;
    const left = evaluate(node.left, ctx);
    if (left instanceof Unknown) return left;
    if (op === ts.SyntaxKind.QuestionQuestionToken) return left ?? evaluate(node.right, ctx);
    if (op === ts.SyntaxKind.BarBarToken) return left || evaluate(node.right, ctx);
    const right = evaluate(node.right, ctx);
    if (right instanceof Unknown) return right;
    if (op === ts.SyntaxKind.PlusToken && (typeof left === 'string' || typeof left === 'number') && (typeof right === 'string' || typeof right === 'number')) {
      return (left as string) + (right as string);
    }
    return new Unknown(node, `operator ${textOf(node.operatorToken)} is not evaluated statically`);
  };

  const prefix = (node: TS.PrefixUnaryExpression, ctx: EvalContext): Value => {
    const operand = evaluate(node.operand, ctx);
    const op = node.operator;
    if (typeof operand === 'number' && op === ts.SyntaxKind.MinusToken) return -operand;
    if (typeof operand === 'number' && op === ts.SyntaxKind.PlusToken) return operand;
    if (op === ts.SyntaxKind.ExclamationToken && !(operand instanceof Unknown) && typeof operand !== 'object') return !operand;
    return operand instanceof Unknown ? operand : new Unknown(node, 'unary operator');
  };

  const superMember = (node: TS.Node, key: string, ctx: EvalContext): Value => {
    if (!ctx.homeClass) return new Unknown(node, '`super` outside a class');
    const base = statics.baseOf(ctx.homeClass);
    if (base instanceof ClassRef) return statics.member(base.decl, key, ctx.thisClass ?? ctx.homeClass);
    if (base instanceof ExternalRef && base.module === 'objection') return statics.objectionStatic(key);
    return new Unknown(node, `super.${key}: the base class is not known statically`);
  };

  const propertyAccess = (node: TS.PropertyAccessExpression, ctx: EvalContext): Value => {
    const key = node.name.text;
    if (node.expression.kind === ts.SyntaxKind.SuperKeyword) return superMember(node, key, ctx);
    return member(evaluate(node.expression, ctx), key, node);
  };

  const elementAccess = (node: TS.ElementAccessExpression, ctx: EvalContext): Value => {
    const key = evaluate(node.argumentExpression, ctx);
    if (typeof key !== 'string' && typeof key !== 'number') return key instanceof Unknown ? key : new Unknown(node, 'computed element key');
    if (node.expression.kind === ts.SyntaxKind.SuperKeyword) return superMember(node, String(key), ctx);
    return member(evaluate(node.expression, ctx), String(key), node);
  };

  const dispatch = (node: TS.Node, ctx: EvalContext): Value => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isNumericLiteral(node)) return Number(node.text);
    if (node.kind in SIMPLE) return SIMPLE[node.kind];
    if (ts.isIdentifier(node)) return identifier(node, ctx);
    if (ts.isObjectLiteralExpression(node)) return objectLiteral(node, ctx);
    if (ts.isArrayLiteralExpression(node)) return arrayLiteral(node, ctx);
    if (ts.isPropertyAccessExpression(node)) return propertyAccess(node, ctx);
    if (ts.isElementAccessExpression(node)) return elementAccess(node, ctx);
    if (ts.isCallExpression(node)) return evaluateCall(evaluator, node, ctx);
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return new FunctionRef(node);
    if (ts.isClassExpression(node)) return new ClassRef(node);
    if (ts.isTemplateExpression(node)) return template(node, ctx);
    if (ts.isBinaryExpression(node)) return binary(node, ctx);
    if (ts.isPrefixUnaryExpression(node)) return prefix(node, ctx);
    if (ts.isVoidExpression(node)) return undefined;
    if (node.kind === ts.SyntaxKind.ThisKeyword) return ctx.thisClass ? new ClassRef(ctx.thisClass) : new Unknown(node, '`this` outside a static member');
    return new Unknown(node, `${ts.SyntaxKind[node.kind]} is not evaluated statically`);
  };

  const evaluate = (node: TS.Node, ctx: EvalContext = {}): Value => {
    const inner = unwrap(node);
    if (active.has(inner)) return new Unknown(inner, 'circular reference');
    active.add(inner);
    try {
      return dispatch(inner, ctx);
    } finally {
      active.delete(inner);
    }
  };

  const bindLocal = (decl: TS.VariableDeclaration, ctx: EvalContext, locals: Map<string, Value>): void => {
    const value = decl.initializer ? evaluate(decl.initializer, ctx) : undefined;
    if (ts.isIdentifier(decl.name)) locals.set(decl.name.text, value);
    else if (ts.isObjectBindingPattern(decl.name)) {
      for (const element of decl.name.elements) {
        if (!ts.isIdentifier(element.name)) continue;
        const property = (element.propertyName && nameText(element.propertyName)) ?? element.name.text;
        locals.set(element.name.text, member(value, property, element));
      }
    }
  };

  const evaluateBody = (body: TS.Node, ctx: EvalContext): Value => {
    if (!ts.isBlock(body)) return evaluate(body, ctx);
    const locals = new Map(ctx.locals ?? []);
    const inner = { ...ctx, locals };
    for (const statement of body.statements) {
      if (ts.isReturnStatement(statement)) return statement.expression ? evaluate(statement.expression, inner) : undefined;
      if (ts.isVariableStatement(statement)) {
        for (const decl of statement.declarationList.declarations) bindLocal(decl, inner, locals);
        continue;
      }
      if (ts.isEmptyStatement(statement)) continue;
      return new Unknown(statement, 'the body is not `const …; return <expression>`');
    }
    return undefined;
  };

  const evaluator: Evaluator = {
    evaluate,
    evaluateBody,
    bindingValue,
    member: (object, key, node) => member(object, key, node),
    scope,
    workspace,
    statics: undefined as unknown as Statics,
  };
  const statics = createStatics(evaluator);
  (evaluator as { statics: Statics }).statics = statics;
  return evaluator;
}
