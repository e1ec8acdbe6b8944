/**
 * Hostile identifiers in Objection models — quotes, semicolons with SQL after them, reserved
 * words, JavaScript string and template breakouts, a newline, non-ASCII, 63 bytes exactly — go
 * through autogenerate (read, diff, render as a revision), run on PGlite and PostgreSQL, and come
 * back from the catalog exactly as written. Nothing in them is ever executed: a table `victim`
 * and its row survive. (Names over 63 bytes are refused: see the bad-input corpus.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autogenerate, check } from '../commands/check';
import { downgrade, upgrade } from '../commands/migrate';
import { createFixtureProject, type FixtureProject } from '../testing/fixture-project';
import { createFixtureDatabase, withKnex, type FixtureDatabase } from '../testing/fixture-database';

const INJECTION = 'x"; DROP TABLE victim; --';
// No dots: `schema.table` is how knex and Objection qualify a name, so a dot is not part of one.
const JS_BREAKOUT = "'); crash(3); ('";
// Not at the start: objection never stores properties whose name starts with `$`.
const TEMPLATE_BREAKOUT = 'x${crash(4)}`';

/** Table → its columns besides `id`, as the models name them. */
const HOSTILE: Record<string, string[]> = {
  [INJECTION]: ['select', 'from'],
  'it\'s "quoted"': ['col"; DELETE FROM victim; --', "o'brien"],
  user: ['order', 'group'],
  [JS_BREAKOUT]: [TEMPLATE_BREAKOUT, 'back\\slash'],
  'naïve_表': ['line\nbreak', 'x'.repeat(63)],
};

function modelSource(): string {
  const classes = Object.entries(HOSTILE).map(([table, columns], i) => {
    const properties = ['"id": { "type": "integer" }', ...columns.map((c) => `${JSON.stringify(c)}: { "type": "string" }`)].join(', ');
    return [
      `export class Hostile${i} extends Model {`,
      `  static tableName = ${JSON.stringify(table)};`,
      `  static jsonSchema = { type: 'object', properties: { ${properties} } };`,
      `}`,
    ].join('\n');
  });
  return `import { Model } from 'objection';\n\n${classes.join('\n\n')}\n`;
}

async function catalogOf(url: string): Promise<Record<string, string[]>> {
  return withKnex(url, async (knex) => {
    const rows = (await knex.raw(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`))
      .rows as { table_name: string; column_name: string }[];
    const tables: Record<string, string[]> = {};
    for (const row of rows) if (!row.table_name.startsWith('mig_')) (tables[row.table_name] ??= []).push(row.column_name);
    return tables;
  });
}

describe('hostile identifiers in models, through autogenerate', () => {
  let project: FixtureProject;
  let body: { upgrades: string; downgrades: string };

  beforeAll(async () => {
    project = createFixtureProject([]);
    writeFileSync(join(project.projectDir, 'migrations', 'mig.config.ts'), `export default { versions: ['versions'], models: 'src/models/**/*.ts', exclude: ['victim'] };\n`);
    mkdirSync(join(project.projectDir, 'src', 'models'), { recursive: true });
    writeFileSync(join(project.projectDir, 'src', 'models', 'hostile.ts'), modelSource());
    const generated = await autogenerate(project.context);
    expect(generated.body).toBeDefined();
    body = generated.body!;
    project.write({ id: 'h01', down: null, message: 'hostile tables', upgrade: body.upgrades, downgrade: body.downgrades });
  });
  afterAll(() => project.remove());

  it('renders every name as a string literal, with nothing of it outside one', () => {
    expect(body.upgrades).toContain(`createTable(${JSON.stringify(INJECTION).replace(/^"|"$/g, "'").replace(/\\"/g, '"')}`);
    for (const code of [body.upgrades, body.downgrades]) {
      // Blank out string literals: what is left must not hold any piece of a hostile name.
      const outside = code.replace(/'(?:[^'\\\n]|\\.)*'/g, "''").replace(/^\s*\/\/.*$/gm, '');
      for (const piece of ['DROP', 'DELETE', 'crash', 'victim', 'brien']) expect(outside).not.toContain(piece);
    }
  });

  describe.each(['pglite', 'postgres'] as const)('on %s', (dialect) => {
    let db: FixtureDatabase;
    beforeAll(async () => {
      db = await createFixtureDatabase(dialect, 'hostile');
      await withKnex(db.url, async (knex) => {
        await knex.schema.createTable('victim', (t) => t.text('note'));
        await knex('victim').insert({ note: 'still here' });
      });
    });
    afterAll(() => db.drop());

    it('creates the tables and columns exactly as named, runs none of the text, and drops them again', async () => {
      await upgrade(project.context, { url: db.url });
      const created = await catalogOf(db.url);
      expect(created).toEqual({ victim: ['note'], ...Object.fromEntries(Object.entries(HOSTILE).map(([table, columns]) => [table, ['id', ...columns]])) });
      expect(await withKnex(db.url, (knex) => knex('victim').select('note'))).toEqual([{ note: 'still here' }]);
      // The names read back from the catalog are the models' names: nothing left to generate.
      expect(await check(project.context, { url: db.url, against: 'database' })).toMatchObject({ upToDate: true, changes: [] });

      await downgrade(project.context, { url: db.url, to: 'base' });
      expect(await catalogOf(db.url)).toEqual({ victim: ['note'] });
      expect(await withKnex(db.url, (knex) => knex('victim').count('* as n'))).toEqual([{ n: dialect === 'postgres' ? '1' : 1 }]);
    });
  });
});
