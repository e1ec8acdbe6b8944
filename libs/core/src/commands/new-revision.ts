/**
 * A new revision file (Alembic's `ScriptDirectory.generate_revision`), for `nx g mig:revision`,
 * `nx g mig:merge` and `mig revision` / `mig merge`. `newRevision` and `newMergeRevision` are pure:
 * the caller reads the headers and the template (from an Nx Tree or from disk), owns the clock and
 * the random id, and writes the `{ path, content }` it gets back. The CLI's file-system adapter
 * sits at the bottom of this file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import { loadProject, type Project } from '../config/load-project';
import { ConfigError, TargetError } from '../errors';
import { parseTarget, resolvePoint, RevisionMap, type RevisionHeader } from '../revision';
import { describe } from '../revision/target-resolve';
import { checkBranchLabel, newRevisionId, readRevisionHeader, readRevisionTemplate, renderRevisionSource, revisionFileName, scanRevisionFiles } from '../script';
import type { RevisionSourceVars } from '../script';
import { autogenerate, type AutogenerateResult } from './check';
import type { CompareOptions } from './compare';
import type { CommandContext } from './context';

export interface NewRevisionOptions {
  readonly message?: string;
  /** The parent: `head` (the default needs a single head), `heads`, `base`, `<label>@head`, an id or prefix. */
  readonly head?: string;
  /** Allow a parent that is not a head (starts a new branch from it). */
  readonly splice?: boolean;
  readonly branchLabels?: readonly string[];
  /** Ids, prefixes or branch labels the new revision depends on (kept as labels when given as labels). */
  readonly dependsOn?: readonly string[];
  /** The new id; default the caller's random one. */
  readonly revId?: string;
  /** One of the project's version folders: as listed in `versions`, or a path. */
  readonly versionPath?: string;
}

export interface MergeRevisionOptions {
  /** What to merge (each resolved like `--head`); default `heads`. */
  readonly revisions?: readonly string[];
  readonly message?: string;
  readonly branchLabels?: readonly string[];
  readonly revId?: string;
}

/** `--autogenerate` also takes `--allow-warnings`, and `--url`: a MySQL shadow lives on that server. */
export type AutogenerateOptions = NewRevisionOptions & Pick<CompareOptions, 'allowWarnings' | 'url' | 'shadowCache'>;

/** What the template puts inside `upgrade()`/`downgrade()`; by hand (`// TODO`) until autogenerate fills it. */
export type RevisionBody = Pick<RevisionSourceVars, 'upgrades' | 'downgrades' | 'imports'>;

export interface RevisionSetting {
  /** The existing revisions; `file` in the same coordinates as `versionDirs`. */
  readonly headers: readonly RevisionHeader[];
  readonly migrationsDir: string;
  readonly versionDirs: readonly string[];
  readonly template: string;
  /** Named in template errors. */
  readonly templateFile?: string;
  /** Named in hints (`nx g mig:merge --project=<name>`). */
  readonly projectName?: string;
  /** ISO-8601 create date and the id to use when there is no `revId`: the caller's clock and randomness. */
  readonly createDate: string;
  readonly randomId: string;
  readonly body?: RevisionBody;
}

export interface NewRevisionFile {
  /** `<version folder>/<id>_<slug>.ts`, in the coordinates of `versionDirs`. */
  readonly path: string;
  readonly content: string;
  readonly revision: string;
  readonly downRevisions: readonly string[];
}

export function newRevision(setting: RevisionSetting, options: NewRevisionOptions = {}): NewRevisionFile {
  const map = RevisionMap.build(setting.headers);
  const parents = options.head === undefined ? defaultParent(map, setting.projectName) : resolveParents(map, options.head, '--head');
  if (!options.splice) assertHeads(map, parents, 'pass --splice to start a new branch from it on purpose, or leave out --head to revise the head');
  return writeRevision(setting, map, parents, options);
}

/** A revision whose `downRevision` lists the heads it joins (Alembic's `merge`). */
export function newMergeRevision(setting: RevisionSetting, options: MergeRevisionOptions = {}): NewRevisionFile {
  const map = RevisionMap.build(setting.headers);
  const refs = options.revisions && options.revisions.length > 0 ? options.revisions : ['heads'];
  const parents = [...new Set(refs.flatMap((ref) => resolveParents(map, ref, 'merge')))];
  if (parents.length < 2) {
    const what = parents.length === 0 ? 'there are no revisions' : `${refs.join(', ')} is one revision (${describe(map, parents)})`;
    throw new TargetError('MIG_NOTHING_TO_DO_TARGET', `Nothing to merge: ${what}; a merge joins two or more heads.`, {
      hint: map.heads.length > 1 ? `merge the heads: ${map.heads.join(' ')}` : 'there is a single head already; create a plain revision instead',
    });
  }
  assertHeads(map, parents, 'merge heads only; list the current heads with the migrate-heads target');
  return writeRevision(setting, map, parents, { ...options, dependsOn: [] });
}

