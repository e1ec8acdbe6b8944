import { describe, expect, it } from 'vitest';
import { codes, columnLines, readInline } from './test-support/inline-models';

const imports = `import { Model } from 'objection';\n`;
const fks = (result: Awaited<ReturnType<typeof readInline>>) =>
  result.schema.tables.flatMap((t) => t.foreignKeys.map((fk) => `${t.name}(${fk.columns.join(',')}) -> ${fk.referencedTable}(${fk.referencedColumns.join(',')})${fk.onDelete ? ` ON DELETE ${fk.onDelete}` : ''}`));

describe('foreign keys from relations (MODELS.md §8)', () => {
  it('puts the key on the side that does not hold the PK, whatever from/to order says', async () => {
    const result = await readInline({
      'models/user.ts': `${imports}import { Post } from './post';
export class User extends Model {
  static override tableName = 'users';
  id!: number;
  static override relationMappings = () => ({
    // from/to swapped on purpose: the table names decide which side is the owner.
    posts: { relation: Model.HasManyRelation, modelClass: Post, join: { from: 'posts.authorId', to: 'users.id' } },
  });
}
`,
      'models/post.ts': `${imports}export class Post extends Model { static override tableName = 'posts'; id!: number; authorId!: number; }\n`,
    });
    expect(fks(result)).toEqual(['posts(authorId) -> users(id)']);
    expect(result.diagnostics).toEqual([]);
  });

  it('follows the PKs when a HasOne is declared with the key on the owner, and warns', async () => {
    const result = await readInline({
      'models/a.ts': `${imports}import { B } from './b';
export class A extends Model {
  static override tableName = 'a';
  bId?: number;
  static override relationMappings = () => ({ b: { relation: Model.HasOneRelation, modelClass: B, join: { from: 'a.bId', to: 'b.id' } } });
}
`,
      'models/b.ts': `${imports}export class B extends Model { static override tableName = 'b'; }\n`,
    });
    expect(fks(result)).toEqual(['a(bId) -> b(id)']);
    expect(codes(result)).toEqual(['MIG_MODEL_RELATION_DIRECTION']);
  });

  it('uses the relation type when both sides are keys (one-to-one on the PK) and never auto-increments the FK', async () => {
    const result = await readInline({
      'models/profile.ts': `${imports}import { User } from './user';
export class Profile extends Model {
  static override tableName = 'profiles';
  static override idColumn = 'userId';
  bio?: string;
  static override relationMappings = () => ({ user: { relation: Model.BelongsToOneRelation, modelClass: User, join: { from: 'profiles.userId', to: 'users.id' } } });
}
`,
      'models/user.ts': `${imports}export class User extends Model {\n  static override tableName = 'users';\n  /** @dbType bigint */\n  id!: number;\n}\n`,
    });
    expect(fks(result)).toEqual(['profiles(userId) -> users(id)']);
    expect(columnLines(result)).toEqual(['profiles.userId bigint NOT NULL', 'profiles.bio text', 'users.id bigint NOT NULL AUTO']);
  });

  it('references a declared unique column and joins on composite keys', async () => {
    const result = await readInline({
      'models/country.ts': `${imports}export class Country extends Model {\n  static override tableName = 'countries';\n  id!: number;\n  /** @dbUnique */\n  code!: string;\n}\n`,
      'models/city.ts': `${imports}import { Country } from './country';
import { Region } from './region';
export class City extends Model {
  static override tableName = 'cities';
  countryCode!: string;
  regionA!: number;
  regionB!: number;
  static override relationMappings = () => ({
    country: { relation: Model.BelongsToOneRelation, modelClass: Country, join: { from: 'cities.countryCode', to: 'countries.code' } },
    region: { relation: Model.BelongsToOneRelation, modelClass: Region, join: { from: ['cities.regionA', 'cities.regionB'], to: ['regions.a', 'regions.b'] } },
  });
}
`,
      'models/region.ts': `${imports}export class Region extends Model { static override tableName = 'regions'; static override idColumn = ['a', 'b']; a!: number; b!: number; }\n`,
    });
    expect(fks(result)).toEqual(['cities(countryCode) -> countries(code)', 'cities(regionA,regionB) -> regions(a,b)']);
  });

  it('merges a relation declared on both sides into one key, keeping the explicit action', async () => {
    const result = await readInline({
      'models/a.ts': `${imports}import { B } from './b';
export class A extends Model {
  static override tableName = 'a';
  static override relationMappings = () => ({ bs: { relation: Model.HasManyRelation, modelClass: B, join: { from: 'a.id', to: 'b.aId' } } });
}
`,
      'models/b.ts': `${imports}import { A } from './a';
export class B extends Model {
  static override tableName = 'b';
  static dbHints = { relations: { a: { onDelete: 'CASCADE' } } };
  static override relationMappings = () => ({ a: { relation: Model.BelongsToOneRelation, modelClass: A, join: { from: 'b.aId', to: 'a.id' } } });
}
`,
    });
    expect(fks(result)).toEqual(['b(aId) -> a(id) ON DELETE CASCADE']);
    // aId is implied by the relations only: nullable, typed from a.id.
    expect(columnLines(result)).toEqual(['a.id integer NOT NULL AUTO', 'b.id integer NOT NULL AUTO', 'b.aId integer']);
  });

  it('types a foreign key from a chain of references (a PK that is itself a foreign key)', async () => {
    const result = await readInline({
      'models/root.ts': `${imports}export class Root extends Model {\n  static override tableName = 'roots';\n  /** @dbType bigint */\n  id!: number;\n}\n`,
      'models/mid.ts': `${imports}import { Root } from './root';
export class Mid extends Model {
  static override tableName = 'mids';
  static override idColumn = 'rootId';
  static override relationMappings = () => ({ root: { relation: Model.BelongsToOneRelation, modelClass: Root, join: { from: 'mids.rootId', to: 'roots.id' } } });
}
`,
      'models/leaf.ts': `${imports}import { Mid } from './mid';
export class Leaf extends Model {
  static override tableName = 'leaves';
  midId!: number;
  static override relationMappings = () => ({ mid: { relation: Model.BelongsToOneRelation, modelClass: Mid, join: { from: 'leaves.midId', to: 'mids.rootId' } } });
}
`,
    });
    expect(columnLines(result)).toEqual(['leaves.id integer NOT NULL AUTO', 'leaves.midId bigint NOT NULL', 'mids.rootId bigint NOT NULL', 'roots.id bigint NOT NULL AUTO']);
  });
});

