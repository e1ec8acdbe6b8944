import { describe, expect, it } from 'vitest';
import { codes, columnLines, readInline } from './test-support/inline-models';

const model = (body: string, extra = '') => ({
  'models/m.ts': `import { Model } from 'objection';\n${extra}\nexport class M extends Model {\n  static override tableName = 'm';\n${body}\n}\n`,
});

describe('column types (MODELS.md §4)', () => {
  it('maps TypeScript declarations', async () => {
    const result = await readInline(
      model(`  id!: number;
  a!: string;
  b!: number;
  c!: bigint;
  d!: boolean;
  e!: Date;
  f!: Buffer;
  g!: string[];
  h!: number[];
  i!: boolean[];
  j!: { x: number };
  k!: Record<string, string>;
  l!: Settings;
  m!: 'x' | 'y';
  n!: Kind;
  o!: Array<string>;`, `interface Settings { theme: string }\nenum Kind { A = 'a', B = 'b' }`),
    );
    expect(columnLines(result)).toEqual([
      'm.id integer NOT NULL AUTO',
      'm.a text NOT NULL',
      'm.b integer NOT NULL',
      'm.c bigint NOT NULL',
      'm.d boolean NOT NULL',
      'm.e timestamptz NOT NULL',
      'm.f bytea NOT NULL',
      'm.g text[] NOT NULL',
      'm.h integer[] NOT NULL',
      'm.i boolean[] NOT NULL',
      'm.j jsonb NOT NULL',
      'm.k jsonb NOT NULL',
      'm.l jsonb NOT NULL',
      'm.m text NOT NULL',
      'm.n text NOT NULL',
      'm.o text[] NOT NULL',
    ]);
    expect(result.schema.tables[0].checks.map((c) => c.name)).toEqual(['m_m_check', 'm_n_check']);
  });

  it('maps jsonSchema types and formats, and lets jsonAttributes turn TS arrays into JSON', async () => {
    const result = await readInline(
      model(`  static override jsonAttributes = ['tags'];
  tags!: string[];
  static override jsonSchema = {
    type: 'object',
    properties: {
      n: { type: 'number' }, i: { type: 'integer' }, s: { type: 'string', maxLength: 12 },
      dt: { type: 'string', format: 'date-time' }, d: { type: 'string', format: 'date' }, t: { type: 'string', format: 'time' },
      u: { type: 'string', format: 'uuid' }, e: { type: 'string', format: 'email' }, b: { type: 'boolean' },
      o: { type: 'object' }, a: { type: 'array', items: { type: 'string' } }, on: { oneOf: [{ type: 'integer' }, { type: 'null' }] },
    },
  };`),
    );
    expect(columnLines(result)).toEqual([
      'm.id integer NOT NULL AUTO',
      'm.n double precision',
      'm.i integer',
      'm.s varchar(12)',
      'm.dt timestamptz',
      'm.d date',
      'm.t time',
      'm.u uuid',
      'm.e text',
      'm.b boolean',
      'm.o jsonb',
      'm.a jsonb',
      'm.on integer',
      'm.tags jsonb NOT NULL',
    ]);
  });

  it('uses the MySQL type table for dialect mysql', async () => {
    const result = await readInline(
      model(`  id!: number;
  name!: string;
  status!: 'a' | 'b';
  active!: boolean;
  at!: Date;
  data!: object;
  ref!: string;
  blob!: Buffer;
  static override jsonSchema = { type: 'object', properties: { ref: { type: 'string', format: 'uuid' }, long: { type: 'string', maxLength: 20000 } } };`),
      { dialect: 'mysql' },
    );
    expect(columnLines(result)).toEqual([
      'm.id int unsigned NOT NULL AUTO',
      'm.ref char(36) NOT NULL',
      'm.long text',
      'm.name varchar(255) NOT NULL',
      "m.status enum('a','b') NOT NULL",
      'm.active tinyint(1) NOT NULL',
      'm.at datetime NOT NULL',
      'm.data json NOT NULL',
      'm.blob longblob NOT NULL',
    ]);
    expect(result.schema.tables[0].primaryKey).toEqual({ name: 'PRIMARY', columns: ['id'] });
    expect(result.schema.tables[0].checks).toEqual([]);
  });

  it('uses varchar(255) for unbounded strings with stringDefault', async () => {
    const result = await readInline(model('  name!: string;'), { stringDefault: 'varchar(255)' });
    expect(columnLines(result)).toEqual(['m.id integer NOT NULL AUTO', 'm.name varchar(255) NOT NULL']);
  });
});

