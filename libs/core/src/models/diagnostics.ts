/**
 * Every diagnostic the model reader can give, with its severity and the default remedy. A Record
 * keyed by code so a new code without a severity or hint is a compile error.
 */
import type { Diagnostic } from '../schema/diagnostic';

export const MODEL_DIAGNOSTICS = {
  MIG_MODEL_SYNTAX: { severity: 'error', hint: 'Fix the syntax error; the other model files were still read.' },
  MIG_MODEL_NO_FILES: { severity: 'warning', hint: 'Check the `models` globs in the mig config (relative to the project root).' },
  MIG_MODEL_DYNAMIC_TABLE_NAME: {
    severity: 'error',
    hint: 'Make `tableName` a string literal, a module constant or a `return` of one; mig reads models without running them.',
  },
  MIG_MODEL_UNRESOLVED_VALUE: {
    severity: 'warning',
    hint: 'Use literals, module constants, spreads or imports of them; mig falls back to the next source (MODELS.md §1).',
  },
  MIG_MODEL_UNRESOLVED_IMPORT: { severity: 'warning', hint: 'Check the import path and the `paths` of tsconfig.base.json.' },
  MIG_MODEL_UNKNOWN_MODEL_CLASS: {
    severity: 'warning',
    hint: 'Point `modelClass` at an imported Objection model class (or `() => Class`, `require(...)`, a path with `modelPaths`).',
  },
  MIG_MODEL_OUTSIDE_GLOBS: { severity: 'warning', hint: 'Add the related model file to the `models` globs, or set `dbHints.relations.<name>.foreignKey = false`.' },
  MIG_MODEL_UNKNOWN_RELATION_TYPE: { severity: 'warning', hint: 'Use one of objection\'s relation classes, e.g. `Model.HasManyRelation`.' },
  MIG_MODEL_JOIN_UNRESOLVED: { severity: 'warning', hint: 'Write `join.from`/`join.to` as "table.column" strings (or arrays of them).' },
  MIG_MODEL_JOIN_TABLE_MISMATCH: { severity: 'warning', hint: 'One side of `join` must name the owner model\'s table and the other the related model\'s.' },
  MIG_MODEL_JOIN_NO_KEY: {
    severity: 'warning',
    hint: 'Neither side of the join is a primary key or unique; declare one with `@dbUnique` or `dbHints.unique` to get a foreign key.',
  },
  MIG_MODEL_RELATION_DIRECTION: {
    severity: 'warning',
    hint: 'The primary keys decide which table holds the foreign key; consider the relation type that matches (BelongsToOne when the owner holds it).',
  },
  MIG_MODEL_FK_ACTION_CONFLICT: { severity: 'error', hint: 'Give the relation the same onDelete/onUpdate on both sides, or on one side only.' },
  MIG_MODEL_FK_TYPE_MISMATCH: { severity: 'warning', hint: 'A foreign key column takes the type of the column it references; fix the declaration or hint `type`.' },
  MIG_MODEL_EXTRA_UNTYPED: {
    severity: 'warning',
    hint: 'Declare the extra on the related model or in `dbHints.joinTables.<table>.columns`; it is created as nullable text.',
  },
  MIG_MODEL_UNSUPPORTED_JSON_TYPE: {
    severity: 'warning',
    hint: 'Use a JSON Schema type (string, integer, number, boolean, object, array, null) or hint the column `type`.',
  },
  MIG_MODEL_MIXED_TYPE: { severity: 'warning', hint: 'Hint the column `type`; mixed scalar types are stored as text.' },
  MIG_MODEL_ANY_TYPE: { severity: 'warning', hint: 'Give the property a concrete type or hint the column `type`; it is stored as JSON.' },
  MIG_MODEL_UNRESOLVED_TYPE: { severity: 'warning', hint: 'mig cannot see this type statically; hint the column `type` (`@dbType`).' },
  MIG_MODEL_REQUIRED_NULLABLE: { severity: 'warning', hint: 'A property that is `required` but admits null is created as NULL; drop one of the two.' },
  MIG_MODEL_TYPE_DISAGREEMENT: { severity: 'warning', hint: 'jsonSchema wins over the TypeScript declaration; make them agree.' },
  MIG_MODEL_ENUM_DISAGREEMENT: { severity: 'warning', hint: 'jsonSchema `enum` wins over the TypeScript type; make them list the same values.' },
  MIG_MODEL_SNAKE_CASE_ROUND_TRIP: {
    severity: 'warning',
    hint: 'objection reads the column back under another property name; rename the property (e.g. `userId`, not `userID`).',
  },
  MIG_MODEL_CUSTOM_MAPPERS: { severity: 'warning', hint: 'Custom columnNameMappers cannot be read statically; property names are used as column names.' },
  MIG_MODEL_MISSPELLED_STATIC: { severity: 'warning', hint: 'objection ignores statics with other names.' },
  MIG_MODEL_FIELD_INITIALIZER: {
    severity: 'warning',
    hint: 'Class-field initializers are also sent on `patch`; prefer a jsonSchema `default` or `@dbDefault`.',
  },
  MIG_MODEL_BAD_HINT: { severity: 'warning', hint: 'See the DbHints type (MODELS.md §10) for the accepted shape.' },
  MIG_MODEL_UNKNOWN_TAG: { severity: 'warning', hint: 'Known tags: @dbType @dbUnique @dbIndex @dbNullable @dbDefault @dbCheck @dbComment @dbOnDelete @dbOnUpdate @dbIgnore @renamedFrom.' },
  MIG_MODEL_HINT_UNKNOWN_COLUMN: { severity: 'warning', hint: 'Hint keys are property names; give the hint a `type` to declare a column that only exists in the database.' },
  MIG_MODEL_NAME_TOO_LONG: {
    severity: 'error',
    hint: 'Shorten the table or column name: the database would cut it silently (PostgreSQL keeps 63 bytes, MySQL 64) and the model would never match its table.',
  },
  MIG_MODEL_TABLE_CONFLICT: { severity: 'error', hint: 'Models that share a table must agree on each column\'s type, nullability and default.' },
  MIG_MODEL_INTERNAL: { severity: 'error', hint: 'This is a bug in mig; please report it with the model. The other models were still read.' },
  MIG_MODEL_KNEXFILE: { severity: 'warning', hint: 'Set `identifierMapping` in the mig config explicitly.' },
} as const satisfies Record<string, { severity: Diagnostic['severity']; hint: string }>;

export type ModelDiagnosticCode = keyof typeof MODEL_DIAGNOSTICS;

/** Where in the workspace: file relative to the workspace root, 1-based line. */
export interface Location {
  readonly file: string;
  readonly line: number;
}

export type Report = (code: ModelDiagnosticCode, at: Location, message: string, hint?: string) => void;

/** A collecting reporter: same code at the same place with the same message is reported once. */
export function createCollector(): { report: Report; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const report: Report = (code, at, message, hint) => {
    const key = `${code}\0${at.file}\0${at.line}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const { severity, hint: defaultHint } = MODEL_DIAGNOSTICS[code];
    diagnostics.push({ severity, code, file: at.file, line: at.line, message, hint: hint ?? defaultHint });
  };
  return { report, diagnostics };
}
