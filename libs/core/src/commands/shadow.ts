/**
 * The schema the revision history produces. For PostgreSQL projects it is first built without a
 * database, from the revisions' recorded schema-builder calls (shadow-static.ts); a history that
 * uses what that replay does not follow exactly is replayed in a shadow database: an in-memory
 * PGlite (no server, no CREATEDB, never the developer's database), or for MySQL a scratch database
 * on the configured server. What was built is cached (shadow-cache.ts), so only a changed history
 * is read again, and PGlite replays only from the first revision that changed.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../config/load-project';
import type { EmbeddedConnection, ResolvedConnection } from '../config/resolve-connection';
import { RevisionRunError } from '../errors';
import { ignoreEvents } from '../events';
import type { Schema } from '../schema/schema';
import { applyTarget } from './apply-target';
import type { CommandContext } from './context';
import { withDatabase } from './open-database';
import type { RevisionGraph } from './revision-graph';
import { readFolderFiles, ShadowCache, shadowKeys, type ShadowKeys } from './shadow-cache';
import { readStaticShadow } from './shadow-static';

export interface ShadowOptions {
  /** Revisions the shadow is built up to. */
  readonly parents: readonly string[];
  /** Use and fill the cache (the config's `shadowCache`, default true). */
  readonly cache: boolean;
}

export async function readShadow(project: Project, graph: RevisionGraph, context: CommandContext, connection: ResolvedConnection, options: ShadowOptions): Promise<Schema> {
  const cached = options.cache ? await openCache(project, graph, connection, options.parents) : undefined;
  const hit = cached?.cache.readSchema(cached.keys.schema);
  if (hit) return hit;
  const schema = connection.dialect === 'mysql'
    ? await replayIntoScratch(project, graph, context, connection, options.parents)
    : ((await staticShadow(project, graph, context, options.parents)) ?? (await replayIntoPglite(project, graph, context, options.parents, cached)));
  cached?.cache.writeSchema(cached.keys.schema, schema);
  return schema;
}

/** Without a database when the revisions allow it (shadow-static.ts), unless the config asks for the database. */
async function staticShadow(project: Project, graph: RevisionGraph, context: CommandContext, parents: readonly string[]): Promise<Schema | undefined> {
  if (project.config.shadowReplay === 'database') return undefined;
  return readStaticShadow(project, graph, parents, context.onEvent ?? ignoreEvents);
}

interface OpenCache {
  readonly cache: ShadowCache;
  readonly keys: ShadowKeys;
}

async function openCache(project: Project, graph: RevisionGraph, connection: ResolvedConnection, parents: readonly string[]): Promise<OpenCache> {
  const order = graph.map.inOrder(graph.map.ancestors(parents, true));
  const revisionFiles = new Set(order.map((id) => graph.fileOf(id)));
  const { pgliteVersion } = await import('../dialects/pglite/memory-pglite');
  const keys = shadowKeys({
    steps: order.map((revision) => ({ revision, content: readFileSync(graph.fileOf(revision)) })),
    helpers: readFolderFiles(project.workspaceRoot, project.versionDirs, revisionFiles),
    context: [
      connection.dialect === 'mysql' ? `mysql ${connection.display}` : `pglite ${await pgliteVersion()}`,
      JSON.stringify(project.config.schemas ?? null),
      // Asking for the database replay (to rule the static one out) must not be answered from a static result.
      `replay ${project.config.shadowReplay ?? 'auto'}`,
      project.tables.version,
      project.tables.history,
      MIG_VERSION,
    ],
    reader: readerFingerprint(),
  });
  return { cache: new ShadowCache(join(project.workspaceRoot, 'tmp', 'mig', '.shadow', project.projectName)), keys };
}

async function replayIntoPglite(project: Project, graph: RevisionGraph, context: CommandContext, parents: readonly string[], cached: OpenCache | undefined): Promise<Schema> {
  const memory: EmbeddedConnection = { dialect: 'pglite', dataDir: null, source: 'embedded', display: 'pglite:memory (shadow)' };
  const whole = cached?.keys.prefixes.at(-1);
  if (!cached || !whole) return replay(project, graph, context, memory, parents);
  const start = cached.cache.bestDatabase(cached.keys.prefixes);
  try {
    return await replayInto(cached.cache.workDirectory(start?.dir));
  } catch (error) {
    // A kept database that cannot be opened (a disk that filled up, a copy cut short) is dropped
    // and the history replayed from the start; a revision that fails fails the same way again.
    if (!start || error instanceof RevisionRunError) throw error;
    cached.cache.discard(start.dir);
    return replayInto(cached.cache.workDirectory(undefined));
  }

  async function replayInto(work: string): Promise<Schema> {
    try {
      const schema = await replay(project, graph, context, { ...memory, dataDir: work, display: 'pglite (shadow)' }, parents);
      cached!.cache.keepDatabase(work, whole!);
      return schema;
    } finally {
      cached!.cache.discard(work);
    }
  }
}

async function replayIntoScratch(project: Project, graph: RevisionGraph, context: CommandContext, connection: ResolvedConnection, parents: readonly string[]): Promise<Schema> {
  const { createScratchDatabase } = await import('../dialects/mysql/scratch');
  const scratch = await createScratchDatabase(connection);
  try {
    return await replay(project, graph, context, scratch.connection, parents);
  } finally {
    await scratch.drop();
  }
}

async function replay(
  project: Project,
  graph: RevisionGraph,
  context: CommandContext,
  connection: ResolvedConnection,
  parents: readonly string[],
): Promise<Schema> {
  return withDatabase(project, { ...context, onEvent: undefined }, { connection, command: 'shadow', lock: false }, async (db) => {
    for (const parent of parents) {
      try {
        await applyTarget(db, project, graph, 'up', parent, { strict: false, singleTransaction: false, onEvent: ignoreEvents });
      } catch (error) {
        if (!(error instanceof RevisionRunError)) throw error;
        throw new RevisionRunError(error.code as 'MIG_REVISION_FAILED', `The revision history does not replay in the shadow database: ${error.message}`, {
          file: error.file,
          line: error.line,
          revision: error.revision,
          hint: `Fix that revision so it runs on an empty database (autogenerate compares with what the history builds), or compare with your database: --against=database.`,
        });
      }
    }
    return db.dialect.introspect(db.session.knex, { schemas: project.config.schemas, exclude: [project.tables.version, project.tables.history] });
  });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MIG_VERSION: string = (require('../../package.json') as { version: string }).version;

/** Sizes and times of the code that reads a database back, so a changed reader misses the cache. */
function readerFingerprint(): string {
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.includes('.test.')) {
        const stat = statSync(path);
        parts.push(`${entry.name}:${stat.size}:${stat.mtimeMs}`);
      }
    }
  };
  for (const dir of ['dialects', 'schema', 'shadow-replay']) walk(join(__dirname, '..', dir));
  return parts.join('|');
}
