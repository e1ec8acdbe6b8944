/** add invoice table
 *
 * Revision ID: 8b0e4c1d9f2a
 * Revises: (base)
 * Create Date: 2026-11-25T11:00:00.000Z
 */
import type { Knex } from 'knex';

export const revision = '8b0e4c1d9f2a';
export const downRevision: string | string[] | null = null;
export const branchLabels: string[] = [];
export const dependsOn: string[] = [];

export async function upgrade(knex: Knex): Promise<void> {
  await knex.schema.createTable('invoice', (t) => {
    t.increments('id');
    t.string('number', 32).notNullable();
    t.integer('totalCents').notNullable();
    t.timestamp('issuedAt', { useTz: true }).notNullable();
  });
}

export async function downgrade(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invoice');
}
