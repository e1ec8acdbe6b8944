/**
 * What the revision and merge generators need from the Nx Tree: the project's migrations folder,
 * its config (read as text), the existing revision headers and the user's template. Everything is
 * read through the Tree, so `--dry-run` and generator tests see the same files Nx would write.
 */
import { getProjects, joinPathFragments, type Tree } from '@nx/devkit';
import { ConfigError, isRevisionFileName, newRevisionId, readRevisionHeader, type RevisionHeader, type RevisionSetting } from '@mig/core';
import { readConfigText, type ConfigText } from '../../config/read-config-text';

export interface TreeProject {
  readonly name: string;
  readonly root: string;
  /** Workspace-relative folder holding mig.config.ts. */
  readonly migrationsDir: string;
  readonly config: ConfigText;
}

export function requireProject(tree: Tree, name: string): { name: string; root: string } {
  const projects = getProjects(tree);
  const project = projects.get(name);
  if (!project) {
    const known = [...projects.keys()].sort();
    throw new ConfigError('MIG_BAD_OPTION', `There is no project named "${name}" in this workspace.`, {
      hint: known.length > 0 ? `pass --project=<one of: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}>` : 'create the project first (it needs a project.json or package.json)',
    });
  }
  return { name, root: project.root };
}

export function readTreeProject(tree: Tree, name: string): TreeProject {
  const { root } = requireProject(tree, name);
  const migrationsDir = findMigrationsDir(tree, root);
  if (migrationsDir === undefined) {
    throw new ConfigError('MIG_NO_CONFIG', `Project "${name}" has no migration environment: ${joinPathFragments(root, 'migrations', 'mig.config.ts')} does not exist.`, {
      hint: `run nx g mig:init --project=${name}`,
    });
  }
  const config = readConfigText(tree.read(joinPathFragments(migrationsDir, 'mig.config.ts'), 'utf-8') ?? '');
  return { name, root, migrationsDir, config };
}

/** The inputs of newRevision / newMergeRevision, read from the Tree; the clock and id are the real ones. */
export function revisionSettingFromTree(tree: Tree, project: TreeProject): RevisionSetting {
  const dynamic = project.config.dynamic.filter((key) => key === 'versions' || key === 'template');
  if (dynamic.length > 0) {
    throw new ConfigError('MIG_CONFIG', `${project.migrationsDir}/mig.config.ts computes \`${dynamic.join('` and `')}\`; the generators read them as plain text.`, {
      file: `${project.migrationsDir}/mig.config.ts`,
      hint: "write them as literals (versions: ['versions']), or create the revision with the CLI: npx mig revision",
    });
  }
  const versionDirs = (project.config.versions ?? ['versions']).map((dir) => joinPathFragments(project.migrationsDir, dir));
  const templateFile = joinPathFragments(project.migrationsDir, project.config.template ?? 'script.ts.ejs');
  const template = tree.read(templateFile, 'utf-8');
  if (template === null) {
    throw new ConfigError('MIG_TEMPLATE', `The revision template ${templateFile} does not exist.`, {
      file: templateFile,
      hint: 'restore it (a copy of libs/core/templates/script.ts.ejs from the mig package), or fix `template` in mig.config.ts',
    });
  }
  return {
    headers: versionDirs.flatMap((dir) => headersIn(tree, dir)),
    migrationsDir: project.migrationsDir,
    versionDirs,
    template,
    templateFile,
    projectName: project.name,
    createDate: new Date().toISOString(),
    randomId: newRevisionId(),
  };
}

function headersIn(tree: Tree, dir: string): RevisionHeader[] {
  return tree
    .children(dir)
    .filter((name) => isRevisionFileName(name) && tree.isFile(joinPathFragments(dir, name)))
    .sort()
    .map((name) => {
      const path = joinPathFragments(dir, name);
      return readRevisionHeader(tree.read(path, 'utf-8') ?? '', path);
    });
}

/** `<root>/migrations`, else a `…/migrations/mig.config.ts` a little deeper (`mig:init --directory=db/migrations`). */
export function findMigrationsDir(tree: Tree, root: string): string | undefined {
  const standard = joinPathFragments(root, 'migrations');
  if (tree.exists(joinPathFragments(standard, 'mig.config.ts'))) return standard;
  const search = (dir: string, depth: number): string | undefined => {
    for (const name of tree.children(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = joinPathFragments(dir, name);
      if (tree.isFile(path)) continue;
      if (name === 'migrations' && tree.exists(joinPathFragments(path, 'mig.config.ts'))) return path;
      const found = depth > 1 ? search(path, depth - 1) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return search(root, 3);
}
