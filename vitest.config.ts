import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // native tensors and big fixtures: one worker process per file, two at a time on 2 cores
    pool: 'forks',
    maxWorkers: 2,
  },
});
