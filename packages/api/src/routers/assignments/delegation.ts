import { z } from 'zod';
import type { TRPCRouterRecord } from '@trpc/server';
import { checkReassignTarget, DomainError, forwardTargets, isTerminal, MAX_FORWARD_UNITS } from '@chidao/domain';
import { forwardUpdate, reassignUpdate, setChildDeadlineUpdate } from '@chidao/workflows';
import { authedProcedure } from '../../trpc';
import { asAssigner, assignmentId, auditAssignment, isoDay, runUpdate } from './shared';

/** Passing a task on down the tree: earlier deadlines for the units below, forwarding, reassigning. */
export const assignmentDelegation = {
  /**
   * A unit gives the units it delivered to (a district's communes) an earlier internal report
   * deadline with its own instructions, so it can compile before it owes its own report.
   */
  setChildDeadline: authedProcedure
    .input(
      z.object({
        assignmentId,
        reportDate: isoDay,
        instructions: z.string().trim().min(1).max(4_000),
      }),
    )
    .output(z.object({ reportDate: z.string(), assignments: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      const result = await runUpdate(ctx, assignment.id, setChildDeadlineUpdate, { v: 1, actor, reportDate: input.reportDate, instructions: input.instructions });
      await auditAssignment(ctx, assignment.id, {
        actor: { ...actor, role },
        action: 'assignment.set_child_deadline',
        before: null,
        after: { ...result, instructions: input.instructions },
      });
      return result;
    }),

  /**
   * Chuyển giao xuống cấp dưới: the unit passes its task to units directly below it (all of them, or
   * the ones named) that the directive did not address, with its own instructions, a report day no
   * later than its own and optionally an acknowledgement day. Units that already carry the task
   * through it are left as they are (`already`).
   */
  forward: authedProcedure
    .input(
      z.object({
        assignmentId,
        units: z.union([z.literal('all'), z.array(z.string().min(1).max(300)).min(1).max(MAX_FORWARD_UNITS)]),
        reportDate: isoDay,
        acknowledgeDate: isoDay.optional(),
        instructions: z.string().trim().min(1).max(4_000),
      }),
    )
    .output(z.object({ forwarded: z.array(z.string()), already: z.array(z.string()), reportDate: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      if (isTerminal(assignment.state)) throw new DomainError('ILLEGAL_TRANSITION', `The assignment is ${assignment.state}`, { assignmentId: assignment.id });
      // Which units lie below is the tree's to say; the workflow checks everything else again.
      const unitIds = forwardTargets(await ctx.access.hierarchy(), assignment.unitId, input.units === 'all' ? { type: 'all' } : { type: 'units', unitIds: input.units });
      const result = await runUpdate(ctx, assignment.id, forwardUpdate, {
        v: 1,
        actor,
        unitIds,
        reportDate: input.reportDate,
        ...(input.acknowledgeDate ? { acknowledgeDate: input.acknowledgeDate } : {}),
        instructions: input.instructions,
      });
      await auditAssignment(ctx, assignment.id, {
        actor: { ...actor, role },
        action: 'assignment.forward',
        before: null,
        after: { ...result, acknowledgeDate: input.acknowledgeDate ?? null, instructions: input.instructions },
      });
      return { forwarded: [...result.forwarded], already: [...result.already], reportDate: result.reportDate };
    }),

  /**
   * Giao lại: the assigning unit (the district for its communes, the issuer for what it delivered
   * itself) moves an assignment to another unit below it that holds none of this directive. The old
   * assignment ends as `reassigned`, its open escalations resolved; the new unit gets a fresh one with
   * the same tasks and report deadline.
   */
  reassign: authedProcedure
    .input(z.object({ assignmentId, toUnitId: z.string().min(1).max(300), reason: z.string().trim().min(1).max(2_000) }))
    .output(z.object({ fromUnitId: z.string(), toUnitId: z.string(), assignmentId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { assignment, acting } = await asAssigner(ctx, input.assignmentId, false);
      if (isTerminal(assignment.state)) throw new DomainError('ILLEGAL_TRANSITION', `The assignment is ${assignment.state}`, { assignmentId: assignment.id });
      const holding = new Set((await ctx.repos.assignments.holders(assignment.directiveId, [input.toUnitId])).map((h) => h.unitId));
      checkReassignTarget(await ctx.access.hierarchy(), { fromUnitId: assignment.unitId, assignerUnitId: acting.actor.unitId }, input.toUnitId, (u) => holding.has(u));
      const result = await runUpdate(ctx, assignment.id, reassignUpdate, { v: 1, actor: acting.actor, toUnitId: input.toUnitId, reason: input.reason });
      await auditAssignment(ctx, assignment.id, {
        actor: { ...acting.actor, role: acting.role },
        action: 'assignment.reassign',
        before: { state: assignment.state },
        after: { state: 'reassigned', toUnitId: input.toUnitId, reason: input.reason, assignmentId: result.assignmentId },
      });
      return { ...result };
    }),
} satisfies TRPCRouterRecord;
