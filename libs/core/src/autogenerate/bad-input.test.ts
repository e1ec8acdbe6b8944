/**
 * Autogenerate refuses input it cannot trust, writes nothing, and says what to fix: models with
 * diagnostics (errors always; warnings unless --allow-warnings), and a revision history that does
 * not replay in the shadow database (the error names the revision file).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MigError } from '../errors';
import { readRevisionTemplate, renderRevisionSource } from '../script';
import { AUTOGEN_DIALECTS, createAutogenProject, type AutogenProject } from './autogen-project';

const ACCOUNT = `import { Model } from 'objection';

export class Account extends Model {
  static override tableName = 'accounts';
  id!: number;
  name!: string;
  settings?: any;
}
`;

/** What a promise rejects with, as a MigError. */
async function failure(promise: Promise<unknown>): Promise<MigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigError);
  return error as MigError;
}

for (const dialect of AUTOGEN_DIALECTS) {
  describe(`autogenerate refuses bad input on ${dialect === 'postgres' ? 'PostgreSQL' : 'MariaDB'}`, () => {
    const projects: AutogenProject[] = [];
    afterAll(async () => {
      for (const project of projects) await project.remove();
    });
    // The shadow is what these tests exercise; one target database is enough.
    const create = async (fixture?: string) => {
      const project = await createAutogenProject(dialect, { fixture, prefix: 'badinput', only: dialect === 'postgres' ? 'postgres' : 'mysql' });
      projects.push(project);
      return project;
    };

    it('refuses models with errors, warnings allowed or not, and lists every problem with its file and line', async () => {
      const project = await create('diagnostics');
      const listed = (error: MigError) => [...error.message.matchAll(/^ {2}(\S+:\d+ \w+ MIG_\w+):/gm)].map((m) => m[1]!.replace('apps/app/src/models/', ''));
      const errors = [
        'broken-syntax.ts:6 error MIG_MODEL_SYNTAX',
        'runtime-table.ts:5 error MIG_MODEL_DYNAMIC_TABLE_NAME',
        'shipment.ts:24 error MIG_MODEL_FK_ACTION_CONFLICT',
        'widget.ts:14 error MIG_MODEL_TABLE_CONFLICT',
      ];
      const strict = await failure(project.revise('broken'));
      expect(strict.code).toBe('MIG_MODEL_DIAGNOSTICS');
      expect(strict.message).toContain('The models cannot be read cleanly (30 problems)');
      expect(listed(strict).filter((line) => line.includes(' error '))).toEqual(errors);
      expect(listed(strict).filter((line) => line.includes(' warning '))).toHaveLength(26);

      const lenient = await failure(project.revise('broken', { allowWarnings: true }));
      expect(lenient.code).toBe('MIG_MODEL_DIAGNOSTICS');
      expect(listed(lenient)).toEqual(errors);
      expect(lenient.hint).toContain('Fix the errors');
      expect(project.revisionFiles()).toEqual([]);
    });

    it('refuses models with warnings only unless warnings are allowed', async () => {
      const project = await create();
      project.writeModel('account.ts', ACCOUNT);
      const error = await failure(project.revise('accounts'));
      expect(error.code).toBe('MIG_MODEL_DIAGNOSTICS');
      expect(error.message).toContain('apps/app/src/models/account.ts:7 warning MIG_MODEL_ANY_TYPE');
      expect(error.hint).toContain('--allow-warnings');
      expect(project.revisionFiles()).toEqual([]);

      const allowed = await project.revise('accounts', { allowWarnings: true });
      expect(allowed.changes.map((c) => c.description)).toEqual(['create table accounts']);
      expect(project.revisionFiles()).toHaveLength(1);
    });

    it('names the revision file when the history does not replay in the shadow database', async () => {
      const project = await create();
      project.writeModel('account.ts', ACCOUNT.replace('  settings?: any;\n', ''));
      const source = renderRevisionSource(readRevisionTemplate(), {
        revision: 'badc0ffee000',
        downRevision: null,
        message: 'broken by hand',
        createDate: '2026-01-01T00:00:00Z',
        upgrades: `  await knex.schema.createTable('accounts', (table) => { table.increments('id'); });\n  await knex.raw('SELECT * FROM no_such_table');`,
        downgrades: `  await knex.schema.dropTable('accounts');`,
      });
      writeFileSync(join(project.versionsDir, 'badc0ffee000_broken_by_hand.ts'), source);

      const error = await failure(project.revise('next'));
      expect(error.code).toBe('MIG_REVISION_FAILED');
      expect(error.message).toContain('does not replay in the shadow database');
      expect(error.message).toContain('apps/app/migrations/versions/badc0ffee000_broken_by_hand.ts');
      expect(error.file).toContain('badc0ffee000_broken_by_hand.ts');
      expect(error.hint).toContain('--against=database');
      expect(project.revisionFiles()).toEqual(['badc0ffee000_broken_by_hand.ts']);
      if (dialect === 'mysql') {
        // The scratch database is dropped even when the replay fails.
        const left = await project.targets[0]!.withKnex((knex) => knex.raw(`SHOW DATABASES LIKE '%\\_mig\\_shadow\\_%'`));
        expect((left[0] as Record<string, string>[]).map((row) => Object.values(row)[0]).filter((db) => db.startsWith(new URL(project.targets[0]!.url).pathname.slice(1)))).toEqual([]);
      }
    });
  });
}
