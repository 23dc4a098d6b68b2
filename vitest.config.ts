import { defineConfig } from 'vitest/config';

// `npm test` runs every package's tests in one vitest run; each package keeps its own config.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
    maxWorkers: 2,
  },
});
