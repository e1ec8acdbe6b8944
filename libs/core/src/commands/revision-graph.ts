/** Reads the project's revision files (headers only, as text) into a RevisionMap. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Project } from '../config/load-project';
import { RevisionMap } from '../revision/revision-map';
import { checksumOf, scanRevisionFiles } from '../script/scan';

export interface RevisionGraph {
  readonly map: RevisionMap;
  /** Absolute path of a revision's file. */
  fileOf(id: string): string;
  /** Workspace-relative path, for messages and history rows. */
  displayPathOf(id: string): string;
  checksumOf(id: string): Promise<string>;
}

export interface LoadGraphOptions {
  /**
   * Hash every file while its text is in memory anyway: for commands that compare the applied
   * revisions with their recorded checksums (up, status), which would otherwise read each file twice.
   */
  readonly checksums?: boolean;
}

export async function loadRevisionGraph(project: Project, options: LoadGraphOptions = {}): Promise<RevisionGraph> {
  const scanned = await scanRevisionFiles([...project.versionDirs], { root: project.workspaceRoot, checksums: options.checksums, cacheDir: project.cacheDir });
  const map = RevisionMap.build(scanned.headers);
  const fileOf = (id: string) => scanned.files.get(id)!;
  const checksums = scanned.checksums;
  return {
    map,
    fileOf,
    // The scan made each header's path relative to the workspace root already (path.relative()
    // per revision was ~40 ms of `mig history` over 10,000).
    displayPathOf: (id) => map.get(id)?.header.file ?? relative(project.workspaceRoot, fileOf(id)),
    // Synchronous read: thousands of small files from the page cache read ~5x faster than with
    // fs.promises (see scan.ts), and each is read at most once.
    checksumOf: async (id) => {
      let sum = checksums.get(id);
      if (sum === undefined) checksums.set(id, (sum = checksumOf(readFileSync(fileOf(id)))));
      return sum;
    },
  };
}
