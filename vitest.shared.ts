import { defineConfig } from 'vitest/config';

/**
 * The config of a package whose tests run against the Temporal server and database its
 * `src/test-setup.ts` starts once for the run (api, reconcile, workflows): one process per file,
 * and time for a workflow to run and for the server to start.
 */
export function temporalPackageConfig() {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      globalSetup: ['./src/test-setup.ts'],
      testTimeout: 120_000,
      hookTimeout: 180_000,
      pool: 'forks',
    },
  });
}
