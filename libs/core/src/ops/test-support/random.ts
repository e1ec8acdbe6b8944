/**
 * Seeded random schema objects and ops for property tests (no fast-check in the workspace; a
 * failing seed reproduces exactly).
 */
import type { CheckConstraint, Column, DefaultValue, ForeignKey, Index, Origin, Table } from '../../schema/schema';
import { OP_KINDS, type Op, type OpKind } from '../ops';

export interface Random {
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32 */
export function random(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

const NAMES = ['id', 'name', 'title', 'owner_id', 'createdAt', 'we"ird', "it's", 'a b', 'x?y', 'total'];
const TYPES = ['integer', 'bigint', 'text', 'varchar(50)', 'varchar(255)', 'timestamptz', 'jsonb', 'boolean', 'numeric(12,2)', 'text[]'];
const DEFAULTS: DefaultValue[] = [
  { kind: 'literal', value: 'x' },
  { kind: 'literal', value: 0 },
  { kind: 'literal', value: true },
  { kind: 'raw', sql: 'now()' },
  { kind: 'json', value: { a: [1] } },
];

const maybe = <T extends object>(r: Random, p: number, value: T): T | object => (r.chance(p) ? value : {});
const origin = (r: Random): { origin?: Origin } => (r.chance(0.5) ? { origin: { file: `models/${r.pick(NAMES)}.ts`, line: r.int(200) + 1 } } : {});
const some = (r: Random, from: readonly string[], max = 3) => [...new Set(Array.from({ length: r.int(max) + 1 }, () => r.pick(from)))];

export function randomColumn(r: Random, name = r.pick(NAMES)): Column {
  return {
    name,
    type: r.pick(TYPES),
    nullable: r.chance(0.5),
    ...maybe(r, 0.3, { default: r.pick(DEFAULTS) }),
    ...maybe(r, 0.1, { autoIncrement: true }),
    ...maybe(r, 0.2, { comment: r.pick(NAMES) }),
    ...origin(r),
  };
}

export const randomIndex = (r: Random, columns: readonly string[]): Index => ({
  name: `idx_${r.int(1000)}`,
  columns: r.chance(0.2) ? ['lower(name)'] : some(r, columns),
  unique: r.chance(0.3),
  ...maybe(r, 0.2, { using: 'gin' }),
  ...maybe(r, 0.2, { where: '"name" IS NOT NULL' }),
  ...origin(r),
});

export const randomForeignKey = (r: Random, columns: readonly string[], tables: readonly string[]): ForeignKey => ({
  name: `fk_${r.int(1000)}`,
  columns: [r.pick(columns)],
  referencedTable: r.pick(tables),
  referencedColumns: ['id'],
  ...maybe(r, 0.3, { onDelete: r.pick(['CASCADE', 'SET NULL', 'RESTRICT'] as const) }),
  ...maybe(r, 0.2, { onUpdate: 'CASCADE' as const }),
  ...origin(r),
});

export const randomCheck = (r: Random, columns: readonly string[]): CheckConstraint =>
  r.chance(0.5)
    ? { name: `ck_${r.int(1000)}`, expression: `"${r.pick(columns)}" > ${r.int(10)}`, ...origin(r) }
    : { name: `ck_${r.int(1000)}`, expression: `"status" IN ('a', 'b')`, enumOf: { column: 'status', values: some(r, ['a', 'b', 'c']) } };

export function randomTable(r: Random, name: string, tables: readonly string[]): Table {
  const columns = [{ name: 'id', type: 'integer', nullable: false, autoIncrement: true }, ...[...new Set(some(r, NAMES.slice(1), 5))].map((n) => randomColumn(r, n))];
  const names = columns.map((c) => c.name);
  return {
    name,
    columns,
    // Every table keyed by id, and no other key on id alone: the foreign keys (all to id) stay valid.
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    uniques: r.chance(0.4) ? [{ name: `${name}_u`, columns: some(r, names.slice(1), 2), ...origin(r) }] : [],
    indexes: r.chance(0.5) ? [randomIndex(r, names.slice(1))] : [],
    foreignKeys: r.chance(0.5) ? [randomForeignKey(r, names, tables)] : [],
    checks: r.chance(0.4) ? [randomCheck(r, names)] : [],
    ...maybe(r, 0.3, { comment: `about ${name}` }),
    ...origin(r),
  };
}

/** A random op of `kind`, with random optional fields present or absent. */
export function randomOp(r: Random, kind: OpKind = r.pick(OP_KINDS)): Op {
  const table = r.pick(['account', 'order', 'we"ird']);
  const t = randomTable(r, table, ['account', 'order']);
  const names = t.columns.map((c) => c.name);
  const base = { table, ...origin(r) };
  const ops: { [K in OpKind]: () => Op } = {
    createTable: () => ({ kind, table: t, ...origin(r) }) as Op,
    dropTable: () => ({ kind, table: t, ...origin(r) }) as Op,
    renameTable: () => ({ kind: 'renameTable', from: table, to: `${table}_new`, ...origin(r) }),
    addColumn: () => ({ kind: 'addColumn', ...base, column: randomColumn(r) }),
    dropColumn: () => ({ kind: 'dropColumn', ...base, column: randomColumn(r) }),
    renameColumn: () => ({ kind: 'renameColumn', ...base, from: r.pick(NAMES), to: r.pick(NAMES) }),
    alterColumn: () => ({ kind: 'alterColumn', ...base, from: randomColumn(r, 'c'), to: randomColumn(r, 'c') }),
    addPrimaryKey: () => ({ kind: 'addPrimaryKey', ...base, primaryKey: { name: 'pk', columns: some(r, names) } }),
    dropPrimaryKey: () => ({ kind: 'dropPrimaryKey', ...base, primaryKey: { name: 'pk', columns: some(r, names) } }),
    addUnique: () => ({ kind: 'addUnique', ...base, unique: { name: 'u', columns: some(r, names) } }),
    dropUnique: () => ({ kind: 'dropUnique', ...base, unique: { name: 'u', columns: some(r, names) } }),
    addIndex: () => ({ kind: 'addIndex', ...base, index: randomIndex(r, names) }),
    dropIndex: () => ({ kind: 'dropIndex', ...base, index: randomIndex(r, names) }),
    addForeignKey: () => ({ kind: 'addForeignKey', ...base, foreignKey: randomForeignKey(r, names, ['account']) }),
    dropForeignKey: () => ({ kind: 'dropForeignKey', ...base, foreignKey: randomForeignKey(r, names, ['account']) }),
    addCheck: () => ({ kind: 'addCheck', ...base, check: randomCheck(r, names) }),
    dropCheck: () => ({ kind: 'dropCheck', ...base, check: randomCheck(r, names) }),
    setTableComment: () => ({ kind: 'setTableComment', ...base, ...maybe(r, 0.5, { from: 'old' }), ...maybe(r, 0.5, { to: 'new' }) }),
  };
  return ops[kind]();
}