/**
 * The one place `--autogenerate` enters: compare the models with the schema the history builds up
 * to the new revision's parents (`--head`, default every head) and render the difference.
 * `body` is undefined when nothing changed: then no file is written.
 */
export async function autogenerateRevisionBody(context: CommandContext, options: AutogenerateOptions): Promise<AutogenerateResult> {
  return autogenerate(context, { parents: options.head === undefined ? undefined : [options.head], allowWarnings: options.allowWarnings, url: options.url, shadowCache: options.shadowCache });
}

function defaultParent(map: RevisionMap, projectName = '<app>'): string[] {
  const heads = map.heads;
  if (heads.length > 1) {
    throw new TargetError('MIG_MULTIPLE_HEADS', `The new revision needs one parent, but the revisions have ${heads.length} heads: ${describe(map, heads)}.`, {
      hint: `merge them first (nx g mig:merge --project=${projectName}), or pick one with --head=<id> (or --head=<label>@head)`,
    });
  }
  return heads;
}

function resolveParents(map: RevisionMap, ref: string, option: string): string[] {
  const target = parseTarget(ref);
  if (target.kind === 'relative') {
    throw new TargetError('MIG_BAD_TARGET', `${option} ${ref} counts from the database's current revision; a new revision is placed among the files only.`, {
      hint: 'name the parent with head, heads, base, an id or prefix, <label>@head or <rev>-N',
    });
  }
  const point = resolvePoint(map, target);
  if (point.kind === 'base') return [];
  if (point.kind === 'branchBase') {
    throw new TargetError('MIG_BAD_TARGET', `${option} ${ref} names the point below ${point.id}, which is not a revision.`, {
      hint: 'to start a new branch with no parent, pass --head=base --branch-label=<name>',
    });
  }
  return [...point.ids];
}

function assertHeads(map: RevisionMap, parents: readonly string[], hint: string): void {
  for (const id of parents) {
    const children = map.children(id);
    if (children.length > 0) {
      throw new TargetError('MIG_BAD_TARGET', `Revision ${describe(map, [id])} is not a head: ${children.join(', ')} already revise${children.length === 1 ? 's' : ''} it.`, { hint });
    }
  }
}

interface WriteOptions {
  readonly message?: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
  readonly versionPath?: string;
}

function writeRevision(setting: RevisionSetting, map: RevisionMap, parents: readonly string[], options: WriteOptions): NewRevisionFile {
  const revision = options.revId ?? setting.randomId;
  assertNewId(map, revision);
  const branchLabels = [...new Set(options.branchLabels ?? [])];
  for (const label of branchLabels) assertNewLabel(map, label);
  // A label stays a label (it follows the branch); a prefix becomes the full id (Alembic does the same).
  const dependsOn = (options.dependsOn ?? []).map((ref) => (map.branchLabels.has(ref) && !map.has(ref) ? ref : map.resolveRef(ref)));
  const dir = versionDirFor(setting, map, parents, options.versionPath);
  const downRevision = parents.length === 0 ? null : parents.length === 1 ? (parents[0] as string) : parents;
  const content = renderRevisionSource(
    setting.template,
    { revision, downRevision, branchLabels, dependsOn, message: options.message, createDate: setting.createDate, ...setting.body },
    { templateFile: setting.templateFile },
  );
  const path = join(dir, revisionFileName(revision, options.message));
  // The file must read back as the revision we meant, or the user's template lost a header.
  const written = readRevisionHeader(content, path);
  if (written.id !== revision || written.downRevisions.join() !== parents.join() || written.branchLabels.join() !== branchLabels.join()) {
    throw new ConfigError('MIG_TEMPLATE', `The revision template ${setting.templateFile ?? ''} does not write the revision, downRevision and branchLabels it is given.`, {
      file: setting.templateFile,
      hint: 'Keep the header exports of libs/core/templates/script.ts.ejs (revision, downRevision, branchLabels, dependsOn) in your template.',
    });
  }
  RevisionMap.build([...setting.headers, written]);
  return { path, content, revision, downRevisions: parents };
}

function assertNewId(map: RevisionMap, id: string): void {
  const existing = map.get(id);
  if (existing) {
    throw new ConfigError('MIG_BAD_OPTION', `Revision id ${id} is taken by ${existing.header.file ?? 'an existing revision'}.`, {
      hint: 'pass another --rev-id, or leave it out for a random 12-character id',
    });
  }
  if (map.branchLabels.has(id)) {
    throw new ConfigError('MIG_BAD_OPTION', `Revision id ${id} is already a branch label (of ${map.branchLabels.get(id)}).`, { hint: 'pass another --rev-id' });
  }
}

