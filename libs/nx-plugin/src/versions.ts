/**
 * Versions `nx g mig:init` adds to package.json: the ones mig is tested with (the workspace's own
 * package.json), as caret ranges. `@mig/core` is pinned to this plugin's version, which the config
 * file imports `defineConfig` from.
 */
export const RUNTIME_VERSIONS = {
  knex: '^3.3.0',
  objection: '^3.1.5',
  pg: '^8.23.1',
  mysql2: '^3.24.6',
  '@electric-sql/pglite': '^0.5.16',
  'knex-pglite': '^0.14.0',
} as const;

export function migVersion(): string {
  // src/versions.ts (or the built src/versions.js) sits one folder below the package's package.json.
  return (require('../package.json') as { version: string }).version;
}
