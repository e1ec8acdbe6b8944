/** Text for `mig adopt` and `nx g mig:adopt`: what the baseline holds, the stamp, and knex's table. */
import pc from 'picocolors';
import type { AdoptResult } from './adopt';

export function formatAdopt(result: Omit<AdoptResult, 'warnings'> & { warnings?: AdoptResult['warnings'] }): string {
  const { knex } = result;
  const tables = result.tables.length === 0 ? 'no tables' : `${result.tables.length} table${result.tables.length === 1 ? '' : 's'}: ${result.tables.join(', ')}`;
  const lines = [
    `Adopted the knex migrations of ${knex.directories.join(', ')} (${knex.applied} run, none pending).`,
    `Baseline ${result.revision} creates ${tables}.`,
    `  ${result.file}`,
    pc.green(`Stamped the database at ${result.revision} (nothing ran).`),
    knex.dropped
      ? `Dropped ${knex.table} and ${knex.table}_lock.`
      : `${knex.table} and ${knex.table}_lock are left as they were: knex's record of the schema's history. Drop them with --drop-knex-tables once no knex migration will run here again.`,
  ];
  for (const w of result.warnings ?? []) lines.push(`${pc.yellow('warning')} ${w.code}: ${w.message}`);
  return lines.join('\n');
}
