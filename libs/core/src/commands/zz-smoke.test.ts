import { it, expect } from 'vitest';
import { createFixtureProject, chainOf } from '../testing/fixture-project';
import { createFixtureDatabase, versionState } from '../testing/fixture-database';
import { upgrade, downgrade } from '../commands/migrate';
import { status } from '../commands/inspect';

it.each(['pglite', 'postgres'] as const)('smoke %s', async (dialect) => {
  const p = createFixtureProject(chainOf(3));
  const db = await createFixtureDatabase(dialect, 'smoke');
  let t = Date.now();
  const r = await upgrade(p.context, { url: db.url });
  console.log(dialect, 'up', Date.now() - t, r);
  t = Date.now();
  console.log(await versionState(db.url), Date.now() - t);
  console.log(await status(p.context, { url: db.url }));
  console.log(await downgrade(p.context, { url: db.url, to: '-1' }));
  console.log(p.events);
  await db.drop(); p.remove();
});
