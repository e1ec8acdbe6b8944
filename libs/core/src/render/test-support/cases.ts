/**
 * Schema pairs whose diff, rendered, must run on PostgreSQL in both directions. Together they
 * produce every op kind (the execution test checks that). Inline and small on purpose.
 */
import type { Table } from '../../schema/schema';
import { check, col, fk, index, serial, table } from '../../diff/test-support/builders';

export interface RenderCase {
  readonly name: string;
  readonly from: Table[];
  readonly to: Table[];
  /** Config-style rename hints, `{ 'old': 'new', 'table.old': 'new' }`. */
  readonly renames?: Record<string, string>;
}

const everyType = table(
  'account',
  [
    serial(),
    col('name', 'varchar(50)', { nullable: false, default: { kind: 'literal', value: "it's" }, comment: 'Display name' }),
    col('bio', 'text'),
    col('created_at', 'timestamptz', { nullable: false, default: { kind: 'raw', sql: 'now()' } }),
    col('seen_at', 'timestamp'),
    col('meta', 'jsonb', { default: { kind: 'json', value: { a: [1, 'x'] } } }),
    col('raw_meta', 'json'),
    col('price', 'numeric(12,2)', { nullable: false, default: { kind: 'literal', value: 0 } }),
    col('flag', 'boolean', { nullable: false, default: { kind: 'literal', value: true } }),
    col('tags', 'text[]'),
    col('uid', 'uuid'),
    col('ratio', 'double precision'),
    col('approx', 'real'),
    col('blob', 'bytea'),
    col('day', 'date'),
    col('at_time', 'time'),
    col('big', 'bigint'),
    col('small', 'smallint'),
    col('code', 'char(3)'),
    col('status', 'text', { default: { kind: 'literal', value: 'new' } }),
  ],
  {
    uniques: [{ name: 'account_name_key', columns: ['name'] }],
    indexes: [index('account_created_at_idx', ['created_at'])],
    checks: [
      check('account_price_check', '"price" >= 0'),
      check('account_status_check', `"status" IN ('new', 'old')`, { enumOf: { column: 'status', values: ['new', 'old'] } }),
    ],
    comment: 'Accounts',
  },
);

const parent = table('parent', [serial(), col('name', 'text', { nullable: false })]);
const child = table('child', [serial(), col('parent_id', 'integer', { nullable: false }), col('label', 'varchar(100)')], {
  foreignKeys: [fk('child_parent_id_fkey', ['parent_id'], 'parent')],
});

const hostileTable = `we"ird'ta\\ble\${x}?`;
const hostileColumn = `co"l'\n?\\`;

