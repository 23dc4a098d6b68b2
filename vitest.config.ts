import { defineConfig } from 'vitest/config';
import { temporalPackageConfig } from './vitest.shared.ts';

/**
 * The timer scenarios of @chidao/workflows again, on a test clock two years ahead of today (what a
 * run in two years' time would see: they find their days from the clock's "now", never from dates of
 * one year). A project of the same run rather than a second run: it shares the run's set-up (the
 * PostgreSQL cluster, the workflow bundle) and its files fill the run's two lanes.
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
    maxWorkers: 2,
  },
});
