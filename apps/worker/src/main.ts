import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startNotificationDispatch, startNotificationRelay } from '@chidao/workflows';
import { temporalTls } from '@chidao/temporal-tls';
import { createDb, createRepositories } from '@chidao/db';
import { notificationChannelsOf, readEnv } from './env';
import { bundleWorkflowsApart } from './bundle';
import { createWorker } from './worker';

const env = readEnv();
Runtime.install({ logger: new DefaultLogger(env.LOG_LEVEL) });
const db = createDb(env.DATABASE_URL);
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS, tls: temporalTls(env) });
const worker = await createWorker({
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
});
// The notification dispatcher: started (or found running) by every worker, woken by the outbox's NOTIFY.
const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS, tls: temporalTls(env) });
const client = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
await startNotificationDispatch(client, env.TEMPORAL_TASK_QUEUE);
const relay = await startNotificationRelay(env.DATABASE_URL, client);
console.log(`worker: polling task queue "${env.TEMPORAL_TASK_QUEUE}" on ${env.TEMPORAL_ADDRESS}`);
// Worker.run() shuts down gracefully on SIGINT/SIGTERM, and here when whoever started it is gone
// (a stack killed with -9): a worker nobody supervises would poll on for ever.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && worker.getState() === 'RUNNING' && worker.shutdown(), 1_000).unref();
await worker.run();
await relay.close();
await clientConnection.close();
await connection.close();
await db.close();
