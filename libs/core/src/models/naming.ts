/**
 * Column and table naming (MODELS.md §2). `snakeCase`/`camelCase` re-implement objection's
 * `lib/utils/identifierMapping.js` character for character, so the names we predict are the
 * names objection sends to the database.
 */
export interface SnakeCaseOptions {
  readonly upperCase?: boolean;
  readonly underscoreBeforeDigits?: boolean;
  readonly underscoreBetweenUppercaseLetters?: boolean;
}

const isDigit = (char: string): boolean => char >= '0' && char <= '9';

export function snakeCase(str: string, options: SnakeCaseOptions = {}): string {
  if (str.length === 0) return str;
  const upper = str.toUpperCase();
  const lower = str.toLowerCase();
  let out = lower[0];
  for (let i = 1; i < str.length; ++i) {
    const char = str[i];
    const prevChar = str[i - 1];
    if (options.underscoreBeforeDigits && isDigit(char) && !isDigit(prevChar)) {
      out += '_' + char;
      continue;
    }
    if (char === upper[i] && upper[i] !== lower[i]) {
      const prevIsUpper = prevChar === upper[i - 1] && upper[i - 1] !== lower[i - 1];
      out += options.underscoreBetweenUppercaseLetters || !prevIsUpper ? '_' + lower[i] : lower[i];
    } else {
      out += char;
    }
  }
  return options.upperCase ? out.toUpperCase() : out;
}

function isAllUpperCaseSnakeCase(str: string): boolean {
  for (let i = 1; i < str.length; ++i) {
    if (str[i] !== '_' && str[i] !== str[i].toUpperCase()) return false;
  }
  return true;
}

export function camelCase(str: string, options: { readonly upperCase?: boolean } = {}): string {
  if (str.length === 0) return str;
  const source = options.upperCase && isAllUpperCaseSnakeCase(str) ? str.toLowerCase() : str;
  let out = source[0];
  for (let i = 1; i < source.length; ++i) {
    if (source[i] !== '_') out += source[i - 1] === '_' ? source[i].toUpperCase() : source[i];
  }
  return out;
}

/** The two places a snake-case mapper can sit; both absent means names are used as written. */
export interface Naming {
  /** `static columnNameMappers = snakeCaseMappers(opts)` on the model (properties only). */
  readonly model?: SnakeCaseOptions;
  /** `...knexSnakeCaseMappers(opts)` in the knex config (every identifier). */
  readonly knex?: SnakeCaseOptions;
}

/** Table name as the database sees it: knex maps each dot-separated part. */
export function tableDbName(naming: Naming, tableName: string): string {
  const knex = naming.knex;
  return knex ? tableName.split('.').map((part) => snakeCase(part, knex)).join('.') : tableName;
}

/** A name that is already a DB name in objection (idColumn, join/through refs, extras): only knex maps it. */
export function refDbName(naming: Naming, name: string): string {
  return naming.knex ? snakeCase(name, naming.knex) : name;
}

/** A model property as the database column it becomes. */
export function propertyDbName(naming: Naming, property: string): string {
  const afterModel = naming.model ? snakeCase(property, naming.model) : property;
  return naming.knex ? snakeCase(afterModel, naming.knex) : afterModel;
}

/** True when reading the column back (camelCase) does not give the property again. */
export function breaksRoundTrip(naming: Naming, property: string): boolean {
  const options = naming.model ?? naming.knex;
  if (!options) return false;
  return camelCase(snakeCase(property, options), options) !== property;
}

/** Last part of a possibly schema-qualified table name. */
export function relationName(table: string): string {
  return table.slice(table.lastIndexOf('.') + 1);
}
