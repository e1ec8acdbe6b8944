/**
 * A knex that never connects: every awaited builder is handed to the interpreter instead of a
 * database (knex runs any builder through `client.runner(builder).run()`). Schema builders and
 * `knex.raw` become schema changes; everything else gives up, except data writes, which leave the
 * schema as it is. What a statement resolves to is a value that gives up when the revision looks at it,
 * so a revision that branches on a result falls back to the database replay.
 */
import type { Knex } from 'knex';
import { giveUp, StaticReplayGaveUp } from './give-up';
import { isRaw, type QueryBuilderInternals, type RawInternals, type SchemaBuilderInternals } from './knex-internals';

/** Each returns what the statement resolves to (hasTable's boolean), or undefined for "nothing usable". */
export interface StatementSink {
  schema(builder: SchemaBuilderInternals): boolean | undefined;
  raw(raw: RawInternals): void;
  /** A data write (insert, update, delete) on `table`. */
  write(table: unknown): void;
}

export interface RecordingKnex {
  readonly knex: Knex;
  /** The first give-up, even one the revision caught and ignored. */
  readonly gaveUp: () => StaticReplayGaveUp | undefined;
  destroy(): Promise<void>;
}

const WRITES = new Set(['insert', 'update', 'del', 'delete', 'upsert']);

export function createRecordingKnex(sink: StatementSink): RecordingKnex {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const createKnex = require('knex') as (config: Knex.Config) => Knex;
  const knex = createKnex({ client: 'pg' });
  let first: StaticReplayGaveUp | undefined;
  const note = (error: StaticReplayGaveUp) => (first ??= error);
  const run = (builder: unknown): unknown => {
    if (isRaw(builder)) {
      sink.raw(builder);
      return unusable('the result of knex.raw', note);
    }
    if (typeof builder === 'object' && builder !== null && '_sequence' in builder) {
      return sink.schema(builder as SchemaBuilderInternals) ?? unusable('the result of a schema statement', note);
    }
    const query = builder as Partial<QueryBuilderInternals>;
    if (typeof query._method === 'string' && WRITES.has(query._method)) {
      sink.write(query._single?.table);
      return unusable(`the result of a ${query._method}`, note);
    }
    return giveUp(`a query (${String(query._method ?? 'unknown')}) whose result the revision may use`);
  };
  const client = knex.client as unknown as Record<string, unknown>;
  client.runner = (builder: unknown) => ({
    run: () => {
      try {
        return Promise.resolve(run(builder));
      } catch (error) {
        // Whatever failed here, a revision that catches it must not go on as if it had run.
        note(error instanceof StaticReplayGaveUp ? error : new StaticReplayGaveUp(`a statement failed: ${error instanceof Error ? error.message : String(error)}`));
        return Promise.reject(error);
      }
    },
  });
  const refuse = (what: string) => () => {
    const error = note(new StaticReplayGaveUp(what));
    return Promise.reject(error);
  };
  client.acquireConnection = refuse('a statement that needs a connection');
  client.transaction = () => {
    throw note(new StaticReplayGaveUp('a nested transaction'));
  };
  return { knex, gaveUp: () => first, destroy: () => knex.destroy() };
}

/** A statement's result the static replay cannot know: any use of it gives up. */
function unusable(what: string, note: (error: StaticReplayGaveUp) => void): unknown {
  const fail = (): never => {
    const error = new StaticReplayGaveUp(`the revision reads ${what}`);
    note(error);
    throw error;
  };
  return new Proxy(
    {},
    {
      // `await value` asks for `then`: a plain value, not a thenable.
      get: (_target, key) => (key === 'then' ? undefined : fail()),
      has: fail,
      ownKeys: fail,
      getOwnPropertyDescriptor: fail,
      getPrototypeOf: fail,
      set: fail,
    },
  );
}
