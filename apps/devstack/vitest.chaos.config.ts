import { defineConfig } from 'vitest/config';

// `npm run chaos`: the fault tests (src/chaos/*.chaos.ts), one file at a time. They are kept out of
// `npm test` because each runs for minutes (a killed worker's activities wait out their timeouts)
// and they kill processes: run beside other test files, they would slow those down for nothing.
export default defineConfig({
  test: {
    include: ['src/chaos/**/*.chaos.ts'],
    testTimeout: 900_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
