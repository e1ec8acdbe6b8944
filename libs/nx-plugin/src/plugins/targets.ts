/**
 * The inferred targets, one per executor in executors.json. `readsDatabase` decides caching:
 * a target whose output depends on a database is not cached, unless `stateKey` gives Nx a
 * runtime input that reads the database's state (`mig state-key`, see CACHING.md); one that
 * only reads files is a pure function of them and caches on those files.
 */
export interface MigTarget {
  /** Executor name (`mig:<verb>`) and target suffix (`migrate-<verb>`). */
  readonly verb: string;
  readonly readsDatabase: boolean;
  /**
   * Cache on the database's state: a `{ runtime: 'mig state-key --for <verb>' }` input (identity,
   * incarnation, heads, history) next to the files and connection variables.
   */
  readonly stateKey?: boolean;
  /** Named inputs when not just `mig-revisions`: e.g. `['mig-revisions', 'mig-models']` for migrate-check. */
  readonly inputs?: readonly string[];
  readonly description: string;
  /** Files the target writes, for Nx to cache and restore. */
  readonly outputs?: readonly string[];
  /** Shown by `nx show project` under the target's help. */
  readonly example: { options?: Record<string, unknown>; args?: string[] };
}

export const MIG_TARGETS: readonly MigTarget[] = [
  {
    verb: 'up',
    readsDatabase: true,
    stateKey: true,
    description: 'Upgrade the database to the heads (or to --to): runs each pending revision in its own transaction. Cached only as a no-op: on the database state (mig state-key).',
    example: { args: ['--to=+1'] },
  },
  {
    verb: 'down',
    readsDatabase: true,
    stateKey: true,
    description: 'Downgrade the database to --to (-1, base, a revision id, <label>@base). Cached on the database state (mig state-key).',
    example: { args: ['--to=-1'] },
  },
  {
    verb: 'stamp',
    readsDatabase: true,
    stateKey: true,
    description: 'Set the version table to --to without running any revision. Cached on the database state (mig state-key).',
    example: { args: ['--to=heads'] },
  },
  {
    verb: 'status',
    readsDatabase: true,
    description: "The database's current revisions and the pending ones (--check fails when something is pending).",
    example: { args: ['--check'] },
  },
  {
    verb: 'current',
    readsDatabase: true,
    description: 'The revisions the database is at.',
    example: { args: ['--json'] },
  },
  {
    verb: 'history',
    readsDatabase: true,
    description: 'The revisions, newest first (--indicate-current marks where the database is).',
    example: { args: ['--revRange=base:head', '--indicateCurrent'] },
  },
  {
    verb: 'heads',
    readsDatabase: false,
    description: 'The heads of the revision graph (from the files alone; cached).',
    example: { args: ['--verbose'] },
  },
  {
    verb: 'branches',
    readsDatabase: false,
    description: 'The branch points of the revision graph (from the files alone; cached).',
    example: { args: ['--verbose'] },
  },
  {
    verb: 'show',
    readsDatabase: false,
    description: 'One revision in full: parents, children, labels, file (from the files alone; cached).',
    example: { options: { rev: 'head' } },
  },
  {
    verb: 'check',
    readsDatabase: false,
    inputs: ['mig-revisions', 'mig-models', '^production'],
    description: 'Fail when the Objection models differ from the schema the revisions build (replayed into an in-memory PGlite; cached on revisions and models).',
    example: { args: ['--json'] },
  },
  {
    verb: 'sql',
    readsDatabase: false,
    inputs: ['mig-revisions', 'mig-models', '^production'],
    outputs: ['{workspaceRoot}/dist/migrations/{projectName}'],
    description: 'Write the SQL that migrate-up (or --down) would run, without a database, to dist/migrations/<project>/ (cached on revisions, models and their dependencies).',
    example: { args: ['--from=base', '--to=heads'] },
  },
  {
    verb: 'test',
    readsDatabase: false,
    inputs: ['mig-revisions', '^production'],
    description: 'Stairway test: upgrade, downgrade and upgrade again each revision on a scratch in-memory PGlite (cached on the revisions and the projects they depend on).',
    example: { args: [] },
  },
];
