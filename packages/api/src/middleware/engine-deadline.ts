import type { Client } from '@temporalio/client';
import { DomainError } from '@chidao/domain';
import { engineUnavailable, isEngineTimeout, toTRPCError } from '../errors';
import { DEFAULT_ENGINE_DEADLINE_MS } from '../update-gate';
import { middlewareFor } from './standalone';

/**
 * Every call the procedure makes to Temporal shares one deadline (the client's call context): an
 * engine that does not answer frees the update's place and the key, and the user hears why.
 */
export const engineDeadline = middlewareFor().create(async ({ ctx, next }) => {
  const client = ctx.temporal.client as Client | undefined;
  if (!client) return next(); // in-process tests of procedures that never reach Temporal
  const deadlineMs = ctx.temporal.deadlineMs ?? DEFAULT_ENGINE_DEADLINE_MS;
  const result = await client.withDeadline(Date.now() + deadlineMs, () => next());
  const cause = result.ok ? null : result.error.cause;
  // A DomainError already says what happened (fromTemporal names timeouts ENGINE_UNAVAILABLE).
  if (cause && !(cause instanceof DomainError) && isEngineTimeout(cause)) {
    throw toTRPCError(engineUnavailable(`Temporal did not answer within ${deadlineMs} ms`));
  }
  return result;
});
