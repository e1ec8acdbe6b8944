import { describe, expect, it } from 'vitest';
import { codes, columnLines, readInline } from './test-support/inline-models';

const header = `import { Model } from 'objection';\n`;

describe('static evaluation of model statics', () => {
  it('follows constants imported through a barrel and string concatenation', async () => {
    const result = await readInline({
      'models/names.ts': `export const PREFIX = 'app_';\nexport const USERS = PREFIX + 'users';\n`,
      'models/index.ts': `export * from './names';\n`,
      'models/user.ts': `${header}import { USERS } from './index';\nexport class User extends Model { static override tableName = USERS; id!: number; }\n`,
    });
    expect(result.schema.tables.map((t) => t.name)).toEqual(['app_users']);
    expect(result.diagnostics).toEqual([]);
  });

  it('merges spread schema fragments, Object.assign and allOf in source order', async () => {
    const result = await readInline({
      'models/fragments.ts': `export const timestamps = { createdAt: { type: 'string', format: 'date-time' } } as const;\nexport const named = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 40 } } };\n`,
      'models/thing.ts': `${header}import { named, timestamps } from './fragments';
export class Thing extends Model {
  static override tableName = 'things';
  static override jsonSchema = Object.assign({}, {
    allOf: [named],
    properties: { ...timestamps, size: { type: 'integer' } },
  });
}
`,
    });
    expect(columnLines(result)).toEqual([
      'things.id integer NOT NULL AUTO',
      'things.name varchar(40) NOT NULL',
      'things.createdAt timestamptz',
      'things.size integer',
    ]);
  });

  it('reads super.jsonSchema in a getter and this.tableName in relation joins', async () => {
    const result = await readInline({
      'models/base.ts': `${header}export class Base extends Model {
  static override get jsonSchema() {
    return { type: 'object', properties: { createdAt: { type: 'string', format: 'date-time' } } };
  }
}
`,
      'models/parent.ts': `import { Base } from './base';\nexport class Parent extends Base { static override tableName = 'parents'; id!: number; }\n`,
      'models/child.ts': `${header}import { Base } from './base';
import { Parent } from './parent';
export class Child extends Base {
  static override tableName = 'children';
  static override get jsonSchema() {
    const base = super.jsonSchema;
    return { ...base, required: ['parentId'], properties: { ...base.properties, parentId: { type: 'integer' } } };
  }
  static override get relationMappings() {
    return { parent: { relation: Model.BelongsToOneRelation, modelClass: Parent, join: { from: \`\${this.tableName}.parentId\`, to: Parent.tableName + '.id' } } };
  }
}
`,
    });
    expect(columnLines(result)).toEqual([
      'children.id integer NOT NULL AUTO',
      'children.createdAt timestamptz',
      'children.parentId integer NOT NULL',
      'parents.id integer NOT NULL AUTO',
      'parents.createdAt timestamptz',
    ]);
    expect(result.schema.tables[0].foreignKeys.map((fk) => fk.name)).toEqual(['children_parentId_fkey']);
  });

  it('reads enum members and as-const / satisfies arrays as enum values', async () => {
    const result = await readInline({
      'models/status.ts': `export enum Status { Open = 'open', Done = 'done' }\nexport const SIZES = ['s', 'm'] as const;\n`,
      'models/task.ts': `${header}import { SIZES, Status } from './status';
export class Task extends Model {
  static override tableName = 'tasks';
  static override jsonSchema = {
    type: 'object',
    properties: {
      status: { type: 'string', enum: [Status.Open, Status.Done] },
      size: { type: 'string', enum: [...SIZES] satisfies string[] },
    },
  };
}
`,
    });
    expect(result.schema.tables[0].checks.map((c) => c.expression)).toEqual([`"size" IN ('s', 'm')`, `"status" IN ('open', 'done')`]);
  });

  it('treats a mixin call as transparent when an argument is a model class', async () => {
    const result = await readInline({
      'models/m.ts': `${header}const timestamped = <T>(base: T): T => base;\nexport class Note extends timestamped(Model) { static override tableName = 'notes'; id!: number; body!: string; }\n`,
    });
    expect(columnLines(result)).toEqual(['notes.id integer NOT NULL AUTO', 'notes.body text NOT NULL']);
  });

  it('falls back to TypeScript declarations with a warning when a getter is not a plain return', async () => {
    const result = await readInline({
      'models/m.ts': `${header}export class Flag extends Model {
  static override tableName = 'flags';
  on!: boolean;
  static override get jsonSchema() {
    if (process.env.STRICT) return { type: 'object', properties: { on: { type: 'string' } } };
    return { type: 'object', properties: { on: { type: 'string' } } };
  }
}
`,
    });
    expect(columnLines(result)).toEqual(['flags.id integer NOT NULL AUTO', 'flags.on boolean NOT NULL']);
    expect(codes(result)).toEqual(['MIG_MODEL_UNRESOLVED_VALUE']);
    expect(result.diagnostics[0].line).toBe(6); // the `if` that makes it dynamic
  });

  it('resolves base classes through tsconfig path aliases', async () => {
    const result = await readInline(
      {
        'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@shared/*': ['libs/shared/*'] } } }),
        'libs/shared/base.ts': `${header}export class Stamped extends Model { createdAt!: Date; }\n`,
        'models/post.ts': `import { Stamped } from '@shared/base';\nexport class Post extends Stamped { static override tableName = 'posts'; id!: number; }\n`,
      },
      {},
    );
    expect(columnLines(result)).toEqual(['posts.id integer NOT NULL AUTO', 'posts.createdAt timestamptz NOT NULL']);
  });

  it('reads path aliases from a tsconfig with comments and trailing commas, through `extends`', async () => {
    const result = await readInline({
      'tsconfig.base.json': `{\n  // shared options\n  "extends": "./tsconfig.paths",\n  "compilerOptions": { "strict": true, },\n}\n`,
      'tsconfig.paths.json': `{ /* aliases */ "compilerOptions": { "baseUrl": ".", "paths": { "@shared/*": ["libs/shared/*"], }, }, }`,
      'libs/shared/base.ts': `${header}export class Stamped extends Model { createdAt!: Date; }\n`,
      'models/post.ts': `import { Stamped } from '@shared/base';\nexport class Post extends Stamped { static override tableName = 'posts'; id!: number; }\n`,
    });
    expect(columnLines(result)).toEqual(['posts.id integer NOT NULL AUTO', 'posts.createdAt timestamptz NOT NULL']);
    expect(result.diagnostics).toEqual([]);
  });

  it('resolves modelClass given as a thunk, require().default, a __dirname path or a class expression', async () => {
    const result = await readInline({
      'models/owner.ts': `import { Model } from 'objection';
export default class Owner extends Model {
  static override tableName = 'owners';
  static override relationMappings = {
    a: { relation: Model.HasManyRelation, modelClass: () => require('./a').default, join: { from: 'owners.id', to: 'a.ownerId' } },
    b: { relation: Model.HasManyRelation, modelClass: \`\${__dirname}/b\`, join: { from: 'owners.id', to: 'b.ownerId' } },
  };
}
`,
      'models/a.ts': `import { Model } from 'objection';\nexport default class A extends Model { static override tableName = 'a'; }\n`,
      'models/b.ts': `import { Model } from 'objection';\nexport const B = class extends Model { static override tableName = 'b'; };\n`,
    });
    expect(result.schema.tables.flatMap((t) => t.foreignKeys.map((fk) => fk.name))).toEqual(['a_ownerId_fkey', 'b_ownerId_fkey']);
    expect(result.diagnostics).toEqual([]);
  });
});
