import { z } from 'zod';
import type { TRPCRouterRecord } from '@trpc/server';
import type { AssignmentView } from '@chidao/db';
import { acknowledgeUpdate } from '@chidao/workflows';
import { authedProcedure } from '../../trpc';
import { assignmentView, periodStanding, standingSchema, toAssignmentOutput } from '../schemas';
import { assignmentId, auditAssignment, runUpdate } from './shared';

/** The part of an assignment an acknowledgement changes, as the audit trail records it. */
const ackState = (row: AssignmentView) => ({ state: row.state, acknowledgedAt: row.acknowledgedAt, acknowledgedBy: row.acknowledgedBy });

/** A unit's inbox: its assignments, acknowledging one, and what happened to it since. */
export const assignmentInbox = {
  /** The assignments of the units the user acts for, newest directive first. */
  mine: authedProcedure.output(z.array(assignmentView)).query(async ({ ctx }) => {
    const rows = (await Promise.all(ctx.access.actingUnitIds().map((unitId) => ctx.repos.assignments.forUnit(unitId)))).flat();
    const [now, calendar] = [new Date().toISOString(), await ctx.repos.calendar.load()];
    return rows.map((row) => toAssignmentOutput(row, calendar, now));
  }),

  /** Acknowledge receipt (tiếp nhận). The workflow decides; the read model is updated before it answers. */
  acknowledge: authedProcedure
    .input(z.object({ assignmentId }))
    .output(assignmentView)
    .mutation(async ({ ctx, input }) => {
      // Another unit's assignment reads as missing: no existence oracle.
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      // The workflow's update validator checks the acting unit again.
      const status = await runUpdate(ctx, assignment.id, acknowledgeUpdate, { v: 1, actor });
      // The workflow wrote its row before answering, and an acknowledgement changes only these fields
      // of it: the answer is the row read above with them, without reading it again. A repeat of an
      // acknowledgement made before (the API died after it) finds them in the row already.
      const updated: AssignmentView =
        status.version === undefined
          ? ((await ctx.repos.assignments.get(assignment.id)) ?? assignment)
          : status.version <= assignment.version
            ? assignment
            : { ...assignment, state: status.state, acknowledgedAt: status.acknowledgedAt, acknowledgedBy: status.acknowledgedBy, version: status.version };
      await auditAssignment(ctx, assignment.id, {
        actor: { userId: actor.userId, role, unitId: actor.unitId },
        action: 'assignment.acknowledge',
        before: ackState(assignment),
        after: ackState(updated),
      });
      return toAssignmentOutput(updated, await ctx.repos.calendar.load());
    }),

  /**
   * What happened to an assignment, oldest first: the audit trail of people's actions merged with
   * what the workflow did on its own (reminders sent, escalations raised).
   */
  timeline: authedProcedure
    .input(z.object({ assignmentId }))
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
        // Alarms name their action (reminder.remind, escalation.escalate_parent); other events are their kind.
        ...events.map((e) => ({
          at: e.at,
          source: 'workflow' as const,
          kind: e.data.action === undefined ? e.kind : `${e.kind}.${String(e.data.action)}`,
          actorUserId: null,
          detail: { ...e.data },
        })),
      ];
      return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    }),

  /**
   * The progress periods of an assignment (periodic reports), each with its deadline, the days its
   * figures cover (a regime by the calendar), its standing and the report that answered it, if any. Empty when the directive asks for no progress reports.
   */
  periods: authedProcedure
    .input(z.object({ assignmentId }))
    .output(
      z.array(
        z.object({
          period: z.number().int(),
          from: z.string(),
          dueBy: z.string(),
          /** A regime by the calendar: the days its figures cover (yyyy-MM-dd, both included). */
          window: z.object({ from: z.string(), to: z.string() }).optional(),
          /** Due after the final report (a regime until the issuer ends it). */
          afterFinal: z.boolean().optional(),
          reportedVersion: z.number().int().nullable(),
          reportedAt: z.string().nullable(),
          standing: standingSchema,
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      const now = new Date().toISOString();
      const calendar = await ctx.repos.calendar.load();
      return (await ctx.repos.lifecycle.periodsOf(assignment.id)).map((p) => ({ ...p, standing: periodStanding(p, calendar, now) }));
    }),
} satisfies TRPCRouterRecord;
