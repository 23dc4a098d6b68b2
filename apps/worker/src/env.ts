import { z } from 'zod';
import { DEV_TEMPORAL_ADDRESS, temporalAddressGiven, temporalEnv, TEMPORAL_ADDRESS_REQUIRED, TLS_FILES_TOGETHER, tlsFilesTogether } from '@chidao/temporal-tls';
import { DEFAULT_POOL_SIZE } from '@chidao/db';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';
import { channelsFromEnv } from '@chidao/channels';
import { DEFAULT_APP_URL, DEFAULT_MAX_CACHED_WORKFLOWS } from './worker';

const schema = z.object({
  DATABASE_URL: z.string().url(),
  /** Connections the worker's PostgreSQL pool may hold at once (node-postgres' default is 10). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_POOL_SIZE),
  ...temporalEnv,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default(DEFAULT_TASK_QUEUE),
  LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /**
   * Running workflows kept in memory between their tasks; one evicted is replayed from its history
   * when it next has work. The SDK would size this from the heap limit (about 2,300 here), which
   * took the worker past 2 GiB at national size (docs/benchmarks). At least 1: with none (no sticky
   * queue), the national fan-out had not finished after 11 minutes and acknowledgements ran at a few a
   * second.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(1, 'at least 1: without a workflow cache the worker falls far behind (docs/benchmarks)')
    .default(DEFAULT_MAX_CACHED_WORKFLOWS),
  /**
   * `on`: workflows answer the "stack trace" query (Temporal UI, `temporal workflow stack`), at the
   * price of a captured, source-mapped stack trace for every promise they create — about a third of
   * the workflow thread's time at national size (docs/benchmarks). Off by default; turn it on to see
   * where a stuck workflow waits.
   */
  WORKER_WORKFLOW_STACK_TRACES: z.enum(['on', 'off']).default('off'),
  /**
   * `on`: every call into the workflow sandbox runs under the SDK's isolateExecutionTimeout (5 s), so
   * workflow code stuck in a synchronous loop fails its task instead of holding the workflow thread;
   * Node starts and joins a watchdog thread for each such call, several per activation — about a
   * sixth of the worker's CPU at national size (docs/benchmarks). Off by default: no workflow here
   * loops on anything but a bounded list.
   */
  WORKER_WORKFLOW_CALL_TIMEOUT: z.enum(['on', 'off']).default('off'),
  /**
   * A workflow bundle built beforehand (a file, as `bundleWorkflowCode` writes it): the test stacks
   * bundle once per run instead of once per worker. Unset, the worker bundles the sources at start,
   * so what it runs is never stale.
   */
  WORKER_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** The web app's public origin: the links in e-mails, push notifications, SMS and Zalo messages open it. */
  PUBLIC_APP_URL: z.string().url().default(DEFAULT_APP_URL),
})
  .refine(tlsFilesTogether, TLS_FILES_TOGETHER)
  .refine(temporalAddressGiven, TEMPORAL_ADDRESS_REQUIRED)
  .transform((env) => ({ ...env, TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS ?? DEV_TEMPORAL_ADDRESS }));

export type WorkerEnv = z.infer<typeof schema>;

/** The only place the worker reads process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid worker environment:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** The notification channels configured (README: "Notification channels"): each off unless its variables are set. */
export function notificationChannelsOf(source: NodeJS.ProcessEnv = process.env) {
  return channelsFromEnv(source);
}
