/**
 * Histories written by mig's own differ and renderer (what autogenerate puts in revision files),
 * one revision per schema version, covering every op kind: the static replay must build exactly
 * what PGlite builds from them.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, col, fk, index, schema, serial, table } from '../diff/test-support/builders';
import { diffSchemas } from '../diff/diff-schemas';
import { renderOps } from '../render';
import type { Schema } from '../schema/schema';
import type { StaticStep } from './static-replay';
import { openReplayDatabase, type ReplayDatabase } from './test-support/differential';

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (arg: string, body: string) => (knex: Knex) => Promise<void>;

/** One revision per step between consecutive versions, its body rendered as autogenerate renders it. */
function renderedHistory(versions: readonly Schema[]): StaticStep[] {
  return versions.slice(1).map((to, i) => {
    const { ops } = diffSchemas(versions[i], to);
    const body = renderOps(ops, 'postgres', { indent: '' }).upgrades;
    return { revision: `v${i + 1}`, upgrade: new AsyncFunction('knex', body) };
  });
}

const statusCheck = (values: string[]) => check('accounts_status_check', `(status = ANY (ARRAY[${values.map((v) => `'${v}'::text`).join(', ')}]))`);

const v1 = schema([
  table(
    'accounts',
    [
      serial(),
      col('email', 'varchar(255)', { nullable: false }),
      col('name', 'text'),
      col('status', 'text', { nullable: false, default: { kind: 'literal', value: 'new' } }),
      col('score', 'integer', { default: { kind: 'literal', value: 0 } }),
      col('created_at', 'timestamptz', { nullable: false, default: { kind: 'raw', sql: 'now()' } }),
      col('meta', 'jsonb', { default: { kind: 'json', value: { tags: [] } } }),
      col('note', 'text', { comment: "it's a note?" }),
    ],
    {
      uniques: [{ name: 'accounts_email_key', columns: ['email'] }],
      indexes: [index('accounts_name_idx', ['name'])],
      checks: [statusCheck(['new', 'closed'])],
      comment: 'people',
    },
  ),
  table('posts', [{ ...serial(), type: 'bigint' }, col('account_id', 'integer', { nullable: false }), col('title', 'varchar(200)'), col('body', 'text', { comment: 'markdown' })], {
    primaryKey: { name: 'posts_pkey', columns: ['id'] },
    foreignKeys: [fk('posts_account_id_fkey', ['account_id'], 'accounts', { onDelete: 'CASCADE' })],
    indexes: [index('posts_title_hash', ['title'], { using: 'hash' }), index('posts_account_title', ['account_id', 'title'], { unique: true })],
  }),
  table('tags', [col('post_id', 'bigint', { nullable: false }), col('label', 'varchar(50)', { nullable: false })], {
    primaryKey: { name: 'tags_pkey', columns: ['post_id', 'label'] },
    foreignKeys: [fk('tags_post_id_fkey', ['post_id'], 'posts', { onUpdate: 'RESTRICT' })],
    comment: "the post's labels",
  }),
  table('counters', [col('name', 'text', { nullable: false }), col('n', 'integer', { nullable: false, autoIncrement: true })], {
    primaryKey: { name: 'counters_pkey', columns: ['name'] },
  }),
]);

const [accounts, posts, tags, counters] = v1.tables;

const v2 = schema([
  {
    ...accounts,
    columns: [
      accounts.columns[0],
      col('email', 'text', { nullable: false }),
      col('name', 'varchar(100)', { nullable: false, comment: 'display name' }),
      col('status', 'text', { nullable: false, default: { kind: 'literal', value: 'open' } }),
      col('score', 'bigint', { default: { kind: 'literal', value: 10 } }),
      accounts.columns[5],
      col('meta', 'jsonb'),
      col('note', 'text'),
      col('phone', 'varchar(20)'),
    ],
    uniques: [{ name: 'accounts_phone_key', columns: ['phone'] }],
    indexes: [index('accounts_email_name_idx', ['email', 'name'])],
    checks: [statusCheck(['open', 'new', 'closed'])],
    comment: 'account holders',
  },
  { ...posts, foreignKeys: [fk('posts_account_id_fkey', ['account_id'], 'accounts', { onDelete: 'SET NULL' })], indexes: [] },
  { ...tags, comment: undefined },
  { ...counters, columns: [counters.columns[0], col('n', 'bigint', { nullable: true, autoIncrement: true, comment: 'next' })] },
  table('audit', [{ ...serial(), type: 'bigint' }, col('at', 'timestamp', { nullable: false }), col('what', 'text')]),
]);

const v3 = schema([
  { ...v2.tables[0], checks: [], uniques: [] },
  v2.tables[1],
  { ...v2.tables[2], primaryKey: { name: 'tags_pk', columns: ['label', 'post_id'] } },
  v2.tables[3],
]);

describe('rendered histories against PGlite', () => {
  let db: ReplayDatabase;
  beforeAll(async () => {
    db = await openReplayDatabase();
  }, 60_000);
  afterAll(async () => db?.close());

  it('builds what PGlite builds from every kind of rendered op', async () => {
    const replays = await db.replay(renderedHistory([schema([]), v1, v2, v3]));
    expect(replays.database.error).toBeUndefined();
    expect(replays.static).toEqual({ ok: true, schema: replays.database.schema });
  });

  it('builds what PGlite builds when a history is undone table by table', async () => {
    const replays = await db.replay(renderedHistory([schema([]), v1, v2, v3, schema([v3.tables[3]]), schema([])]));
    expect(replays.database.error).toBeUndefined();
    expect(replays.static).toEqual({ ok: true, schema: replays.database.schema });
  });
});
