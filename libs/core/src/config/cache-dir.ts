import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where mig keeps what it can always recompute (the transpiled config, revision headers):
 * `node_modules/.cache/mig` of the workspace, the folder build tools share and every project
 * already ignores. None when the workspace has no node_modules: then nothing is cached.
 */
export function cacheDirOf(workspaceRoot: string): string | undefined {
  const modules = join(workspaceRoot, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'mig') : undefined;
}
