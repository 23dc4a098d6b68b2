import { defineConfig } from 'vitest/config';

// Unit tests for pure helpers only; browser tests live in e2e/ and run under Playwright.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
