/**
 * Outside Nx the CLI finds the project from the config file: `--config path`, else
 * `migrations/mig.config.ts` under the current folder (or `--project-root`). The workspace root
 * is the nearest ancestor with nx.json, else with a package.json, else the project root.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { ConfigError } from '../errors';
import type { ProjectContext } from '../config/load-project';

function findUp(start: string, file: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, file))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function locateProject(cwd: string, options: { config?: string; projectRoot?: string; project?: string }): ProjectContext {
  const configFile = options.config
    ? resolve(cwd, options.config)
    : join(resolve(cwd, options.projectRoot ?? '.'), 'migrations', 'mig.config.ts');
  if (!existsSync(configFile)) {
    throw new ConfigError('MIG_NO_CONFIG', `No migration environment found: ${configFile} does not exist.`, {
      hint: 'Run mig from the project folder, pass --project-root or --config, or create one with nx g mig:init --project=<app>.',
    });
  }
  const projectDir = dirname(dirname(configFile));
  const workspaceRoot = findUp(projectDir, 'nx.json') ?? findUp(projectDir, 'package.json') ?? projectDir;
  return {
    workspaceRoot,
    projectRoot: relative(workspaceRoot, projectDir) || '.',
    projectName: options.project ?? basename(projectDir),
    configFile,
  };
}
