import type { ProjectContext } from '../config/load-project';
import type { MigEventListener } from '../events';

/** What every command needs from its adapter (Nx executor, CLI, or a program). */
export interface CommandContext extends ProjectContext {
  /** Environment to resolve the connection from; the adapter passes process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly onEvent?: MigEventListener;
}

/** Options shared by the commands that talk to a database. */
export interface DatabaseOptions {
  /** Connection URL; overrides DATABASE_URL and DB_*. */
  readonly url?: string;
  readonly lockTimeoutMs?: number;
}
