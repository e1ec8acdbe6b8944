/** timestamps
 *
 * Revision ID: a9ed645174b0
 * Revises: 8b0e4c1d9f2a
 * Create Date: 2026-11-25T17:09:16.444Z
 */
import type { Knex } from 'knex';

export const revision = 'a9ed645174b0';
export const downRevision: string | string[] | null = '8b0e4c1d9f2a';
export const branchLabels: string[] = [];
export const dependsOn: string[] = [];

export async function upgrade(knex: Knex): Promise<void> {
  // from libs/shared-models/src/timestamped-model.ts:14
  await knex.schema.alterTable('invoice', (table) => { table.timestamp('createdAt', { useTz: true }).notNullable().defaultTo(knex.raw('now()')); });
  // from libs/shared-models/src/timestamped-model.ts:16
  await knex.schema.alterTable('invoice', (table) => { table.timestamp('updatedAt', { useTz: true }); });
}

export async function downgrade(knex: Knex): Promise<void> {
  // from libs/shared-models/src/timestamped-model.ts:16
  // WARNING: drops data (every value in the column is lost)
  await knex.schema.alterTable('invoice', (table) => { table.dropColumn('updatedAt'); });
  // from libs/shared-models/src/timestamped-model.ts:14
  // WARNING: drops data (every value in the column is lost)
  await knex.schema.alterTable('invoice', (table) => { table.dropColumn('createdAt'); });
}
