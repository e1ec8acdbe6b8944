/** What every reading step shares: the evaluator, the reporter, the options that shape types. */
import type { TS } from './ast';
import type { SchemaDialect } from '../schema/schema';
import type { StringDefault } from './column-types';
import type { Location, Report } from './diagnostics';
import type { Evaluator } from './evaluate';
import type { SnakeCaseOptions } from './naming';
import type { Workspace } from './workspace';

export interface ReaderContext {
  readonly evaluator: Evaluator;
  readonly workspace: Workspace;
  readonly report: Report;
  readonly dialect: SchemaDialect;
  readonly stringDefault: StringDefault;
  /** `knexSnakeCaseMappers` options when the knex config maps identifiers. */
  readonly knexNaming?: SnakeCaseOptions;
  readonly at: (node: TS.Node) => Location;
  readonly isModel: (decl: TS.ClassLikeDeclaration) => boolean;
}
