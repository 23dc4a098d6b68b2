import { z } from 'zod';
import type { UpdateDefinition } from '@temporalio/client';
import { DomainError } from '@chidao/domain';
import type { AuditEntryInput } from '@chidao/db';
import { auditEntry } from '../../audit';
import type { AuthedContext } from '../../context';
import { fromTemporal } from '../../errors';

// What the assignment procedures share: their input pieces, outputs, and the way they reach the
// assignment's workflow and the unit acting on it.

export const assignmentId = z.string().min(1).max(500);
/** A calendar day, yyyy-MM-dd. */
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const extension = z.object({
  number: z.number().int(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  reason: z.string(),
  proposedDate: z.string(),
  state: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  decisionNote: z.string().optional(),
});

export const adjustment = z.object({
  number: z.number().int(),
  taskId: z.string(),
  kind: z.enum(['change', 'drop']),
  reason: z.string(),
  proposal: z.string().optional(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  state: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  decisionNote: z.string().optional(),
});

export const explanation = z.object({
  number: z.number().int(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  question: z.string(),
  answer: z.string().optional(),
  answeredBy: z.string().optional(),
  answeredAt: z.string().optional(),
});

/** Runs a workflow update, turning its rejection into the domain error it carries. */
export async function update<T>(assignmentId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw fromTemporal(error, { assignmentId });
  }
}

/**
 * The user acting for the unit that delivered the assignment (the district for its communes), or,
 * where `orIssuer`, for the directive's issuer. Anyone else gets the answer for a missing assignment.
 */
export async function asAssigner(ctx: AuthedContext, assignmentId: string, orIssuer: boolean) {
  const assignment = await ctx.access.assignmentToRead(assignmentId);
  const candidates = [assignment.parentUnitId ?? assignment.directive.issuerUnitId, ...(orIssuer ? [assignment.directive.issuerUnitId] : [])];
  for (const unitId of candidates) {
    try {
      return { assignment, acting: ctx.access.actFor(unitId) };
    } catch {
      // try the next capacity
    }
  }
  throw new DomainError('ASSIGNMENT_NOT_FOUND', 'No such assignment for this user', { assignmentId });
}

/** Runs `definition` on the assignment's workflow under the request's update id (one per idempotency key). */
export function runUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  ctx: AuthedContext,
  assignmentId: string,
  definition: UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  return update(assignmentId, () => ctx.temporal.client.workflow.getHandle(assignmentId).executeUpdate(definition, { updateId: ctx.once?.updateId, args }));
}

/** Records an action on the assignment in the audit trail, as this request's. */
export function auditAssignment(ctx: AuthedContext, assignmentId: string, entry: Pick<AuditEntryInput, 'actor' | 'action' | 'before' | 'after'>) {
  return ctx.repos.audit.append(auditEntry(ctx, { ...entry, entityType: 'assignment', entityId: assignmentId }));
}
