import { describe, expect, it } from 'vitest';
import { describeOp } from '../ops/describe';
import { diffSchemas } from './diff-schemas';
import { renameResolverFromHints } from './renames';
import { col, fk, schema, serial, table } from './test-support/builders';
import { DiffError } from './warnings';

const lines = (r: { ops: Parameters<typeof describeOp>[0][] }) => r.ops.map(describeOp);
const account = table('account', [serial(), col('name', 'text', { nullable: false })], { origin: { file: 'models/account.ts', line: 4 } });

describe('diffSchemas: tables', () => {
  it('finds nothing to do between equal schemas', () => {
    expect(diffSchemas(schema([account]), schema([account]))).toEqual({ ops: [], warnings: [] });
  });

  it('creates a new table, with its origin', () => {
    const { ops, warnings } = diffSchemas(schema([]), schema([account]));
    expect(ops).toEqual([{ kind: 'createTable', table: account, origin: { file: 'models/account.ts', line: 4 } }]);
    expect(warnings).toEqual([]);
  });

  it('drops a table the models no longer have, with a destructive warning', () => {
    const { ops, warnings } = diffSchemas(schema([account]), schema([]));
    expect(ops).toEqual([{ kind: 'dropTable', table: account }]);
    expect(warnings).toMatchObject([{ code: 'MIG_DIFF_DESTRUCTIVE', message: expect.stringContaining('drop table account') }]);
  });

  it('never touches a table the include filter leaves out', () => {
    const legacy = table('legacy', [serial()]);
    const include = (name: string) => name !== 'legacy';
    expect(diffSchemas(schema([legacy]), schema([]), { include }).ops).toEqual([]);
    expect(diffSchemas(schema([]), schema([legacy]), { include }).ops).toEqual([]);
    expect(diffSchemas(schema([legacy]), schema([{ ...legacy, comment: 'x' }]), { include }).ops).toEqual([]);
  });

  it('without a hint, a renamed table is a drop and a create, and the warning says how to hint it', () => {
    const { ops, warnings } = diffSchemas(schema([account]), schema([{ ...account, name: 'accounts' }]));
    expect(lines({ ops })).toEqual(['drop table account', 'create table accounts']);
    const rename = warnings.find((w) => w.code === 'MIG_DIFF_POSSIBLE_RENAME')!;
    expect(rename.message).toContain('account');
    expect(rename.hint).toContain('@renamedFrom account');
    expect(rename.hint).toContain(`renames: { 'account': 'accounts' }`);
  });

  it('renames a table hinted with renamedFrom, and compares the rest under the new name', () => {
    const to = schema([{ ...account, name: 'accounts', renamedFrom: 'account', comment: 'new' }]);
    const { ops, warnings } = diffSchemas(schema([account]), to, { renames: renameResolverFromHints(to) });
    expect(lines({ ops })).toEqual(['rename table account to accounts', 'set comment on table accounts']);
    expect(ops[0]).toMatchObject({ origin: { file: 'models/account.ts', line: 4 } });
    expect(warnings).toEqual([]);
  });

  it('renames a table hinted in config, and follows it in foreign keys pointing at it', () => {
    const order = table('order', [serial(), col('account_id', 'integer')], { foreignKeys: [fk('order_account_id_fkey', ['account_id'], 'account')] });
    const to = schema([{ ...account, name: 'accounts' }, { ...order, foreignKeys: [fk('order_account_id_fkey', ['account_id'], 'accounts')] }]);
    const { ops } = diffSchemas(schema([account, order]), to, { renames: renameResolverFromHints(to, { account: 'accounts' }) });
    expect(lines({ ops })).toEqual(['rename table account to accounts']);
  });

  it('ignores a rename hint whose source does not exist, with a warning', () => {
    const to = schema([{ ...account, name: 'accounts', renamedFrom: 'acct' }]);
    const { ops, warnings } = diffSchemas(schema([]), to, { renames: renameResolverFromHints(to) });
    expect(lines({ ops })).toEqual(['create table accounts']);
    expect(warnings).toMatchObject([{ code: 'MIG_DIFF_RENAME_IGNORED', message: expect.stringContaining('acct does not exist') }]);
  });

  it('stays quiet about a hint that was already applied', () => {
    const to = schema([{ ...account, renamedFrom: 'acct' }]);
    expect(diffSchemas(schema([account]), to, { renames: renameResolverFromHints(to) })).toEqual({ ops: [], warnings: [] });
  });

  it('creates tables of a foreign-key cycle first and adds the cycle keys after', () => {
    const a = table('a', [serial(), col('b_id', 'integer')], { foreignKeys: [fk('a_b_id_fkey', ['b_id'], 'b')] });
    const b = table('b', [serial(), col('a_id', 'integer')], { foreignKeys: [fk('b_a_id_fkey', ['a_id'], 'a')] });
    const c = table('c', [serial(), col('a_id', 'integer')], { foreignKeys: [fk('c_a_id_fkey', ['a_id'], 'a')] });
    const { ops } = diffSchemas(schema([]), schema([c, b, a]));
    expect(lines({ ops })).toEqual(['create table a', 'create table b', 'create table c', 'add foreign key a.a_b_id_fkey (b_id) → b (id)', 'add foreign key b.b_a_id_fkey (a_id) → a (id)']);
  });

  it('drops a foreign key into a dropped table before dropping it', () => {
    const order = table('order', [serial(), col('account_id', 'integer')], { foreignKeys: [fk('order_account_id_fkey', ['account_id'], 'account')] });
    const { ops } = diffSchemas(schema([account, order]), schema([{ ...order, foreignKeys: [] }]));
    expect(lines({ ops })).toEqual(['drop foreign key order.order_account_id_fkey', 'drop table account']);
  });

  it('refuses to compare two dialects', () => {
    expect(() => diffSchemas(schema([]), schema([], 'mysql'))).toThrow(DiffError);
  });
});
