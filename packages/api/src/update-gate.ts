import pLimit from 'p-limit';
import { Client, type ConnectionLike, type WorkflowClientInterceptor } from '@temporalio/client';
import { engineUnavailable } from './errors';

/**
 * Workflow updates (an acknowledgement, a report, a forward…) one API process has with Temporal at
 * once; the rest wait in the API for a free place, first come first served.
 *
 * Why: an update is answered only after the worker has run the workflow's task, and under load the
 * machine's cores are shared by every update in flight. With all 50 concurrent users' updates in
 * Temporal and the worker together, each one's share of the CPU varies with what the others are
 * doing, and the slowest answers took 1.5 times the median. Waiting in a first-come queue in front
 * of a few in flight serves the same number a second (the few keep every process busy) with the
 * spread of a queue: the slowest answers take about 1.2 times the median. docs/benchmarks/README.md
 * has the measurements that chose the default.
 */
export const DEFAULT_UPDATES_IN_FLIGHT = 8;

/**
 * How long one request may wait on Temporal, all its calls together (the update, the polls for its
 * outcome, queries), before the client is told ENGINE_UNAVAILABLE and the update's place is freed.
 *
 * Why 15 s: the slowest acknowledgement measured with 50 chairs at once took under 2 s
 * (docs/benchmarks), so a healthy engine answers well within it; it is half the idempotency key's
 * lease (30 s), so an attempt that gave up has released its key long before a retry could take the
 * lease over; and it is shorter than a phone's patience on a poor connection, which retries anyway.
 */
export const DEFAULT_ENGINE_DEADLINE_MS = 15_000;

/**
 * The client interceptor that holds each update until fewer than `inFlight` are under way, for at
 * most `maxWaitMs`: past it the update is not sent and the caller gets ENGINE_UNAVAILABLE.
 */
export function updateGate(inFlight: number = DEFAULT_UPDATES_IN_FLIGHT, maxWaitMs: number = DEFAULT_ENGINE_DEADLINE_MS): WorkflowClientInterceptor {
  if (!Number.isInteger(inFlight) || inFlight < 1) throw new RangeError(`updates in flight must be a whole number of at least 1, not ${inFlight}`);
  const limit = pLimit(inFlight);
  // Only the request that asks Temporal to run the update and waits for its outcome holds a place;
  // the client's later polls for an outcome that outlasts that request do not.
  return {
    startUpdate: (input, next) =>
      new Promise((resolve, reject) => {
        let gaveUp = false;
        const timer = setTimeout(() => {
          gaveUp = true;
          reject(engineUnavailable(`No place for the update within ${maxWaitMs} ms`));
        }, maxWaitMs);
        limit(async () => {
          if (gaveUp) return;
          clearTimeout(timer);
          await next(input).then(resolve, reject);
        });
      }),
  };
}

/** The Temporal client the API runs on: every workflow update it sends passes the gate. */
export function gatedClient(options: { connection: ConnectionLike; namespace: string; updatesInFlight?: number; deadlineMs?: number }): Client {
  return new Client({
    connection: options.connection,
    namespace: options.namespace,
    interceptors: { workflow: [updateGate(options.updatesInFlight, options.deadlineMs)] },
  });
}
