/** timestamps
 *
 * Revision ID: ddb4c7684804
 * Revises: 3f1c9d2e8a47
 * Create Date: 2026-11-25T17:09:07.209Z
 */
import type { Knex } from 'knex';

export const revision = 'ddb4c7684804';
export const downRevision: string | string[] | null = '3f1c9d2e8a47';
export const branchLabels: string[] = [];
export const dependsOn: string[] = [];

export async function upgrade(knex: Knex): Promise<void> {
  // from libs/shared-models/src/timestamped-model.ts:14
  await knex.schema.alterTable('order', (table) => { table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.raw('now()')); });
  // from libs/shared-models/src/timestamped-model.ts:16
  await knex.schema.alterTable('order', (table) => { table.timestamp('updated_at', { useTz: true }); });
}

export async function downgrade(knex: Knex): Promise<void> {
  // from libs/shared-models/src/timestamped-model.ts:16
  // WARNING: drops data (every value in the column is lost)
  await knex.schema.alterTable('order', (table) => { table.dropColumn('updated_at'); });
  // from libs/shared-models/src/timestamped-model.ts:14
  // WARNING: drops data (every value in the column is lost)
  await knex.schema.alterTable('order', (table) => { table.dropColumn('created_at'); });
}
