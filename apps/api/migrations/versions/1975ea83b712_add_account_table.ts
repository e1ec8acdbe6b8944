/** add account table
 *
 * Revision ID: 1975ea83b712
 * Revises: (base)
 * Create Date: 2026-11-25T10:00:00.000Z
 */
import type { Knex } from 'knex';

export const revision = '1975ea83b712';
export const downRevision: string | string[] | null = null;
export const branchLabels: string[] = [];
export const dependsOn: string[] = [];

export async function upgrade(knex: Knex): Promise<void> {
  // from apps/api/src/models/account.ts:4
  await knex.schema.createTable('account', (table) => {
    table.increments('id');
    table.string('username', 50).notNullable();
    table.string('description', 200);
  });
}

export async function downgrade(knex: Knex): Promise<void> {
  // from apps/api/src/models/account.ts:4
  // WARNING: drops data (every row of the table is lost)
  await knex.schema.dropTable('account');
}
