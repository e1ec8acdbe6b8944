/**
 * Static evaluation of the expressions models use for their statics (MODELS.md §1.2): literals,
 * module constants (also imported), spreads, template literals, `this`/`super`/`Class.X` in
 * static context, enums, `Object.assign`, `require`, objection's helpers. Anything else becomes
 * `Unknown` carrying the node that stopped us; the caller decides whether that matters.
 */
import * as path from 'node:path';
import { Node, SyntaxKind, type ClassDeclaration, type Expression, type SourceFile } from 'ts-morph';
import { evaluateCall } from './evaluate-calls';
import type { Binding, Scope } from './scope';
import { createStatics, type Statics } from './statics';
import {
  ClassRef,
  copyKeyNodes,
  EnumRef,
  ExternalRef,
  FunctionRef,
  isObjectValue,
  ModuleRef,
  setKeyNode,
  Unknown,
  type ObjectValue,
  type Value,
} from './values';
import type { Workspace } from './workspace';

export interface EvalContext {
  /** The class `this` means in static context (the model being read, also inside inherited getters). */
  readonly thisClass?: ClassDeclaration;
  /** The class whose member body is evaluated, for `super`. */
  readonly homeClass?: ClassDeclaration;
  readonly locals?: ReadonlyMap<string, Value>;
}

export interface Evaluator {
  evaluate(node: Node, ctx?: EvalContext): Value;
  /** Statements of a getter/function body: `const`s then `return <expr>`. */
  evaluateBody(body: Node, ctx: EvalContext): Value;
  bindingValue(binding: Binding): Value;
  member(object: Value, key: string, node: Node, ctx: EvalContext): Value;
  readonly statics: Statics;
  readonly scope: Scope;
  readonly workspace: Workspace;
}

const TRANSPARENT = new Set([
  SyntaxKind.ParenthesizedExpression,
  SyntaxKind.AsExpression,
  SyntaxKind.SatisfiesExpression,
  SyntaxKind.TypeAssertionExpression,
  SyntaxKind.NonNullExpression,
]);

function isCommonJs(file: SourceFile): boolean {
  return !file.getStatements().some(
    (s) => Node.isImportDeclaration(s) || Node.isExportDeclaration(s) || Node.isExportAssignment(s) || (Node.isExportable(s) && s.hasExportKeyword()),
  );
}

