import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = fileURLToPath(new URL('./lib/', import.meta.url));

export default defineConfig({
  // tests import the package by name, as users do, and run the TypeScript sources
  resolve: { alias: [{ find: /^tstorch(\/.*)?$/, replacement: `${lib}$1/index.ts` }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // native tensors and big fixtures: one worker process per file, two at a time on 2 cores
    pool: 'forks',
    maxWorkers: 2,
    // memory tests call gc() so that counts of live tensors are not disturbed by earlier garbage
    execArgv: ['--expose-gc'],
  },
});
