/**
 * Rendered revisions run against real PostgreSQL: PGlite in memory, and the local server. For each
 * case: build the old schema, upgrade, compare with the new schema built fresh, downgrade, compare
 * with the old schema exactly (names included). After each step the database is also read back
 * with the introspector and diffed against the schema it should now have: no ops may remain.
 */
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectPostgres } from '../dialects/postgres/introspect';
import { diffSchemas } from '../diff/diff-schemas';
import { describeOp } from '../ops/describe';
import { renameResolverFromHints } from '../diff/renames';
import { OP_KINDS, type OpKind } from '../ops/ops';
import { reverseAll } from '../ops/reverse';
import type { Schema, Table } from '../schema/schema';
import { createTestDatabase, type TestDatabase } from '../testing/test-databases';
import { renderOps } from './render-ops';
import { RENDER_CASES, type RenderCase } from './test-support/cases';
import { readCatalog, runBody, useNamespace } from './test-support/catalog';

const schema = (tables: Table[]): Schema => ({ dialect: 'postgres', tables });

/** Builds `tables` in `namespace` with our own diff + render, from nothing. */
async function build(knex: Knex, namespace: string, tables: Table[]): Promise<void> {
  await useNamespace(knex, namespace);
  await runBody(knex, renderOps(diffSchemas(schema([]), schema(tables)).ops, 'postgres').upgrades);
}

async function roundTrip(knex: Knex, c: RenderCase, n: number): Promise<Set<OpKind>> {
  const from = schema(c.from);
  const to = schema(c.to);
  const { ops } = diffSchemas(from, to, { renames: renameResolverFromHints(to, c.renames) });
  expect(ops.length).toBeGreaterThan(0);
  const { upgrades, downgrades } = renderOps(ops, 'postgres');

  await build(knex, `case${n}_target`, c.to);
  const target = await readCatalog(knex, { names: false });

  await build(knex, `case${n}`, c.from);
  const before = await readCatalog(knex, { names: true });
  await runBody(knex, upgrades);
  expect(await readCatalog(knex, { names: false }), `after upgrade:\n${upgrades}`).toEqual(target);
  // Read back by the introspector, the upgraded database is what the models say: nothing left to do.
  expect(diffSchemas(await introspectPostgres(knex, { schemas: [`case${n}`] }), to).ops.map(describeOp)).toEqual([]);
  await runBody(knex, downgrades);
  expect(await readCatalog(knex, { names: true }), `after downgrade:\n${downgrades}`).toEqual(before);
  expect(diffSchemas(await introspectPostgres(knex, { schemas: [`case${n}`] }), from).ops.map(describeOp)).toEqual([]);
  return new Set([...ops, ...reverseAll(ops)].map((op) => op.kind));
}

function suite(label: string, open: () => Promise<{ knex: Knex; close: () => Promise<void> }>) {
  describe(label, () => {
    let knex: Knex;
    let close: () => Promise<void>;
    const seen = new Set<OpKind>();
    beforeAll(async () => ({ knex, close } = await open()));
    afterAll(async () => close?.());

    RENDER_CASES.forEach((c, n) => {
      it(`upgrades and downgrades: ${c.name}`, async () => {
        for (const kind of await roundTrip(knex, c, n)) seen.add(kind);
      });
    });

    it('ran every op kind', () => {
      expect(OP_KINDS.filter((k) => !seen.has(k))).toEqual([]);
    });
  });
}

suite('on PGlite', async () => {
  const pglite = new PGlite();
  await pglite.waitReady;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const knex = knexFactory({ client: require('knex-pglite'), connection: { pglite } as unknown as Knex.StaticConnectionConfig });
  return { knex, close: async () => knex.destroy() };
});

suite('on PostgreSQL', async () => {
  const db: TestDatabase = await createTestDatabase('postgres', 'render');
  // One connection, so `SET search_path` holds for every statement.
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 1, max: 1 } });
  return {
    knex,
    close: async () => {
      await knex.destroy();
      await db.drop();
    },
  };
});