export function createEvaluator(workspace: Workspace, scope: Scope): Evaluator {
  const active = new Set<Node>();

  const bindingValue = (binding: Binding): Value => {
    switch (binding.kind) {
      case 'external':
        return new ExternalRef(binding.module, binding.name);
      case 'module':
        return isCommonJs(binding.file) ? moduleExports(binding.file) : new ModuleRef(binding.file);
      case 'expression':
        return evaluate(binding.node, {});
      case 'destructured': {
        const init = binding.decl.getInitializer();
        return init ? member(evaluate(init, {}), binding.property, binding.decl, {}) : new Unknown(binding.decl, 'destructuring without initializer');
      }
      case 'declaration':
        return declarationValue(binding.node);
    }
  };

  const moduleExports = (file: SourceFile): Value => {
    const def = scope.lookupExport(file, 'default');
    return def ? bindingValue(def) : new ModuleRef(file);
  };

  const declarationValue = (node: Node): Value => {
    if (Node.isClassDeclaration(node)) return new ClassRef(node);
    if (Node.isEnumDeclaration(node)) return new EnumRef(node);
    if (Node.isFunctionDeclaration(node)) return new FunctionRef(node);
    if (Node.isVariableDeclaration(node)) {
      const init = node.getInitializer();
      if (!init) return new Unknown(node, `'${node.getName()}' has no initializer`);
      return evaluate(init, {});
    }
    return new Unknown(node, `'${node.getText().slice(0, 40)}' is a type, not a value`);
  };

  const identifier = (node: Node, ctx: EvalContext): Value => {
    const name = node.getText();
    if (ctx.locals?.has(name)) return ctx.locals.get(name);
    if (name === 'undefined') return undefined;
    if (name === 'NaN') return NaN;
    if (name === 'Infinity') return Infinity;
    if (name === '__dirname') return path.dirname(node.getSourceFile().getFilePath());
    if (name === '__filename') return node.getSourceFile().getFilePath();
    const binding = scope.lookup(node.getSourceFile(), name);
    if (!binding) return new Unknown(node, `'${name}' is not a module-level constant or import`);
    return bindingValue(binding);
  };

  const enumMember = (ref: EnumRef, key: string, node: Node): Value => {
    let next = 0;
    for (const m of ref.decl.getMembers()) {
      const init = m.getInitializer();
      const value = init ? evaluate(init, {}) : next;
      if (typeof value === 'number') next = value + 1;
      if (m.getName() === key) return value;
    }
    return new Unknown(node, `enum ${ref.decl.getName()} has no member ${key}`);
  };

  const member = (object: Value, key: string, node: Node, ctx: EvalContext): Value => {
    if (object instanceof Unknown) return object;
    if (isObjectValue(object)) return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
    if (Array.isArray(object)) return key === 'length' ? object.length : /^\d+$/.test(key) ? object[Number(key)] : new Unknown(node, `array.${key}`);
    if (object instanceof ClassRef) return statics.member(object.decl, key, object.decl) ?? undefined;
    if (object instanceof EnumRef) return enumMember(object, key, node);
    if (object instanceof ModuleRef) {
      const binding = scope.lookupExport(object.file, key);
      return binding ? bindingValue(binding) : new Unknown(node, `module ${object.file.getBaseName()} exports no '${key}'`);
    }
    if (object instanceof ExternalRef) {
      if (object.name === '*' || object.name === 'default') return new ExternalRef(object.module, key);
      if (object.module === 'objection' && object.name === 'Model') return statics.objectionStatic(key) ?? new Unknown(node, `Model.${key}`);
      return new Unknown(node, `${object.module}.${object.name}.${key} is outside the workspace`);
    }
    if (typeof object === 'string' && key === 'length') return object.length;
    void ctx;
    return new Unknown(node, `cannot read '${key}' of ${object === null ? 'null' : typeof object}`);
  };

  const objectLiteral = (node: Node, ctx: EvalContext): Value => {
    if (!Node.isObjectLiteralExpression(node)) return new Unknown(node, 'not an object');
    const out: Record<string, Value> = {};
    for (const prop of node.getProperties()) {
      if (Node.isSpreadAssignment(prop)) {
        const spread = evaluate(prop.getExpression(), ctx);
        if (spread === undefined || spread === null) continue;
        if (!isObjectValue(spread)) return spread instanceof Unknown ? spread : new Unknown(prop, 'spread of a non-object');
        Object.assign(out, spread);
        copyKeyNodes(spread, out);
        continue;
      }
      const key = propertyKey(prop, ctx);
      if (key === undefined) return new Unknown(prop, 'computed property name');
      if (Node.isPropertyAssignment(prop)) out[key] = evaluate(prop.getInitializerOrThrow(), ctx);
      else if (Node.isShorthandPropertyAssignment(prop)) out[key] = identifier(prop.getNameNode(), ctx);
      else out[key] = new FunctionRef(prop);
      setKeyNode(out, key, prop);
    }
    return out;
  };

  const propertyKey = (prop: Node, ctx: EvalContext): string | undefined => {
    const nameNode = (prop as Node & { getNameNode?: () => Node }).getNameNode?.();
    if (!nameNode) return undefined;
    if (Node.isIdentifier(nameNode) || Node.isPrivateIdentifier(nameNode)) return nameNode.getText();
    if (Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode)) return nameNode.getLiteralValue();
    if (Node.isNumericLiteral(nameNode)) return String(nameNode.getLiteralValue());
    if (Node.isComputedPropertyName(nameNode)) {
      const key = evaluate(nameNode.getExpression(), ctx);
      return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
    }
    return undefined;
  };

  const arrayLiteral = (node: Node, ctx: EvalContext): Value => {
    if (!Node.isArrayLiteralExpression(node)) return new Unknown(node, 'not an array');
    const out: Value[] = [];
    for (const element of node.getElements()) {
      if (Node.isSpreadElement(element)) {
        const spread = evaluate(element.getExpression(), ctx);
        if (!Array.isArray(spread)) return spread instanceof Unknown ? spread : new Unknown(element, 'spread of a non-array');
        out.push(...(spread as Value[]));
      } else out.push(evaluate(element, ctx));
    }
    return out;
  };

  const template = (node: Node, ctx: EvalContext): Value => {
    if (!Node.isTemplateExpression(node)) return new Unknown(node, 'not a template');
    let out = node.getHead().getLiteralText();
    for (const span of node.getTemplateSpans()) {
      const value = evaluate(span.getExpression(), ctx);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        return value instanceof Unknown ? value : new Unknown(span, 'template part is not a primitive');
      }
      out += String(value) + span.getLiteral().getLiteralText();
    }
    return out;
  };

  const binary = (node: Node, ctx: EvalContext): Value => {
    if (!Node.isBinaryExpression(node)) return new Unknown(node, 'not binary');
    const op = node.getOperatorToken().getKind();
    const left = evaluate(node.getLeft(), ctx);
    if (left instanceof Unknown) return left;
    if (op === SyntaxKind.QuestionQuestionToken) return left ?? evaluate(node.getRight(), ctx);
    if (op === SyntaxKind.BarBarToken) return left || evaluate(node.getRight(), ctx);
    const right = evaluate(node.getRight(), ctx);
    if (right instanceof Unknown) return right;
    if (op === SyntaxKind.PlusToken && (typeof left === 'string' || typeof left === 'number') && (typeof right === 'string' || typeof right === 'number')) {
      return (left as string) + (right as string);
    }
    return new Unknown(node, `operator ${node.getOperatorToken().getText()} is not evaluated statically`);
  };

  const prefix = (node: Node, ctx: EvalContext): Value => {
    if (!Node.isPrefixUnaryExpression(node)) return new Unknown(node, 'not unary');
    const operand = evaluate(node.getOperand(), ctx);
    const op = node.getOperatorToken();
    if (typeof operand === 'number' && op === SyntaxKind.MinusToken) return -operand;
    if (typeof operand === 'number' && op === SyntaxKind.PlusToken) return operand;
    if (op === SyntaxKind.ExclamationToken && !(operand instanceof Unknown) && typeof operand !== 'object') return !operand;
    return operand instanceof Unknown ? operand : new Unknown(node, 'unary operator');
  };

  const access = (node: Node, ctx: EvalContext): Value => {
    if (Node.isPropertyAccessExpression(node)) {
      const target = node.getExpression();
      if (target.getKind() === SyntaxKind.SuperKeyword) return superMember(node, node.getName(), ctx);
      return member(evaluate(target, ctx), node.getName(), node, ctx);
    }
    if (Node.isElementAccessExpression(node)) {
      const arg = node.getArgumentExpression();
      const key = arg ? evaluate(arg, ctx) : undefined;
      if (typeof key !== 'string' && typeof key !== 'number') return key instanceof Unknown ? key : new Unknown(node, 'computed element key');
      if (node.getExpression().getKind() === SyntaxKind.SuperKeyword) return superMember(node, String(key), ctx);
      return member(evaluate(node.getExpression(), ctx), String(key), node, ctx);
    }
    return new Unknown(node, 'not an access');
  };

  const superMember = (node: Node, key: string, ctx: EvalContext): Value => {
    if (!ctx.homeClass) return new Unknown(node, '`super` outside a class');
    const base = statics.baseOf(ctx.homeClass);
    if (base instanceof ClassRef) return statics.member(base.decl, key, ctx.thisClass ?? ctx.homeClass) ?? undefined;
    if (base instanceof ExternalRef && base.module === 'objection') return statics.objectionStatic(key);
    return new Unknown(node, `super.${key}: the base class is not known statically`);
  };

  const dispatch: Partial<Record<SyntaxKind, (node: Node, ctx: EvalContext) => Value>> = {
    [SyntaxKind.StringLiteral]: (n) => (Node.isStringLiteral(n) ? n.getLiteralValue() : undefined),
    [SyntaxKind.NoSubstitutionTemplateLiteral]: (n) => (Node.isNoSubstitutionTemplateLiteral(n) ? n.getLiteralValue() : undefined),
    [SyntaxKind.NumericLiteral]: (n) => (Node.isNumericLiteral(n) ? n.getLiteralValue() : undefined),
    [SyntaxKind.TrueKeyword]: () => true,
    [SyntaxKind.FalseKeyword]: () => false,
    [SyntaxKind.NullKeyword]: () => null,
    [SyntaxKind.VoidExpression]: () => undefined,
    [SyntaxKind.Identifier]: identifier,
    [SyntaxKind.ThisKeyword]: (n, ctx) => (ctx.thisClass ? new ClassRef(ctx.thisClass) : new Unknown(n, '`this` outside a static member')),
    [SyntaxKind.ObjectLiteralExpression]: objectLiteral,
    [SyntaxKind.ArrayLiteralExpression]: arrayLiteral,
    [SyntaxKind.TemplateExpression]: template,
    [SyntaxKind.BinaryExpression]: binary,
    [SyntaxKind.PrefixUnaryExpression]: prefix,
    [SyntaxKind.PropertyAccessExpression]: access,
    [SyntaxKind.ElementAccessExpression]: access,
    [SyntaxKind.ArrowFunction]: (n) => new FunctionRef(n),
    [SyntaxKind.FunctionExpression]: (n) => new FunctionRef(n),
    [SyntaxKind.ClassExpression]: (n) => new Unknown(n, 'class expressions are not read'),
    [SyntaxKind.CallExpression]: (n, ctx) => evaluateCall(evaluator, n, ctx),
  };

  const evaluate = (node: Node, ctx: EvalContext = {}): Value => {
    let inner = node;
    while (TRANSPARENT.has(inner.getKind())) inner = (inner as Node & { getExpression(): Expression }).getExpression();
    const handler = dispatch[inner.getKind()];
    if (!handler) return new Unknown(inner, `${inner.getKindName()} is not evaluated statically`);
    if (active.has(inner)) return new Unknown(inner, 'circular reference');
    active.add(inner);
    try {
      return handler(inner, ctx);
    } finally {
      active.delete(inner);
    }
  };

  const evaluateBody = (body: Node, ctx: EvalContext): Value => {
    if (!Node.isBlock(body)) return evaluate(body, ctx);
    const locals = new Map(ctx.locals ?? []);
    for (const statement of body.getStatements()) {
      if (Node.isReturnStatement(statement)) {
        const expr = statement.getExpression();
        return expr ? evaluate(expr, { ...ctx, locals }) : undefined;
      }
      if (Node.isVariableStatement(statement)) {
        for (const decl of statement.getDeclarations()) bindLocal(decl, { ...ctx, locals }, locals);
        continue;
      }
      if (Node.isEmptyStatement(statement)) continue;
      return new Unknown(statement, 'the body is not `const …; return <expression>`');
    }
    return undefined;
  };

  const bindLocal = (decl: import('ts-morph').VariableDeclaration, ctx: EvalContext, locals: Map<string, Value>): void => {
    const init = decl.getInitializer();
    const value = init ? evaluate(init, ctx) : undefined;
    const nameNode = decl.getNameNode();
    if (Node.isIdentifier(nameNode)) locals.set(nameNode.getText(), value);
    else if (Node.isObjectBindingPattern(nameNode)) {
      for (const element of nameNode.getElements()) {
        const property = element.getPropertyNameNode()?.getText() ?? element.getName();
        locals.set(element.getName(), member(value, property, element, ctx));
      }
    }
  };

  const evaluator: Evaluator = {
    evaluate,
    evaluateBody,
    bindingValue,
    member,
    scope,
    workspace,
    statics: undefined as unknown as Statics,
  };
  const statics = createStatics(evaluator);
  (evaluator as { statics: Statics }).statics = statics;
  return evaluator;
}