export const RENDER_CASES: RenderCase[] = [
  { name: 'create and drop a table with every type', from: [], to: [everyType] },
  {
    name: 'create tables whose foreign keys form a cycle',
    from: [],
    to: [
      table('a', [serial(), col('b_id', 'integer')], { foreignKeys: [fk('a_b_id_fkey', ['b_id'], 'b')] }),
      table('b', [serial(), col('a_id', 'integer'), col('self_id', 'integer')], {
        foreignKeys: [fk('b_a_id_fkey', ['a_id'], 'a', { onDelete: 'CASCADE' }), fk('b_self_id_fkey', ['self_id'], 'b')],
      }),
    ],
  },
  { name: 'drop a table others depend on', from: [parent, child], to: [parent] },
  { name: 'rename a table (hint)', from: [parent, child], to: [table('parents', parent.columns), { ...child, foreignKeys: [fk('child_parent_id_fkey', ['parent_id'], 'parents')] }], renames: { parent: 'parents' } },
  {
    name: 'add, drop and rename columns',
    from: [table('item', [serial(), col('title', 'text'), col('old', 'integer')], { indexes: [index('item_title_idx', ['title'])] })],
    to: [table('item', [serial(), col('headline', 'text'), col('price', 'numeric(10,2)', { nullable: false, default: { kind: 'literal', value: 1.5 } })], { indexes: [index('item_title_idx', ['headline'])] })],
    renames: { 'item.title': 'headline' },
  },
  {
    name: 'alter type, nullability, default and comment',
    from: [table('item', [serial(), col('a', 'varchar(100)', { nullable: false }), col('b', 'text', { default: { kind: 'literal', value: 'x' } }), col('c', 'text', { comment: 'gone' }), col('d', 'text')])],
    to: [table('item', [serial(), col('a', 'varchar(50)'), col('b', 'text', { nullable: false, default: { kind: 'raw', sql: "'y'" } }), col('c', 'text'), col('d', 'integer', { comment: 'now a number' })])],
  },
  {
    name: 'alter a serial column',
    from: [table('item', [serial(), col('n', 'text')])],
    to: [table('item', [{ ...serial(), type: 'bigint', comment: 'the key' }, col('n', 'text')])],
  },
  {
    name: 'change the primary key',
    from: [table('pair', [col('a', 'integer', { nullable: false }), col('b', 'integer', { nullable: false })], { primaryKey: { name: 'pair_pkey', columns: ['a'] } })],
    to: [table('pair', [col('a', 'integer', { nullable: false }), col('b', 'integer', { nullable: false })], { primaryKey: { name: 'pair_pkey', columns: ['a', 'b'] } })],
  },
  {
    name: 'uniques and indexes',
    from: [table('doc', [serial(), col('slug', 'text'), col('body', 'text'), col('tags', 'text[]')], { uniques: [{ name: 'doc_body_key', columns: ['body'] }] })],
    to: [
      table('doc', [serial(), col('slug', 'text'), col('body', 'text'), col('tags', 'text[]')], {
        uniques: [{ name: 'doc_slug_key', columns: ['slug'] }],
        indexes: [
          index('doc_tags_idx', ['tags'], { using: 'gin' }),
          index('doc_lower_idx', ['lower(body)']),
          index('doc_live_slug_idx', ['slug'], { unique: true, where: `"body" IS NOT NULL` }),
        ],
      }),
    ],
  },
  {
    name: 'foreign key added, removed and its ON DELETE changed',
    from: [parent, child, table('note', [serial(), col('parent_id', 'integer')])],
    to: [parent, { ...child, foreignKeys: [fk('child_parent_id_fkey', ['parent_id'], 'parent', { onDelete: 'CASCADE' })] }, table('note', [serial(), col('parent_id', 'integer')], { foreignKeys: [fk('note_parent_id_fkey', ['parent_id'], 'parent')] })],
  },
  {
    name: 'checks added, removed and enum values changed',
    from: [table('t', [serial(), col('status', 'text'), col('n', 'integer')], { checks: [check('t_status_check', `"status" IN ('a', 'b')`), check('t_n_check', '"n" > 0')] })],
    to: [table('t', [serial(), col('status', 'text'), col('n', 'integer')], { checks: [check('t_status_check', `"status" IN ('a', 'b', 'c')`), check('t_n_small', '"n" < 100')] })],
  },
  {
    name: 'table comment set, changed and removed',
    from: [table('x', [serial()], { comment: 'old' }), table('y', [serial()])],
    to: [table('x', [serial()]), table('y', [serial()], { comment: "it's new?" })],
  },
  {
    name: 'a key others reference is rebuilt with its foreign keys',
    from: [table('code', [col('id', 'integer', { nullable: false })]), table('use', [serial(), col('code_id', 'integer')], { foreignKeys: [fk('use_code_id_fkey', ['code_id'], 'code')] })],
    to: [table('code', [col('id', 'bigint', { nullable: false })]), table('use', [serial(), col('code_id', 'bigint')], { foreignKeys: [fk('use_code_id_fkey', ['code_id'], 'code')] })],
  },
  {
    name: 'hostile identifiers and comments',
    from: [],
    to: [
      table(hostileTable, [
        serial(),
        col(hostileColumn, 'text', { default: { kind: 'literal', value: "a'b?c\\" }, comment: "it''s \"odd\" ? \\ ${x}\n" }),
        col('j', 'jsonb', { default: { kind: 'json', value: { 'k?': "v'" } } }),
      ], {
        comment: "table's ? comment",
        checks: [check(`chk"?'`, `"j" ? 'k?'`)],
        indexes: [index(`idx'"?`, [hostileColumn], { where: `"j" ? 'k'` })],
        uniques: [{ name: `uq\\'?`, columns: ['j'] }],
      }),
    ],
  },
  {
    name: 'hostile identifiers in renames, alters, indexes and checks',
    from: [table(`h"'?`, [serial(), col(`c?'"`, 'text'), col('gone', 'text')], { indexes: [index(`h_i?`, [`c?'"`])], checks: [check(`h_ck?`, `"c?'""" <> 'x?'`)] })],
    to: [
      table(`h"'?`, [serial(), col(`d?'"`, 'varchar(20)', { nullable: false, default: { kind: 'literal', value: 'q?' }, comment: "c'?" }), col('e\nf', 'integer', { default: { kind: 'literal', value: 1 } })], {
        indexes: [index(`h_i?`, [`d?'"`], { unique: true })],
        checks: [check(`h_ck?`, `"d?'""" <> 'y?'`)],
        comment: "x'?",
      }),
    ],
    renames: { [`h"'?.c?'"`]: `d?'"` },
  },
];
