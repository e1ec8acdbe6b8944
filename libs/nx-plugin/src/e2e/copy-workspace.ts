/** For e2e tests that need a git repository of their own: this workspace's files in a temp folder. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/** Tracked files and new ones git does not ignore, copied as they are in the working tree; node_modules linked. */
export function copyWorkspace(prefix: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), prefix)), 'workspace');
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: WORKSPACE_ROOT, encoding: 'utf8' });
  for (const file of new Set(listed.split('\0').filter(Boolean))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      copyFileSync(join(WORKSPACE_ROOT, file), join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted in the working tree
    }
  }
  symlinkSync(join(WORKSPACE_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}
