/** The stairway test passes on the tutorial app and names a revision whose downgrade forgets a column. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainOf, createFixtureProject, tableOf } from '../testing/fixture-project';
import { stairway } from './stairway';

const workspaceRoot = join(__dirname, '../../../..');

describe('stairway (migrate-test)', () => {
  it('passes on the tutorial app: every downgrade undoes its upgrade', async () => {
    const result = await stairway({ workspaceRoot, projectName: 'api', projectRoot: 'apps/api', env: {} });
    const files = readdirSync(join(workspaceRoot, 'apps/api/migrations/versions')).filter((f) => /^[0-9a-f]{12}_.*\.ts$/.test(f));
    expect(result.revisions).toBe(files.length);
    expect(result.database).toBe('pglite:memory');
  });

  it('names the first revision whose downgrade forgets a column', async () => {
    const [first, second] = chainOf(2);
    const forgetful = {
      id: 'r03',
      down: 'r02',
      message: 'add note',
      upgrade: `await knex.schema.alterTable('${tableOf('r01')}', (t) => { t.text('note'); });`,
      downgrade: '// forgot to drop the column',
    };
    const project = createFixtureProject([first, second, forgetful]);
    try {
      const failure = stairway(project.context);
      await expect(failure).rejects.toMatchObject({ code: 'MIG_STAIRWAY', file: project.displayPathOf('r03') });
      await expect(stairway(project.context)).rejects.toThrow(/downgrade of revision r03 .* does not undo its upgrade[\s\S]*note/);
    } finally {
      project.remove();
    }
  });
});
