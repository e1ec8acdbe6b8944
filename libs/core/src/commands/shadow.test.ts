/**
 * The shadow cache seen from outside: each revision counts its runs in a file, so the tests see
 * which revisions a check replays. An unchanged history replays nothing; on PGlite a new revision
 * replays only itself; any changed revision file is replayed again, and the result is never stale.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accountModel as account, AUTOGEN_DIALECTS, createAutogenProject, type AutogenProject } from '../autogenerate/autogen-project';
import { main } from '../cli/main';
import { check } from './check';

for (const dialect of AUTOGEN_DIALECTS) {
  describe(`shadow cache on ${dialect === 'postgres' ? 'PGlite' : 'a MariaDB scratch database'}`, () => {
    let project: AutogenProject;
    let counter: string;
    let cacheDir: string;
    beforeAll(async () => {
      // The PGlite cache serves histories the static replay gives up on (shadow-static.test.ts): forced here.
      project = await createAutogenProject(dialect, { prefix: 'shadow', only: dialect === 'postgres' ? 'pglite' : 'mysql', shadowReplay: 'database' });
      counter = join(project.workspaceRoot, 'replays.txt');
      cacheDir = join(project.workspaceRoot, 'tmp', 'mig', '.shadow', 'app');
    });
    afterAll(async () => project?.remove());

    const replays = () => (existsSync(counter) ? readFileSync(counter, 'utf8').trim().split('\n') : []);
    /** Makes the revision file `name` append its name to the counter file when it runs. */
    const counted = (file: string, name: string) => {
      const path = join(project.versionsDir, file);
      const marker = `require('node:fs').appendFileSync(${JSON.stringify(counter)}, '${name}\\n');`;
      writeFileSync(path, readFileSync(path, 'utf8').replace(/(export async function upgrade\(knex: Knex\): Promise<void> \{\n)/, `$1  ${marker}\n`));
    };
    const shadowRevised = async (message: string) => {
      const written = await project.revise(message);
      expect(written.written).toBeDefined();
      return project.revisionFiles().find((f) => f.endsWith(`_${message}.ts`))!;
    };

    it('replays an unchanged history once, and a new revision alone', async () => {
      project.writeModel('account.ts', account(''));
      const first = await shadowRevised('accounts');
      counted(first, 'r1');
      expect((await check(project.context)).upToDate).toBe(true);
      expect(replays()).toEqual(['r1']);
      expect((await check(project.context)).upToDate).toBe(true);
      expect(replays()).toEqual(['r1']);

      project.writeModel('account.ts', account('  email!: string;\n'));
      const second = await shadowRevised('email');
      counted(second, 'r2');
      expect((await check(project.context)).upToDate).toBe(true);
      // PGlite starts from the kept database of the history before r2; a scratch database replays all.
      expect(replays()).toEqual(dialect === 'postgres' ? ['r1', 'r2'] : ['r1', 'r1', 'r2']);
    });

    it('replays again from a changed revision, and sees what it changed', async () => {
      const second = project.revisionFiles().find((f) => f.endsWith('_email.ts'))!;
      const path = join(project.versionsDir, second);
      const source = readFileSync(path, 'utf8');
      writeFileSync(path, source.replace(/\n.*email.*\n/, '\n'));
      const before = replays().length;
      const result = await check(project.context);
      expect(result.changes.map((c) => c.description)).toEqual([expect.stringContaining('accounts.email')]);
      expect(replays().slice(before)).toEqual(dialect === 'postgres' ? ['r2'] : ['r1', 'r2']);
      writeFileSync(path, source);
    });

    // Only PGlite keeps databases; a scratch database is dropped after each check.
    if (dialect === 'postgres')
    it('replays from the start when a kept database is damaged', async () => {
      for (const file of readdirSync(cacheDir).filter((f) => f.endsWith('.schema.json'))) rmSync(join(cacheDir, file));
      for (const dir of readdirSync(cacheDir).filter((f) => !f.includes('.'))) writeFileSync(join(cacheDir, dir, 'global', 'pg_control'), 'damaged');
      const before = replays().length;
      expect((await check(project.context)).upToDate).toBe(true);
      expect(replays().slice(before)).toEqual(['r1', 'r2']);
    });

    it('reads the database again when the cached schema is gone, and not at all with shadowCache off', async () => {
      for (const file of readdirSync(cacheDir).filter((f) => f.endsWith('.schema.json'))) rmSync(join(cacheDir, file));
      const before = replays().length;
      expect((await check(project.context)).upToDate).toBe(true);
      expect(replays().slice(before)).toEqual(dialect === 'postgres' ? [] : ['r1', 'r2']);

      rmSync(cacheDir, { recursive: true, force: true });
      expect((await check(project.context, { shadowCache: false })).upToDate).toBe(true);
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect(await main(['check', '--no-shadow-cache', '--project-root', project.projectDir, '--url', project.targets[0]!.url], project.workspaceRoot)).toBe(0);
      } finally {
        log.mockRestore();
      }
      expect(existsSync(cacheDir)).toBe(false);
    });
  });
}
