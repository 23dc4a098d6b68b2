import { Client, Connection } from '@temporalio/client';
import { makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';
import { startNotificationDispatch, startNotificationRelay } from '@chidao/workflows';
import { temporalConnectionOf, temporalUnreachable } from '@chidao/temporal-tls';
import { checkDatabase, createDb, createRepositories } from '@chidao/db';
import { notificationChannelsOf, readEnv } from './env';
import { bundleWorkflowsApart } from './bundle';
import { createLog, temporalLoggerOf } from './log';
import { closeWithin, CLOSE_WITHIN_MS } from './shutdown';
import { createNotificationWorker, createWorker, notificationTaskQueueOf } from './worker';

const env = readEnv();
const log = createLog(env.LOG_LEVEL);
// A failure to start is one JSON line too (the host's log collector reads nothing else), then exit 1.
process.on('uncaughtException', (error) => {
  log.fatal({ err: error }, 'worker stopped');
  process.exit(1);
});
// The SDK's lines and the Rust core's (forwarded, not printed by the core with its colours) all go
// through the same JSON log.
Runtime.install({
  logger: temporalLoggerOf(log),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: env.LOG_LEVEL === 'TRACE' || env.LOG_LEVEL === 'DEBUG' ? env.LOG_LEVEL : 'WARN' }), forward: {} } },
});
// Both checked before polling: a wrong DATABASE_URL or TEMPORAL_ADDRESS stops the worker here, saying which.
await checkDatabase(env.DATABASE_URL);
const db = createDb(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
const temporalOptions = temporalConnectionOf(env);
const unreachable = (error: unknown) => {
  throw temporalUnreachable(temporalOptions.address, error);
};
const connection = await NativeConnection.connect(temporalOptions).catch(unreachable);
const deps = {
  connection,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  repos: createRepositories(db),
  maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
  workflowStackTraces: env.WORKER_WORKFLOW_STACK_TRACES === 'on',
  workflowCallTimeout: env.WORKER_WORKFLOW_CALL_TIMEOUT === 'on',
  workflowBundle: env.WORKER_WORKFLOW_BUNDLE ? { codePath: env.WORKER_WORKFLOW_BUNDLE } : await bundleWorkflowsApart(),
  appUrl: env.PUBLIC_APP_URL,
  channels: notificationChannelsOf(),
};
// The engine's queue (which still serves a dispatcher started on it before it had a queue of its own) …
const worker = await createWorker(deps);
// … and the notification dispatcher's, so that a burst of alarms does not hold notifications back.
const notificationWorker = await createNotificationWorker(deps);
// The notification dispatcher: started (or found running) by every worker, woken by the outbox's NOTIFY.
const clientConnection = await Connection.connect(temporalOptions).catch(unreachable);
const client = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
await startNotificationDispatch(client, notificationTaskQueueOf(env.TEMPORAL_TASK_QUEUE));
const relay = await startNotificationRelay(env.DATABASE_URL, client);
log.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, temporal: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE }, 'polling');
// Worker.run() shuts down gracefully on SIGINT/SIGTERM, and here when whoever started it is gone
// (a stack killed with -9): a worker nobody supervises would poll on for ever.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid === parent) return;
  for (const w of [worker, notificationWorker]) if (w.getState() === 'RUNNING') w.shutdown();
}, 1_000).unref();
let failed = false;
try {
  await Promise.all([worker.run(), notificationWorker.run()]);
} catch (error) {
  // A worker that failed, or whose activities outlived SHUTDOWN_FORCE_TIME: the rest still closes.
  failed = true;
  log.error({ err: error }, 'worker failed');
}
// Each connection closes within a bound: towards a database cut off by the network, a close waits for
// an answer that never comes, and the process would never end.
const unclosed = (
  await Promise.all(
    Object.entries({ relay: () => relay.close(), temporalClient: () => clientConnection.close(), temporal: () => connection.close(), database: () => db.close() }).map(
      async ([name, close]) => ((await closeWithin(close, CLOSE_WITHIN_MS)) ? [] : [name]),
    ),
  )
).flat();
if (unclosed.length > 0) log.warn({ unclosed, withinMs: CLOSE_WITHIN_MS }, 'connections left open at exit');
log.info('stopped');
process.exit(failed ? 1 : 0);
