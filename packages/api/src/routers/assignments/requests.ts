import { z } from 'zod';
import { DomainError } from '@chidao/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import {
  answerExplanationUpdate,
  assignmentSnapshotQuery,
  decideAdjustmentUpdate,
  decideExtensionUpdate,
  requestAdjustmentUpdate,
  requestExplanationUpdate,
  requestExtensionUpdate,
} from '@chidao/workflows';
import { authedProcedure } from '../../trpc';
import { adjustment, asAssigner, assignmentId, auditAssignment, explanation, extension, isoDay, runUpdate, update } from './shared';

/** Extensions (gia hạn) and explanations (giải trình) asked between an assignee and its assigner. */
export const assignmentRequests = {
  /** The assignee asks to move its report deadline to a later day (gia hạn), with a reason. */
  requestExtension: authedProcedure
    .input(
      z.object({
        assignmentId,
        reason: z.string().trim().min(1).max(4_000),
        proposedDate: isoDay,
      }),
    )
    .output(extension)
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      const request = await runUpdate(ctx, assignment.id, requestExtensionUpdate, { v: 1, actor, reason: input.reason, proposedDate: input.proposedDate });
      await auditAssignment(ctx, assignment.id, { actor: { ...actor, role }, action: 'extension.request', before: null, after: request });
      return request;
    }),

  /** The assigning unit approves (the deadline and its timers move) or rejects with a reason. */
  decideExtension: authedProcedure
    .input(z.object({ assignmentId, approve: z.boolean(), note: z.string().max(4_000).optional() }))
    .output(extension)
    .mutation(async ({ ctx, input }) => {
      const { assignment, acting } = await asAssigner(ctx, input.assignmentId, false);
      const decided = await runUpdate(ctx, assignment.id, decideExtensionUpdate, { v: 1, actor: acting.actor, approve: input.approve, ...(input.note ? { note: input.note } : {}) });
      await auditAssignment(ctx, assignment.id, {
        actor: { ...acting.actor, role: acting.role },
        action: `extension.${decided.state}`,
        before: { reportBy: (await ctx.repos.lifecycle.deadlinesOf(assignment.id))?.reportBy ?? null },
        after: decided,
      });
      return decided;
    }),

  /** The assigning or issuing unit asks a unit past its deadline to explain (giải trình). */
  requestExplanation: authedProcedure
    .input(z.object({ assignmentId, question: z.string().trim().min(1).max(4_000) }))
    .output(explanation)
    .mutation(async ({ ctx, input }) => {
      const { assignment, acting } = await asAssigner(ctx, input.assignmentId, true);
      const request = await runUpdate(ctx, assignment.id, requestExplanationUpdate, { v: 1, actor: acting.actor, question: input.question });
      await auditAssignment(ctx, assignment.id, { actor: { ...acting.actor, role: acting.role }, action: 'explanation.request', before: null, after: request });
      return request;
    }),

  answerExplanation: authedProcedure
    .input(z.object({ assignmentId, answer: z.string().trim().min(1).max(4_000) }))
    .output(explanation)
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      const answered = await runUpdate(ctx, assignment.id, answerExplanationUpdate, { v: 1, actor, answer: input.answer });
      await auditAssignment(ctx, assignment.id, { actor: { ...actor, role }, action: 'explanation.answer', before: null, after: answered });
      return answered;
    }),

  /** The assignee asks the issuer to change one of its tasks (in words) or to drop it for this unit (đề nghị điều chỉnh). */
  requestAdjustment: authedProcedure
    .input(
      z.object({
        assignmentId,
        taskId: z.string().min(1).max(64),
        kind: z.enum(['change', 'drop']),
        reason: z.string().trim().min(1).max(4_000),
        proposal: z.string().trim().min(1).max(4_000).optional(),
      }),
    )
    .output(adjustment)
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      const { assignmentId: _id, ...asked } = input;
      const request = await runUpdate(ctx, assignment.id, requestAdjustmentUpdate, { v: 1, actor, ...asked });
      await auditAssignment(ctx, assignment.id, { actor: { ...actor, role }, action: 'adjustment.request', before: null, after: request });
      return request;
    }),

  /** The issuing unit's leadership approves (a drop takes the task off what the unit owes) or rejects with a reason. */
  decideAdjustment: authedProcedure
    .input(z.object({ assignmentId, number: z.number().int().min(1).max(1_000), approve: z.boolean(), note: z.string().max(4_000).optional() }))
    .output(adjustment)
    .mutation(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      let acting;
      try {
        acting = ctx.access.issueFor(assignment.directive.issuerUnitId);
      } catch {
        throw new DomainError('ASSIGNMENT_NOT_FOUND', 'No such assignment to decide on', { assignmentId: input.assignmentId });
      }
      const decided = await runUpdate(ctx, assignment.id, decideAdjustmentUpdate, {
        v: 1,
        actor: acting.actor,
        number: input.number,
        approve: input.approve,
        ...(input.note ? { note: input.note } : {}),
      });
      await auditAssignment(ctx, assignment.id, { actor: { ...acting.actor, role: acting.role }, action: `adjustment.${decided.state}`, before: { state: 'pending' }, after: decided });
      return decided;
    }),

  /** Extension and explanation requests of an assignment, as its workflow holds them. */
  requests: authedProcedure
    .input(z.object({ assignmentId }))
    .output(
      z.object({
        extensions: z.array(extension),
        explanations: z.array(explanation),
        adjustments: z.array(adjustment),
        /** The last moment an extension may be asked (null: open while the assignment runs). */
        extensionsCloseAt: z.string().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      const snapshot = await update(assignment.id, () => ctx.temporal.client.workflow.getHandle(assignment.id).query(assignmentSnapshotQuery));
      return {
        extensions: [...snapshot.extensions],
        explanations: [...snapshot.explanations],
        // Snapshots of runs from before adjustments existed have none.
        adjustments: [...(snapshot.adjustments ?? [])],
        extensionsCloseAt: snapshot.plan?.extensionsCloseAt ?? null,
      };
    }),
} satisfies TRPCRouterRecord;
