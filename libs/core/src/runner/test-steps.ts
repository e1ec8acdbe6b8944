/**
 * Test support for runner tests that call runSteps directly: steps that each create one table, and
 * a session on a fresh database of a dialect (what the commands would open), closed with `close()`.
 */
import type { Knex } from 'knex';
import { resolveConnection } from '../config/resolve-connection';
import type { Dialect } from '../dialects/dialect';
import { dialectFor } from '../dialects/registry';
import { openSession, type Session } from '../dialects/session';
import { createTestDatabase, type TestDialect } from '../testing/test-databases';
import type { RevisionModule, RunnableStep } from './run-steps';

/** A step that creates (up) or drops (down) table `t_<revision>`, unless `module` says otherwise. */
export function tableStep(revision: string, direction: 'up' | 'down', parents: readonly string[], module: Partial<RevisionModule> = {}, transactional = true): RunnableStep {
  return {
    revision,
    direction,
    header: { id: revision, downRevisions: parents, branchLabels: [], dependsOn: [], message: `create t_${revision}`, transactional },
    module: {
      upgrade: (knex) => knex.schema.createTable(`t_${revision}`, (t) => t.increments('id')),
      downgrade: (knex) => knex.schema.dropTable(`t_${revision}`),
      ...module,
    },
    file: `versions/${revision}.ts`,
    checksum: `sum-${revision}`,
  };
}

export interface RunnerSession {
  readonly url: string;
  readonly dialect: Dialect;
  readonly root: Knex;
  readonly session: Session;
  close(): Promise<void>;
}

export async function openRunnerSession(name: TestDialect, prefix: string): Promise<RunnerSession> {
  const db = await createTestDatabase(name, prefix);
  const connection = resolveConnection({ url: db.url, env: {}, workspaceRoot: '/tmp', projectName: 'test' });
  const dialect = dialectFor(connection);
  const root = await dialect.createKnex(connection, { applicationName: 'mig test', lockTimeoutMs: 30_000 });
  const session = await openSession(root);
  return {
    url: db.url,
    dialect,
    root,
    session,
    close: async () => {
      await session.release();
      await root.destroy();
      await db.drop();
    },
  };
}
