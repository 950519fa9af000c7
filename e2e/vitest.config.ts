import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['@ledgerline/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // One system at a time: each file starts the whole system, and the machine has two cores.
    fileParallelism: false,
  },
});
