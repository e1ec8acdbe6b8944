/**
 * mig: the Nx plugin. The inferred `migrate-*` targets come from here (nx.json `plugins`);
 * executors and generators are listed in executors.json / generators.json and loaded on demand,
 * so graph creation never loads @mig/core.
 */
export { createNodes, createNodesV2, type MigPluginOptions } from './plugins/plugin';
