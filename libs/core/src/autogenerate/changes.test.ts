/**
 * One model change per step, as a developer makes them: edit a model, autogenerate, upgrade,
 * downgrade one step. Each step checks what autogenerate found, that the upgraded catalog is what
 * the models say, and that the downgrade gives back the catalog from before the step. The next
 * step's upgrade re-applies the revision the previous one downgraded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySchema, findTable, type Schema, type SchemaDialect, type Table } from '../schema/schema';
import { AUTOGEN_DIALECTS, createAutogenProject, differences, type AutogenProject } from './autogen-project';
import { initialShape, writeShape, type AppShape } from './change-models';

interface Step {
  readonly kind: string;
  edit(shape: AppShape): void;
  /** The changes autogenerate must report, in order. */
  readonly changes: readonly string[] | ((dialect: SchemaDialect) => readonly string[]);
  /** Warnings besides MIG_DIFF_DESTRUCTIVE, as `code table[.column]`. */
  readonly warnings?: readonly string[];
  /** What the upgraded catalog shows, beyond matching the models. */
  after?(schema: Schema, dialect: SchemaDialect): void;
}

const table = (schema: Schema, name: string): Table => {
  const found = findTable(schema, name);
  if (!found) throw new Error(`no table ${name} in ${schema.tables.map((t) => t.name).join(', ')}`);
  return found;
};
const column = (schema: Schema, t: string, c: string) => table(schema, t).columns.find((col) => col.name === c);

const STEPS: readonly Step[] = [
  {
    kind: 'add table',
    edit: () => {},
    changes: ['create table authors', 'create table books'],
    after: (s) => expect(table(s, 'books').foreignKeys.map((fk) => `${fk.name} → ${fk.referencedTable}`)).toEqual(['books_authorId_fkey → authors']),
  },
  {
    kind: 'add column, index, unique, foreign key, check, comments; add table',
    edit: (shape) => {
      shape.book.pages = ['@dbType integer', 'pages?: number;'];
      shape.book.metadata = ['metadata?: Record<string, unknown>;'];
      shape.hints.columns = `{ status: { default: 'draft' }, metadata: { default: {} }, editorId: { type: { postgres: 'integer', mysql: 'int unsigned' } } }`;
      shape.book.title = ['@dbIndex', "@dbCheck title <> ''", '@dbComment Shown on the cover', 'title!: string;'];
      shape.book.isbn = ['@dbUnique', 'isbn?: string;'];
      shape.bookDoc = ['@dbComment Books in print'];
      shape.relations.editor = `{ relation: Model.BelongsToOneRelation, modelClass: Author, join: { from: 'books.editorId', to: '$authors.id' } }`;
      shape.tags = true;
    },
    changes: (d) => [
      'add column books.pages',
      'add column books.metadata',
      'alter column books.title (comment)',
      'set comment on table books',
      'add unique constraint books_isbn_key on books (isbn)',
      'create table tags',
      'add index books_title_idx on books (title)',
      'add check books_title_check on books',
      // MySQL keeps the index behind a foreign key when the key goes: the revision owns it.
      ...(d === 'mysql' ? ['add index books_editorId_fkey on books (editorId)'] : []),
      'add foreign key books.books_editorId_fkey (editorId) → authors (id)',
    ],
    after: (s) => {
      const books = table(s, 'books');
      expect(books.comment).toBe('Books in print');
      expect(column(s, 'books', 'title')?.comment).toBe('Shown on the cover');
      expect(books.foreignKeys.map((fk) => fk.name).sort()).toEqual(['books_authorId_fkey', 'books_editorId_fkey']);
      expect(books.checks.map((c) => c.name)).toContain('books_title_check');
      expect(column(s, 'books', 'metadata')?.default).toEqual({ kind: 'json', value: {} });
    },
  },
  {
    kind: 'alter column type, nullability, default; foreign key onDelete; enum values; comments',
    edit: (shape) => {
      shape.book.pages = ['@dbType bigint', 'pages?: number;'];
      shape.book.title = ['@dbIndex', "@dbCheck title <> ''", '@dbComment Shown on the spine', 'title?: string;'];
      shape.book.status = [`status!: 'draft' | 'published' | 'archived';`];
      shape.bookDoc = ['@dbComment Books in print or out of it'];
      shape.hints.columns = `{ status: { default: 'published' }, metadata: { default: { tags: [] } }, editorId: { type: { postgres: 'integer', mysql: 'int unsigned' } } }`;
      shape.hints.relations = `{ author: { onDelete: 'CASCADE' } }`;
    },
    // PostgreSQL holds the enum in a CHECK, MySQL in the column type.
    changes: (d) =>
      d === 'postgres'
        ? [
            'drop foreign key books.books_authorId_fkey',
            'drop check books_status_check on books',
            'alter column books.title (nullable, comment)',
            "alter column books.status (default 'draft' → 'published')",
            'alter column books.pages (type integer → bigint)',
            'alter column books.metadata (default {} → {"tags":[]})',
            'set comment on table books',
            'add check books_status_check on books',
            'add foreign key books.books_authorId_fkey (authorId) → authors (id) on delete cascade',
          ]
        : [
            'drop foreign key books.books_authorId_fkey',
            'alter column books.title (nullable, comment)',
            "alter column books.status (type enum('draft','published') → enum('draft','published','archived'), default 'draft' → 'published')",
            'alter column books.pages (type int → bigint)',
            'alter column books.metadata (default {} → {"tags":[]})',
            'set comment on table books',
            'add foreign key books.books_authorId_fkey (authorId) → authors (id) on delete cascade',
          ],
    after: (s) => {
      expect(column(s, 'books', 'pages')?.type).toBe('bigint');
      expect(column(s, 'books', 'title')?.nullable).toBe(true);
      expect(column(s, 'books', 'status')?.default).toEqual({ kind: 'literal', value: 'published' });
      expect(column(s, 'books', 'metadata')?.default).toEqual({ kind: 'json', value: { tags: [] } });
      expect(table(s, 'books').foreignKeys.find((fk) => fk.name === 'books_authorId_fkey')?.onDelete).toBe('CASCADE');
    },
  },
  {
    kind: 'drop column, index, unique, foreign key, check, comments, table',
    edit: (shape) => {
      delete shape.book.pages;
      delete shape.book.metadata;
      shape.hints.columns = `{ status: { default: 'published' }, editorId: { type: { postgres: 'integer', mysql: 'int unsigned' } } }`;
      shape.book.title = ['title?: string;'];
      shape.book.isbn = ['isbn?: string;'];
      shape.bookDoc = [];
      delete shape.relations.editor;
      shape.tags = false;
    },
    changes: (d) => [
      'drop foreign key books.books_editorId_fkey',
      'drop table tags',
      'drop unique constraint books_isbn_key on books',
      'drop index books_title_idx on books',
      'drop check books_title_check on books',
      ...(d === 'mysql' ? ['drop index books_editorId_fkey on books'] : []),
      'drop column books.pages',
      'drop column books.metadata',
      'alter column books.title (no comment)',
      'remove comment on table books',
    ],
  },
  {
    kind: 'rename column and table with a hint',
    edit: (shape) => {
      shape.book.title = ['@renamedFrom title', 'heading?: string;'];
      shape.authors = 'writers';
      shape.authorDoc = ['@renamedFrom authors'];
    },
    changes: ['rename table authors to writers', 'rename column books.title to heading'],
    after: (s) => {
      expect(s.tables.map((t) => t.name)).toEqual(['books', 'writers']);
      expect(table(s, 'books').foreignKeys.map((fk) => fk.referencedTable)).toEqual(['writers']);
    },
  },
  {
    kind: 'rename column and table without a hint: add and drop, with a warning',
    edit: (shape) => {
      shape.book.title = ['caption?: string;'];
      shape.authors = 'people';
      shape.authorDoc = [];
    },
    changes: [
      'drop foreign key books.books_authorId_fkey',
      'drop table writers',
      'drop column books.heading',
      'add column books.caption',
      'create table people',
      'add foreign key books.books_authorId_fkey (authorId) → people (id) on delete cascade',
    ],
    warnings: ['MIG_DIFF_POSSIBLE_RENAME writers', 'MIG_DIFF_POSSIBLE_RENAME books.heading'],
  },
];

