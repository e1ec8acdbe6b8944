/**
 * pg (8.14+) asks when it loads whether it runs on Cloudflare Workers: without a global `navigator`
 * (Node 20 has none; Node 21+ has one) it builds a `new Response()`, which loads Node's fetch
 * (undici), ~50 ms of every PostgreSQL run. A `navigator` saying Node.js, there only while the
 * driver loads (synchronously) and gone before any revision code runs, answers the question for free.
 */
export function withNodeNavigator<T>(open: () => T): T {
  if ('navigator' in globalThis) return open();
  const navigator = { userAgent: `Node.js/${process.versions.node.split('.')[0]}` };
  Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
  try {
    return open();
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator;
  }
}
