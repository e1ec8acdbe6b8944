/** Options of `nx g mig:revision` (see schema.json for their descriptions). */
export interface RevisionGeneratorSchema {
  project: string;
  message?: string;
  head?: string;
  splice?: boolean;
  /** One label, a comma-separated list, or an array. */
  branchLabel?: string | string[];
  dependsOn?: string | string[];
  revId?: string;
  versionPath?: string;
  autogenerate?: boolean;
  allowWarnings?: boolean;
  shadowCache?: boolean;
  skipFormat?: boolean;
}
