import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // A guard against a hung test, not a measure of speed: building a 150,000-paragraph .docx and
    // letting a worker thread run out of heap takes a few seconds alone, and far longer while CI
    // runs every project side by side on two cores (vitest's 5 s default was seen to expire there).
    testTimeout: 60_000,
  },
});
