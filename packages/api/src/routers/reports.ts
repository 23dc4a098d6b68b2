import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ATTACHMENTS_PER_REPORT, DomainError, TASK_NOTE_MAX_LENGTH } from '@chidao/domain';
import { reviewUpdate, submitReportUpdate } from '@chidao/workflows';
import { fromTemporal } from '../errors';
import { auditActing, auditEntry } from '../audit';
import { authedProcedure } from '../trpc';

const figures = z.record(z.string().min(1).max(64), z.number());
const taskMark = z.object({ done: z.boolean(), note: z.string().max(TASK_NOTE_MAX_LENGTH).optional() });
/** A directive has at most a few dozen bullets: more marks than this is not a report. */
const MAX_TASK_MARKS = 200;
const taskMarks = z
  .record(z.string().min(1).max(64), taskMark)
  .refine((marks) => Object.keys(marks).length <= MAX_TASK_MARKS, { message: `At most ${MAX_TASK_MARKS} tasks` });

const report = z.object({
  assignmentId: z.string(),
  version: z.number().int(),
  figures: z.record(z.string(), z.number()),
  narrative: z.string(),
  /** Its tasks one by one (done, note); null in reports sent without marks. */
  tasks: z.record(z.string(), taskMark).nullable(),
  final: z.boolean(),
  /** The progress period the report answers; null for the final report. */
  period: z.number().int().nullable(),
  correctionReason: z.string().nullable(),
  submittedAt: z.string(),
  submittedBy: z.string(),
  review: z.enum(['pending', 'accepted', 'returned']),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewReason: z.string().nullable(),
});

export const reportsRouter = {
  /** The assignee reports figures and a narrative; the workflow validates against the directive's metrics. */
  submit: authedProcedure
    .input(
      z.object({
        assignmentId: z.string().min(1).max(500),
        figures,
        narrative: z.string().max(10_000),
        /** Each of the unit's tasks: done or not, with a note (a cooperating unit: its contribution to the lead). */
        tasks: taskMarks.optional(),
        final: z.boolean().optional(),
        /** The progress period it answers; by default the earliest one not yet answered. */
        period: z.number().int().positive().max(1_000).optional(),
        correction: z.object({ reason: z.string().min(1).max(2_000) }).optional(),
        /** Attachments uploaded for this report (attachments.upload), each scanned clean and carried by no report yet. */
        attachmentIds: z.array(z.string().uuid()).max(ATTACHMENTS_PER_REPORT).optional(),
      }),
    )
    .output(report)
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      const { assignmentId: _id, attachmentIds = [], ...submitted } = input;
      const attachable = await ctx.repos.attachments.attachable(assignment.id, attachmentIds);
      if (attachable.refused.length > 0)
        throw new DomainError('ATTACHMENT_NOT_FOUND', 'An attachment named is not this assignment’s, not clean, or sent already', { ids: attachable.refused });
      let result;
      try {
        result = await ctx.temporal.client.workflow
          .getHandle(assignment.id)
          .executeUpdate(submitReportUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor, report: submitted }] });
      } catch (error) {
        throw fromTemporal(error, { assignmentId: assignment.id });
      }
      const stored = (await ctx.repos.reports.history(assignment.id)).find((r) => r.version === result.report.version);
      if (!stored) throw new DomainError('UNAVAILABLE', 'The report was accepted but is not readable yet');
      // Once per action: a replay under the same Idempotency-Key is answered from the stored answer.
      await ctx.repos.attachments.attach(assignment.id, stored.version, attachmentIds);
      await ctx.repos.audit.append(
        auditEntry(ctx, {
          actor: { userId: actor.userId, role, unitId: actor.unitId },
          action: 'report.submit',
          entityType: 'assignment',
          entityId: assignment.id,
          before: { state: assignment.state },
          after: { state: result.status.state, report: { version: stored.version, figures: stored.figures }, ...(attachmentIds.length > 0 ? { attachmentIds } : {}) },
        }),
      );
      return stored;
    }),

  /** Every version of an assignment's reports, oldest first, with their reviews. */
  history: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500) }))
    .output(z.array(report))
    .query(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      return ctx.repos.reports.history(assignment.id);
    }),

  /**
   * What cooperating units (phối hợp) sent the lead: for each task this assignment's unit leads, each
   * unit cooperating on it with the latest word its reports gave on that task (none yet: null).
   */
  contributions: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500) }))
    .output(
      z.array(
        z.object({
          taskId: z.string(),
          text: z.string(),
          units: z.array(
            z.object({ unitId: z.string(), unitName: z.string(), done: z.boolean(), note: z.string().nullable(), sentAt: z.string().nullable(), version: z.number().int().nullable() }),
          ),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      const led = assignment.tasks.filter((t) => t.role === 'lead');
      if (led.length === 0) return [];
      const facts = await ctx.repos.statistics.taskFacts({ directiveId: assignment.directiveId }, new Date().toISOString());
      return led
        .map((task) => ({
          taskId: task.id,
          text: task.text,
          units: facts
            .filter((f) => f.taskId === task.id && f.role === 'cooperating')
            .map((f) => {
              const said = [...f.reports].reverse().find((r) => r.tasks != null && Object.hasOwn(r.tasks, task.id));
              const mark = said?.tasks?.[task.id];
              return {
                unitId: f.unitId,
                unitName: f.unitName,
                done: mark?.done ?? false,
                note: mark?.note ?? null,
                sentAt: said?.submittedAt ?? null,
                version: said?.version ?? null,
              };
            }),
        }))
        .filter((t) => t.units.length > 0);
    }),

  /** The assigning unit accepts the latest report, or returns it with a reason. */
  review: authedProcedure
    .input(
      z.object({
        assignmentId: z.string().min(1).max(500),
        version: z.number().int().min(1),
        decision: z.enum(['accept', 'return']),
        reason: z.string().max(2_000).optional(),
      }),
    )
    .output(report)
    .mutation(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      // The reviewer acts for the unit that delivered the assignment (the district for its communes).
      const assignerUnitId = assignment.parentUnitId ?? assignment.directive.issuerUnitId;
      let acting;
      try {
        acting = ctx.access.actFor(assignerUnitId);
      } catch {
        throw new DomainError('ASSIGNMENT_NOT_FOUND', 'No such assignment to review', { assignmentId: input.assignmentId });
      }
      try {
        await ctx.temporal.client.workflow.getHandle(assignment.id).executeUpdate(reviewUpdate, {
          updateId: ctx.once?.updateId,
          args: [{ v: 1, actor: acting.actor, version: input.version, decision: input.decision, ...(input.reason ? { reason: input.reason } : {}) }],
        });
      } catch (error) {
        throw fromTemporal(error, { assignmentId: assignment.id });
      }
      const stored = (await ctx.repos.reports.history(assignment.id)).find((r) => r.version === input.version);
      if (!stored) throw new DomainError('UNAVAILABLE', 'The review was accepted but is not readable yet');
      await auditActing(ctx, acting, {
        action: `report.${input.decision}`,
        entityType: 'assignment',
        entityId: assignment.id,
        before: { review: 'pending', version: input.version },
        after: { review: stored.review, version: input.version, reason: stored.reviewReason },
      });
      return stored;
    }),
} satisfies TRPCRouterRecord;
