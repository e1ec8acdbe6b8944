/** Reads the project's revision files (headers only, as text) into a RevisionMap. */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Project } from '../config/load-project';
import { RevisionMap } from '../revision';
import { checksumOf, scanRevisionFiles } from '../script';

export interface RevisionGraph {
  readonly map: RevisionMap;
  /** Absolute path of a revision's file. */
  fileOf(id: string): string;
  /** Workspace-relative path, for messages and history rows. */
  displayPathOf(id: string): string;
  checksumOf(id: string): Promise<string>;
}

export async function loadRevisionGraph(project: Project): Promise<RevisionGraph> {
  const scanned = await scanRevisionFiles([...project.versionDirs], { root: project.workspaceRoot });
  const map = RevisionMap.build(scanned.headers);
  const fileOf = (id: string) => scanned.files.get(id)!;
  return {
    map,
    fileOf,
    displayPathOf: (id) => relative(project.workspaceRoot, fileOf(id)),
    checksumOf: async (id) => checksumOf(await readFile(fileOf(id))),
  };
}
