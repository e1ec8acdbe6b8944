/**
 * The whole of what an executor does: turn Nx's context into a @mig/core CommandContext, run one
 * command, print its events and errors the way the CLI does, and map the outcome to success.
 */
import type { ExecutorContext } from '@nx/devkit';
import { type CommandContext, formatError, formatEvent, type MigEvent } from '@mig/core';

export interface CommonOptions {
  verbose?: boolean;
  json?: boolean;
  /** Set by the inferred targets when the config is not at `<project>/migrations/mig.config.ts`. */
  config?: string;
}

/**
 * Inside a workspace that runs the plugin from its TypeScript source, Nx registers a transpiler
 * only while it loads the executor, so @mig/core's lazy imports (the model reader, dialects) would
 * then fail to load. Keep one registered for the run; the published JavaScript needs none.
 */
function keepTypeScriptLoadable(): void {
  if (!__filename.endsWith('.ts')) return;
  if (require.extensions['.ts']) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@swc-node/register/register').register();
}

export function commandContext(context: ExecutorContext, options: CommonOptions = {}): CommandContext {
  const projectName = context.projectName!;
  const project = context.projectsConfigurations.projects[projectName];
  return {
    workspaceRoot: context.root,
    projectName,
    projectRoot: project.root,
    ...(options.config ? { configFile: options.config } : {}),
    env: process.env,
    onEvent: (event: MigEvent) => {
      const line = formatEvent(event);
      if (line && ((event.kind !== 'connected' && event.kind !== 'debug') || options.verbose)) console.log(line);
    },
  };
}

export async function runCommand<T>(
  context: ExecutorContext,
  options: CommonOptions,
  run: (ctx: CommandContext) => Promise<T>,
  print: (result: T) => string | undefined,
  succeeded: (result: T) => boolean = () => true,
): Promise<{ success: boolean }> {
  try {
    keepTypeScriptLoadable();
    const ctx = commandContext(context, options);
    const result = await run(options.json ? { ...ctx, onEvent: undefined } : ctx);
    const text = options.json ? JSON.stringify(result, null, 2) : print(result);
    if (text) console.log(text);
    return { success: succeeded(result) };
  } catch (error) {
    console.error(formatError(error, options.verbose));
    return { success: false };
  }
}

/**
 * Nx parses `--to=+1` into the number 1 before an executor sees it, and keeps no raw copy. A
 * positive number can only have been typed as `+N` or as an all-digit id prefix; relative targets
 * are far more common, so numbers become `+N` / `-N`. (An all-digit prefix needs the CLI.)
 */
export function targetOption(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value > 0 ? `+${value}` : String(value);
  return value;
}
