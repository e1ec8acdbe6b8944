/**
 * knex prints its warnings with console.log (onto stdout, breaking `--json`), and every failed
 * connection attempt with the driver's stack. mig reports that failure as a MigError already, so
 * it is dropped here; other knex messages go to the adapter, which decides what to show.
 */
import { inspect } from 'node:util';
import type { Knex } from 'knex';

export function knexLog(onWarning: (message: string) => void = () => {}): Knex.Config['log'] {
  const forward = (message: unknown) => {
    const text = typeof message === 'string' ? message : inspect(message);
    if (!text.startsWith('Acquire connection error')) onWarning(text);
  };
  return { warn: forward, error: forward, deprecate: forward, debug: () => {} };
}
