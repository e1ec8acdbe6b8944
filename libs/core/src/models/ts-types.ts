/**
 * TypeScript property declarations → value types (MODELS.md §4, §5), read from the type syntax
 * alone: type aliases, interfaces, enums and classes are followed through imports by our own
 * scope, so no type checker is needed.
 */
import { Node, SyntaxKind, type TypeNode } from 'ts-morph';
import type { Evaluator } from './evaluate';
import type { ValueType } from './value-type';
import { EnumRef } from './values';

export interface TsType {
  readonly type?: ValueType;
  /** `null` or `undefined` in the type. */
  readonly admitsNull: boolean;
  /** Not a column: a model class (relation), an array of them, or an objection type helper. */
  readonly excluded?: 'model' | 'helper';
  /** A type name we could not follow (`Decimal` from a package): the caller warns. */
  readonly unresolved?: string;
}

export interface TsTypeContext {
  readonly evaluator: Evaluator;
  readonly isModel: (decl: import('ts-morph').ClassDeclaration) => boolean;
}

const JSON_NAMES = new Set(['Record', 'Partial', 'Required', 'Readonly', 'Map', 'Set', 'Pojo', 'ModelObject', 'PartialModelObject', 'JSONSchema', 'Object']);
const NULLISH = new Set([SyntaxKind.NullKeyword, SyntaxKind.UndefinedKeyword, SyntaxKind.VoidKeyword]);

const of = (kind: ValueType['kind'], extra: Partial<ValueType> = {}): TsType => ({ type: { kind, ...extra }, admitsNull: false });

function literal(node: TypeNode): TsType | undefined {
  if (!Node.isLiteralTypeNode(node)) return undefined;
  const lit = node.getLiteral();
  if (lit.getKind() === SyntaxKind.NullKeyword) return { admitsNull: true };
  if (Node.isStringLiteral(lit)) return of('string', { enumValues: [lit.getLiteralValue()] });
  if (Node.isNumericLiteral(lit)) return of('integer', { enumValues: [lit.getLiteralValue()] });
  if (lit.getKind() === SyntaxKind.TrueKeyword || lit.getKind() === SyntaxKind.FalseKeyword) return of('boolean');
  return undefined;
}

function arrayOf(element: TsType): TsType {
  if (element.excluded === 'model') return { admitsNull: false, excluded: 'model' };
  const kind = element.type?.kind;
  if (kind === 'string' || kind === 'uuid') return of('stringArray');
  if (kind === 'integer' || kind === 'number') return of('integerArray');
  if (kind === 'boolean') return of('booleanArray');
  return of('json');
}

/** Union members folded into one type: literals into enums, `Date | string` into datetime. */
export function mergeUnion(members: readonly TsType[]): TsType {
  const admitsNull = members.some((m) => m.admitsNull);
  const typed = members.filter((m) => m.type || m.excluded || m.unresolved);
  if (typed.length === 0) return { admitsNull };
  if (typed.every((m) => m.excluded === 'model')) return { admitsNull, excluded: 'model' };
  const unresolved = typed.find((m) => m.unresolved);
  if (unresolved) return { admitsNull, unresolved: unresolved.unresolved };
  const kinds = new Set(typed.map((m) => m.type!.kind));
  if (kinds.size === 1) {
    const all = typed.map((m) => m.type!);
    const values = all.every((t) => t.enumValues) ? [...new Set(all.flatMap((t) => t.enumValues!))] : undefined;
    return { admitsNull, type: { kind: all[0].kind, ...(values ? { enumValues: values } : {}) } };
  }
  if (kinds.has('json')) return { admitsNull, type: { kind: 'json' } };
  if ([...kinds].every((k) => k === 'datetime' || k === 'string')) return { admitsNull, type: { kind: 'datetime' } };
  return { admitsNull, type: { kind: 'mixed' } };
}

