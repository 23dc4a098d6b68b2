// A worker for the raw ceiling: the same SDK and worker options as apps/worker, polling its own queue
// with a workflow that does nothing, so the ceiling measures Temporal and the worker, not our code.
import { createRequire } from 'node:module';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const taskQueue = process.env.CEILING_TASK_QUEUE ?? 'bench-ceiling';
Runtime.install({ logger: new DefaultLogger('WARN') });
// Without the stack-trace promise hook and the per-call watchdog, as apps/worker runs by default.
process.env.TEMPORAL_WORKFLOW_STACK_TRACES = 'off';
process.env.TEMPORAL_WORKFLOW_CALL_TIMEOUT = 'off';
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue,
  workflowsPath: createRequire(import.meta.url).resolve('./ceiling-workflows.ts'),
});
await worker.run();
await connection.close();
