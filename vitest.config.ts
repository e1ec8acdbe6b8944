import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['libs/**/*.test.ts', 'apps/**/*.test.ts', 'tools/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/tmp/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default on 2 cores is one worker, but most test time is waiting on PostgreSQL,
    // MariaDB and child processes (nx, npm): two files at a time keep both cores busy.
    // Every file uses its own databases and temp workspaces, so files are independent.
    maxWorkers: 2,
  },
});
