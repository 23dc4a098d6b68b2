import { middlewareMarker } from '@trpc/server/unstable-core-do-not-import';
import { DomainError } from '@chidao/domain';
import type { SignedInContext } from '../context';
import { DEFAULT_IDEMPOTENCY, fingerprint, onceFor, type Once } from '../idempotency';
import { middlewareFor } from './standalone';

/**
 * A signed-in mutation runs once per idempotency key; retries get the stored answer. Mutations whose
 * meta says `repeatable`, and queries, pass with `ctx.once` null.
 */
export const idempotent = middlewareFor<SignedInContext>().create(async ({ ctx, type, path, meta, getRawInput, next }) => {
  if (type !== 'mutation' || meta?.repeatable) return next({ ctx: { once: null as Once | null } });
  const key = ctx.request.idempotencyKey!;
  const settings = ctx.idempotency ?? DEFAULT_IDEMPOTENCY;
  const now = ctx.auth.now();
  const accountId = ctx.user.id;
  const claim = await ctx.repos.idempotency.claim({
    accountId,
    key,
    path,
    inputHash: fingerprint(path, await getRawInput().catch(() => undefined)),
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + settings.leaseMs).toISOString(),
  });
  switch (claim.kind) {
    case 'done':
      return { marker: middlewareMarker, ok: true as const, data: claim.result, ctx: { once: null as Once | null } };
    case 'busy':
      throw new DomainError('REQUEST_IN_PROGRESS', 'An earlier attempt with this key is still running', { retryAfterSeconds: 1 });
    case 'mismatch':
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for another request', { path });
  }
  const result = await next({ ctx: { once: onceFor(accountId, key) as Once | null } });
  // If storing fails the key stays pending: after its lease a retry runs again, and Temporal answers
  // the same update id with the first outcome. The user still gets this answer.
  if (result.ok) {
    await ctx.repos.idempotency.complete({ accountId, key, result: result.data, now: ctx.auth.now().toISOString() }).catch(() => undefined);
    if (Math.random() < 0.01) await ctx.repos.idempotency.prune(new Date(now.getTime() - settings.retentionMs).toISOString()).catch(() => undefined);
  } else {
    // Refused or failed: nothing was stored for the action, so a retry asks the rules again.
    await ctx.repos.idempotency.release({ accountId, key }).catch(() => undefined);
  }
  return result;
});
