/** Options of `nx g mig:init` (see schema.json for their descriptions). */
export type Dialect = 'postgres' | 'mysql' | 'pglite';

export interface InitGeneratorSchema {
  project?: string;
  dialect?: Dialect;
  directory?: string;
  models?: string;
  naming?: 'none' | 'snakeCase';
  skipPackageJson?: boolean;
  skipFormat?: boolean;
  /** Passed by `nx add`; mig never changes a version the workspace already has. */
  keepExistingVersions?: boolean;
}
