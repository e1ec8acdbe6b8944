/**
 * The two-model app the change tests edit step by step: `Author` and `Book` (a foreign key from
 * books to authors), plus an optional `Tag`. Each step changes this shape a little; `write` turns
 * it into model files, as a developer would have edited them.
 */
import type { AutogenProject } from './autogen-project';

export interface AppShape {
  /** Author's table and class JSDoc lines (`@renamedFrom …`). */
  authors: string;
  authorDoc: string[];
  /** Book's properties in order: name → declaration, JSDoc lines first. */
  book: Record<string, string[]>;
  bookDoc: string[];
  /** Book's relationMappings entries (author, editor), as source; `$authors` is the authors table. */
  relations: Record<string, string>;
  /** Entries of Book's `static dbHints`, as source. */
  hints: Record<string, string>;
  /** Whether the Tag model exists. */
  tags: boolean;
}

export function initialShape(): AppShape {
  return {
    authors: 'authors',
    authorDoc: [],
    book: {
      id: ['id!: number;'],
      title: ['title!: string;'],
      isbn: ['isbn?: string;'],
      status: [`status!: 'draft' | 'published';`],
      authorId: ['authorId!: number;'],
      editorId: ['editorId?: number;'],
    },
    bookDoc: [],
    relations: {
      author: `{ relation: Model.BelongsToOneRelation, modelClass: Author, join: { from: 'books.authorId', to: '$authors.id' } }`,
    },
    hints: {
      // editorId references authors.id once the editor relation exists: its type must match from the start.
      columns: `{ status: { default: 'draft' }, editorId: { type: { postgres: 'integer', mysql: 'int unsigned' } } }`,
    },
    tags: false,
  };
}

const doc = (lines: string[], indent: string) => (lines.length === 0 ? [] : [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`), `${indent} */`]);

function authorSource(shape: AppShape): string {
  return [
    `import { Model } from 'objection';`,
    '',
    ...doc(shape.authorDoc, ''),
    'export class Author extends Model {',
    `  static override tableName = '${shape.authors}';`,
    '  id!: number;',
    '  name!: string;',
    '}',
    '',
  ].join('\n');
}

function bookSource(shape: AppShape): string {
  const props = Object.values(shape.book).flatMap((lines) => {
    const [decl, ...tags] = [lines[lines.length - 1], ...lines.slice(0, -1)];
    return [...doc(tags, '  '), `  ${decl}`];
  });
  const relations = Object.entries(shape.relations).map(([name, src]) => `    ${name}: ${src.replace(/\$authors/g, shape.authors)},`);
  const hints = Object.entries(shape.hints).map(([key, src]) => `    ${key}: ${src},`);
  return [
    `import { Model } from 'objection';`,
    `import { Author } from './author';`,
    '',
    ...doc(shape.bookDoc, ''),
    'export class Book extends Model {',
    `  static override tableName = 'books';`,
    ...props,
    '',
    '  static dbHints = {',
    ...hints,
    '  };',
    '',
    '  static override relationMappings = () => ({',
    ...relations,
    '  });',
    '}',
    '',
  ].join('\n');
}

const TAG_SOURCE = [
  `import { Model } from 'objection';`,
  '',
  'export class Tag extends Model {',
  `  static override tableName = 'tags';`,
  '  id!: number;',
  '  label!: string;',
  '}',
  '',
].join('\n');

/** Writes the shape's model files into the project (removing Tag when it is gone). */
export function writeShape(project: AutogenProject, shape: AppShape): void {
  project.writeModel('author.ts', authorSource(shape));
  project.writeModel('book.ts', bookSource(shape));
  if (shape.tags) project.writeModel('tag.ts', TAG_SOURCE);
  else project.removeModel('tag.ts');
}
