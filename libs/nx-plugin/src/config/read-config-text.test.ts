import { describe, expect, it } from 'vitest';
import { readConfigText } from './read-config-text';

describe('readConfigText', () => {
  it('reads string and string-array keys from a defineConfig call', () => {
    const config = readConfigText(`import { defineConfig } from '@mig/core';

export default defineConfig({
  dialect: 'pglite',
  models: ['src/models/**/*.ts', "src/extra/*.ts"],
  versions: ['versions', 'seeds',],
  template: 'custom.ts.ejs',
  lockTimeoutMs: 1000,
});
`);
    expect(config).toEqual({
      dialect: 'pglite',
      models: ['src/models/**/*.ts', 'src/extra/*.ts'],
      versions: ['versions', 'seeds'],
      template: 'custom.ts.ejs',
      dynamic: [],
    });
  });

  it('takes a single models glob as a list of one', () => {
    expect(readConfigText(`export default { models: 'src/**/*.model.ts' };`).models).toEqual(['src/**/*.model.ts']);
  });

  it('ignores keys in comments and does not confuse versionTable with versions', () => {
    const config = readConfigText(`export default {
  // versions: ['old'],
  /* dialect: 'mysql', */
  versionTable: 'mig_version',
  'dialect': 'postgres',
};`);
    expect(config).toEqual({ dialect: 'postgres', dynamic: [] });
  });

  it('reports keys whose value is computed', () => {
    const config = readConfigText(`const dirs = ['a'];\nexport default { versions: dirs, models: [...globs], dialect: 'mysql' };`);
    expect(config.dynamic).toEqual(['models', 'versions']);
    expect(config.dialect).toBe('mysql');
  });
});
