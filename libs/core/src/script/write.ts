/**
 * New revision files: an id, a file name and the source rendered from the user's EJS template
 * (`migrations/script.ts.ejs`, their copy of libs/core/templates/script.ts.ejs), as Alembic renders
 * `script.py.mako`. Rendering is pure: the caller passes the create date and writes the file
 * (through an Nx Tree or fs).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors';
import { checkRevisionId } from './read-header';

export interface RevisionSourceVars {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  /** The `-m` message; only its first line goes in the doc comment. */
  readonly message?: string;
  /** ISO-8601; the caller owns the clock. */
  readonly createDate: string;
  /** Body lines of `upgrade`, not indented (the renderer indents them). Default `// TODO`. */
  readonly upgrades?: string;
  readonly downgrades?: string;
  /** Extra import lines, placed after `import type { Knex } from 'knex'`. */
  readonly imports?: string;
}

export interface RenderOptions {
  /** Named in errors, so a broken template can be found. */
  readonly templateFile?: string;
}

/** The EJS subset of the `ejs` package that mig uses (it ships no types). */
interface Ejs {
  render(template: string, data: Record<string, unknown>, options: Record<string, unknown>): string;
}

/** 12 random hex characters, like Alembic's `uuid4().hex[-12:]`. */
export function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}

/** `<id>_<slug>.ts`: the slug is the message in lowercase, non-alphanumerics as `_`, at most 40 characters. */
export function revisionFileName(id: string, message = ''): string {
  const slug = message
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40)
    .replace(/^_+|_+$/g, '');
  return slug ? `${id}_${slug}.ts` : `${id}.ts`;
}

/** The template mig ships; `mig init` copies it into the project for the user to edit. */
export function defaultTemplatePath(): string {
  return join(__dirname, '..', '..', 'templates', 'script.ts.ejs');
}

export function readRevisionTemplate(file = defaultTemplatePath()): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError('MIG_TEMPLATE', `Cannot read the revision template ${file}.`, {
      file,
      cause,
      hint: 'Fix `template` in mig.config.ts, or restore the file with `nx g mig:init` (it writes migrations/script.ts.ejs).',
    });
  }
}

/**
 * Renders a revision file. The template sees every var, plus `revises` (for the doc comment) and
 * the helpers `literal(value)` (a TypeScript literal) and `docLine(text)` (first line, safe inside a
 * doc comment). `<%= %>` does not HTML-escape: the output is TypeScript, where `&#39;` would be wrong.
 */
export function renderRevisionSource(template: string, vars: RevisionSourceVars, options: RenderOptions = {}): string {
  const ids = [vars.revision, ...toList(vars.downRevision)];
  for (const id of ids) {
    const problem = checkRevisionId(id);
    if (problem) {
      throw new ConfigError('MIG_BAD_OPTION', `Revision id '${id}' ${problem}.`, {
        hint: 'Pass a different --rev-id, or leave it out to get a random 12-character id.',
      });
    }
  }
  const data = {
    revision: vars.revision,
    downRevision: vars.downRevision,
    branchLabels: vars.branchLabels ?? [],
    dependsOn: vars.dependsOn ?? [],
    message: vars.message ?? '',
    createDate: vars.createDate,
    upgrades: indentBody(vars.upgrades),
    downgrades: indentBody(vars.downgrades),
    imports: vars.imports ?? '',
    revises: vars.downRevision === null || toList(vars.downRevision).length === 0 ? '(base)' : docLine(toList(vars.downRevision).join(', ')),
    literal,
    docLine,
  };
  const file = options.templateFile ?? 'script.ts.ejs';
  const ejs = require('ejs') as Ejs;
  try {
    return ejs.render(template, data, { filename: file, escape: (value: unknown) => (value == null ? '' : String(value)) });
  } catch (cause) {
    throw templateError(template, file, cause);
  }
}

/** A TypeScript literal for a header value: `'id'`, `['a', 'b']` or `null`. */
export function literal(value: string | readonly string[] | null | boolean): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return quote(value);
  return `[${value.map(quote).join(', ')}]`;
}

/** First line of `text`, with `*\/` escaped so it cannot close the doc comment. */
export function docLine(text: string): string {
  return (text.split(/\r\n|\r|\n|\u2028|\u2029/)[0] ?? '').trim().replace(/\*\//g, '*\\/');
}

function quote(text: string): string {
  const escaped = text.replace(/[\\'\n\r\u2028\u2029]/g, (ch) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r' })[ch] ?? `\\u${ch.charCodeAt(0).toString(16)}`);
  return `'${escaped}'`;
}

function toList(value: string | readonly string[] | null): readonly string[] {
  return value === null ? [] : typeof value === 'string' ? [value] : value;
}

function indentBody(body: string | undefined): string {
  const text = body?.trim() ? body.replace(/\s+$/, '') : '// TODO';
  return text
    .split('\n')
    .map((line) => (line.trim() ? `  ${line}` : ''))
    .join('\n');
}

/** ejs reports runtime errors with `file:line`, but syntax errors without a line: find it ourselves. */
function templateError(template: string, file: string, cause: unknown): ConfigError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const located = /^(.*):(\d+)\n/.exec(reason);
  const line = located ? Number(located[2]) : lineOfBadTag(template);
  const what = located ? reason.slice(reason.lastIndexOf('\n\n') + 2) : reason.split('\n')[0];
  const where = line ? `${file}:${line}` : file;
  return new ConfigError('MIG_TEMPLATE', `Revision template ${where} does not render: ${what}`, {
    file,
    ...(line ? { line } : {}),
    cause,
    hint: 'Fix the template (it is EJS: <%= value %>, <% code %>), or compare it with libs/core/templates/script.ts.ejs.',
  });
}

/** The line of the first tag that is never closed or whose expression does not parse. */
function lineOfBadTag(template: string): number | undefined {
  const lineAt = (index: number) => template.slice(0, index).split('\n').length;
  const tags = /<%([=_-]?)([\s\S]*?)(?:[-_]?%>|$)/g;
  for (let match = tags.exec(template); match; match = tags.exec(template)) {
    if (!match[0].endsWith('%>')) return lineAt(match.index);
    if (match[1] !== '=' && match[1] !== '-') continue;
    try {
      new Function(`return (${match[2]}\n);`);
    } catch {
      return lineAt(match.index);
    }
  }
  return undefined;
}
