/** Options of `nx g mig:adopt` (see schema.json for their descriptions). */
export interface AdoptGeneratorSchema {
  project: string;
  /** Relative to the workspace root, or absolute. */
  knexDir?: string;
  dropKnexTables?: boolean;
  url?: string;
  message?: string;
  revId?: string;
  skipFormat?: boolean;
}
