import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Electron suite needs the Electron binary; it runs on its own (npm run test:electron).
    exclude: ['test/electron/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep real servers (Squid, Chromium, simulators) from starving each other.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
