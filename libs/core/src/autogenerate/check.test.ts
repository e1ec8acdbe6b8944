/**
 * `migrate-check` as CI runs it, through the CLI: exit 0 while the models match the revisions,
 * 1 after a model change, 0 again once the revision is generated; against the database it stays
 * 1 until that revision is applied. `revision --autogenerate` and `--allow-warnings` go through
 * the CLI too.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main';
import { accountModel as account, AUTOGEN_DIALECTS, createAutogenProject, type AutogenProject } from './autogen-project';

const ANSI = /\u001b\[[0-9;]*m/g;

for (const dialect of AUTOGEN_DIALECTS) {
  describe(`migrate-check through the CLI on ${dialect === 'postgres' ? 'PostgreSQL' : 'MariaDB'}`, () => {
    let project: AutogenProject;
    const out: string[] = [];
    beforeAll(async () => {
      project = await createAutogenProject(dialect, { prefix: 'check', only: dialect === 'postgres' ? 'postgres' : 'mysql' });
    });
    afterAll(async () => project?.remove());
    // What main() prints is captured for the assertions; nothing reaches the test output.
    beforeEach(() => {
      const capture = (...args: unknown[]) => void out.push(args.join(' ').replace(ANSI, ''));
      vi.spyOn(console, 'log').mockImplementation(capture);
      vi.spyOn(console, 'error').mockImplementation(capture);
    });
    afterEach(() => vi.restoreAllMocks());

    const mig = async (...args: string[]) => {
      out.length = 0;
      const code = await main([...args, '--project-root', project.projectDir, '--url', project.targets[0]!.url], project.workspaceRoot);
      return { code, output: out.join('\n') };
    };

    it('exits 1 after a model change and 0 once the revision is generated and applied', async () => {
      project.writeModel('account.ts', account(''));
      expect(await mig('revision', '--autogenerate', '-m', 'accounts')).toMatchObject({ code: 0, output: expect.stringMatching(/Generated apps\/app\/migrations\/versions\/\w+_accounts\.ts/) });
      expect((await mig('up')).code).toBe(0);
      expect(await mig('check')).toMatchObject({ code: 0, output: expect.stringContaining('No changes detected') });

      project.writeModel('account.ts', account('  email!: string;\n'));
      expect(await mig('check')).toMatchObject({ code: 1, output: expect.stringContaining('add column accounts.email') });
      expect((await mig('check', '--against', 'database')).code).toBe(1);

      expect((await mig('revision', '--autogenerate', '-m', 'email')).code).toBe(0);
      expect((await mig('check')).code).toBe(0);
      // The database is not at head yet.
      expect(await mig('check', '--against', 'database')).toMatchObject({ code: 1, output: expect.stringContaining('MIG_NOT_AT_HEAD') });
      expect((await mig('up')).code).toBe(0);
      expect(await mig('check', '--against', 'database')).toMatchObject({ code: 0, output: expect.stringContaining('No changes detected') });

      expect(await mig('revision', '--autogenerate', '-m', 'nothing')).toMatchObject({ code: 0, output: expect.stringContaining('No changes detected') });
      expect(project.revisionFiles()).toHaveLength(2);
    });

    it('refuses models with warnings unless --allow-warnings is given', async () => {
      project.writeModel('account.ts', account('  email!: string;\n  settings?: unknown;\n'));
      const refused = await mig('revision', '--autogenerate', '-m', 'settings');
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('MIG_MODEL_ANY_TYPE');
      expect(refused.output).toContain('--allow-warnings');
      expect((await mig('check')).code).toBe(1);
      expect(await mig('revision', '--autogenerate', '--allow-warnings', '-m', 'settings')).toMatchObject({ code: 0, output: expect.stringContaining('add column accounts.settings') });
      expect((await mig('check', '--allow-warnings')).code).toBe(0);
      expect(project.revisionFiles()).toHaveLength(3);
    });
  });
}
