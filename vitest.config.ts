import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep real servers (Squid, Chromium, simulators) from starving each other.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