describe('naming regimes (MODELS.md §2)', () => {
  const files = {
    'knexfile.ts': `import { knexSnakeCaseMappers } from 'objection';\nexport default { client: 'pg', ...knexSnakeCaseMappers({ underscoreBeforeDigits: true }) };\n`,
    'models/m.ts': `${imports}export class LineItem extends Model { static override tableName = 'lineItems'; static override idColumn = ['orderId', 'line1']; orderId!: number; line1!: number; unitPrice!: number; }\n`,
  };

  it('finds knexSnakeCaseMappers options in the knexfile with identifierMapping auto', async () => {
    const result = await readInline(files);
    expect(columnLines(result)).toEqual(['line_items.order_id integer NOT NULL', 'line_items.line_1 integer NOT NULL', 'line_items.unit_price integer NOT NULL']);
    expect(result.schema.tables[0].primaryKey).toEqual({ name: 'line_items_pkey', columns: ['order_id', 'line_1'] });
  });

  it('ignores the knexfile with identifierMapping none, and uses default options when told knexSnakeCaseMappers without one', async () => {
    expect(columnLines(await readInline(files, { identifierMapping: 'none' }))).toEqual([
      'lineItems.orderId integer NOT NULL',
      'lineItems.line1 integer NOT NULL',
      'lineItems.unitPrice integer NOT NULL',
    ]);
    const withoutKnexfile = { 'models/m.ts': files['models/m.ts'] };
    expect(columnLines(await readInline(withoutKnexfile, { identifierMapping: 'knexSnakeCaseMappers' }))).toEqual([
      'line_items.order_id integer NOT NULL',
      'line_items.line1 integer NOT NULL',
      'line_items.unit_price integer NOT NULL',
    ]);
  });
});

describe('models sharing a table (MODELS.md §1.1)', () => {
  it('unions the columns of a subclass that inherits the table name', async () => {
    const result = await readInline({
      'models/user.ts': `${imports}export class User extends Model { static override tableName = 'users'; id!: number; email!: string; }\n`,
      'models/admin.ts': `import { User } from './user';\nexport class Admin extends User { permissions?: string[]; }\n`,
    });
    expect(columnLines(result)).toEqual(['users.id integer NOT NULL AUTO', 'users.email text NOT NULL', 'users.permissions text[]']);
    expect(result.diagnostics).toEqual([]);
  });
});
