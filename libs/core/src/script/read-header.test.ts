import { describe, expect, it } from 'vitest';
import { RevisionGraphError } from '../errors';
import { lexHeaderEntries } from './header-lexer';
import { readDocComment, readRevisionHeader } from './read-header';

const FILE = 'apps/api/migrations/versions/3512b954651e_add_account.ts';

const standard = `/** add account
 *
 * Revision ID: 3512b954651e
 * Revises: (base)
 * Create Date: 2026-11-23T10:00:00Z
 */
import type { Knex } from 'knex';

export const revision = '3512b954651e';
export const downRevision: string | string[] | null = null;
export const branchLabels: string[] = [];
export const dependsOn: string[] = [];

export async function upgrade(knex: Knex): Promise<void> {
  await knex.schema.createTable('account', (t) => t.increments('id'));
}
export async function downgrade(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account');
}
`;

/** The MIG_BAD_HEADER thrown for `source`, so tests can assert its line and hint. */
function badHeader(source: string): RevisionGraphError {
  try {
    readRevisionHeader(source, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(RevisionGraphError);
    expect((error as RevisionGraphError).code).toBe('MIG_BAD_HEADER');
    return error as RevisionGraphError;
  }
  throw new Error('expected MIG_BAD_HEADER');
}

describe('readRevisionHeader', () => {
  it('reads the file the template writes', () => {
    expect(readRevisionHeader(standard, FILE)).toEqual({
      id: '3512b954651e',
      downRevisions: [],
      branchLabels: [],
      dependsOn: [],
      message: 'add account',
      transactional: true,
      file: FILE,
      line: 9,
      createDate: '2026-11-23T10:00:00Z',
    });
  });

  it('reads a parent id, a merge, labels and dependsOn in any quoting', () => {
    const header = readRevisionHeader(
      [
        'export const revision = "ae1027a6acf"',
        "export const downRevision = ['3512b954651e', `27c6a30d7c24`,\n  \"1975ea83b712\",\n] as const",
        "export const branchLabels = 'accounts';",
        'export const dependsOn: readonly string[] = ["55af2cb1c267"] as const; // needs the audit table',
        'export const transaction = false;',
      ].join('\n'),
      FILE,
    );
    expect(header).toMatchObject({
      id: 'ae1027a6acf',
      downRevisions: ['3512b954651e', '27c6a30d7c24', '1975ea83b712'],
      branchLabels: ['accounts'],
      dependsOn: ['55af2cb1c267'],
      transactional: false,
      line: 1,
    });
    expect(header.message).toBeUndefined();
  });

  it('takes a single parent id as a one-element list', () => {
    const header = readRevisionHeader(standard.replace('null = null;', "null = '27c6a30d7c24';"), FILE);
    expect(header.downRevisions).toEqual(['27c6a30d7c24']);
  });

  it('ignores decoy exports in comments, strings, templates and regular expressions', () => {
    const source = `/** add account
 * export const revision = 'in-doc-comment';
 */
// export const revision = 'commented-out';
/* export const downRevision = 'in-block-comment'; */
const quoted = "export const revision = 'in-a-string'";
const template = \`\${quoted} \${ { a: 1 }.a }
export const revision = 'in-a-template'\`;
const pattern = /export const revision = '|"/;
export const revision = 'real';
export const downRevision = null;
function later() {
  const text = \`export const dependsOn = ['\${quoted}']\`;
}
`;
    const header = readRevisionHeader(source, FILE);
    expect(header).toMatchObject({ id: 'real', downRevisions: [], dependsOn: [], line: 10, message: 'add account' });
    // The fast path coped on its own (a decoy would have sent it to the parser as a duplicate).
    expect(lexHeaderEntries(source)).toEqual({ revision: { value: 'real', line: 10 }, downRevision: { value: null, line: 11 } });
  });

  it('reads a CRLF checkout the same as LF', () => {
    expect(readRevisionHeader(standard.replace(/\n/g, '\r\n'), FILE)).toEqual(readRevisionHeader(standard, FILE));
  });

  it('reads CommonJS exports', () => {
    const members = "exports.revision = 'a1';\nmodule.exports.downRevision = ['b2'];\nexports.transaction = false;";
    expect(readRevisionHeader(members, 'v/a1.js')).toMatchObject({ id: 'a1', downRevisions: ['b2'], transactional: false, line: 1 });
    const object = "module.exports = {\n  revision: 'a1',\n  downRevision: null,\n  branchLabels: ['x'],\n  upgrade, downgrade,\n};";
    expect(readRevisionHeader(object, 'v/a1.cjs')).toMatchObject({ id: 'a1', downRevisions: [], branchLabels: ['x'], line: 2 });
  });

  describe('falls back to the TypeScript parser', () => {
    it('for a reference to a top-level constant, `as` and `satisfies`', () => {
      const source = "const REV = 'abc123';\nexport const revision = REV as string;\nexport const downRevision = (null satisfies string | null);";
      expect(lexHeaderEntries(source)).toBeUndefined();
      expect(readRevisionHeader(source, FILE)).toMatchObject({ id: 'abc123', downRevisions: [], line: 2 });
    });

    it('for escapes in strings', () => {
      const source = "export const revision = 'abc';\nexport const downRevision = null;\nexport const branchLabels = ['it\\u0027s'];";
      expect(lexHeaderEntries(source)).toBeUndefined();
      expect(readRevisionHeader(source, FILE).branchLabels).toEqual(["it's"]);
    });

    it('for several declarations in one statement', () => {
      const source = "export const revision = 'abc', downRevision = 'def';";
      expect(readRevisionHeader(source, FILE)).toMatchObject({ id: 'abc', downRevisions: ['def'] });
    });

    it('for a value continued on the next line', () => {
      expect(lexHeaderEntries("export const revision = 'ab'\n  + 'c';\nexport const downRevision = null;")).toBeUndefined();
    });
  });

  describe('MIG_BAD_HEADER', () => {
    it('when revision is missing, at line 1', () => {
      const error = badHeader('export const downRevision = null;\n');
      expect(error.line).toBe(1);
      expect(error.message).toContain(`${FILE}:1`);
      expect(error.message).toContain('`revision`');
      expect(error.hint).toContain("export const revision = '3512b954651e';");
    });

    it('when downRevision is missing, at the revision line', () => {
      const error = badHeader("// header\nexport const revision = 'abc';\n");
      expect(error.line).toBe(2);
      expect(error.hint).toContain('export const downRevision: string | string[] | null = null;');
    });

    it('when a key is declared twice, at the second declaration', () => {
      const error = badHeader("export const revision = 'abc';\nexport const downRevision = null;\nexport const revision = 'def';\n");
      expect(error.line).toBe(3);
      expect(error.message).toContain('declared twice (first at line 1)');
    });

    it('when a value is not a literal', () => {
      const error = badHeader("import { id } from './_ids';\nexport const revision = id();\nexport const downRevision = null;");
      expect(error.line).toBe(2);
      expect(error.message).toContain('must be a literal');
      expect(error.message).toContain('`id()`');
    });

    it('when a constant refers to another constant', () => {
      expect(badHeader("const A = 'x';\nconst B = A;\nexport const revision = B;\nexport const downRevision = null;").line).toBe(3);
    });

    it.each([
      ['', 'is empty'],
      ['ab cd', 'contains whitespace'],
      ['head', 'reserved word'],
      ['base', 'reserved word'],
      ['current', 'reserved word'],
      ['heads', 'reserved word'],
      ['feature@abc', '`@`'],
      ['a:b', '`:`'],
      ['+1', 'starts with'],
      ['-abc', 'starts with'],
    ])('when the revision id is %j', (id, reason) => {
      const error = badHeader(`// one\n// two\nexport const revision = '${id}';\nexport const downRevision = null;`);
      expect(error.line).toBe(3);
      expect(error.message).toContain(reason);
    });

    it('when downRevision is not a string, a list or null', () => {
      const error = badHeader("export const revision = 'abc';\n\nexport const downRevision = 42;");
      expect(error.line).toBe(3);
      expect(error.message).toContain('a string, a list of strings or null');
    });

    it('when a parent id is not a valid id', () => {
      expect(badHeader("export const revision = 'abc';\nexport const downRevision = ['def', 'head'];").line).toBe(2);
    });

    it('when branchLabels holds something other than strings', () => {
      const error = badHeader("export const revision = 'abc';\nexport const downRevision = null;\nexport const branchLabels = [1];");
      expect(error.line).toBe(3);
      expect(error.message).toContain('a string or a list of strings');
    });

    it('when transaction is not a boolean', () => {
      const error = badHeader("export const revision = 'abc';\nexport const downRevision = null;\nexport const transaction = 'no';");
      expect(error.line).toBe(3);
      expect(error.hint).toContain('export const transaction = false;');
    });
  });
});

describe('readDocComment', () => {
  it('takes the first non-empty line as the message, in either comment style', () => {
    expect(readDocComment('/**\n * add account\n *\n * Revision ID: x\n */')).toEqual({ message: 'add account' });
    expect(readDocComment('#!/usr/bin/env node\n/** add account */')).toEqual({ message: 'add account' });
  });

  it('unescapes `*/` and reads the create date', () => {
    expect(readDocComment('/** a *\\/ b\n * Create Date: 2026-01-02T03:04:05Z\n */')).toEqual({ message: 'a */ b', createDate: '2026-01-02T03:04:05Z' });
  });

  it('has no message when the comment starts with a field or there is no leading doc comment', () => {
    expect(readDocComment('/**\n * Revision ID: abc\n */')).toEqual({});
    expect(readDocComment("import x from 'y';\n/** later */")).toEqual({});
    expect(readDocComment('// a line comment\n')).toEqual({});
  });
});
