import { z } from 'zod';
import { checkReassignTarget, DomainError, forwardTargets, isTerminal, MAX_FORWARD_UNITS } from '@chidao/domain';
import type { AssignmentView } from '@chidao/db';
import {
  acknowledgeUpdate,
  answerExplanationUpdate,
  assignmentSnapshotQuery,
  decideExtensionUpdate,
  forwardUpdate,
  reassignUpdate,
  setChildDeadlineUpdate,
  requestExplanationUpdate,
  requestExtensionUpdate,
} from '@chidao/workflows';
import { fromTemporal } from '../errors';
import { auditEntry } from '../audit';
import type { AuthedContext } from '../context';
import { authedProcedure, router } from '../trpc';
import { assignmentView, periodStanding, standingSchema, toAssignmentOutput } from './schemas';

const view = (row: AssignmentView) => toAssignmentOutput(row);

/** The part of an assignment an acknowledgement changes, as the audit trail records it. */
const ackState = (row: AssignmentView) => ({ state: row.state, acknowledgedAt: row.acknowledgedAt, acknowledgedBy: row.acknowledgedBy });

const extension = z.object({
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

const explanation = z.object({
  number: z.number().int(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  question: z.string(),
  answer: z.string().optional(),
  answeredBy: z.string().optional(),
  answeredAt: z.string().optional(),
});


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
      let status;
      try {
        // The workflow's update validator checks the acting unit again.
        status = await ctx.temporal.client.workflow.getHandle(assignment.id).executeUpdate(acknowledgeUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor }] });
      } catch (error) {
        throw fromTemporal(error, { assignmentId: assignment.id });
      }
      // The workflow wrote its row before answering, and an acknowledgement changes only these fields
      // of it: the answer is the row read above with them, without reading it again. A repeat of an
      // acknowledgement made before (the API died after it) finds them in the row already.
      const updated: AssignmentView =
        status.version === undefined
          ? ((await ctx.repos.assignments.get(assignment.id)) ?? assignment)
          : status.version <= assignment.version
            ? assignment
            : { ...assignment, state: status.state, acknowledgedAt: status.acknowledgedAt, acknowledgedBy: status.acknowledgedBy, version: status.version };
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

  /** The assignee asks to move its report deadline to a later day (gia hạn), with a reason. */
  requestExtension: authedProcedure
    .input(
      z.object({
        assignmentId: z.string().min(1).max(500),
        reason: z.string().trim().min(1).max(4_000),
        proposedDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      }),
    )
    .output(extension)
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      const request = await update(assignment.id, () =>
        ctx.temporal.client.workflow
          .getHandle(assignment.id)
          .executeUpdate(requestExtensionUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor, reason: input.reason, proposedDate: input.proposedDate }] }),
      );
      await ctx.repos.audit.append(
        auditEntry(ctx, { actor: { ...actor, role }, action: 'extension.request', entityType: 'assignment', entityId: assignment.id, before: null, after: request }),
      );
      return request;
    }),

  /** The assigning unit approves (the deadline and its timers move) or rejects with a reason. */
  decideExtension: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500), approve: z.boolean(), note: z.string().max(4_000).optional() }))
    .output(extension)
    .mutation(async ({ ctx, input }) => {
      const { assignment, acting } = await asAssigner(ctx, input.assignmentId, false);
      const decided = await update(assignment.id, () =>
        ctx.temporal.client.workflow.getHandle(assignment.id).executeUpdate(decideExtensionUpdate, {
          updateId: ctx.once?.updateId,
          args: [{ v: 1, actor: acting.actor, approve: input.approve, ...(input.note ? { note: input.note } : {}) }],
        }),
      );
      await ctx.repos.audit.append(
        auditEntry(ctx, {
          actor: { ...acting.actor, role: acting.role },
          action: `extension.${decided.state}`,
          entityType: 'assignment',
          entityId: assignment.id,
          before: { reportBy: (await ctx.repos.lifecycle.deadlinesOf(assignment.id))?.reportBy ?? null },
          after: decided,
        }),
      );
      return decided;
    }),

  /** The assigning or issuing unit asks a unit past its deadline to explain (giải trình). */
  requestExplanation: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500), question: z.string().trim().min(1).max(4_000) }))
    .output(explanation)
    .mutation(async ({ ctx, input }) => {
      const { assignment, acting } = await asAssigner(ctx, input.assignmentId, true);
      const request = await update(assignment.id, () =>
        ctx.temporal.client.workflow
          .getHandle(assignment.id)
          .executeUpdate(requestExplanationUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor: acting.actor, question: input.question }] }),
      );
      await ctx.repos.audit.append(
        auditEntry(ctx, { actor: { ...acting.actor, role: acting.role }, action: 'explanation.request', entityType: 'assignment', entityId: assignment.id, before: null, after: request }),
      );
      return request;
    }),

  answerExplanation: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500), answer: z.string().trim().min(1).max(4_000) }))
    .output(explanation)
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      const answered = await update(assignment.id, () =>
        ctx.temporal.client.workflow.getHandle(assignment.id).executeUpdate(answerExplanationUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor, answer: input.answer }] }),
      );
      await ctx.repos.audit.append(
        auditEntry(ctx, { actor: { ...actor, role }, action: 'explanation.answer', entityType: 'assignment', entityId: assignment.id, before: null, after: answered }),
      );
      return answered;
    }),

  /**
   * A unit gives the units it delivered to (a district's communes) an earlier internal report
   * deadline with its own instructions, so it can compile before it owes its own report.
   */
  setChildDeadline: authedProcedure
    .input(
      z.object({
        assignmentId: z.string().min(1).max(500),
        reportDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        instructions: z.string().trim().min(1).max(4_000),
      }),
    )
    .output(z.object({ reportDate: z.string(), assignments: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      const result = await update(assignment.id, () =>
        ctx.temporal.client.workflow
          .getHandle(assignment.id)
          .executeUpdate(setChildDeadlineUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor, reportDate: input.reportDate, instructions: input.instructions }] }),
      );
      await ctx.repos.audit.append(
        auditEntry(ctx, {
          actor: { ...actor, role },
          action: 'assignment.set_child_deadline',
          entityType: 'assignment',
          entityId: assignment.id,
          before: null,
          after: { ...result, instructions: input.instructions },
        }),
      );
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
        assignmentId: z.string().min(1).max(500),
        units: z.union([z.literal('all'), z.array(z.string().min(1).max(300)).min(1).max(MAX_FORWARD_UNITS)]),
        reportDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        acknowledgeDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
        instructions: z.string().trim().min(1).max(4_000),
      }),
    )
    .output(z.object({ forwarded: z.array(z.string()), already: z.array(z.string()), reportDate: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { assignment, actor, role } = await ctx.access.assignmentToActOn(input.assignmentId);
      if (isTerminal(assignment.state)) throw new DomainError('ILLEGAL_TRANSITION', `The assignment is ${assignment.state}`, { assignmentId: assignment.id });
      // Which units lie below is the tree's to say; the workflow checks everything else again.
      const unitIds = forwardTargets(await ctx.access.hierarchy(), assignment.unitId, input.units === 'all' ? { type: 'all' } : { type: 'units', unitIds: input.units });
      const result = await update(assignment.id, () =>
        ctx.temporal.client.workflow.getHandle(assignment.id).executeUpdate(forwardUpdate, {
          updateId: ctx.once?.updateId,
          args: [
            {
              v: 1,
              actor,
              unitIds,
              reportDate: input.reportDate,
              ...(input.acknowledgeDate ? { acknowledgeDate: input.acknowledgeDate } : {}),
              instructions: input.instructions,
            },
          ],
        }),
      );
      await ctx.repos.audit.append(
        auditEntry(ctx, {
          actor: { ...actor, role },
          action: 'assignment.forward',
          entityType: 'assignment',
          entityId: assignment.id,
          before: null,
          after: { ...result, acknowledgeDate: input.acknowledgeDate ?? null, instructions: input.instructions },
        }),
      );
      return { forwarded: [...result.forwarded], already: [...result.already], reportDate: result.reportDate };
    }),

  /**
   * Giao lại: the assigning unit (the district for its communes, the issuer for what it delivered
   * itself) moves an assignment to another unit below it that holds none of this directive. The old
   * assignment ends as `reassigned`, its open escalations resolved; the new unit gets a fresh one with
   * the same tasks and report deadline.
   */
  reassign: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500), toUnitId: z.string().min(1).max(300), reason: z.string().trim().min(1).max(2_000) }))
    .output(z.object({ fromUnitId: z.string(), toUnitId: z.string(), assignmentId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { assignment, acting } = await asAssigner(ctx, input.assignmentId, false);
      if (isTerminal(assignment.state)) throw new DomainError('ILLEGAL_TRANSITION', `The assignment is ${assignment.state}`, { assignmentId: assignment.id });
      const holding = new Set((await ctx.repos.assignments.holders(assignment.directiveId, [input.toUnitId])).map((h) => h.unitId));
      checkReassignTarget(await ctx.access.hierarchy(), { fromUnitId: assignment.unitId, assignerUnitId: acting.actor.unitId }, input.toUnitId, (u) => holding.has(u));
      const result = await update(assignment.id, () =>
        ctx.temporal.client.workflow
          .getHandle(assignment.id)
          .executeUpdate(reassignUpdate, { updateId: ctx.once?.updateId, args: [{ v: 1, actor: acting.actor, toUnitId: input.toUnitId, reason: input.reason }] }),
      );
      await ctx.repos.audit.append(
        auditEntry(ctx, {
          actor: { ...acting.actor, role: acting.role },
          action: 'assignment.reassign',
          entityType: 'assignment',
          entityId: assignment.id,
          before: { state: assignment.state },
          after: { state: 'reassigned', toUnitId: input.toUnitId, reason: input.reason, assignmentId: result.assignmentId },
        }),
      );
      return { ...result };
    }),

  /**
   * The progress periods of an assignment (periodic reports), each with its deadline, its standing
   * and the report that answered it, if any. Empty when the directive asks for no progress reports.
   */
  periods: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500) }))
    .output(
      z.array(
        z.object({
          period: z.number().int(),
          from: z.string(),
          dueBy: z.string(),
          reportedVersion: z.number().int().nullable(),
          reportedAt: z.string().nullable(),
          standing: standingSchema,
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      const now = new Date().toISOString();
      return (await ctx.repos.lifecycle.periodsOf(assignment.id)).map((p) => ({ ...p, standing: periodStanding(p, now) }));
    }),

  /** Extension and explanation requests of an assignment, as its workflow holds them. */
  requests: authedProcedure
    .input(z.object({ assignmentId: z.string().min(1).max(500) }))
    .output(z.object({ extensions: z.array(extension), explanations: z.array(explanation) }))
    .query(async ({ ctx, input }) => {
      const assignment = await ctx.access.assignmentToRead(input.assignmentId);
      const snapshot = await update(assignment.id, () => ctx.temporal.client.workflow.getHandle(assignment.id).query(assignmentSnapshotQuery));
      return { extensions: [...snapshot.extensions], explanations: [...snapshot.explanations] };
    }),
});

/** Runs a workflow update, turning its rejection into the domain error it carries. */
async function update<T>(assignmentId: string, run: () => Promise<T>): Promise<T> {
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
async function asAssigner(ctx: AuthedContext, assignmentId: string, orIssuer: boolean) {
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
