/**
 * One knex column builder (`table.string('name', 50).notNullable().defaultTo('x')`) as the
 * column PostgreSQL ends up with, read from its recorded method, arguments and modifiers.
 */
import { giveUp } from './give-up';
import type { ColumnBuilderInternals } from './knex-internals';
import { defaultFor } from './pg-defaults';
import type { ColumnState } from './pg-state';
import { knexColumnKind, type ColumnKind } from './pg-types';
import { plainName } from './names';

export interface BuiltColumn {
  readonly column: ColumnState;
  readonly kind: ColumnKind;
  /** `default` was given (even `null`): `.alter()` sets it. */
  readonly hasDefault: boolean;
  /** `nullable(false)` / `notNullable()` was called. */
  readonly notNull: boolean;
  /** `.comment(…)` was called: undefined removes the comment. */
  readonly comment?: { readonly value: string | undefined };
}

/** Modifiers PostgreSQL's column compiler ignores (MySQL-only). */
const IGNORED = new Set(['unsigned', 'first', 'after', 'collate']);
const FOLLOWED = new Set(['nullable', 'defaultTo', 'comment']);

export function buildColumn(builder: ColumnBuilderInternals): BuiltColumn {
  const method = builder._type;
  const kind = knexColumnKind(method, builder._args.slice(1));
  const name = builder._args[0] === undefined && kind.serial ? 'id' : plainName(builder._args[0], 'column');
  if (builder._statements.length > 0 || Object.keys(builder._single).length > 0) giveUp(`column "${name}": alterType()/drop()`);
  for (const modifier of Object.keys(builder._modifiers)) {
    if (!FOLLOWED.has(modifier) && !IGNORED.has(modifier)) giveUp(`column "${name}": .${modifier}()`);
  }
  const modifiers = builder._modifiers;
  if (kind.serial && method.toLowerCase() === 'specifictype' && (modifiers.defaultTo || (modifiers.nullable && modifiers.nullable[0] !== false))) {
    giveUp(`column "${name}": a serial type with a default or NULL`);
  }
  // knex skips every modifier but the comment on increments columns.
  const serial = kind.serial === true;
  const notNull = !serial && modifiers.nullable !== undefined && modifiers.nullable[0] === false;
  const hasDefault = !serial && modifiers.defaultTo !== undefined;
  const column: ColumnState = {
    name,
    type: kind.type,
    nullable: !(serial || notNull),
    ...(hasDefault ? withDefault(modifiers.defaultTo[0], kind, method) : {}),
    ...(serial ? { autoIncrement: true } : {}),
  };
  const comment = modifiers.comment === undefined ? undefined : { value: columnCommentValue(modifiers.comment[0]) };
  if (comment?.value !== undefined) column.comment = comment.value;
  return { column, kind, hasDefault, notNull, ...(comment ? { comment } : {}) };
}

function withDefault(value: unknown, kind: ColumnKind, method: string): Pick<ColumnState, 'default'> {
  if (kind.nativeEnum?.existing) giveUp('a default on a column of an existing enum type');
  const normalized = defaultFor(value, kind.type, method, kind.nativeEnum?.values);
  return normalized === undefined ? {} : { default: normalized };
}

/**
 * A column comment as PostgreSQL stores it: knex doubles the lone quotes only (pg-columncompiler.js)
 * and its `?` conversion turns `\?` into `?`; a run of quotes it leaves odd, a bare `?` or another
 * backslash is not followed.
 */
export function columnCommentValue(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return giveUp('a comment that is not a string');
  const body = value.replace(/(?<!')'(?!')/g, "''");
  if (/\0/.test(body) || (body.match(/'+/g) ?? []).some((run) => run.length % 2 === 1)) giveUp('a comment knex does not quote');
  if (/(?<!\\)\?/.test(body) || /\\(?!\?)/.test(body) || /\\\\/.test(body)) giveUp('a comment with ? or a backslash');
  const stored = body.replace(/\\\?/g, '?').replace(/''/g, "'");
  return stored === '' ? undefined : stored;
}

/** knex writes a table comment into SQL between quotes as it is: only plain text is followed; '' means none. */
export function commentValue(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^[^'?\\\x00]*$/.test(value)) return giveUp('a comment with a quote, ? or backslash');
  return value;
}
