/**
 * The static replay against the real thing: each hand-written history is replayed statically and
 * in PGlite, and the two schemas must be equal, field for field. A history the static replay does
 * not follow must say so (give up), never differ; the database replay then serves it
 * (commands/shadow-static.test.ts shows that end to end).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplayDatabase, type ReplayDatabase } from './test-support/differential';
import { EXACT, GIVES_UP, steps } from './test-support/hand-written-histories';

describe('static replay against PGlite', () => {
  let db: ReplayDatabase;
  beforeAll(async () => {
    db = await openReplayDatabase();
  }, 60_000);
  afterAll(async () => db?.close());

  for (const [name, bodies] of Object.entries(EXACT)) {
    it(`builds the same schema as PGlite: ${name}`, async () => {
      const replays = await db.replay(steps(...bodies));
      expect(replays.database.error).toBeUndefined();
      expect(replays.static).toEqual({ ok: true, schema: replays.database.schema });
    });
  }

  for (const [name, bodies] of Object.entries(GIVES_UP)) {
    it(`gives up, never guesses: ${name}`, async () => {
      const replays = await db.replay(steps(...bodies));
      expect(replays.static.ok).toBe(false);
      if (!replays.static.ok) expect(replays.static.reason).toMatch(/^revision r\d+: /);
    });
  }
});
