/**
 * The repository's own histories through both replays: the example apps' revisions, the bench's
 * generated history (mig's renderer, one revision per model, FK chain) and each model fixture's
 * expected schema rendered as autogenerate would write its first revision. Each matches PGlite
 * exactly or is listed below with the reason the static replay gives up.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModels } from '../../../../tools/bench/gen-models';
import { diffSchemas } from '../diff/diff-schemas';
import { expectedCommonJs } from '../models/fixtures/commonjs/expected';
import { expectedDiagnostics } from '../models/fixtures/diagnostics/expected';
import { expectedHints } from '../models/fixtures/hints/expected';
import { expectedManyToMany } from '../models/fixtures/many-to-many/expected';
import { expectedSnakeCaseKnex } from '../models/fixtures/snake-case-knex/expected';
import { expectedSnakeCaseModel } from '../models/fixtures/snake-case-model/expected';
import { expectedTutorial } from '../models/fixtures/tutorial/expected';
import { renderOps } from '../render';
import { emptySchema, type Schema } from '../schema/schema';
import { loadRevisionModule } from '../script';
import type { StaticStep } from './static-replay';
import { openReplayDatabase, type ReplayDatabase } from './test-support/differential';

const REPO_ROOT = resolve(__dirname, '../../../..');
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (arg: string, body: string) => (knex: Knex) => Promise<void>;

function revisionsIn(dir: string): StaticStep[] {
  const files = readdirSync(dir).filter((f) => /^[0-9a-f]+_.*\.ts$/.test(f)).sort();
  return files.map((file) => ({ revision: file, upgrade: loadRevisionModule(join(dir, file)).upgrade }));
}

/** In file-name order, which is revision order for these linear histories. */
const firstRevisionOf = (schema: Schema): StaticStep[] => [
  { revision: 'first', upgrade: new AsyncFunction('knex', renderOps(diffSchemas(emptySchema('postgres'), schema).ops, 'postgres', { indent: '' }).upgrades) },
];

const FIXTURES: Record<string, Schema> = {
  commonjs: expectedCommonJs,
  diagnostics: expectedDiagnostics,
  hints: expectedHints,
  'many-to-many': expectedManyToMany,
  'snake-case-knex': expectedSnakeCaseKnex,
  'snake-case-model': expectedSnakeCaseModel,
  tutorial: expectedTutorial,
};

/** Fixtures whose revisions use what the static replay does not follow, and why. */
const GIVES_UP: Record<string, RegExp> = {
  // `"price" < 1000000` on numeric(12,2): PostgreSQL prints the literal with a cast the replay does not derive.
  hints: /a CHECK on the numeric\(12,2\) column "price"/,
};

describe('repository histories against PGlite', () => {
  let db: ReplayDatabase;
  let benchRoot: string;
  beforeAll(async () => {
    db = await openReplayDatabase();
    benchRoot = mkdtempSync(join(REPO_ROOT, 'tmp', 'static-replay-bench-'));
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    if (benchRoot) rmSync(benchRoot, { recursive: true, force: true });
  });

  const expectSame = async (name: string, steps: StaticStep[]) => {
    const replays = await db.replay(steps);
    expect(replays.database.error).toBeUndefined();
    if (GIVES_UP[name]) expect(replays.static).toEqual({ ok: false, reason: expect.stringMatching(GIVES_UP[name]) });
    else expect(replays.static).toEqual({ ok: true, schema: replays.database.schema });
  };

  for (const app of ['api', 'billing']) {
    it(`apps/${app}: the same schema`, () => expectSame(app, revisionsIn(join(REPO_ROOT, 'apps', app, 'migrations', 'versions'))));
  }

  it('the bench history (25 models, FK chain): the same schema', async () => {
    const workload = await generateModels(REPO_ROOT, benchRoot, 25);
    await expectSame('bench', revisionsIn(join(workload.projectDir, 'migrations', 'versions')));
  }, 60_000);

  for (const [name, schema] of Object.entries(FIXTURES)) {
    it(`model fixture ${name}, rendered: the same schema`, () => expectSame(name, firstRevisionOf(schema)));
  }
});
