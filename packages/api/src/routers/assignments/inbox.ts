import { z } from 'zod';
import type { TRPCRouterRecord } from '@trpc/server';
import type { AssignmentView } from '@chidao/db';
import { acknowledgeUpdate } from '@chidao/workflows';
import { authedProcedure } from '../../trpc';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, pageOf, TASK_STANDING_FILTERS, taskMatches } from '@chidao/domain';
import { assignmentState, assignmentView, periodStanding, standingSchema, toAssignmentOutput } from '../schemas';
import { assignmentId, auditAssignment, isoDay, runUpdate } from './shared';

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

  /**
   * The same assignments, found and paged: words of the directive's number, subject or issuer, of the
   * tasks or the unit (with or without marks); its state, its standing, due by a day, one directive.
   * A page at most MAX_PAGE_SIZE long, with the total and the directives the whole list names (for a
   * filter's choices).
   */
  search: authedProcedure
    .input(
      z.object({
        query: z.string().max(MAX_QUERY_LENGTH).default(''),
        state: assignmentState.optional(),
        standing: z.enum(TASK_STANDING_FILTERS).optional(),
        /** yyyy-MM-dd: the deadline in force falls on or before that day (Vietnam). */
        dueBy: isoDay.refine((d) => !Number.isNaN(Date.parse(d)) && new Date(Date.parse(d)).toISOString().startsWith(d), 'No such day').optional(),
        directiveId: z.string().min(1).max(300).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
      }),
    )
    .output(
      z.object({
        items: z.array(assignmentView),
        total: z.number().int(),
        page: z.number().int(),
        pageSize: z.number().int(),
        pages: z.number().int(),
        directives: z.array(z.object({ id: z.string(), reference: z.string() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = (await Promise.all(ctx.access.actingUnitIds().map((unitId) => ctx.repos.assignments.forUnit(unitId)))).flat();
      const [now, calendar] = [new Date().toISOString(), await ctx.repos.calendar.load()];
      const all = rows.map((row) => toAssignmentOutput(row, calendar, now));
      const filter = {
        query: input.query,
        ...(input.state ? { state: input.state } : {}),
        ...(input.standing ? { standing: input.standing } : {}),
        ...(input.dueBy ? { dueBy: `${input.dueBy}T23:59:59.999+07:00` } : {}),
        ...(input.directiveId ? { directiveId: input.directiveId } : {}),
      };
      const found = all.filter((a) =>
        taskMatches(
          { ...a, texts: [a.directive.reference, a.directive.subject, a.directive.issuerName, a.unitName, ...a.tasks.map((t) => t.text)] },
          filter,
        ),
      );
      const directives = new Map(all.map((a) => [a.directiveId, a.directive.reference]));
      return { ...pageOf(found, input.page, input.pageSize), directives: [...directives].map(([id, reference]) => ({ id, reference })) };
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
