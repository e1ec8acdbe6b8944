/**
 * Reads a revision file's header (its exported constants and leading doc comment) as text, so
 * `heads`, `history` and planning never compile or run TypeScript. The lexer handles nearly every
 * file; the TypeScript parser is asked only when the lexer is unsure.
 */
import { RevisionGraphError } from '../errors';
import type { RevisionHeader } from '../revision/header';
import { lexHeaderEntries, type HeaderEntries, type HeaderKey, type HeaderLiteral } from './header-lexer';
import { exampleLine, parseHeaderEntries } from './header-typescript';

/** Words the target grammar gives a meaning to; an id or label spelled like one could never be named. */
const RESERVED = new Set(['head', 'heads', 'base', 'current']);
const DOC_FIELD = /^(?:Revision ID|Revises|Create Date):/;

export function readRevisionHeader(source: string, file: string): RevisionHeader {
  const entries = lexHeaderEntries(source) ?? parseHeaderEntries(source, file);
  const read = new HeaderValues(entries, file);
  const revision = read.required('revision');
  const id = read.id(revision);
  const downRevision = read.required('downRevision');
  const doc = readDocComment(source);
  return {
    id,
    downRevisions: read.ids(downRevision, 'downRevision'),
    branchLabels: read.names('branchLabels', checkBranchLabel),
    dependsOn: read.names('dependsOn', checkRevisionId),
    ...(doc.message === undefined ? {} : { message: doc.message }),
    transactional: read.flag('transaction', true),
    file,
    line: revision.line,
    ...(doc.createDate === undefined ? {} : { createDate: doc.createDate }),
  };
}

/** Why `id` cannot be a revision id, or `undefined` when it can. */
export function checkRevisionId(id: string): string | undefined {
  if (id === '') return 'is empty';
  if (/\s/.test(id)) return 'contains whitespace';
  if (RESERVED.has(id)) return `is the reserved word \`${id}\``;
  if (/[@:]/.test(id)) return 'contains `@` or `:` (they separate labels and ranges in targets)';
  if (/^[+-]/.test(id)) return 'starts with `+` or `-` (that is a relative target)';
  return undefined;
}

/** Why `label` cannot be a branch label, or `undefined` when it can. */
export function checkBranchLabel(label: string): string | undefined {
  return checkRevisionId(label);
}

/** The `-m` message and create date from the leading `/** … *\/` comment, as the template writes them. */
export function readDocComment(source: string): { message?: string; createDate?: string } {
  const start = /^(?:#![^\n]*\n)?\s*\/\*\*/.exec(source);
  if (!start) return {};
  const end = source.indexOf('*/', start[0].length);
  if (end < 0) return {};
  const lines = source
    .slice(start[0].length, end)
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*\*?\s?/, '').trim());
  const first = lines.find((line) => line !== '');
  const date = lines.find((line) => line.startsWith('Create Date:'));
  return {
    // The template escapes `*/` in a message as `*\/` so it cannot end the comment early.
    ...(first === undefined || DOC_FIELD.test(first) ? {} : { message: first.replace(/\*\\\//g, '*/') }),
    ...(date === undefined ? {} : { createDate: date.slice('Create Date:'.length).trim() }),
  };
}

/** Validates header values, throwing MIG_BAD_HEADER with the file, the line and the expected form. */
class HeaderValues {
  constructor(
    private readonly entries: HeaderEntries,
    private readonly file: string,
  ) {}

  required(key: HeaderKey): { value: HeaderLiteral; line: number } {
    const entry = this.entries[key];
    if (entry) return entry;
    const line = this.entries.revision?.line ?? 1;
    const error = this.error(line, `has no \`${key}\` export`, key);
    if (key !== 'revision') throw error;
    throw new RevisionGraphError('MIG_BAD_HEADER', error.message, {
      file: this.file,
      line,
      hint: `${error.hint}. A helper that is not a revision must have a name starting with \`_\` (e.g. _helpers.ts).`,
    });
  }

  id(entry: { value: HeaderLiteral; line: number }): string {
    if (typeof entry.value !== 'string') throw this.error(entry.line, '`revision` must be a string', 'revision');
    const problem = checkRevisionId(entry.value);
    if (problem) throw this.error(entry.line, `revision id '${entry.value}' ${problem}`, 'revision');
    return entry.value;
  }

  ids(entry: { value: HeaderLiteral; line: number }, key: HeaderKey): string[] {
    if (entry.value === null) return [];
    const list = this.stringList(entry.value);
    if (!list) throw this.error(entry.line, `\`${key}\` must be a string, a list of strings or null`, key);
    for (const id of list) {
      const problem = checkRevisionId(id);
      if (problem) throw this.error(entry.line, `\`${key}\` id '${id}' ${problem}`, key);
    }
    return list;
  }

  names(key: 'branchLabels' | 'dependsOn', check: (name: string) => string | undefined): string[] {
    const entry = this.entries[key];
    if (!entry || entry.value === null) return [];
    const list = this.stringList(entry.value);
    if (!list) throw this.error(entry.line, `\`${key}\` must be a string or a list of strings`, key);
    for (const name of list) {
      const problem = check(name);
      if (problem) throw this.error(entry.line, `\`${key}\` entry '${name}' ${problem}`, key);
    }
    return list;
  }

  flag(key: 'transaction', fallback: boolean): boolean {
    const entry = this.entries[key];
    if (!entry) return fallback;
    if (typeof entry.value !== 'boolean') throw this.error(entry.line, `\`${key}\` must be true or false`, key);
    return entry.value;
  }

  private stringList(value: HeaderLiteral): string[] | undefined {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return [...value];
    return undefined;
  }

  private error(line: number, what: string, key: HeaderKey): RevisionGraphError {
    return new RevisionGraphError('MIG_BAD_HEADER', `${this.file}:${line}: revision file ${what}.`, {
      file: this.file,
      line,
      hint: `Expected a line like ${exampleLine(key)}`,
    });
  }
}
