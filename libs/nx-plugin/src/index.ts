/** mig: the Nx plugin. Executors and generators are listed in executors.json / generators.json. */
export {};
