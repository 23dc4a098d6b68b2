import { z } from 'zod';
import { DomainError } from '@chidao/domain';
import { acknowledgeUpdate } from '@chidao/workflows';
import { fromTemporal } from '../errors';
import { authedProcedure, router } from '../trpc';
import { assignmentView } from './schemas';

export const assignmentsRouter = router({
  /** The signed-in user's unit's assignments, newest directive first. */
  mine: authedProcedure.output(z.array(assignmentView)).query(async ({ ctx }) => {
    const rows = await ctx.repos.assignments.forUnit(ctx.actor.unitId);
    return rows.map((row) => ({ ...row, tasks: row.tasks.map(({ id, text }) => ({ id, text })) }));
  }),

  /** Acknowledge receipt (tiếp nhận). The workflow decides; the read model is updated before it answers. */
  acknowledge: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500) }))
    .output(assignmentView)
    .mutation(async ({ ctx, input }) => {
      const assignment = await ctx.repos.assignments.get(input.assignmentId);
      // Another unit's assignment reads as missing: no existence oracle.
      if (!assignment || assignment.unitId !== ctx.actor.unitId) {
        throw new DomainError('ASSIGNMENT_NOT_FOUND', 'No such assignment for this unit', { assignmentId: input.assignmentId });
      }
      try {
        await ctx.temporal.client.workflow
          .getHandle(assignment.id)
          .executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor: ctx.actor }] });
      } catch (error) {
        throw fromTemporal(error, { assignmentId: assignment.id });
      }
      const updated = await ctx.repos.assignments.get(assignment.id);
      if (!updated) throw new DomainError('ASSIGNMENT_NOT_FOUND', 'Assignment vanished', { assignmentId: assignment.id });
      return { ...updated, tasks: updated.tasks.map(({ id, text }) => ({ id, text })) };
    }),
});
