/**
 * `mig state-key` decides when Nx may replay migrate-up/down/stamp from its cache, so what is
 * tested is the safety property: whenever the database is not in a state it was in before (run,
 * reset, recreated, held by another process), the key is new.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { chainOf } from '../testing/fixture-project';
import { fixtureScope } from '../testing/fixture-database';
import { PG_ADMIN_URL } from '../testing/test-databases';
import { downgrade, upgrade } from './migrate';
import { stamp } from './stamp';
import { stateKey } from './state-key';

async function admin(sql: string): Promise<void> {
  const knex = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    await knex.raw(sql);
  } finally {
    await knex.destroy();
  }
}

describe('state-key on postgres', () => {
  const fixtures = fixtureScope('postgres', 'statekey');
  afterAll(() => fixtures.cleanup());

  it('is stable while nothing changes, new after every run, and a nonce while an up would do something', async () => {
    const { project, url } = await fixtures.create(chainOf(3));
    const ctx = project.context;

    const fresh = await stateKey(ctx, { url });
    expect(fresh).toMatchObject({ cacheable: false, reason: 'no version table', heads: null, fileHeads: ['r03'] });
    expect((await stateKey(ctx, { url })).key).not.toBe(fresh.key);

    await upgrade(ctx, { url });
    const atHead = await stateKey(ctx, { url });
    expect(atHead).toMatchObject({ cacheable: true, heads: ['r03'], history: '3/3' });
    expect(atHead.database).toMatch(/^postgres:\d+:.*db-oid=\d+ version-table-oid=\d+ started=/);
    expect((await stateKey(ctx, { url })).key).toBe(atHead.key);
    // A no-op run records nothing: the key stays.
    await upgrade(ctx, { url });
    expect((await stateKey(ctx, { url })).key).toBe(atHead.key);

    const downAtHead = await stateKey(ctx, { url, for: 'down' });
    await downgrade(ctx, { url, to: '-1' });
    expect(await stateKey(ctx, { url })).toMatchObject({ cacheable: false, reason: 'pending: the database is not at the heads', heads: ['r02'] });
    const downAtR02 = await stateKey(ctx, { url, for: 'down' });
    expect(downAtR02).toMatchObject({ cacheable: true, heads: ['r02'] });

    // Back at the same heads: the history says it is not the same state.
    await upgrade(ctx, { url });
    const again = await stateKey(ctx, { url });
    expect(again).toMatchObject({ cacheable: true, heads: ['r03'], history: '5/5' });
    expect(again.key).not.toBe(atHead.key);
    expect((await stateKey(ctx, { url, for: 'down' })).key).not.toBe(downAtHead.key);
    await downgrade(ctx, { url, to: '-1' });
    expect((await stateKey(ctx, { url, for: 'down' })).key).not.toBe(downAtR02.key);

    await stamp(ctx, { url, to: 'r03' });
    expect(await stateKey(ctx, { url, for: 'stamp' })).toMatchObject({ cacheable: true, heads: ['r03'], history: '7/7' });
  });

  it('changes when the database is dropped and created again with the same name and heads', async () => {
    const { project, db, url } = await fixtures.create(chainOf(1));
    await upgrade(project.context, { url });
    const before = await stateKey(project.context, { url, for: 'down' });
    const name = new URL(url).pathname.slice(1);
    await admin(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin(`CREATE DATABASE "${name}"`);
    expect((await stateKey(project.context, { url })).reason).toBe('no version table');
    await upgrade(project.context, { url });
    const after = await stateKey(project.context, { url, for: 'down' });
    expect(after).toMatchObject({ cacheable: true, heads: ['r01'], history: before.history });
    expect(after.key).not.toBe(before.key);
    expect(db.url).toBe(url);
  });

  it('names another database differently, and prints neither the password nor the user', async () => {
    const first = await fixtures.create(chainOf(1));
    const second = await fixtures.create(chainOf(1));
    const withPassword = (url: string) => url.replace('postgres@', 'postgres:s3cret-pass@');
    await upgrade(first.project.context, { url: first.url });
    await upgrade(second.project.context, { url: second.url });
    const a = await stateKey(first.project.context, { url: withPassword(first.url) });
    const b = await stateKey(first.project.context, { url: withPassword(second.url) });
    expect(a.cacheable && b.cacheable).toBe(true);
    expect(a.key).not.toBe(b.key);
    expect(a.key).not.toContain('s3cret');
    expect(a.key).not.toMatch(/postgres@|postgres:s3/);
  });

  it('never throws: an unreachable database gives a nonce with the error code only', async () => {
    const { project } = await fixtures.create(chainOf(1));
    const missing = await stateKey(project.context, { url: 'postgres://postgres:s3cret@127.0.0.1:5432/mig_no_such_database' });
    expect(missing).toMatchObject({ cacheable: false, reason: 'MIG_DB_MISSING' });
    expect(missing.key).not.toContain('s3cret');
  });
});

describe('state-key on PGlite', () => {
  const fixtures = fixtureScope('pglite', 'statekey');
  afterAll(() => fixtures.cleanup());

  it('keys a data directory, and gives a nonce without waiting while another process holds it', async () => {
    const { project, url } = await fixtures.create(chainOf(1));
    await upgrade(project.context, { url });
    const key = await stateKey(project.context, { url });
    expect(key).toMatchObject({ cacheable: true, heads: ['r01'] });
    expect(key.database).toMatch(/^pglite:\d+:postgres db-oid=\d+ version-table-oid=\d+ data-dir=\d+:\d+$/);
    expect((await stateKey(project.context, { url })).key).toBe(key.key);

    // The lock file of a live process (this one, as another mig process would write it).
    const lock = `${url.slice('pglite:'.length)}.lock`;
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), command: 'mig up' }));
    try {
      const started = Date.now();
      expect(await stateKey(project.context, { url })).toMatchObject({ cacheable: false, reason: 'MIG_LOCK_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      rmSync(lock);
    }
  });

  it('does not create a PGlite directory that does not exist, nor key an in-memory one', async () => {
    const { project } = await fixtures.create(chainOf(1));
    const dir = join(mkdtempSync(join(tmpdir(), 'mig-statekey-')), 'data');
    try {
      expect(await stateKey(project.context, { url: `pglite:${dir}` })).toMatchObject({ cacheable: false, reason: 'no database yet' });
      expect(existsSync(dir)).toBe(false);
      expect(await stateKey(project.context, { url: 'pglite://memory' })).toMatchObject({ cacheable: false, reason: 'in-memory database' });
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});
