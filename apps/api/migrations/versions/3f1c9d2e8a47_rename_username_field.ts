/** rename username field
 *
 * Revision ID: 3f1c9d2e8a47
 * Revises: 27c6a30d7c24
 * Create Date: 2026-11-25T10:10:00.000Z
 */
import type { Knex } from 'knex';

export const revision = '3f1c9d2e8a47';
export const downRevision: string | string[] | null = '27c6a30d7c24';
export const branchLabels: string[] = [];
export const dependsOn: string[] = [];

export async function upgrade(knex: Knex): Promise<void> {
  // from apps/api/src/models/account.ts:14
  await knex.schema.alterTable('account', (table) => { table.renameColumn('username', 'name'); });
}

export async function downgrade(knex: Knex): Promise<void> {
  // from apps/api/src/models/account.ts:14
  await knex.schema.alterTable('account', (table) => { table.renameColumn('name', 'username'); });
}
