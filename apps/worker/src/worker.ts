import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, createNotificationActivities } from '@chidao/activities';
import type { Channel } from '@chidao/channels';
import type { ExternalChannel } from '@chidao/domain';
import type { Repositories } from '@chidao/db';
import { workflowWorkerOptions } from '@chidao/workflows/bundling';

export interface WorkerDeps {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly repos: Repositories;
  /** A prebuilt bundle (tests bundle once per file); otherwise the worker bundles at start. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
  /** Running workflows kept in memory between tasks (see WORKER_MAX_CACHED_WORKFLOWS). */
  readonly maxCachedWorkflows?: number;
  /** Whether workflows answer the stack trace query (see WORKER_WORKFLOW_STACK_TRACES); off unless true. */
  readonly workflowStackTraces?: boolean;
  /** Whether each call into a workflow runs under a watchdog (see WORKER_WORKFLOW_CALL_TIMEOUT); off unless true. */
  readonly workflowCallTimeout?: boolean;
  /** The notification channels configured (none: in-app only). */
  readonly channels?: Partial<Record<ExternalChannel, Channel>>;
  /** The web app's public origin, for the links in notifications. */
  readonly appUrl?: string;
}

export const DEFAULT_MAX_CACHED_WORKFLOWS = 400;

/**
 * How long a shutting-down worker waits for its running activities before giving them up (Temporal
 * retries them elsewhere, under their keys): an activity stuck on a database cut off by the network
 * would otherwise hold the shutdown for ever. Well under a service manager's stop timeout (90 s).
 */
export const SHUTDOWN_FORCE_TIME = '30s';

/** Where the links in notifications open when PUBLIC_APP_URL is not given: npm start's web app. */
export const DEFAULT_APP_URL = 'http://127.0.0.1:3000';

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  // Read by our patch of the SDK (patches/@temporalio__worker@*.patch) in the workflow thread, which
  // takes this process's environment when the worker starts it.
  process.env.TEMPORAL_WORKFLOW_STACK_TRACES = deps.workflowStackTraces ? 'on' : 'off';
  process.env.TEMPORAL_WORKFLOW_CALL_TIMEOUT = deps.workflowCallTimeout ? 'on' : 'off';
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: {
      ...createActivities({ repos: deps.repos }),
      ...createNotificationActivities({ repos: deps.repos, channels: deps.channels ?? {}, appUrl: deps.appUrl ?? DEFAULT_APP_URL }),
    },
    maxCachedWorkflows: deps.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    shutdownForceTime: SHUTDOWN_FORCE_TIME,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : workflowWorkerOptions),
  });
}

/**
 * The task queue of the notification dispatcher and its activities: a queue of its own, so that a
 * burst of the engine's work (a national directive's thousands of alarms falling due in one minute)
 * does not hold notifications back. On the shared queue the dispatcher's workflow task waited behind
 * the burst's tasks: in the national2 benchmark, two minutes before the first reminder went out.
 */
export function notificationTaskQueueOf(taskQueue: string): string {
  return `${taskQueue}-notifications`;
}

/** A worker for the notification queue only: the dispatcher's workflow and the notification activities. */
export async function createNotificationWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: notificationTaskQueueOf(deps.taskQueue),
    activities: createNotificationActivities({ repos: deps.repos, channels: deps.channels ?? {}, appUrl: deps.appUrl ?? DEFAULT_APP_URL }),
    // One long-running workflow lives here.
    maxCachedWorkflows: 10,
    shutdownForceTime: SHUTDOWN_FORCE_TIME,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : workflowWorkerOptions),
  });
}