for (const dialect of AUTOGEN_DIALECTS) {
  describe(`model changes on ${dialect === 'postgres' ? 'PGlite and PostgreSQL' : 'MariaDB'}`, () => {
    let project: AutogenProject;
    const shape = initialShape();
    let before: Schema = emptySchema(dialect);
    beforeAll(async () => {
      project = await createAutogenProject(dialect, { prefix: 'changes' });
    });
    afterAll(async () => project?.remove());

    for (const step of STEPS) {
      it(`${step.kind}: autogenerates it, upgrades to the models, downgrades to the previous catalog`, async () => {
        step.edit(shape);
        writeShape(project, shape);
        const result = await project.revise(step.kind);
        expect(result.changes.map((c) => c.description)).toEqual(typeof step.changes === 'function' ? step.changes(dialect) : step.changes);
        const warnings = result.warnings.filter((w) => w.code !== 'MIG_DIFF_DESTRUCTIVE');
        expect(warnings.map((w) => `${w.code} ${w.table}${w.column ? `.${w.column}` : ''}`)).toEqual(step.warnings ?? []);
        expect(result.written).toBeDefined();

        const models = await project.readModels();
        let after: Schema | undefined;
        // The previous step's downgrade left each database one revision behind: this upgrade runs two.
        for (const target of project.targets) {
          await target.upgrade();
          after = await target.introspect();
          expect(differences(after, models), `${target.name} after upgrade`).toEqual([]);
          step.after?.(after, dialect);
          await target.downgrade('-1');
          expect(differences(await target.introspect(), before), `${target.name} after downgrade`).toEqual([]);
        }
        before = after!;
      });
    }

    it('ends at the models, with nothing left to autogenerate', async () => {
      for (const target of project.targets) await target.upgrade();
      expect(await project.check()).toMatchObject({ upToDate: true, changes: [] });
    });
  });
}
