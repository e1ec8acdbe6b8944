import { describe, expect, it } from 'vitest';
import { describeOp } from '../ops/describe';
import type { Table } from '../schema/schema';
import { diffSchemas } from './diff-schemas';
import { check, col, fk, index, schema, serial, table } from './test-support/builders';

const doc = (extra: Partial<Table> = {}) => table('doc', [serial(), col('slug', 'text'), col('body', 'text'), col('owner_id', 'integer'), col('status', 'text')], extra);
const owner = table('owner', [serial()]);
const lines = (from: Partial<Table>, to: Partial<Table>) => diffSchemas(schema([owner, doc(from)]), schema([owner, doc(to)])).ops.map(describeOp);

describe('diffSchemas: keys, indexes, checks, comments', () => {
  it('adds and drops a primary key', () => {
    const noKey = { primaryKey: undefined };
    expect(lines(noKey, {})).toEqual(['add primary key doc_pkey on doc (id)']);
    expect(lines({}, noKey)).toEqual(['drop primary key doc_pkey on doc']);
    expect(lines({}, { primaryKey: { name: 'doc_pk', columns: ['id', 'slug'] } })).toEqual(['drop primary key doc_pkey on doc', 'add primary key doc_pk on doc (id, slug)']);
  });

  it('adds and drops unique constraints, whatever their names', () => {
    expect(lines({}, { uniques: [{ name: 'doc_slug_key', columns: ['slug'] }] })).toEqual(['add unique constraint doc_slug_key on doc (slug)']);
    expect(lines({ uniques: [{ name: 'doc_slug_unique', columns: ['slug'] }] }, {})).toEqual(['drop unique constraint doc_slug_unique on doc']);
    expect(lines({ uniques: [{ name: 'doc_slug_unique', columns: ['slug'] }] }, { uniques: [{ name: 'doc_slug_key', columns: ['slug'] }] })).toEqual([]);
  });

  it('sees a unique constraint and a plain unique index on the same columns as one', () => {
    expect(lines({ indexes: [index('doc_slug_unique', ['slug'], { unique: true })] }, { uniques: [{ name: 'doc_slug_key', columns: ['slug'] }] })).toEqual([]);
    expect(lines({ uniques: [{ name: 'doc_slug_key', columns: ['slug'] }] }, { indexes: [index('doc_slug_idx', ['slug'], { unique: true, where: 'body IS NULL' })] })).toEqual([
      'drop unique constraint doc_slug_key on doc',
      'add unique index doc_slug_idx on doc (slug)',
    ]);
  });

  it('adds and drops indexes by content: columns, method, predicate, expression', () => {
    expect(lines({}, { indexes: [index('doc_slug_idx', ['slug'])] })).toEqual(['add index doc_slug_idx on doc (slug)']);
    expect(lines({ indexes: [index('doc_slug_index', ['slug'])] }, {})).toEqual(['drop index doc_slug_index on doc']);
    expect(lines({ indexes: [index('doc_slug_index', ['slug'])] }, { indexes: [index('doc_slug_idx', ['slug'])] })).toEqual([]);
    expect(lines({ indexes: [index('i', ['slug'])] }, { indexes: [index('i', ['slug'], { using: 'hash' })] })).toHaveLength(2);
    expect(lines({ indexes: [index('i', ['slug'], { using: 'btree' })] }, { indexes: [index('j', ['slug'])] })).toEqual([]);
    expect(lines({ indexes: [index('i', ['slug'], { where: '(body IS NULL)' })] }, { indexes: [index('j', ['slug'], { where: '"body" IS NULL' })] })).toEqual([]);
    expect(lines({ indexes: [index('i', ['lower((body)::text)'])] }, { indexes: [index('j', ['lower(body)'])] })).toEqual([]);
  });

  it('adds and drops foreign keys, whatever their names', () => {
    const knexNamed = fk('doc_owner_id_foreign', ['owner_id'], 'owner');
    const pgNamed = fk('doc_owner_id_fkey', ['owner_id'], 'owner');
    expect(lines({}, { foreignKeys: [pgNamed] })).toEqual(['add foreign key doc.doc_owner_id_fkey (owner_id) → owner (id)']);
    expect(lines({ foreignKeys: [knexNamed] }, {})).toEqual(['drop foreign key doc.doc_owner_id_foreign']);
    expect(lines({ foreignKeys: [knexNamed] }, { foreignKeys: [pgNamed] })).toEqual([]);
    expect(lines({ foreignKeys: [{ ...knexNamed, onDelete: 'NO ACTION' }] }, { foreignKeys: [pgNamed] })).toEqual([]);
  });

  it('replaces a foreign key whose ON DELETE changed', () => {
    const before = fk('doc_owner_id_fkey', ['owner_id'], 'owner');
    expect(lines({ foreignKeys: [before] }, { foreignKeys: [{ ...before, onDelete: 'CASCADE' }] })).toEqual([
      'drop foreign key doc.doc_owner_id_fkey',
      'add foreign key doc.doc_owner_id_fkey (owner_id) → owner (id) on delete cascade',
    ]);
  });

  it('rebuilds an unchanged foreign key when a column at either end changes type', () => {
    const link = fk('doc_owner_id_fkey', ['owner_id'], 'owner');
    const from = schema([owner, doc({ foreignKeys: [link] })]);
    const to = schema([{ ...owner, columns: [{ ...serial(), type: 'bigint' }] }, { ...doc({ foreignKeys: [link] }), columns: doc().columns.map((c) => (c.name === 'owner_id' ? { ...c, type: 'bigint' } : c)) }]);
    expect(diffSchemas(from, to).ops.map((op) => op.kind)).toEqual(['dropForeignKey', 'alterColumn', 'alterColumn', 'addForeignKey']);
  });

  it('adds and drops checks by meaning, not by name or spelling', () => {
    expect(lines({}, { checks: [check('doc_slug_check', `"slug" <> ''`)] })).toEqual(['add check doc_slug_check on doc']);
    expect(lines({ checks: [check('doc_slug_check', `"slug" <> ''`)] }, {})).toEqual(['drop check doc_slug_check on doc']);
    expect(lines({ checks: [check('doc_slug_check', `(slug <> ''::text)`)] }, { checks: [check('other', `"slug" <> ''`)] })).toEqual([]);
  });

  it('replaces an enum check whose values changed, and not one whose spelling did', () => {
    const knexEnum = check('doc_status_check', `((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))`);
    const model = (values: string[]) => check('doc_status_check', `"status" IN (${values.map((v) => `'${v}'`).join(', ')})`, { enumOf: { column: 'status', values } });
    expect(lines({ checks: [knexEnum] }, { checks: [model(['b', 'a'])] })).toEqual([]);
    expect(lines({ checks: [knexEnum] }, { checks: [model(['a', 'b', 'c'])] })).toEqual(['drop check doc_status_check on doc', 'add check doc_status_check on doc']);
  });

  it('sets, changes and removes a table comment', () => {
    expect(diffSchemas(schema([doc()]), schema([doc({ comment: 'Docs' })])).ops).toEqual([{ kind: 'setTableComment', table: 'doc', to: 'Docs' }]);
    expect(diffSchemas(schema([doc({ comment: 'a' })]), schema([doc({ comment: 'b' })])).ops).toEqual([{ kind: 'setTableComment', table: 'doc', from: 'a', to: 'b' }]);
    expect(diffSchemas(schema([doc({ comment: 'a' })]), schema([doc()])).ops).toEqual([{ kind: 'setTableComment', table: 'doc', from: 'a' }]);
  });

  it('on MySQL, keeps the index the database made for a foreign key', () => {
    const link = fk('doc_owner_id_foreign', ['owner_id'], 'owner');
    const my = (extra: Partial<Table>) => schema([doc(extra)], 'mysql');
    expect(diffSchemas(my({ foreignKeys: [link], indexes: [index('doc_owner_id_foreign', ['owner_id'])] }), my({ foreignKeys: [link] })).ops).toEqual([]);
    expect(diffSchemas(schema([owner, doc({ foreignKeys: [link], indexes: [index('doc_owner_id_foreign', ['owner_id'])] })]), schema([owner, doc({ foreignKeys: [link] })])).ops).toHaveLength(1);
  });

  it('on MySQL, manages the index behind a foreign key that no own index serves, since a dropped key leaves it', () => {
    const link = fk('doc_owner_id_fkey', ['owner_id'], 'owner');
    const my = (extra: Partial<Table>) => schema([owner, doc(extra)], 'mysql');
    const myLines = (from: Partial<Table>, to: Partial<Table>) => diffSchemas(my(from), my(to)).ops.map(describeOp);
    expect(myLines({}, { foreignKeys: [link] })).toEqual(['add index doc_owner_id_fkey on doc (owner_id)', 'add foreign key doc.doc_owner_id_fkey (owner_id) → owner (id)']);
    expect(myLines({ foreignKeys: [link] }, {})).toEqual(['drop foreign key doc.doc_owner_id_fkey', 'drop index doc_owner_id_fkey on doc']);
    // A new action reuses the index; an own index leading with the columns serves the key instead.
    expect(myLines({ foreignKeys: [link] }, { foreignKeys: [{ ...link, onDelete: 'CASCADE' }] })).toEqual([
      'drop foreign key doc.doc_owner_id_fkey',
      'add foreign key doc.doc_owner_id_fkey (owner_id) → owner (id) on delete cascade',
    ]);
    const served = { indexes: [index('doc_owner_status_idx', ['owner_id', 'status'])] };
    expect(myLines(served, { ...served, foreignKeys: [link] })).toEqual(['add foreign key doc.doc_owner_id_fkey (owner_id) → owner (id)']);
    expect(lines({}, { foreignKeys: [link] })).toEqual(['add foreign key doc.doc_owner_id_fkey (owner_id) → owner (id)']);
  });

  it('puts column adds before the keys that need them, and key drops before column drops', () => {
    const from = schema([table('t', [serial(), col('old', 'text')], { uniques: [{ name: 't_old_key', columns: ['old'] }] })]);
    const to = schema([table('t', [serial(), col('email', 'text')], { uniques: [{ name: 't_email_key', columns: ['email'] }] })]);
    expect(diffSchemas(from, to).ops.map((op) => op.kind)).toEqual(['dropUnique', 'dropColumn', 'addColumn', 'addUnique']);
  });
});
