import { createRequire } from 'node:module';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '@chidao/activities';
import type { Repositories } from '@chidao/db';

const require = createRequire(import.meta.url);

/** The workflow code the worker runs, resolved through the package so tests and main agree. */
export const workflowsPath = require.resolve('@chidao/workflows/workflows');

export interface WorkerDeps {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly repos: Repositories;
  /** A prebuilt bundle (tests bundle once per file); otherwise the worker bundles at start. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
  /** Running workflows kept in memory between tasks (see WORKER_MAX_CACHED_WORKFLOWS). */
  readonly maxCachedWorkflows?: number;
}

export const DEFAULT_MAX_CACHED_WORKFLOWS = 400;

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: createActivities({ repos: deps.repos }),
    maxCachedWorkflows: deps.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath }),
  });
}
