/** add order_id
 *
 * Revision ID: 27c6a30d7c24
 * Revises: 1975ea83b712
 * Create Date: 2026-11-25T10:05:00.000Z
 */
import type { Knex } from 'knex';

export const revision = '27c6a30d7c24';
export const downRevision: string | string[] | null = '1975ea83b712';
export const branchLabels: string[] = [];
export const dependsOn: string[] = [];

export async function upgrade(knex: Knex): Promise<void> {
  // from apps/api/src/models/account.ts:15
  await knex.schema.alterTable('account', (table) => { table.integer('order_id'); });
  // from apps/api/src/models/order.ts:4
  await knex.schema.createTable('order', (table) => {
    table.increments('id');
    table.string('description', 200);
  });
  // from apps/api/src/models/account.ts:30
  await knex.schema.alterTable('account', (table) => { table.foreign(['order_id'], 'account_order_id_fkey').references(['id']).inTable('order'); });
}

export async function downgrade(knex: Knex): Promise<void> {
  // from apps/api/src/models/account.ts:30
  await knex.schema.alterTable('account', (table) => { table.dropForeign(['order_id'], 'account_order_id_fkey'); });
  // from apps/api/src/models/order.ts:4
  // WARNING: drops data (every row of the table is lost)
  await knex.schema.dropTable('order');
  // from apps/api/src/models/account.ts:15
  // WARNING: drops data (every value in the column is lost)
  await knex.schema.alterTable('account', (table) => { table.dropColumn('order_id'); });
}
