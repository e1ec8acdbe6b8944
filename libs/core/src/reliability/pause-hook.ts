/**
 * A test hook inside revision bodies, so a test can kill the runner at an exact moment: when the
 * process's MIG_TEST_PAUSE_AT names the revision, the body writes a marker file and waits, and the
 * test kills it there. `<rev>:before` pauses before the revision's DDL, `<rev>` after it (both
 * inside its transaction, with the migration lock held). Processes without the variable, and this
 * test process, run the revisions normally.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FixtureRevision } from '../testing/fixture-project';
import { startMig, waitUntil, type Run } from './run-mig';

/** The statement that pauses a revision body at `point` (see above). */
export function pauseAt(point: string): string {
  return [
    `if (process.env.MIG_TEST_PAUSE_AT === '${point}') {`,
    `  require('node:fs').writeFileSync(process.env.MIG_TEST_MARKER as string, '${point} ' + process.pid);`,
    `  await new Promise((resolve) => setTimeout(resolve, 120_000));`,
    `}`,
  ].join('\n');
}

/** The revision with a pause point before and after its upgrade body. */
export function pausable(revision: FixtureRevision): FixtureRevision {
  return { ...revision, upgrade: [pauseAt(`${revision.id}:before`), revision.upgrade, pauseAt(revision.id)].join('\n') };
}

/** A marker file per pause, and the environment that makes a mig process stop there. */
export function pausePoint(point: string): { env: Record<string, string>; reached(timeoutMs?: number): Promise<void>; isReached(): boolean; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mig-pause-'));
  const marker = join(dir, 'reached');
  const isReached = () => existsSync(marker) && readFileSync(marker, 'utf8').length > 0;
  return {
    env: { MIG_TEST_PAUSE_AT: point, MIG_TEST_MARKER: marker },
    reached: (timeoutMs = 30_000) => waitUntil(isReached, timeoutMs, `pause at ${point}`),
    isReached,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Starts mig, lets it reach the pause point `at`, and kills it there with SIGKILL. */
export async function killMigAt(at: string, args: readonly string[]): Promise<{ pid: number; run: Run }> {
  const point = pausePoint(at);
  const started = startMig(args, point.env);
  try {
    await point.reached();
  } finally {
    point.remove();
  }
  started.child.kill('SIGKILL');
  return { pid: started.child.pid!, run: await started.exit };
}
