import type { Knex } from 'knex';

/** The app's own knex config, from the same DB_* variables mig reads (see example.env). */
const config: Knex.Config = {
  client: 'pg',
  connection: {
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER,
    password: process.env.DB_PASS,
    database: process.env.DB_NAME,
  },
};

export default config;
