/**
 * Hand-written histories for static-replay.test.ts: common knex schema-builder calls (and the SQL
 * the renderer writes) that the static replay must reproduce exactly, and histories it must refuse.
 */
import type { Knex } from 'knex';
import type { StaticStep } from '../static-replay';

export type Body = (knex: Knex) => Promise<unknown>;

export const steps = (...bodies: Body[]): StaticStep[] => bodies.map((body, i) => ({ revision: `r${i}`, upgrade: async (knex) => void (await body(knex)) }));

/** Histories the static replay must reproduce exactly. */
export const EXACT: Record<string, Body[]> = {
  'common column types': [
    (k) =>
      k.schema.createTable('everything', (t) => {
        t.increments();
        t.string('s');
        t.string('s50', 50).notNullable();
        t.text('body');
        t.integer('i');
        t.bigInteger('big');
        t.smallint('small');
        t.tinyint('tiny');
        t.boolean('flag');
        t.decimal('money', 12, 2);
        t.decimal('plain', null as unknown as number);
        t.decimal('dflt');
        t.float('f');
        t.double('d');
        t.date('day');
        t.datetime('at');
        t.timestamp('ts', { useTz: false });
        t.timestamp('ts3', { useTz: true, precision: 3 });
        t.timestamp('ts0', { precision: 0 });
        t.time('clock');
        t.uuid('uid');
        t.json('doc');
        t.jsonb('docb');
        t.binary('blob');
        t.specificType('tags', 'text[]');
        t.specificType('code', 'char(2)');
        t.specificType('n', 'numeric(10)');
        t.specificType('tstz', 'timestamp(2) with time zone');
        t.specificType('seq', 'bigserial');
      }),
  ],
  'timestamps() and defaults': [
    (k) =>
      k.schema.createTable('stamped', (t) => {
        t.bigIncrements('id');
        t.timestamps();
        t.string('state').notNullable().defaultTo('new');
        t.integer('count').defaultTo(0);
        t.integer('neg').defaultTo(-5);
        t.bigInteger('big').defaultTo(12);
        t.double('ratio').defaultTo(1);
        t.boolean('on').defaultTo(true);
        t.boolean('off').notNullable().defaultTo(false);
        t.text('nothing').defaultTo(null);
        t.timestamp('created', { useTz: true }).defaultTo(k.fn.now());
        t.timestamp('updated').defaultTo(k.raw('now()'));
        t.date('born').defaultTo(k.raw('CURRENT_DATE'));
        t.uuid('token').defaultTo(k.raw('gen_random_uuid()'));
        t.jsonb('meta').defaultTo({ a: 1, b: [true, null] });
        t.json('list').defaultTo(k.raw(`'[1, 2]'::json`));
        t.jsonb('cfg').defaultTo(k.raw(`'{"x": "y"}'::jsonb`));
        t.decimal('price', 8, 2).defaultTo(1.5);
        t.decimal('rate', 6, 3).defaultTo(-0.125);
        t.specificType('any_scale', 'numeric').defaultTo(3.14159);
        t.decimal('whole', 10, 0).defaultTo(42);
      }),
    (k) => k.schema.alterTable('stamped', (t) => t.timestamps(true, true, true)),
  ],
  'keys, uniques, indexes and foreign keys': [
    (k) =>
      k.schema.createTable('users', (t) => {
        t.increments('id');
        t.string('email').notNullable().unique();
        t.string('handle').index();
        t.string('first');
        t.string('last');
        t.unique(['first', 'last'], { indexName: 'users_full_name' });
        t.index(['last', 'first'], 'users_by_last');
        t.index('email', undefined, 'hash');
        t.index(['first'], 'users_first_unique', { indexType: 'unique' });
        t.unique(['handle'], { indexName: 'handle_idx', useConstraint: false });
      }),
    (k) =>
      k.schema.createTable('posts', (t) => {
        t.bigIncrements('id');
        t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
        t.integer('editor_id').references('users.id').onUpdate('set null').onDelete('restrict');
        t.integer('parent_id');
        t.foreign('parent_id').references('posts.id').onDelete('SET NULL');
        t.string('u_first');
        t.string('u_last');
        t.foreign(['u_first', 'u_last'], 'posts_author_fkey').references(['first', 'last']).inTable('users').onDelete('no action');
      }),
    (k) =>
      k.schema.createTable('pairs', (t) => {
        t.integer('a').notNullable();
        t.integer('b');
        t.primary(['a', 'b'], { constraintName: 'pairs_pk' });
        t.comment('pairs of things');
      }),
    (k) =>
      k.schema.createTable('named', (t) => {
        t.string('code', 10).primary();
        t.integer('n').comment('a number');
      }),
  ],
  'alter tables: add, drop, rename, alter': [
    (k) =>
      k.schema.createTable('items', (t) => {
        t.increments('id');
        t.string('name', 20).notNullable();
        t.string('sku').unique();
        t.integer('qty').defaultTo(1).index();
        t.text('notes').comment('free text');
        t.integer('legacy');
      }),
    (k) =>
      k.schema.alterTable('items', (t) => {
        t.string('name', 100).notNullable().alter();
        t.bigInteger('qty').defaultTo(2).alter({ alterNullable: false });
        t.text('notes').comment('').alter();
        t.dropColumn('legacy');
        t.renameColumn('sku', 'code');
        t.decimal('price', 8, 2).notNullable().defaultTo(0).comment('in cents');
      }),
    (k) =>
      k.schema.table('items', (t) => {
        t.dropUnique(['sku'], 'items_sku_unique');
        t.dropIndex(['qty']);
        t.setNullable('name');
        t.dropNullable('code');
        t.comment('stock items');
      }),
    (k) => k.schema.renameTable('items', 'stock'),
    (k) => k.schema.alterTable('stock', (t) => t.index(['code', 'price'])),
  ],
  'drops and renames with foreign keys': [
    (k) => k.schema.createTable('a', (t) => t.increments('id')),
    (k) =>
      k.schema.createTable('b', (t) => {
        t.increments('id');
        t.integer('a_id').references('a.id');
        t.integer('gone');
        t.index(['a_id', 'gone'], 'b_pair');
      }),
    (k) => k.schema.renameTable('a', 'alpha'),
    (k) =>
      k.schema.alterTable('alpha', (t) => {
        t.renameColumn('id', 'alpha_id');
      }),
    (k) =>
      k.schema.alterTable('b', (t) => {
        t.dropColumn('gone');
        t.dropForeign('a_id');
        t.dropPrimary();
        t.primary(['id']);
      }),
    (k) => k.schema.dropTable('alpha'),
    (k) => k.schema.dropTableIfExists('never'),
    (k) => k.schema.createTable('c', (t) => t.integer('x')),
    (k) => k.schema.dropTableIfExists('c'),
    (k) => k.schema.createTableIfNotExists('d', (t) => t.string('y')),
  ],
  'enums and checks': [
    (k) =>
      k.schema.createTable('orders', (t) => {
        t.increments('id');
        t.enu('status', ['new', 'paid', 'it is']).notNullable().defaultTo('new');
        t.enu('kind', ['a', 'b'], { useNative: true, enumName: 'order_kind' });
        t.text('channel');
        t.text('Mixed');
        t.check(`"channel" IN ('web', 'shop')`, [], 'orders_channel_check');
        t.check(`"Mixed" in ('x')`, [], '"Orders_Mixed"');
      }),
    (k) =>
      k.schema.createTable('returns', (t) => {
        t.enu('kind', null as unknown as string[], { useNative: true, enumName: 'order_kind', existingType: true });
        t.text('reason');
      }),
    (k) => k.schema.alterTable('returns', (t) => t.check(`(reason = ANY (ARRAY['broken'::text, 'late'::text]))`, [], 'returns_reason_check')),
    (k) => k.schema.alterTable('orders', (t) => t.renameColumn('status', 'state')),
    (k) => k.schema.alterTable('orders', (t) => t.dropChecks(['orders_channel_check'])),
  ],
  'comparison checks': [
    (k) =>
      k.schema.createTable('limits', (t) => {
        t.text('title').notNullable();
        t.integer('n');
        t.bigInteger('big');
        t.smallint('small');
        t.check(`title <> ''`, [], 'limits_title_check');
        t.check(`"n" > 0`, [], 'limits_n_positive');
        t.check('(big >= -1)', [], 'limits_big_check');
        t.check('small != 7', [], 'limits_small_check');
      }),
    (k) => k.schema.alterTable('limits', (t) => t.check(`(title = 'x'::text)`, [], 'limits_title_x')),
    (k) => k.schema.alterTable('limits', (t) => t.renameColumn('n', 'count')),
  ],
  'a primary key dropped from a column that was nullable': [
    (k) =>
      k.schema.createTable('keyed', (t) => {
        t.integer('a');
        t.integer('b').nullable();
        t.string('c').notNullable();
        t.primary(['a', 'b']);
      }),
    (k) => k.schema.alterTable('keyed', (t) => t.dropPrimary()),
    (k) => k.schema.alterTable('keyed', (t) => t.primary(['c'], { constraintName: 'keyed_c' })),
    (k) => k.schema.alterTable('keyed', (t) => t.dropPrimary('keyed_c')),
  ],
  'increments() next to primary()': [
    (k) =>
      k.schema.createTable('inc', (t) => {
        t.increments('id');
        t.string('code');
        t.primary(['code']);
      }),
    (k) => k.schema.createTable('inc2', (t) => t.increments('id', { primaryKey: false })),
    (k) => k.schema.alterTable('inc2', (t) => t.bigIncrements('other')),
  ],
  'a primary key on a column declared nullable': [
    (k) =>
      k.schema.createTable('nk', (t) => {
        t.integer('a').nullable();
        t.primary(['a']);
      }),
  ],
  'alter() of columns next to keys and defaults': [
    (k) => k.schema.createTable('ak', (t) => { t.integer('a').primary(); t.integer('r'); }),
    (k) => k.schema.createTable('rk', (t) => { t.integer('a').references('ak.a'); }),
    (k) => k.schema.alterTable('ak', (t) => { t.bigInteger('r').alter(); t.string('x', 5).defaultTo('abc'); }),
    (k) => k.schema.alterTable('ak', (t) => { t.text('x').alter(); }),
  ],
  'hasTable and hasColumn guards': [
    async (k) => {
      if (!(await k.schema.hasTable('guarded'))) await k.schema.createTable('guarded', (t) => t.increments());
      if (await k.schema.hasTable('missing')) await k.schema.createTable('wrong', (t) => t.increments());
      if (!(await k.schema.hasColumn('guarded', 'extra'))) await k.schema.alterTable('guarded', (t) => t.string('extra'));
    },
  ],
  'SQL the renderer writes with knex.raw': [
    (k) =>
      k.schema.createTable('t', (t) => {
        t.increments('id');
        t.integer('n').notNullable();
        t.string('label', 20);
        t.specificType('counter', 'serial');
      }),
    (k) => k.raw('ALTER TABLE "t" ALTER COLUMN "id" TYPE bigint'),
    (k) => k.raw(`DO $mig$ BEGIN IF pg_get_serial_sequence('"t"', 'id') IS NOT NULL THEN EXECUTE format('ALTER SEQUENCE %s AS bigint', pg_get_serial_sequence('"t"', 'id')); END IF; END $mig$`),
    (k) => k.raw('ALTER TABLE "t" ALTER COLUMN "n" DROP NOT NULL'),
    (k) => k.raw('ALTER TABLE "t" ALTER COLUMN "label" SET NOT NULL'),
    (k) => k.raw(`COMMENT ON COLUMN "t"."n" IS 'it''s a number'`),
    (k) => k.raw(`COMMENT ON COLUMN "t"."label" IS U&'what\\003F'`),
    (k) => k.raw(`COMMENT ON TABLE "t" IS 'the ''t'' table'`),
    (k) => k.raw('CREATE UNIQUE INDEX "t_label_idx" ON "t" USING btree ("label", "n")'),
    (k) => k.raw('CREATE INDEX "t_n_hash" ON "t" USING hash ("n")'),
    (k) => k.raw('ALTER TABLE "t" ALTER COLUMN "counter" TYPE integer'),
  ],
  'data writes leave the schema alone': [
    (k) => k.schema.createTable('seeded', (t) => t.string('name')),
    async (k) => {
      await k('seeded').insert({ name: 'a' });
      await k('seeded').where({ name: 'a' }).update({ name: 'b' });
      await k('seeded').del();
    },
  ],
};