describe('nullability and defaults (MODELS.md §5, §6)', () => {
  it('is NOT NULL only when nothing admits null and something requires a value', async () => {
    const result = await readInline(
      model(`  a!: string;
  b?: string;
  c!: string | null;
  static override jsonSchema = {
    type: 'object',
    required: ['d'],
    properties: { d: { type: 'string' }, e: { type: 'string' }, f: { type: 'integer', default: 3 }, g: { type: 'integer', default: null } },
  };`),
    );
    expect(columnLines(result)).toEqual([
      'm.id integer NOT NULL AUTO',
      'm.d text NOT NULL',
      'm.e text',
      'm.f integer NOT NULL DEFAULT {"kind":"literal","value":3}',
      'm.g integer',
      'm.a text NOT NULL',
      'm.b text',
      'm.c text',
    ]);
  });

  it('takes a literal class-field initializer as default and warns about it', async () => {
    const result = await readInline(model(`  state = 'new';\n  tags: string[] = ['a'];`));
    expect(columnLines(result)).toEqual([
      'm.id integer NOT NULL AUTO',
      'm.state text NOT NULL DEFAULT {"kind":"literal","value":"new"}',
      'm.tags text[] NOT NULL DEFAULT {"kind":"literal","value":"{\\"a\\"}"}',
    ]);
    expect(codes(result)).toEqual(['MIG_MODEL_FIELD_INITIALIZER', 'MIG_MODEL_FIELD_INITIALIZER']);
  });
});

describe('primary keys (MODELS.md §7)', () => {
  it('creates an undeclared id as serial, and never auto-increments uuid or composite keys', async () => {
    const result = await readInline({
      'models/a.ts': `import { Model } from 'objection';\nexport class A extends Model { static override tableName = 'a'; }\n`,
      'models/b.ts': `import { Model } from 'objection';\nexport class B extends Model { static override tableName = 'b'; id!: string; static override jsonSchema = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } }; }\n`,
      'models/c.ts': `import { Model } from 'objection';\nexport class C extends Model { static override tableName = 'c'; static override idColumn = ['x', 'y']; x!: number; y!: number; }\n`,
      'models/d.ts': `import { Model } from 'objection';\nexport class D extends Model { static override tableName = 'd'; static override idColumn = null as unknown as string; name!: string; }\n`,
      'models/e.ts': `import { Model } from 'objection';\nexport class E extends Model {\n  static override tableName = 'e';\n  /** @dbType bigint */\n  id!: number;\n}\n`,
    });
    expect(columnLines(result)).toEqual([
      'a.id integer NOT NULL AUTO',
      'b.id uuid NOT NULL',
      'c.x integer NOT NULL',
      'c.y integer NOT NULL',
      'd.name text NOT NULL',
      'e.id bigint NOT NULL AUTO',
    ]);
    expect(result.schema.tables.map((t) => t.primaryKey?.columns)).toEqual([['id'], ['id'], ['x', 'y'], undefined, ['id']]);
  });
});

describe('column set (MODELS.md §3)', () => {
  it('leaves out relations, virtual attributes, $ names, accessors, model-typed and helper-typed properties', async () => {
    const result = await readInline({
      'models/m.ts': `import { Model, QueryBuilderType } from 'objection';
import { Other } from './other';
export class M extends Model {
  static override tableName = 'm';
  static override virtualAttributes = ['full'];
  id!: number;
  name!: string;
  full!: string;
  $meta?: string;
  other?: Other;
  others?: Other[];
  qb?: QueryBuilderType<M>;
  get upper() { return this.name.toUpperCase(); }
  static override relationMappings = { link: { relation: Model.HasManyRelation, modelClass: Other, join: { from: 'm.id', to: 'other.mId' } } };
  link?: Other[];
}
`,
      'models/other.ts': `import { Model } from 'objection';\nexport class Other extends Model { static override tableName = 'other'; id!: number; }\n`,
    });
    expect(columnLines(result)).toEqual(['m.id integer NOT NULL AUTO', 'm.name text NOT NULL', 'other.id integer NOT NULL AUTO', 'other.mId integer']);
  });
});

describe('warnings about inherited properties', () => {
  it('are reported once, at the base class, not once per subclass', async () => {
    const result = await readInline({
      'models/base.ts': `import { Model } from 'objection';\nexport class Base extends Model {\n  status = 'new';\n}\n`,
      'models/a.ts': `import { Base } from './base';\nexport class A extends Base { static override tableName = 'a'; }\n`,
      'models/b.ts': `import { Base } from './base';\nexport class B extends Base { static override tableName = 'b'; }\n`,
    });
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.message])).toEqual([
      ['MIG_MODEL_FIELD_INITIALIZER', 'models/base.ts', 3, 'Base.status has a class-field initializer'],
    ]);
    expect(columnLines(result)).toEqual([
      'a.id integer NOT NULL AUTO',
      'a.status text NOT NULL DEFAULT {"kind":"literal","value":"new"}',
      'b.id integer NOT NULL AUTO',
      'b.status text NOT NULL DEFAULT {"kind":"literal","value":"new"}',
    ]);
  });
});
