/**
 * The shadow schema of a PostgreSQL project without a database: a history the static replay
 * follows needs no PGlite at all (nothing but the schema is cached), and one it does not follow is
 * replayed in PGlite as before, with a debug event that says why — the result is right either way.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountModel as account, createAutogenProject, type AutogenProject } from '../autogenerate/autogen-project';
import type { MigEvent } from '../events';
import { check } from './check';

describe('shadow schema without a database', () => {
  let project: AutogenProject;
  let cacheDir: string;
  const events: MigEvent[] = [];
  const checkWithEvents = (options = {}) => check({ ...project.context, onEvent: (event) => events.push(event) }, options);
  /** PGlite data directories kept by the database replay (the schema files have a dot in their names). */
  const keptDatabases = () => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => !f.includes('.')) : []);
  const debugMessages = () => events.filter((e) => e.kind === 'debug').map((e) => (e as { message: string }).message);

  beforeAll(async () => {
    project = await createAutogenProject('postgres', { prefix: 'static', only: 'pglite' });
    cacheDir = join(project.workspaceRoot, 'tmp', 'mig', '.shadow', 'app');
  });
  afterAll(async () => project?.remove());

  it('builds the shadow of a history it follows without starting PGlite', async () => {
    project.writeModel('account.ts', account('  email!: string;\n'));
    expect((await project.revise('accounts')).written).toBeDefined();
    events.length = 0;
    expect((await checkWithEvents()).upToDate).toBe(true);
    expect(debugMessages()).toEqual([]);
    expect(keptDatabases()).toEqual([]);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.schema.json')).length).toBeGreaterThan(0);
  });

  it('replays in PGlite, and says why, when a revision runs SQL it does not follow', async () => {
    const file = join(project.versionsDir, project.revisionFiles()[0]!);
    const source = readFileSync(file, 'utf8');
    const createTable = /await knex\.schema\.createTable\('accounts'[\s\S]*?\n {2}\}\);\n/.exec(source)![0];
    const rawSql = `await knex.raw('CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, email text NOT NULL)');\n`;
    writeFileSync(file, source.replace(createTable, rawSql));
    events.length = 0;
    const result = await checkWithEvents();
    expect(result.changes.map((c) => c.description)).toEqual([]);
    expect(result.upToDate).toBe(true);
    expect(debugMessages()).toEqual([expect.stringContaining('knex.raw("CREATE TABLE accounts')]);
    expect(keptDatabases()).toHaveLength(1);
  });

  it("always replays in PGlite with shadowReplay: 'database'", async () => {
    const config = join(project.projectDir, 'migrations', 'mig.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace('export default { ', "export default { shadowReplay: 'database', "));
    project.writeModel('account.ts', account('  email!: string;\n  phone?: string;\n'));
    expect((await project.revise('phone')).written).toBeDefined();
    events.length = 0;
    expect((await checkWithEvents({ shadowCache: false })).upToDate).toBe(true);
    expect(debugMessages()).toEqual([]);
  });

  it("is not answered from a static result in the cache with shadowReplay: 'database'", async () => {
    const config = join(project.projectDir, 'migrations', 'mig.config.ts');
    const databaseMode = readFileSync(config, 'utf8');
    writeFileSync(config, databaseMode.replace("shadowReplay: 'database', ", ''));
    project.writeModel('account.ts', account('  email!: string;\n  phone?: string;\n  city?: string;\n'));
    expect((await project.revise('city')).written).toBeDefined();
    expect((await checkWithEvents()).upToDate).toBe(true);
    const before = keptDatabases();
    writeFileSync(config, databaseMode);
    expect((await checkWithEvents()).upToDate).toBe(true);
    // PGlite replayed the new history and kept its database.
    expect(keptDatabases().filter((dir) => !before.includes(dir))).toHaveLength(1);
  });
});