export function readTsType(node: TypeNode | undefined, ctx: TsTypeContext, seen: Set<Node> = new Set()): TsType {
  if (!node) return { admitsNull: false };
  const kind = node.getKind();
  if (NULLISH.has(kind)) return { admitsNull: true };
  switch (kind) {
    case SyntaxKind.StringKeyword:
      return of('string');
    case SyntaxKind.NumberKeyword:
      return of('integer');
    case SyntaxKind.BigIntKeyword:
      return of('bigint');
    case SyntaxKind.BooleanKeyword:
      return of('boolean');
    case SyntaxKind.AnyKeyword:
    case SyntaxKind.UnknownKeyword:
      return of('any');
    case SyntaxKind.ObjectKeyword:
    case SyntaxKind.TypeLiteral:
    case SyntaxKind.TupleType:
    case SyntaxKind.MappedType:
      return of('json');
  }
  const lit = literal(node);
  if (lit) return lit;
  if (Node.isParenthesizedTypeNode(node)) return readTsType(node.getTypeNode(), ctx, seen);
  if (Node.isUnionTypeNode(node)) return mergeUnion(node.getTypeNodes().map((t) => readTsType(t, ctx, seen)));
  if (Node.isArrayTypeNode(node)) return arrayOf(readTsType(node.getElementTypeNode(), ctx, seen));
  if (Node.isTypeOperatorTypeNode(node)) return readTsType(node.getTypeNode(), ctx, seen);
  if (Node.isIntersectionTypeNode(node)) return of('json');
  if (Node.isTypeReference(node)) return typeReference(node, ctx, seen);
  return { admitsNull: false, unresolved: node.getText() };
}

function typeReference(node: import('ts-morph').TypeReferenceNode, ctx: TsTypeContext, seen: Set<Node>): TsType {
  const nameNode = node.getTypeName();
  const full = nameNode.getText();
  const name = full.slice(full.lastIndexOf('.') + 1);
  const args = node.getTypeArguments();
  if (name === 'QueryBuilderType' || name.endsWith('QueryBuilderType')) return { admitsNull: false, excluded: 'helper' };
  if (name === 'Date') return of('datetime');
  if (name === 'Buffer' || name === 'Uint8Array') return of('binary');
  if ((name === 'Array' || name === 'ReadonlyArray') && args[0]) return arrayOf(readTsType(args[0], ctx, seen));
  if (JSON_NAMES.has(name)) return of('json');
  if (Node.isQualifiedName(nameNode)) return enumMemberType(nameNode, ctx) ?? { admitsNull: false, unresolved: full };
  const binding = ctx.evaluator.scope.lookup(node.getSourceFile(), full);
  if (!binding) return { admitsNull: false, unresolved: full };
  if (binding.kind === 'external') return binding.module === 'objection' && binding.name === 'Model' ? { admitsNull: false, excluded: 'model' } : { admitsNull: false, unresolved: full };
  if (binding.kind !== 'declaration') return { admitsNull: false, unresolved: full };
  const decl = binding.node;
  if (Node.isInterfaceDeclaration(decl)) return of('json');
  if (Node.isClassDeclaration(decl)) return ctx.isModel(decl) ? { admitsNull: false, excluded: 'model' } : of('json');
  if (Node.isEnumDeclaration(decl)) return enumType(new EnumRef(decl), ctx);
  if (Node.isTypeAliasDeclaration(decl)) {
    if (seen.has(decl)) return of('json');
    seen.add(decl);
    return readTsType(decl.getTypeNode(), ctx, seen);
  }
  return { admitsNull: false, unresolved: full };
}

function enumType(ref: EnumRef, ctx: TsTypeContext): TsType {
  const values = ref.decl.getMembers().map((m) => ctx.evaluator.member(ref, m.getName(), m, {}));
  if (values.every((v): v is string => typeof v === 'string')) return of('string', { enumValues: values });
  if (values.every((v): v is number => typeof v === 'number')) return of('integer', { enumValues: values });
  return { admitsNull: false, unresolved: ref.decl.getName() };
}

/** `Status.Active` as a type: the literal type of that enum member. */
function enumMemberType(nameNode: import('ts-morph').QualifiedName, ctx: TsTypeContext): TsType | undefined {
  const left = ctx.evaluator.evaluate(nameNode.getLeft(), {});
  if (!(left instanceof EnumRef)) return undefined;
  const value = ctx.evaluator.member(left, nameNode.getRight().getText(), nameNode, {});
  if (typeof value === 'string') return of('string', { enumValues: [value] });
  if (typeof value === 'number') return of('integer', { enumValues: [value] });
  return undefined;
}
