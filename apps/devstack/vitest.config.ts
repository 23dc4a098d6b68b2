import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['./src/test-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // The page polls the server; give what a user would wait for before calling it broken.
    expect: { poll: { timeout: 30_000, interval: 250 } },
  },
});
