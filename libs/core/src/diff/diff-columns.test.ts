import { describe, expect, it } from 'vitest';
import { describeOp } from '../ops/describe';
import type { Column } from '../schema/schema';
import { diffSchemas } from './diff-schemas';
import { renameResolverFromHints } from './renames';
import { col, schema, serial, table } from './test-support/builders';

const item = (...columns: Column[]) => schema([table('item', [serial(), ...columns])]);
const diff = (from: Column[], to: Column[]) => diffSchemas(item(...from), item(...to));
const lines = (from: Column[], to: Column[]) => diff(from, to).ops.map(describeOp);

describe('diffSchemas: columns', () => {
  it('adds a column, with the model line as origin', () => {
    const name = col('name', 'text', { origin: { file: 'models/item.ts', line: 9 } });
    expect(diff([], [name]).ops).toEqual([{ kind: 'addColumn', table: 'item', column: name, origin: { file: 'models/item.ts', line: 9 } }]);
  });

  it('drops a column with the whole column in the op and a destructive warning', () => {
    const old = col('old', 'integer', { default: { kind: 'literal', value: 3 } });
    const { ops, warnings } = diff([old], []);
    expect(ops).toEqual([{ kind: 'dropColumn', table: 'item', column: old }]);
    expect(warnings).toMatchObject([{ code: 'MIG_DIFF_DESTRUCTIVE', message: expect.stringContaining('drop column item.old') }]);
  });

  it('alters a type, and warns when it narrows', () => {
    const { ops, warnings } = diff([col('a', 'varchar(100)')], [col('a', 'varchar(50)')]);
    expect(ops.map(describeOp)).toEqual(['alter column item.a (type varchar(100) → varchar(50))']);
    expect(warnings.map((w) => w.code)).toEqual(['MIG_DIFF_DESTRUCTIVE']);
    expect(diff([col('a', 'varchar(50)')], [col('a', 'text')]).warnings).toEqual([]);
  });

  it('alters nullability, and warns about NOT NULL without a default', () => {
    expect(lines([col('a', 'text')], [col('a', 'text', { nullable: false })])).toEqual(['alter column item.a (not null)']);
    expect(diff([col('a', 'text')], [col('a', 'text', { nullable: false })]).warnings[0]?.message).toContain('NOT NULL without a default');
    expect(diff([col('a', 'text')], [col('a', 'text', { nullable: false, default: { kind: 'literal', value: '' } })]).warnings).toEqual([]);
  });

  it('alters a default, and sees introspected spellings of the same default as equal', () => {
    expect(lines([col('a', 'text', { default: { kind: 'literal', value: 'x' } })], [col('a', 'text', { default: { kind: 'literal', value: 'y' } })])).toEqual([
      "alter column item.a (default 'x' → 'y')",
    ]);
    expect(lines([col('a', 'text', { default: { kind: 'raw', sql: "'x'::text" } })], [col('a', 'text', { default: { kind: 'literal', value: 'x' } })])).toEqual([]);
    expect(lines([col('t', 'timestamptz', { default: { kind: 'raw', sql: 'CURRENT_TIMESTAMP' } })], [col('t', 'timestamptz', { default: { kind: 'raw', sql: 'now()' } })])).toEqual([]);
    expect(lines([col('a', 'text', { default: { kind: 'literal', value: 'x' } })], [col('a', 'text')])).toEqual(["alter column item.a (default 'x' → none)"]);
  });

  it('alters a comment, and treats an empty comment as none', () => {
    expect(lines([col('a', 'text')], [col('a', 'text', { comment: 'hello' })])).toEqual(['alter column item.a (comment)']);
    expect(lines([col('a', 'text', { comment: '' })], [col('a', 'text')])).toEqual([]);
  });

  it('carries both versions of the column in an alter', () => {
    const from = col('a', 'integer', { default: { kind: 'raw', sql: "'1'::integer" } });
    const to = col('a', 'bigint', { default: { kind: 'literal', value: 1 }, renamedFrom: 'z' });
    expect(diff([from], [to]).ops).toEqual([{ kind: 'alterColumn', table: 'item', from, to: col('a', 'bigint', { default: { kind: 'literal', value: 1 } }) }]);
  });

  it('ignores the default of a serial column, and warns when auto-increment differs instead of altering', () => {
    const { ops, warnings } = diff([col('n', 'integer', { nullable: false })], [{ ...serial('n') }]);
    expect(ops).toEqual([]);
    expect(warnings).toMatchObject([{ code: 'MIG_DIFF_AUTO_INCREMENT', table: 'item', column: 'n' }]);
  });

  it('without a hint, a renamed column is add + drop with a warning naming @renamedFrom', () => {
    const { ops, warnings } = diff([col('title', 'text')], [col('headline', 'text')]);
    expect(ops.map(describeOp)).toEqual(['drop column item.title', 'add column item.headline']);
    const hint = warnings.find((w) => w.code === 'MIG_DIFF_POSSIBLE_RENAME')!;
    expect(hint).toMatchObject({ table: 'item', column: 'title' });
    expect(hint.message).toContain('item.headline');
    expect(hint.hint).toContain('@renamedFrom title');
  });

  it('renames a column hinted with renamedFrom, then alters what else changed', () => {
    const to = item(col('headline', 'varchar(80)', { renamedFrom: 'title' }));
    const { ops, warnings } = diffSchemas(item(col('title', 'text')), to, { renames: renameResolverFromHints(to) });
    expect(ops.map(describeOp)).toEqual(['rename column item.title to headline', 'alter column item.headline (type text → varchar(80))']);
    expect(warnings.map((w) => w.code)).toEqual(['MIG_DIFF_DESTRUCTIVE']);
  });

  it('renames a column hinted in config', () => {
    const to = item(col('headline', 'text'));
    const { ops } = diffSchemas(item(col('title', 'text')), to, { renames: renameResolverFromHints(to, { 'item.title': 'headline' }) });
    expect(ops.map(describeOp)).toEqual(['rename column item.title to headline']);
  });

  it('ignores a column hint whose source does not exist', () => {
    const to = item(col('headline', 'text', { renamedFrom: 'nope' }));
    const { ops, warnings } = diffSchemas(item(), to, { renames: renameResolverFromHints(to) });
    expect(ops.map(describeOp)).toEqual(['add column item.headline']);
    expect(warnings).toMatchObject([{ code: 'MIG_DIFF_RENAME_IGNORED', message: expect.stringContaining('column item.nope → headline') }]);
  });
});
