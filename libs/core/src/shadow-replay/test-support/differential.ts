/**
 * The differential check behind static-replay.test.ts: one history replayed statically and in a
 * real PGlite (the database replay's engine), each read back as the shadow reads it. One PGlite
 * serves every case: the public schema is dropped and created again before each replay.
 */
import type { Knex } from 'knex';
import type { PGlite } from '@electric-sql/pglite';
import { openPglite } from '../../dialects/pglite/memory-pglite';
import { introspectPostgres } from '../../dialects/postgres/introspect';
import { ensureVersionTables } from '../../runner/version-store';
import type { Schema } from '../../schema/schema';
import { replayStatically, type StaticReplayResult, type StaticStep } from '../static-replay';

const TABLES = { version: 'mig_version', history: 'mig_history' };

export interface Replays {
  readonly static: StaticReplayResult;
  /** The database replay's schema, or the error a revision raised there. */
  readonly database: { readonly schema?: Schema; readonly error?: string };
}

export interface ReplayDatabase {
  replay(steps: readonly StaticStep[]): Promise<Replays>;
  close(): Promise<void>;
}

export async function openReplayDatabase(): Promise<ReplayDatabase> {
  const pglite: PGlite = await openPglite(undefined);
  await pglite.waitReady;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const knex = (require('knex') as (c: Knex.Config) => Knex)({ client: require('knex-pglite'), connection: { pglite } as unknown as Knex.StaticConnectionConfig });
  return {
    async replay(steps) {
      const database = await replayInDatabase(knex, steps);
      const replayed = await replayStatically(steps, { versionTables: TABLES, ensureVersionTables: (k) => ensureVersionTables(k, TABLES) });
      return { static: replayed, database };
    },
    async close() {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function replayInDatabase(knex: Knex, steps: readonly StaticStep[]): Promise<Replays['database']> {
  await knex.raw('DROP SCHEMA public CASCADE');
  await knex.raw('CREATE SCHEMA public');
  try {
    await ensureVersionTables(knex, TABLES);
    for (const step of steps) await knex.transaction(async (trx) => step.upgrade(trx));
    return { schema: await introspectPostgres(knex, { exclude: [TABLES.version, TABLES.history] }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
