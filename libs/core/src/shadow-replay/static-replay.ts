/**
 * The shadow schema without a database: each revision's `upgrade(knex)` runs against a knex that
 * records instead of executing (recording-knex.ts), and the recorded schema-builder calls are
 * applied to an in-memory PostgreSQL catalog (pg-state.ts), read back as introspection would read
 * PGlite. Anything not understood exactly gives up with a reason; the caller then replays in a database.
 */
import type { Knex } from 'knex';
import type { Schema } from '../schema/schema';
import { applyRawSql } from './apply-raw';
import { applySchemaBuilder, type TableBuilderFactory } from './apply-schema';
import { giveUp, StaticReplayGaveUp } from './give-up';
import type { TableBuilderInternals } from './knex-internals';
import { plainName } from './names';
import { PgState } from './pg-state';
import { createRecordingKnex } from './recording-knex';

export interface StaticStep {
  readonly revision: string;
  upgrade(knex: Knex): Promise<void> | void;
}

export interface StaticReplayOptions {
  /** mig's version and history tables: created first, as the database replay does, and left out. */
  readonly versionTables: { readonly version: string; readonly history: string };
  /** Creates them as the runner does (version-store.ts `ensureVersionTables`). */
  readonly ensureVersionTables: (knex: Knex) => Promise<void>;
}

export type StaticReplayResult = { readonly ok: true; readonly schema: Schema } | { readonly ok: false; readonly reason: string };

export async function replayStatically(steps: readonly StaticStep[], options: StaticReplayOptions): Promise<StaticReplayResult> {
  const state = new PgState();
  let tableBuilder: TableBuilderFactory | undefined;
  const recorder = createRecordingKnex({
    schema: (builder) => applySchemaBuilder(state, builder, tableBuilder!),
    raw: (raw) => applyRawSql(state, raw.sql, raw.bindings),
    write: (table) => {
      state.table(plainName(table, 'table'));
      state.written.add(table as string);
    },
  });
  tableBuilder = tableBuilderOf(recorder.knex);
  let current = 'mig version tables';
  try {
    await options.ensureVersionTables(recorder.knex);
    for (const step of steps) {
      current = `revision ${step.revision}`;
      await step.upgrade(recorder.knex);
      const caught = recorder.gaveUp();
      if (caught) throw caught;
    }
    return { ok: true, schema: state.toSchema([options.versionTables.version, options.versionTables.history]) };
  } catch (error) {
    const reason = error instanceof StaticReplayGaveUp ? error.reason : `it threw ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, reason: `${current}: ${reason}` };
  } finally {
    await recorder.destroy();
  }
}

/** knex's own TableBuilder, its callback run through `toSQL()` exactly as knex runs it before executing. */
function tableBuilderOf(knex: Knex): TableBuilderFactory {
  const client = knex.client as unknown as { tableBuilder(method: string, name: string, like: null, fn: unknown): TableBuilderInternals };
  return (method, name, fn) => {
    if (typeof fn !== 'function') giveUp(`${method === 'create' ? 'createTable' : 'alterTable'}("${name}") without a callback`);
    // knex's create deletes `_single.comment` while compiling: keep what the callback set.
    let single: Record<string, unknown> = {};
    const callback = function (this: TableBuilderInternals, table: TableBuilderInternals) {
      (fn as (this: unknown, t: unknown) => void).call(this, table);
      single = { ...table._single };
    };
    const builder = client.tableBuilder(method, name, null, callback);
    builder.setSchema(undefined);
    try {
      builder.toSQL();
    } catch (error) {
      if (error instanceof StaticReplayGaveUp) throw error;
      giveUp(`knex could not build "${name}": ${error instanceof Error ? error.message : String(error)}`);
    }
    return { _method: builder._method, _tableName: builder._tableName, _statements: builder._statements, _single: single };
  };
}
