/**
 * Identifiers as the rendered code hands them to knex's builder. knex trims every identifier,
 * splits it at dots (schema.table) and reads ` as ` as an alias, so a name with edge whitespace, a
 * dot (except a table's schema dot) or ` as ` would silently become another name: such names stop
 * the render with an error instead. The rest is escaped for knex (`?`) and written as a JS literal.
 */
import { MigError } from '../errors';
import type { SchemaDialect } from '../schema/schema';
import { jsString } from './js-literal';
import { RENDER_DIALECTS } from './render-dialect';

export class RenderError extends MigError {
  constructor(message: string, hint: string) {
    super('MIG_RENDER_UNSUPPORTED_NAME', message, { hint });
  }
}

function checked(value: string, allowDots: boolean): string {
  const parts = allowDots ? value.split('.') : [value];
  const bad = parts.some((part) => part !== part.trim() || part === '' || / as /i.test(part)) || (!allowDots && value.includes('.'));
  if (bad) {
    throw new RenderError(
      `knex cannot name ${JSON.stringify(value)}: it trims identifiers, splits them at dots and reads " as " as an alias.`,
      'rename the table, column or constraint in the model (dbHints / @renamedFrom), or write this step of the revision with knex.raw',
    );
  }
  return value;
}

/** A table name; dots separate a schema. */
export const tableName = (value: string, d: SchemaDialect) => jsString(RENDER_DIALECTS[d].knexText(checked(value, true)));

/** A column, constraint or index name. */
export const objectName = (value: string, d: SchemaDialect) => jsString(RENDER_DIALECTS[d].knexText(checked(value, false)));

export const objectNames = (values: readonly string[], d: SchemaDialect) => `[${values.map((v) => objectName(v, d)).join(', ')}]`;