function assertNewLabel(map: RevisionMap, label: string): void {
  const problem = checkBranchLabel(label);
  if (problem) throw new ConfigError('MIG_BAD_OPTION', `Branch label '${label}' ${problem}.`, { hint: 'use letters, digits and _' });
  const owner = map.branchLabels.get(label) ?? (map.has(label) ? label : undefined);
  if (owner !== undefined) {
    const what = map.has(label) ? 'a revision id' : `the branch label of ${owner}`;
    throw new ConfigError('MIG_BAD_OPTION', `Branch label ${label} is already ${what}.`, { hint: 'pick another --branch-label' });
  }
}

function versionDirFor(setting: RevisionSetting, map: RevisionMap, parents: readonly string[], versionPath: string | undefined): string {
  const dirs = setting.versionDirs;
  const same = (a: string, b: string) => normalize(a).replace(/[\\/]+$/, '') === normalize(b).replace(/[\\/]+$/, '');
  if (versionPath !== undefined) {
    const candidates = isAbsolute(versionPath) ? [versionPath] : [join(setting.migrationsDir, versionPath), versionPath];
    const found = dirs.find((dir) => candidates.some((candidate) => same(dir, candidate)));
    if (found === undefined) {
      throw new ConfigError('MIG_BAD_OPTION', `--version-path ${versionPath} is not one of this project's version folders: ${dirs.map((d) => relative(setting.migrationsDir, d) || '.').join(', ')}.`, {
        hint: 'pass one of those (relative to the migrations folder), or add the folder to `versions` in mig.config.ts',
      });
    }
    return found;
  }
  if (dirs.length === 1) return dirs[0] as string;
  for (const parent of parents) {
    const file = map.revision(parent).header.file;
    const dir = file === undefined ? undefined : dirs.find((d) => same(d, dirname(file)));
    if (dir !== undefined) return dir;
  }
  throw new ConfigError('MIG_CONFIG', `The project has ${dirs.length} version folders (${dirs.join(', ')}) and the new revision has no parent to take one from.`, {
    hint: dirs.length === 0 ? 'list at least one folder in `versions` in mig.config.ts' : 'pass --version-path=<one of them>',
  });
}

// ---- The CLI's adapter: the same functions, reading and writing the file system. ----

export interface WrittenRevision {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  /** Relative to the workspace root. */
  readonly file: string;
}

export interface AutogeneratedRevision {
  /** Undefined when autogenerate found no changes (and wrote nothing). */
  readonly written?: WrittenRevision;
  readonly changes: AutogenerateResult['changes'];
  readonly warnings: AutogenerateResult['warnings'];
}

export async function writeNewRevision(context: CommandContext, options: NewRevisionOptions): Promise<WrittenRevision> {
  return writeFile(context, newRevision(await settingFromDisk(context), options));
}

export async function writeAutogeneratedRevision(context: CommandContext, options: AutogenerateOptions): Promise<AutogeneratedRevision> {
  const setting = await settingFromDisk(context);
  // Validate the placement first: no point comparing schemas for a revision that cannot be written.
  newRevision(setting, options);
  const result = await autogenerateRevisionBody(context, options);
  if (!result.body) return { changes: result.changes, warnings: result.warnings };
  return { written: writeFile(context, newRevision({ ...setting, body: result.body }, options)), changes: result.changes, warnings: result.warnings };
}

export async function writeMergeRevision(context: CommandContext, options: MergeRevisionOptions): Promise<WrittenRevision> {
  return writeFile(context, newMergeRevision(await settingFromDisk(context), options));
}

async function settingFromDisk(context: CommandContext): Promise<RevisionSetting> {
  const project = await loadProject(context);
  const scanned = await scanRevisionFiles(project.versionDirs);
  return revisionSetting(project, scanned.headers);
}

/** Where and how a new revision of `project` is written, given the revision headers it must fit. */
export function revisionSetting(project: Project, headers: RevisionSetting['headers']): RevisionSetting {
  return {
    headers,
    migrationsDir: project.migrationsDir,
    versionDirs: project.versionDirs,
    template: readRevisionTemplate(project.templateFile),
    templateFile: relative(project.workspaceRoot, project.templateFile),
    projectName: project.projectName,
    createDate: new Date().toISOString(),
    randomId: newRevisionId(),
  };
}

function writeFile(context: CommandContext, file: NewRevisionFile): WrittenRevision {
  mkdirSync(dirname(file.path), { recursive: true });
  // `wx`: never overwrite, even if another run picked the same id in the meantime.
  writeFileSync(file.path, file.content, { flag: 'wx' });
  return { revision: file.revision, downRevisions: file.downRevisions, file: relative(context.workspaceRoot, file.path) };
}
