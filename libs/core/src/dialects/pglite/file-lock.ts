/**
 * PGlite is single-process: two processes (or two instances) on one data directory open without
 * error and silently corrupt it, and advisory locks cannot see each other (every backend is pid 42).
 * So the data directory is guarded by an OS-level lock file created with O_EXCL, holding the
 * owner's pid; a lock whose pid is dead is stale and taken over.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { LockError } from '../../errors';

export interface FileLock {
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  command: string;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // cannot tell: assume alive
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string, command: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
    writeSync(fd, JSON.stringify(owner));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Moves a stale lock aside atomically. If another taker replaced it in between, what we moved is
 * a live lock: put it back (link fails if yet another lock exists, which is then the live one).
 */
function removeStale(path: string, stale: LockOwner): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readOwner(aside);
  if (!moved || moved.pid !== stale.pid || moved.since !== stale.since) {
    try {
      linkSync(aside, path);
    } catch {
      /* a newer lock is in place */
    }
  }
  unlinkSync(aside);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireFileLock(path: string, timeoutMs: number, command: string, onWait?: () => void): Promise<FileLock> {
  const deadline = Date.now() + timeoutMs;
  let waiting = false;
  for (;;) {
    if (tryCreate(path, command)) {
      return { release: () => unlinkSync(path) };
    }
    const owner = readOwner(path);
    if (owner && !isAlive(owner)) {
      removeStale(path, owner);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = owner ? `pid ${owner.pid} on ${owner.host} (${owner.command}, since ${owner.since})` : 'another process';
      throw new LockError('MIG_LOCK_TIMEOUT', `The embedded database is in use by ${who}; waited ${timeoutMs} ms.`, {
        file: path,
        hint: 'PGlite allows one process at a time. Wait for the other command to finish, or raise --lock-timeout. If that process is gone, delete the lock file.',
      });
    }
    if (!waiting) {
      waiting = true;
      onWait?.();
    }
    await sleep(50);
  }
}
