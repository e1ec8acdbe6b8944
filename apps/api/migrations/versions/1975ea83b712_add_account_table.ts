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
  await knex.schema.createTable('account', (t) => {
    t.increments('id');
    t.string('username', 50).notNullable();
    t.string('description', 200);
  });
}

export async function downgrade(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account');
}
