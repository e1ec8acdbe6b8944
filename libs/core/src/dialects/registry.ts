import type { ResolvedConnection } from '../config/resolve-connection';
import { ConfigError } from '../errors';
import type { Dialect } from './dialect';
import { mysqlDialect } from './mysql/mysql-dialect';
import { pgliteDialect } from './pglite/pglite-dialect';
import { postgresDialect } from './postgres/postgres-dialect';

const dialects: Record<ResolvedConnection['dialect'], Dialect | undefined> = {
  postgres: postgresDialect,
  pglite: pgliteDialect,
  mysql: mysqlDialect,
};

export function dialectFor(connection: ResolvedConnection): Dialect {
  const dialect = dialects[connection.dialect];
  if (!dialect) {
    throw new ConfigError('MIG_CONFIG', `The ${connection.dialect} dialect is not available yet in this version of mig.`, {
      hint: 'Use PostgreSQL or the embedded PGlite.',
    });
  }
  return dialect;
}
