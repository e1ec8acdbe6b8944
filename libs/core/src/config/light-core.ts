/**
 * What mig.config.ts gets for `import { defineConfig } from '@mig/core'`: `defineConfig` at once,
 * anything else from the real package when first touched. Loading the real package for one
 * identity function would load the whole engine, knex among it, into every `mig heads`.
 */
import { defineConfig } from './define-config';

type Exports = Record<PropertyKey, unknown>;

export function lightCore(real: () => unknown): unknown {
  const own: Exports = { __esModule: true, defineConfig };
  let full: Exports | undefined;
  const rest = () => (full ??= real() as Exports);
  return new Proxy(own, {
    get: (target, key) => (key in target ? target[key] : rest()[key]),
    has: (target, key) => key in target || key in rest(),
    ownKeys: () => Reflect.ownKeys(rest()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(rest(), key);
      // A proxy may report a key its target lacks only as configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
