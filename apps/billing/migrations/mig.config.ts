import { defineConfig } from '@mig/core';

export default defineConfig({
  dialect: 'postgres',
  models: 'src/models/**/*.ts',
  versions: ['versions'],
});