/** Histories the static replay must refuse (the database replay serves them). */
export const GIVES_UP: Record<string, Body[]> = {
  'arbitrary raw SQL': [(k) => k.raw('CREATE TABLE raw_made (id int)')],
  'a query whose result matters': [
    (k) => k.schema.createTable('q', (t) => t.integer('n')),
    async (k) => {
      const rows = await k('q').select('n');
      if (rows.length === 0) await k.schema.alterTable('q', (t) => t.integer('m'));
    },
  ],
  'an expression default': [(k) => k.schema.createTable('e', (t) => t.integer('n').defaultTo(k.raw('1 + 1')))],
  'a check it cannot print': [(k) => k.schema.createTable('c', (t) => t.integer('n').checkPositive())],
  'a comparison on a numeric column': [(k) => k.schema.createTable('c', (t) => {
    t.decimal('price');
    t.check('price < 1000', [], 'c_price_check');
  })],
  'a partial index': [(k) => k.schema.createTable('p', (t) => t.integer('n').index(undefined, { predicate: k.whereNotNull('n') } as never))],
  'an unknown column type': [(k) => k.schema.createTable('g', (t) => t.geometry('shape'))],
  'a schema other than public': [(k) => k.schema.withSchema('other').createTable('w', (t) => t.integer('n'))],
  'a revision that catches a refusal': [
    async (k) => {
      try {
        await k.raw('SELECT 1');
      } catch {
        // ignored on purpose: the replay must still give up
      }
      await k.schema.createTable('after', (t) => t.integer('n'));
    },
  ],
  'a default PostgreSQL rounds': [(k) => k.schema.createTable('r', (t) => t.decimal('n', 8, 2).defaultTo(1.555))],
  'a CHECK on a varchar column': [(k) => k.schema.createTable('v', (t) => {
    t.string('s');
    t.check(`"s" IN ('a')`, [], 'v_s_check');
  })],
  'createTableIfNotExists on an existing table': [
    (k) => k.schema.createTable('twice', (t) => t.integer('n')),
    (k) => k.schema.createTableIfNotExists('twice', (t) => t.integer('n').unique()),
  ],
  'a NOT NULL column added after rows were written': [
    (k) => k.schema.createTable('rows', (t) => t.string('name')),
    (k) => k('rows').insert({ name: 'a' }),
    (k) => k.schema.alterTable('rows', (t) => t.integer('n').notNullable()),
  ],
  'a name PostgreSQL would truncate': [(k) => k.schema.createTable('x'.repeat(70), (t) => t.integer('n'))],
  'dropping a table others reference': [
    (k) => k.schema.createTable('parent', (t) => t.increments()),
    (k) => k.schema.createTable('child', (t) => t.integer('p').references('parent.id')),
    (k) => k.schema.dropTable('parent'),
  ],
};
