import { describe, expect, it } from 'vitest';
import { OP_KINDS, type Op } from '../ops/ops';
import { random, randomOp } from '../ops/test-support/random';
import { check, col, fk, index, serial, table } from '../diff/test-support/builders';
import { RenderError } from './knex-names';
import { renderOps } from './render-ops';

const up = (ops: Op[], dialect: 'postgres' | 'mysql' = 'postgres') => renderOps(ops, dialect).upgrades;
const compiles = (body: string) => new Function('knex', `return (async () => {\n${body}\n})();`);

describe('renderOps', () => {
  it('renders every kind, for 1,000 random ops with hostile names, as code that parses', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const op = randomOp(random(seed), OP_KINDS[seed % OP_KINDS.length]);
      for (const dialect of ['postgres', 'mysql'] as const) {
        const { upgrades, downgrades } = renderOps([op], dialect);
        expect(upgrades, `seed ${seed}`).toMatch(/^ {2}\S/);
        expect(() => compiles(upgrades), `seed ${seed}: ${upgrades}`).not.toThrow();
        expect(() => compiles(downgrades), `seed ${seed}: ${downgrades}`).not.toThrow();
      }
    }
  });

  it('precedes an op with its model origin and a destructive one with a warning', () => {
    const body = up([{ kind: 'dropColumn', table: 'account', column: col('name', 'text'), origin: { file: 'apps/api/src/models/account.ts', line: 12 } }]);
    expect(body.split('\n')).toEqual([
      '  // from apps/api/src/models/account.ts:12',
      '  // WARNING: drops data (every value in the column is lost)',
      "  await knex.schema.alterTable('account', (table) => { table.dropColumn('name'); });",
    ]);
  });

  it('keeps a hostile origin inside its comment', () => {
    const body = up([{ kind: 'renameTable', from: 'a', to: 'b', origin: { file: 'x\nprocess.exit(1)\u2028y.ts', line: 1 } }]);
    expect(body.split('\n')[0]).toBe('  // from x process.exit(1) y.ts:1');
  });

  it('renders the downgrade from the reversed ops', () => {
    const { downgrades } = renderOps([{ kind: 'createTable', table: table('a', [serial()]) }, { kind: 'addColumn', table: 'b', column: col('c', 'text') }], 'postgres');
    expect(downgrades.split('\n').filter((l) => !l.includes('//'))).toEqual([
      "  await knex.schema.alterTable('b', (table) => { table.dropColumn('c'); });",
      "  await knex.schema.dropTable('a');",
    ]);
  });

  it('indents as asked', () => {
    expect(renderOps([{ kind: 'renameTable', from: 'a', to: 'b' }], 'postgres', { indent: '' }).upgrades).toBe("await knex.schema.renameTable('a', 'b');");
  });

  it('maps canonical PostgreSQL types to knex methods, and the rest to specificType', () => {
    const body = up([
      {
        kind: 'createTable',
        table: table('t', [
          serial(),
          col('a', 'varchar(50)', { nullable: false }),
          col('b', 'timestamptz'),
          col('c', 'timestamp'),
          col('d', 'numeric(12,2)'),
          col('e', 'text[]'),
          col('f', 'double precision'),
          col('g', 'real'),
          col('h', 'bytea'),
          col('i', 'bigint'),
          col('j', 'inet'),
        ]),
      },
    ]);
    for (const line of [
      "table.increments('id');",
      "table.string('a', 50).notNullable();",
      "table.timestamp('b', { useTz: true });",
      "table.timestamp('c', { useTz: false });",
      "table.decimal('d', 12, 2);",
      "table.specificType('e', 'text[]');",
      "table.double('f');",
      "table.float('g');",
      "table.binary('h');",
      "table.bigInteger('i');",
      "table.specificType('j', 'inet');",
    ]) {
      expect(body).toContain(line);
    }
  });

  it('uses increments only for a sole auto-increment key with the default name', () => {
    const composite = table('t', [serial(), col('b', 'integer', { nullable: false })], { primaryKey: { name: 't_pkey', columns: ['id', 'b'] } });
    expect(up([{ kind: 'createTable', table: composite }])).toContain("table.specificType('id', 'serial').notNullable();");
    expect(up([{ kind: 'createTable', table: composite }])).toContain("table.primary(['id', 'b'], { constraintName: 't_pkey' });");
    const named = table('t', [{ ...serial(), type: 'bigint' }], { primaryKey: { name: 'my_pk', columns: ['id'] } });
    expect(up([{ kind: 'createTable', table: named }])).toContain("table.bigIncrements('id', { primaryKey: false });");
    expect(up([{ kind: 'createTable', table: named }])).toContain("table.primary(['id'], { constraintName: 'my_pk' });");
  });

  it('passes no primary key name on MySQL, where every primary key is PRIMARY', () => {
    const composite = table('t', [col('a', 'int', { nullable: false }), col('b', 'int', { nullable: false })], { primaryKey: { name: 'PRIMARY', columns: ['a', 'b'] } });
    expect(up([{ kind: 'createTable', table: composite }], 'mysql')).toContain("table.primary(['a', 'b']);");
  });

  it('renders literal, raw and JSON defaults', () => {
    const body = up([
      { kind: 'addColumn', table: 't', column: col('a', 'text', { default: { kind: 'literal', value: 'x' } }) },
      { kind: 'addColumn', table: 't', column: col('b', 'integer', { default: { kind: 'literal', value: 0 } }) },
      { kind: 'addColumn', table: 't', column: col('c', 'boolean', { default: { kind: 'literal', value: false } }) },
      { kind: 'addColumn', table: 't', column: col('d', 'timestamptz', { default: { kind: 'raw', sql: 'now()' } }) },
      { kind: 'addColumn', table: 't', column: col('e', 'jsonb', { default: { kind: 'json', value: {} } }) },
    ]);
    expect(body).toContain(".defaultTo('x')");
    expect(body).toContain('.defaultTo(0)');
    expect(body).toContain('.defaultTo(false)');
    expect(body).toContain(".defaultTo(knex.raw('now()'))");
    expect(body).toContain(`.defaultTo(knex.raw('\\'{}\\'::jsonb'))`);
  });

  it('restates the whole column on alter, and alters only what changed', () => {
    const body = up([{ kind: 'alterColumn', table: 't', from: col('a', 'text', { nullable: false }), to: col('a', 'text', { nullable: false, default: { kind: 'literal', value: 'x' } }) }]);
    expect(body).toContain("table.text('a').notNullable().defaultTo('x').alter({ alterNullable: false, alterType: false });");
  });

  it('renders indexes with method, predicate and expressions, checks with quoted names', () => {
    const body = up([
      { kind: 'addIndex', table: 't', index: index('t_tags_idx', ['tags'], { using: 'gin' }) },
      { kind: 'addIndex', table: 't', index: index('t_live_idx', ['sku'], { unique: true, where: '"deletedAt" IS NULL' }) },
      { kind: 'addIndex', table: 't', index: index('t_lower_idx', ['lower(name)']) },
      { kind: 'addCheck', table: 't', check: check('t_price_check', '"price" >= 0') },
      { kind: 'dropCheck', table: 't', check: check('Check', '"price" >= 0') },
    ]);
    expect(body).toContain(`await knex.raw('CREATE INDEX "t_tags_idx" ON "t" USING gin ("tags")');`);
    expect(body).toContain(`table.index(['sku'], 't_live_idx', { indexType: 'unique', predicate: knex.whereRaw('"deletedAt" IS NULL') })`);
    expect(body).toContain("table.index([knex.raw('lower(name)')], 't_lower_idx')");
    expect(body).toContain(`table.check('"price" >= 0', [], 't_price_check')`);
    expect(body).toContain(`table.dropChecks(['"Check"'])`);
  });

  it('renders foreign keys with their actions', () => {
    expect(up([{ kind: 'addForeignKey', table: 'order', foreignKey: fk('order_account_id_fkey', ['account_id'], 'account', { onDelete: 'CASCADE', onUpdate: 'SET NULL' }) }])).toContain(
      "table.foreign(['account_id'], 'order_account_id_fkey').references(['id']).inTable('account').onDelete('CASCADE').onUpdate('SET NULL');",
    );
  });

  it('escapes ? for knex and spells it U& inside literals knex converts twice', () => {
    const body = up([{ kind: 'addColumn', table: 'a?b', column: col('c', 'text', { default: { kind: 'literal', value: 'why?' } }) }]);
    expect(body).toContain("alterTable('a\\\\?b'");
    expect(body).toContain("knex.raw('U&\\'why\\\\003F\\'')");
  });

  it('maps MySQL types: unsigned ints, tinyint(1), enum, datetime', () => {
    const body = up(
      [
        {
          kind: 'createTable',
          table: table('t', [{ name: 'id', type: 'int unsigned', nullable: false, autoIncrement: true }, col('a', 'tinyint(1)'), col('b', "enum('x','y')"), col('c', 'datetime'), col('d', 'int unsigned'), col('e', 'json', { default: { kind: 'json', value: [] } })]),
        },
      ],
      'mysql',
    );
    for (const line of ["table.increments('id');", "table.boolean('a');", "table.enu('b', ['x', 'y']);", "table.datetime('c');", "table.integer('d').unsigned();", "table.specificType('e', 'json').defaultTo(knex.raw('(\\'[]\\')'))"]) {
      expect(body).toContain(line);
    }
  });

  it('refuses names knex would trim, split or alias, and allows a schema-qualified table', () => {
    for (const name of [' padded', 'a.b', 'x as y', 'tail\n']) {
      expect(() => up([{ kind: 'addColumn', table: 't', column: col(name, 'text') }]), name).toThrow(RenderError);
    }
    const users = table('app.users', [serial()], { primaryKey: { name: 'users_pkey', columns: ['id'] } });
    expect(up([{ kind: 'dropTable', table: users }])).toContain("dropTable('app.users')");
    expect(renderOps([{ kind: 'dropTable', table: users }], 'postgres').downgrades).toContain("table.increments('id');");
  });
});
