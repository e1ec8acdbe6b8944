/**
 * Per-column and per-table JSDoc tags (MODELS.md §10). Tag names are single camelCase words
 * because TypeScript parses `@db.type` as a tag named `db`. JSDoc values are raw SQL.
 */
import { hasParsedJsDoc, lineOf, ts, type TS } from './ast';
import type { Location, Report } from './diagnostics';
import { referentialAction, type ColumnHint } from './hints';

type Tag = { readonly name: string; readonly text: string; readonly line: number };

const COLUMN_TAGS = ['dbType', 'dbUnique', 'dbIndex', 'dbNullable', 'dbDefault', 'dbCheck', 'dbComment', 'dbOnDelete', 'dbOnUpdate', 'dbIgnore', 'renamedFrom'];

function tagsOf(node: TS.Node): Tag[] {
  if (!hasParsedJsDoc(node)) return [];
  // Works on every JSDoc container: property declarations and object-literal entries (JS models).
  return ts.getJSDocTags(node).map((tag) => ({
    name: tag.tagName.text,
    text: (ts.getTextOfJSDocComment(tag.comment) ?? '').trim(),
    line: lineOf(tag.tagName),
  }));
}

function flag(text: string): boolean {
  return text === '' || !/^false\b/i.test(text);
}

/** Hints from `@dbXxx` tags on a property or jsonSchema entry; undefined when there are none. */
export function readJsDocHint(node: TS.Node, report: Report, at: Location): ColumnHint | undefined {
  const tags = tagsOf(node);
  if (tags.length === 0) return undefined;
  const hint: { -readonly [K in keyof ColumnHint]: ColumnHint[K] } = { at };
  let any = false;
  for (const { name, text, line } of tags) {
    if (!COLUMN_TAGS.includes(name)) {
      if (/^db/i.test(name) || name === 'renamedfrom') report('MIG_MODEL_UNKNOWN_TAG', { file: at.file, line }, `Unknown JSDoc tag @${name}`);
      continue;
    }
    any = true;
    if (name === 'dbType') hint.type = text;
    else if (name === 'dbUnique') hint.unique = flag(text);
    else if (name === 'dbIndex') hint.index = flag(text);
    else if (name === 'dbIgnore') hint.ignore = flag(text);
    else if (name === 'dbNullable') hint.nullable = flag(text);
    else if (name === 'dbDefault') hint.default = { kind: 'raw', sql: text };
    else if (name === 'dbCheck') hint.check = text;
    else if (name === 'dbComment') hint.comment = text;
    else if (name === 'renamedFrom') hint.renamedFrom = text;
    else {
      const action = referentialAction(text);
      if (!action) report('MIG_MODEL_BAD_HINT', { file: at.file, line }, `@${name} needs one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION`);
      else if (name === 'dbOnDelete') hint.onDelete = action;
      else hint.onUpdate = action;
    }
  }
  return any ? hint : undefined;
}

/** Class-level `@dbComment` and `@renamedFrom`. */
export function readClassTags(node: TS.Node): { comment?: string; renamedFrom?: string } {
  const tags = tagsOf(node);
  return {
    comment: tags.find((t) => t.name === 'dbComment')?.text,
    renamedFrom: tags.find((t) => t.name === 'renamedFrom')?.text,
  };
}
