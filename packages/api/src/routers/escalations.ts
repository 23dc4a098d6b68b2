import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { DomainError } from '@chidao/domain';
import { escalationResolvedSignal } from '@chidao/workflows';
import { auditActing } from '../audit';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';

const escalation = z.object({
  id: z.string(),
  directiveId: z.string(),
  assignmentId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  recipientUnitId: z.string(),
  level: z.enum(['parent', 'province']),
  reason: z.enum(['acknowledge_overdue', 'report_overdue', 'progress_overdue', 'task_overdue', 'behind_target']),
  state: z.enum(['open', 'seen', 'resolved']),
  raisedAt: z.string(),
  dueAt: z.string(),
  seenAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});

const DEADLINE_OF = { acknowledge_overdue: 'acknowledge', report_overdue: 'report', progress_overdue: 'progress', task_overdue: 'task' } as const;

/** A task escalation's id names its task: `<assignment>#task:<task id>:<step>`. */
const taskOf = (escalationId: string): string | undefined => /#task:([^:]+):/.exec(escalationId)?.[1];

/** A progress escalation's id names its period: `<assignment>#progress:<n>:<step>`. */
const periodOf = (escalationId: string): number | undefined => {
  const n = /#progress:(\d+):/.exec(escalationId)?.[1];
  return n === undefined ? undefined : Number(n);
};

export const escalationsRouter = {
  /** Escalations addressed to the units the user acts for, newest first. */
  inbox: authedProcedure
    .input(z.object({ includeResolved: z.boolean().optional() }).optional())
    .output(z.array(escalation))
    .query(async ({ ctx, input }) => {
      const lists = await Promise.all(
        ctx.access.actingUnitIds().map((unitId) => ctx.repos.escalations.inbox(unitId, input?.includeResolved ?? false)),
      );
      return lists.flat().sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    }),

  markSeen: authedProcedure
    .input(z.object({ id: z.string().min(1).max(600) }))
    .output(escalation)
    .mutation(async ({ ctx, input }) => {
      const { record, acting } = await target(ctx, input.id);
      await ctx.repos.escalations.markSeen(record.id, new Date().toISOString());
      return reread(ctx, record, acting, 'escalation.seen');
    }),

  /** Resolving an escalation stops its chain: the workflow raises no further step for that deadline. */
  resolve: authedProcedure
    .input(z.object({ id: z.string().min(1).max(600) }))
    .output(escalation)
    .mutation(async ({ ctx, input }) => {
      const { record, acting } = await target(ctx, input.id);
      if (record.state === 'resolved') throw new DomainError('ILLEGAL_TRANSITION', 'Already resolved', { id: record.id });
      await ctx.repos.escalations.resolve(record.id, acting.actor.userId, new Date().toISOString());
      const deadline = record.reason === 'behind_target' ? null : DEADLINE_OF[record.reason];
      if (deadline) {
        // The workflow may have ended meanwhile (recalled, completed): nothing left to stop then.
        await ctx.temporal.client.workflow
          .getHandle(record.assignmentId)
          .signal(escalationResolvedSignal, {
            v: 1,
            deadline,
            ...(deadline === 'progress' ? { period: periodOf(record.id) } : {}),
            ...(deadline === 'task' ? { task: taskOf(record.id) } : {}),
          })
          .catch(() => undefined);
      }
      return reread(ctx, record, acting, 'escalation.resolve');
    }),
} satisfies TRPCRouterRecord;

type Acting = ReturnType<AuthedContext['access']['actFor']>;

/** The escalation as the change left it, with the change in the audit trail. */
async function reread(ctx: AuthedContext, before: z.infer<typeof escalation>, acting: Acting, action: string) {
  const after = (await ctx.repos.escalations.get(before.id))!;
  await auditActing(ctx, acting, { action, entityType: 'escalation', entityId: before.id, before: { state: before.state }, after: { state: after.state } });
  return after;
}

/** An escalation addressed to a unit the user acts for; any other reads as missing. */
async function target(ctx: AuthedContext, id: string) {
  const record = await ctx.repos.escalations.get(id);
  if (record) {
    try {
      return { record, acting: ctx.access.actFor(record.recipientUnitId) };
    } catch {
      // fall through to the same answer as a missing one
    }
  }
  throw new DomainError('ESCALATION_NOT_FOUND', 'No such escalation for this user', { id });
}
