import { defineConfig } from 'vitest/config';

// Each channel's tests run against a real server on the loopback (an SMTP server, a push receiver,
// the providers' local stubs), started by the test itself.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
