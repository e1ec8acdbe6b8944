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
  await knex.schema.createTable('order', (t) => {
    t.increments('id');
    t.string('description', 200);
  });
  await knex.schema.alterTable('account', (t) => {
    // unsigned: MySQL's increments() is unsigned and an FK must match it (PostgreSQL ignores it).
    t.integer('order_id').unsigned().references('id').inTable('order');
  });
}

export async function downgrade(knex: Knex): Promise<void> {
  await knex.schema.alterTable('account', (t) => {
    t.dropForeign(['order_id']);
    t.dropColumn('order_id');
  });
  await knex.schema.dropTable('order');
}
