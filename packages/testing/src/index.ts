import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { temporalBinaries } from './binaries';

export { repoRoot, temporalBinaries } from './binaries';
// Real processes, for the whole-system stacks of apps/devstack and apps/bench.
export * from './processes';
export * from './temporal-dev-server';
export * from './temporal-secure-server';

let runtimeInstalled = false;

/** Worker and bundler chatter at INFO drowns test output; keep warnings and errors. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** A real Temporal dev server (in memory) for workflow tests that need no timers skipped; `namespaces` are registered besides "default". */
export async function startLocalTemporal(options: { readonly namespaces?: readonly string[] } = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalBinaries().cli },
      ip: '127.0.0.1',
      extraArgs: ['--headless', '--log-level', 'error', ...(options.namespaces ?? []).flatMap((n) => ['--namespace', n])],
    },
  });
}

/**
 * Days the time-skipping server's clock is moved ahead of the wall clock before any test runs
 * (TEST_CLOCK_AHEAD_DAYS, default 0): the timer scenarios find their days from the server's "now",
 * and `npm test` runs them a second time two years ahead to prove it.
 */
export function clockAheadDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TEST_CLOCK_AHEAD_DAYS;
  if (raw === undefined || raw === '') return 0;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 0 || days > 36_500) {
    throw new Error(`TEST_CLOCK_AHEAD_DAYS must be a whole number of days from 0 to 36500, not ${JSON.stringify(raw)}`);
  }
  return days;
}

/**
 * Temporal's time-skipping test server, for deadline and reminder timers; its clock starts at the
 * wall clock, moved TEST_CLOCK_AHEAD_DAYS ahead when that is set.
 */
export async function startTimeSkippingTemporal(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalBinaries().testServer } },
  });
  const ahead = clockAheadDays();
  if (ahead > 0) await env.sleep(ahead * 86_400_000);
  return env;
}

/**
 * Retries `probe` until it stops throwing: for effects that arrive asynchronously (a fan-out
 * reaching the read model). The limit only bounds a broken run; tests never assert on time.
 */
export async function eventually<T>(probe: () => Promise<T>, limitMs = 60_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * Moves the time-skipping server's clock forward to `iso`; timers due on the way fire in order.
 * The server only moves forward and starts at the wall clock, so asking for an instant already
 * passed is a scenario written for another day: it throws rather than silently doing nothing.
 */
export async function skipTo(env: TestWorkflowEnvironment, iso: string): Promise<void> {
  const target = Date.parse(iso);
  if (Number.isNaN(target)) throw new Error(`skipTo: not an instant: ${iso}`);
  const now = Number(await env.currentTimeMs());
  if (target < now) {
    throw new Error(`skipTo(${iso}): the test clock is already at ${new Date(now).toISOString()} and only moves forward`);
  }
  let from = now;
  while (from < target) {
    // The skip is one call that unlocks the server's clock. Its client connection pings every 30 s,
    // which the test server answers with GOAWAY ("rejected by server because of excess pings"); a call
    // caught in that never reaches the server, and the clock then only runs at wall speed. So: when the
    // test clock has not moved ahead of the wall clock after a while, the call was lost; ask again.
    const skipping = env.sleep(target - from).then(() => true);
    skipping.catch(() => undefined); // a lost call may fail long after it was given up
    if (await Promise.race([skipping, new Promise<false>((resolve) => setTimeout(() => resolve(false), SKIP_PROBE_MS).unref())])) return;
    const moved = Number(await env.currentTimeMs());
    if (moved - from > 2 * SKIP_PROBE_MS) {
      // Skipping, slowly (many timers on the way): let it finish.
      await skipping;
      return;
    }
    from = moved;
  }
}

/** How long a skip may go without moving the test clock ahead of the wall clock before it is asked again. */
const SKIP_PROBE_MS = 10_000;

/** The test server's "now", in epoch milliseconds: what scenario dates are found from. */
export async function testNow(env: TestWorkflowEnvironment): Promise<number> {
  return Number(await env.currentTimeMs());
}

export * from './scenario-dates';

// ---- one Temporal dev server for a project's test files ----

const SHARED_TEMPORAL_ADDRESS = 'TEST_TEMPORAL_ADDRESS';
const SHARED_TEMPORAL_CLAIMS = 'TEST_TEMPORAL_NAMESPACE_CLAIMS';
/** Namespaces registered at start: more than the test files of any project that uses the server. */
const SHARED_NAMESPACES = 40;
const sharedNamespace = (i: number) => `test-${i}`;

/**
 * vitest `globalSetup`: one Temporal dev server (in memory) for every test file of the run that
 * asks for it (connectSharedTemporal), each in a namespace of its own, so that files stay apart
 * (the same workflow ids in two files do not meet) without each starting a server. Its address is
 * in TEST_TEMPORAL_ADDRESS, which forked test processes inherit; nothing is done when that is set.
 */
export async function setupSharedTemporal(): Promise<() => Promise<void>> {
  if (process.env[SHARED_TEMPORAL_ADDRESS]) return async () => {};
  const namespaces = Array.from({ length: SHARED_NAMESPACES }, (_, i) => sharedNamespace(i + 1));
  const env = await startLocalTemporal({ namespaces });
  await eventually(() => env.connection.workflowService.describeNamespace({ namespace: namespaces.at(-1) }));
  const claims = mkdtempSync(join(tmpdir(), 'chidao-temporal-claims-'));
  process.env[SHARED_TEMPORAL_ADDRESS] = env.address;
  process.env[SHARED_TEMPORAL_CLAIMS] = claims;
  return async () => {
    delete process.env[SHARED_TEMPORAL_ADDRESS];
    delete process.env[SHARED_TEMPORAL_CLAIMS];
    await env.teardown();
    rmSync(claims, { recursive: true, force: true });
  };
}

/**
 * The run's shared Temporal server (setupSharedTemporal) in a namespace no other test file has, or
 * null when no globalSetup started one. A namespace is claimed once per run and never reused; its
 * teardown closes the connections and leaves the server to the globalSetup.
 */
export async function connectSharedTemporal(): Promise<TestWorkflowEnvironment | null> {
  const address = process.env[SHARED_TEMPORAL_ADDRESS];
  const claims = process.env[SHARED_TEMPORAL_CLAIMS];
  if (!address || !claims) return null;
  for (let i = 1; i <= SHARED_NAMESPACES; i += 1) {
    try {
      mkdirSync(join(claims, sharedNamespace(i)));
    } catch {
      continue; // claimed by another file
    }
    quietRuntime();
    return TestWorkflowEnvironment.createFromExistingServer({ address, namespace: sharedNamespace(i) });
  }
  throw new Error(`all ${SHARED_NAMESPACES} namespaces of the shared Temporal server are taken`);
}
