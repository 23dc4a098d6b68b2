import { z } from 'zod';
import { DomainError } from '@chidao/domain';
import type { AssignmentView } from '@chidao/db';
import { acknowledgeUpdate } from '@chidao/workflows';
import { fromTemporal } from '../errors';
import { auditEntry, authedProcedure, router } from '../trpc';
import { assignmentView } from './schemas';

const view = (row: AssignmentView) => ({ ...row, tasks: row.tasks.map(({ id, text }) => ({ id, text })) });

/** The part of an assignment an acknowledgement changes, as the audit trail records it. */
const ackState = (row: AssignmentView) => ({ state: row.state, acknowledgedAt: row.acknowledgedAt, acknowledgedBy: row.acknowledgedBy });

export const assignmentsRouter = router({
  /** The assignments of the units the user acts for, newest directive first. */
  mine: authedProcedure.output(z.array(assignmentView)).query(async ({ ctx }) => {
    const rows = (await Promise.all(ctx.access.actingUnitIds().map((unitId) => ctx.repos.assignments.forUnit(unitId)))).flat();
    return rows.map(view);
  }),

  /** Acknowledge receipt (tiếp nhận). The workflow decides; the read model is updated before it answers. */
  acknowledge: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500) }))
    .output(assignmentView)
    .mutation(async ({ ctx, input }) => {
      // Another unit's assignment reads as missing: no existence oracle.
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      try {
        // The workflow's update validator checks the acting unit again.
        await ctx.temporal.client.workflow.getHandle(assignment.id).executeUpdate(acknowledgeUpdate, { args: [{ v: 1, actor }] });
      } catch (error) {
        throw fromTemporal(error, { assignmentId: assignment.id });
      }
      const updated = await ctx.repos.assignments.get(assignment.id);
      if (!updated) throw new DomainError('ASSIGNMENT_NOT_FOUND', 'Assignment vanished', { assignmentId: assignment.id });
      await ctx.repos.audit.append(
        auditEntry(ctx, {
          actor: { userId: actor.userId, role, unitId: actor.unitId },
          action: 'assignment.acknowledge',
          entityType: 'assignment',
          entityId: assignment.id,
          before: ackState(assignment),
          after: ackState(updated),
        }),
      );
      return view(updated);
    }),

  /**
   * What happened to an assignment, oldest first: the audit trail of people's actions merged with
   * what the workflow did on its own (reminders sent, escalations raised).
   */
  timeline: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500) }))
    .output(
      z.array(
        z.object({
          at: z.string(),
          source: z.enum(['audit', 'workflow']),
          kind: z.string(),
          actorUserId: z.string().nullable(),
          detail: z.record(z.string(), z.unknown()),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      const [audit, events] = await Promise.all([
        ctx.repos.audit.forEntity('assignment', assignment.id),
        ctx.repos.events.forAssignment(assignment.id),
      ]);
      const entries = [
        { at: assignment.issuedAt, source: 'workflow' as const, kind: 'issued', actorUserId: null, detail: {} },
        ...audit.map((e) => ({
          at: e.at,
          source: 'audit' as const,
          kind: e.action,
          actorUserId: e.actorUserId,
          detail: { before: e.before, after: e.after, role: e.actorRole, unitId: e.actorUnitId },
        })),
        ...events.map((e) => ({ at: e.at, source: 'workflow' as const, kind: `${e.kind}.${String(e.data.action ?? '')}`, actorUserId: null, detail: { ...e.data } })),
      ];
      return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    }),
});
