/**
 * TypeScript property declarations → value types (MODELS.md §4, §5), read from the type syntax
 * alone: type aliases, interfaces, enums and classes are followed through imports by our own
 * scope, so no type checker is needed.
 */
import { nameText, textOf, ts, type TS } from './ast';
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
  readonly isModel: (decl: TS.ClassLikeDeclaration) => boolean;
}

const JSON_NAMES = new Set(['Record', 'Partial', 'Required', 'Readonly', 'Map', 'Set', 'Pojo', 'ModelObject', 'PartialModelObject', 'JSONSchema', 'Object']);
const NULLISH = new Set([ts.SyntaxKind.NullKeyword, ts.SyntaxKind.UndefinedKeyword, ts.SyntaxKind.VoidKeyword]);
const KEYWORDS: Partial<Record<TS.SyntaxKind, ValueType['kind']>> = {
  [ts.SyntaxKind.StringKeyword]: 'string',
  [ts.SyntaxKind.NumberKeyword]: 'integer',
  [ts.SyntaxKind.BigIntKeyword]: 'bigint',
  [ts.SyntaxKind.BooleanKeyword]: 'boolean',
  [ts.SyntaxKind.AnyKeyword]: 'any',
  [ts.SyntaxKind.UnknownKeyword]: 'any',
  [ts.SyntaxKind.ObjectKeyword]: 'json',
  [ts.SyntaxKind.TypeLiteral]: 'json',
  [ts.SyntaxKind.TupleType]: 'json',
  [ts.SyntaxKind.MappedType]: 'json',
  [ts.SyntaxKind.IntersectionType]: 'json',
};

const of = (kind: ValueType['kind'], enumValues?: ValueType['enumValues']): TsType => ({ type: enumValues ? { kind, enumValues } : { kind }, admitsNull: false });
const unresolved = (name: string): TsType => ({ admitsNull: false, unresolved: name });
const MODEL: TsType = { admitsNull: false, excluded: 'model' };

function literal(node: TS.LiteralTypeNode): TsType | undefined {
  const lit = node.literal;
  if (lit.kind === ts.SyntaxKind.NullKeyword) return { admitsNull: true };
  if (ts.isStringLiteral(lit)) return of('string', [lit.text]);
  if (ts.isNumericLiteral(lit)) return of('integer', [Number(lit.text)]);
  if (lit.kind === ts.SyntaxKind.TrueKeyword || lit.kind === ts.SyntaxKind.FalseKeyword) return of('boolean');
  return undefined;
}

function arrayOf(element: TsType): TsType {
  if (element.excluded === 'model') return MODEL;
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
  const unknown = typed.find((m) => m.unresolved);
  if (unknown) return { admitsNull, unresolved: unknown.unresolved };
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

export function readTsType(node: TS.TypeNode | undefined, ctx: TsTypeContext, seen: Set<TS.Node> = new Set()): TsType {
  if (!node) return { admitsNull: false };
  if (NULLISH.has(node.kind)) return { admitsNull: true };
  const keyword = KEYWORDS[node.kind];
  if (keyword) return of(keyword);
  if (ts.isLiteralTypeNode(node)) return literal(node) ?? unresolved(textOf(node));
  if (ts.isParenthesizedTypeNode(node) || ts.isTypeOperatorNode(node)) return readTsType(node.type, ctx, seen);
  if (ts.isUnionTypeNode(node)) return mergeUnion(node.types.map((t) => readTsType(t, ctx, seen)));
  if (ts.isArrayTypeNode(node)) return arrayOf(readTsType(node.elementType, ctx, seen));
  if (ts.isTypeReferenceNode(node)) return typeReference(node, ctx, seen);
  return unresolved(textOf(node));
}

function typeReference(node: TS.TypeReferenceNode, ctx: TsTypeContext, seen: Set<TS.Node>): TsType {
  const full = textOf(node.typeName);
  const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
  const args = node.typeArguments ?? [];
  if (name === 'QueryBuilderType' || name.endsWith('QueryBuilderType')) return { admitsNull: false, excluded: 'helper' };
  if (name === 'Date') return of('datetime');
  if (name === 'Buffer' || name === 'Uint8Array') return of('binary');
  if ((name === 'Array' || name === 'ReadonlyArray') && args[0]) return arrayOf(readTsType(args[0], ctx, seen));
  if (JSON_NAMES.has(name)) return of('json');
  if (ts.isQualifiedName(node.typeName)) return enumMemberType(node.typeName, ctx) ?? unresolved(full);
  const binding = ctx.evaluator.scope.lookup(node.getSourceFile(), name);
  if (!binding) return unresolved(full);
  if (binding.kind === 'external') return binding.module === 'objection' && binding.name === 'Model' ? MODEL : unresolved(full);
  if (binding.kind !== 'declaration') return unresolved(full);
  const decl = binding.node;
  if (ts.isInterfaceDeclaration(decl)) return of('json');
  if (ts.isClassLike(decl)) return ctx.isModel(decl) ? MODEL : of('json');
  if (ts.isEnumDeclaration(decl)) return enumType(new EnumRef(decl), ctx);
  if (ts.isTypeAliasDeclaration(decl)) {
    if (seen.has(decl)) return of('json');
    seen.add(decl);
    return readTsType(decl.type, ctx, seen);
  }
  return unresolved(full);
}

function enumType(ref: EnumRef, ctx: TsTypeContext): TsType {
  const values = ref.decl.members.map((m) => ctx.evaluator.member(ref, nameText(m.name) ?? '', m, {}));
  if (values.every((v): v is string => typeof v === 'string')) return of('string', values);
  if (values.every((v): v is number => typeof v === 'number')) return of('integer', values);
  return unresolved(ref.decl.name.text);
}

/** `Status.Active` as a type: the literal type of that enum member. */
function enumMemberType(name: TS.QualifiedName, ctx: TsTypeContext): TsType | undefined {
  const left = ctx.evaluator.evaluate(name.left, {});
  if (!(left instanceof EnumRef)) return undefined;
  const value = ctx.evaluator.member(left, name.right.text, name, {});
  if (typeof value === 'string') return of('string', [value]);
  if (typeof value === 'number') return of('integer', [value]);
  return undefined;
}
