import type { AuditEntryInput } from '@chidao/db';
import type { Acting } from './access';
import type { AuthedContext, Context } from './context';
import type { Once } from './idempotency';

/**
 * An audit entry for this request: the request id and address are filled in, and in a mutation that
 * runs once per idempotency key the key of its action, so a retry never records the action twice.
 */
export function auditEntry(
  ctx: Pick<Context, 'request'> & { readonly once?: Once | null },
  entry: Omit<AuditEntryInput, 'requestId' | 'address' | 'actionKey'>,
): AuditEntryInput {
  return { ...entry, requestId: ctx.request.id, address: ctx.request.address, actionKey: ctx.once?.updateId ?? null };
}

/** Records an action in the audit trail, as this request's, taken by a user acting for a unit in a role. */
export function auditActing(ctx: AuthedContext, acting: Acting, entry: Pick<AuditEntryInput, 'action' | 'entityType' | 'entityId' | 'before' | 'after'>) {
  return ctx.repos.audit.append(auditEntry(ctx, { actor: { userId: acting.actor.userId, role: acting.role, unitId: acting.actor.unitId }, ...entry }));
}

/**
 * The audit entry of a sign-in, by password or through a province's identity provider (`after` says
 * how): the session it replaces on this browser, if any, is named.
 */
export function signInEntry(
  ctx: Pick<Context, 'request' | 'session'> & { readonly once?: Once | null },
  user: { readonly id: string; readonly unitId: string },
  after: Record<string, unknown>,
): AuditEntryInput {
  return auditEntry(ctx, {
    actor: { userId: user.id, role: null, unitId: user.unitId },
    action: 'session.sign_in',
    entityType: 'user',
    entityId: user.id,
    before: ctx.session.current ? { sessionId: ctx.session.current.id, userId: ctx.session.current.userId } : null,
    after,
  });
}
