import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnvironment } from './read-env';

const root = mkdtempSync(join(tmpdir(), 'mig-env-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readEnvironment', () => {
  it('layers process.env over the app .env over the workspace .env', () => {
    mkdirSync(join(root, 'apps', 'api'), { recursive: true });
    writeFileSync(join(root, '.env'), 'DB_HOST=workspace\nDB_NAME=workspace\nDB_USER=workspace\n');
    writeFileSync(join(root, 'apps', 'api', '.env'), 'DB_NAME=app\nDB_USER=app\n');
    expect(readEnvironment(root, 'apps/api', { DB_USER: 'process' })).toMatchObject({ DB_HOST: 'workspace', DB_NAME: 'app', DB_USER: 'process' });
  });

  it('needs no .env file at all', () => {
    expect(readEnvironment(join(root, 'nowhere'), '.', { A: '1' })).toEqual({ A: '1' });
  });
});
