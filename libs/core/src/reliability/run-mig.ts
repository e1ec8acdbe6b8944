/**
 * Running mig the two ways the reliability tests need: the real binary as its own process (to
 * kill it, or to race several), and `main()` in this process with the console captured (fast, for
 * the bad-input corpus). Both return what a user would see: exit code, stdout, stderr.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../cli/main';

export const WORKSPACE = join(__dirname, '..', '..', '..', '..');
export const BIN = join(WORKSPACE, 'libs', 'core', 'bin', 'mig.js');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The signal that ended the process (`SIGKILL` when a test killed it). */
  readonly signal?: NodeJS.Signals | null;
}

export const ANSI = /\u001b\[[0-9;]*m/g;
/** A stack frame line, which a user must see only with --verbose. */
export const STACK_LINE = /\n\s+at .+:\d+/;

/** No database variables and no CI from the test's own environment unless the test sets them. */
const CLEAN_ENV = { DATABASE_URL: '', DB_HOST: '', DB_PORT: '', DB_NAME: '', DB_USER: '', DB_PASS: '', CI: '', NO_COLOR: '1', MIG_TEST_PAUSE_AT: '' };

export interface StartedMig {
  readonly child: ChildProcess;
  readonly exit: Promise<Run>;
}

/** Starts `node libs/core/bin/mig.js <args>` as its own process. */
export function startMig(args: readonly string[], env: Record<string, string> = {}): StartedMig {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: WORKSPACE, env: { ...process.env, ...CLEAN_ENV, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: stdout.replace(ANSI, ''), stderr: stderr.replace(ANSI, '') }));
  });
  return { child, exit };
}

export const runMig = (args: readonly string[], env?: Record<string, string>) => startMig(args, env).exit;

/**
 * `main(argv)` in this process, printing into buffers instead of the test output. `env` is
 * applied to process.env for the call (main reads it, as the binary does) and restored after.
 */
export async function migInProcess(argv: readonly string[], env: Record<string, string> = {}): Promise<Run & { code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries({ ...CLEAN_ENV, ...env })) {
    saved.set(key, process.env[key]);
    if (value === '') delete process.env[key];
    else process.env[key] = value;
  }
  try {
    const code = await main([...argv]);
    return { code, stdout: out.join('\n').replace(ANSI, ''), stderr: err.join('\n').replace(ANSI, '') };
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    log.mockRestore();
    error.mockRestore();
  }
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not met within ${timeoutMs} ms`);
    await sleep(15);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
