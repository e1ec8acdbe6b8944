import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { readRevisionHeader } from './read-header';
import { transpileToCommonJs } from './transpile';
import { newRevisionId, readRevisionTemplate, renderRevisionSource, revisionFileName, type RevisionSourceVars } from './write';

const template = readRevisionTemplate();
const base: RevisionSourceVars = { revision: '3512b954651e', downRevision: null, message: 'add account', createDate: '2026-11-23T10:00:00Z' };

function roundTrip(vars: RevisionSourceVars) {
  return readRevisionHeader(renderRevisionSource(template, vars), 'versions/x.ts');
}

function templateError(text: string): ConfigError {
  try {
    renderRevisionSource(text, base, { templateFile: 'apps/api/migrations/script.ts.ejs' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('MIG_TEMPLATE');
    return error as ConfigError;
  }
  throw new Error('expected MIG_TEMPLATE');
}

describe('renderRevisionSource', () => {
  it('writes the documented revision file format with the default template', () => {
    expect(renderRevisionSource(template, base)).toBe(`/** add account
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
  // TODO
}

export async function downgrade(knex: Knex): Promise<void> {
  // TODO
}
`);
  });

  it('indents the bodies and places extra imports after the knex import', () => {
    const source = renderRevisionSource(template, {
      ...base,
      imports: "import { audit } from './_helpers';",
      upgrades: "await knex.schema.createTable('account', (table) => {\n  table.increments('id');\n});\n\nawait audit(knex);",
      downgrades: "await knex.schema.dropTable('account');",
    });
    expect(source).toContain("import type { Knex } from 'knex';\nimport { audit } from './_helpers';\n\nexport const revision");
    expect(source).toContain("{\n  await knex.schema.createTable('account', (table) => {\n    table.increments('id');\n  });\n\n  await audit(knex);\n}");
    expect(source).toContain("{\n  await knex.schema.dropTable('account');\n}");
    expect(() => transpileToCommonJs(source, 'x.ts')).not.toThrow();
  });

  it('round-trips a base revision', () => {
    expect(roundTrip(base)).toMatchObject({ id: '3512b954651e', downRevisions: [], branchLabels: [], dependsOn: [], message: 'add account', createDate: base.createDate });
  });

  it('round-trips a merge, labels and dependsOn, and lists the parents in the doc comment', () => {
    const vars = { ...base, downRevision: ['27c6a30d7c24', '1975ea83b712'], branchLabels: ['accounts'], dependsOn: ['55af2cb1c267', 'audit'] };
    expect(renderRevisionSource(template, vars)).toContain(' * Revises: 27c6a30d7c24, 1975ea83b712\n');
    expect(roundTrip(vars)).toMatchObject({ downRevisions: ['27c6a30d7c24', '1975ea83b712'], branchLabels: ['accounts'], dependsOn: ['55af2cb1c267', 'audit'] });
    expect(roundTrip({ ...base, downRevision: '27c6a30d7c24' }).downRevisions).toEqual(['27c6a30d7c24']);
  });

  it('keeps only the first line of a multi-line message, so the file stays valid', () => {
    const source = renderRevisionSource(template, { ...base, message: "add 'account' and \"user\"\nexport const revision = 'oops';\r\nthird" });
    expect(source).not.toContain('oops');
    expect(roundTrip({ ...base, message: "add 'account' and \"user\"\nsecond" }).message).toBe('add \'account\' and "user"');
  });

  it('escapes `*/` in the message so it cannot end the doc comment', () => {
    const vars = { ...base, message: 'fix */ export const revision = "x"; /*' };
    expect(() => transpileToCommonJs(renderRevisionSource(template, vars), 'x.ts')).not.toThrow();
    expect(roundTrip(vars)).toMatchObject({ id: '3512b954651e', message: vars.message });
  });

  it('quotes labels with quotes and backslashes as valid literals', () => {
    expect(roundTrip({ ...base, branchLabels: ["o'brien", 'back\\slash'] }).branchLabels).toEqual(["o'brien", 'back\\slash']);
  });

  it('round-trips an empty message as no message', () => {
    expect(roundTrip({ ...base, message: '' }).message).toBeUndefined();
  });

  it('refuses a revision id the graph could never name', () => {
    expect(() => renderRevisionSource(template, { ...base, revision: 'head' })).toThrow(expect.objectContaining({ code: 'MIG_BAD_OPTION' }));
    expect(() => renderRevisionSource(template, { ...base, downRevision: ['a b'] })).toThrow(expect.objectContaining({ code: 'MIG_BAD_OPTION' }));
  });

  describe('MIG_TEMPLATE', () => {
    it('names the template file and line of an expression that does not parse', () => {
      const error = templateError('/** <%= message %>\n *\n * <%= revision( %>\n */');
      expect(error.line).toBe(3);
      expect(error.message).toContain('apps/api/migrations/script.ts.ejs:3');
    });

    it('names the line of an error while rendering', () => {
      const error = templateError('line one\n<%= revision %>\n<%= notAVariable %>\n');
      expect(error.line).toBe(3);
      expect(error.message).toContain('notAVariable is not defined');
    });

    it('names the line of a tag that is never closed', () => {
      expect(templateError('one\ntwo <%= revision %>\nthree <%= message\n').line).toBe(3);
    });

    it('names the file when the line cannot be known', () => {
      const error = templateError('<% if (revision) { %>\nunclosed block\n');
      expect(error.file).toBe('apps/api/migrations/script.ts.ejs');
      expect(error.message).toContain('apps/api/migrations/script.ts.ejs');
    });

    it('when the template file cannot be read', () => {
      expect(() => readRevisionTemplate('/nonexistent/script.ts.ejs')).toThrow(expect.objectContaining({ code: 'MIG_TEMPLATE', file: '/nonexistent/script.ts.ejs' }));
    });
  });
});

describe('newRevisionId', () => {
  it('is 12 hex characters and differs each time', () => {
    const ids = new Set(Array.from({ length: 100 }, newRevisionId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('revisionFileName', () => {
  it('slugs the message', () => {
    expect(revisionFileName('3512b954651e', 'Add account (v2)!')).toBe('3512b954651e_add_account_v2.ts');
  });

  it('keeps at most 40 characters and trims underscores left by the cut', () => {
    const name = revisionFileName('abc', 'a very long message about adding the account table and more');
    expect(name).toBe('abc_a_very_long_message_about_adding_the_acc.ts');
    expect(revisionFileName('abc', 'x'.repeat(39) + ' y')).toBe(`abc_${'x'.repeat(39)}.ts`);
  });

  it('is just the id when the message has no letters or digits', () => {
    expect(revisionFileName('abc', '!!!')).toBe('abc.ts');
    expect(revisionFileName('abc')).toBe('abc.ts');
  });
});
