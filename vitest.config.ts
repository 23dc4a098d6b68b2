import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { temporalPackageConfig } from './vitest.shared.ts';

/**
 * The timer scenarios of @chidao/workflows again, on a test clock two years ahead of today (what a
 * run in two years' time would see: they find their days from the clock's "now", never from dates of
 * one year). A project of the same run rather than a second run: it shares the run's set-up (the
 * PostgreSQL cluster, the workflow bundle) and its files fill the run's lanes.
 */
const clockAhead = {
  root: './packages/workflows',
  test: {
    ...temporalPackageConfig().test,
    name: '@chidao/workflows, clock two years ahead',
    include: ['src/timers*.test.ts'],
    env: { TEST_CLOCK_AHEAD_DAYS: '730' },
  },
};

// `npm test` runs every package's tests in one vitest run; each package keeps its own config.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', clockAhead],
    // One file more than there are cores: the browser and engine files spend much of their time
    // waiting (a page's next refresh, a workflow's next task), and a third lane fills that time
    // (on two cores: tests 289 s → 244 s, the CPU 86% busy instead of 75%).
    maxWorkers: availableParallelism() + 1,
  },
});
