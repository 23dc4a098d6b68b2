import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // ClamAV runs for real (clamscan loads its signatures per file): generous bounds for a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
