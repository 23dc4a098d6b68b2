import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { DomainError, escalationRaisedAt, isTerminal, standingOf, unitDisplayName, type AssignmentState } from '@chidao/domain';
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

/** A page of the inbox holds at most this many rows; the web app asks for DEFAULT_PAGE_SIZE. */
const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 20;
/** Offsets past this are refused rather than scanned: no inbox is that long, and a hostile one costs the database. */
const MAX_OFFSET = 100_000;

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

  /**
   * The inbox page ("Đơn vị chậm, quá hạn cần đôn đốc"): one page of the escalations addressed to the
   * units the user acts for, newest first, filtered by directive, state (open: not yet handled, or
   * handled), level and reason, with how many match. Each row names its directive (number, subject),
   * shows when it was raised never earlier than the directive entered the system, and says whether
   * the user may ask the unit to explain (giải trình: the unit that assigned it, or the issuer).
   */
  list: authedProcedure
    .input(
      z.object({
        directiveId: z.string().min(1).max(300).optional(),
        state: z.enum(['open', 'handled']).optional(),
        level: escalation.shape.level.optional(),
        reason: escalation.shape.reason.optional(),
        offset: z.number().int().min(0).max(MAX_OFFSET).default(0),
        limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
      }),
    )
    .output(
      z.object({
        items: z.array(
          escalation.extend({
            unitName: z.string(),
            directive: z.object({ id: z.string(), reference: z.string(), subject: z.string(), enteredAt: z.string() }),
            /** The directive was entered after this deadline had passed: `raisedAt` is its entry time, not the alarm's. */
            enteredAfterDeadline: z.boolean(),
            mayRequestExplanation: z.boolean(),
            /** Still open and past an acknowledgement or report deadline: by how many days, counted as that deadline was set. */
            overdue: z.object({ days: z.number().int(), counted: z.enum(['days', 'workingDays']) }).nullable(),
          }),
        ),
        total: z.number().int(),
        offset: z.number().int(),
        limit: z.number().int(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const recipientUnitIds = ctx.access.actingUnitIds();
      const { items, total } = await ctx.repos.escalations.page({
        recipientUnitIds,
        ...(input.directiveId === undefined ? {} : { directiveId: input.directiveId }),
        ...(input.state === undefined ? {} : { state: input.state }),
        ...(input.level === undefined ? {} : { level: input.level }),
        ...(input.reason === undefined ? {} : { reason: input.reason }),
        offset: input.offset,
        limit: input.limit,
      });
      const directives = new Map((await ctx.repos.directives.entries([...new Set(items.map((e) => e.directiveId))])).map((d) => [d.id, d] as const));
      // Who assigned each unit its task (its parent assignment's unit, else the issuer): the units that may ask it to explain.
      const holders = new Map<string, { parentUnitId: string | null; state: AssignmentState }>();
      for (const directiveId of directives.keys()) {
        const unitIds = [...new Set(items.filter((e) => e.directiveId === directiveId).map((e) => e.unitId))];
        for (const h of await ctx.repos.assignments.holders(directiveId, unitIds)) holders.set(`${directiveId} ${h.unitId}`, h);
      }
      const counts = new Map((await ctx.repos.escalations.deadlineCounts([...new Set(items.map((e) => e.assignmentId))])).map((c) => [c.id, c] as const));
      const calendar = await ctx.repos.calendar.load();
      const now = new Date().toISOString();
      const overdueOf = (e: (typeof items)[number]) => {
        const deadline = e.reason === 'acknowledge_overdue' ? 'acknowledge' : e.reason === 'report_overdue' ? 'report' : null;
        const count = counts.get(e.assignmentId);
        if (e.state === 'resolved' || deadline === null || count === undefined) return null;
        const standing = standingOf(calendar, { deadline: e.dueAt, completedAt: null, counted: count[deadline] }, now);
        return standing.kind === 'overdue' ? { days: standing.daysOverdue, counted: standing.counted } : null;
      };
      const actsFor = (unitId: string) => {
        try {
          ctx.access.actFor(unitId);
          return true;
        } catch {
          return false;
        }
      };
      return {
        items: items.map((e) => {
          const directive = directives.get(e.directiveId);
          const raised = directive ? escalationRaisedAt(e.raisedAt, directive.enteredAt) : { at: e.raisedAt, enteredAfterDeadline: false };
          const held = holders.get(`${e.directiveId} ${e.unitId}`);
          const assigners = directive && held ? [held.parentUnitId ?? directive.issuerUnitId, directive.issuerUnitId] : [];
          return {
            ...e,
            unitName: unitDisplayName(e.unitName),
            raisedAt: raised.at,
            enteredAfterDeadline: raised.enteredAfterDeadline,
            directive: directive
              ? { id: directive.id, reference: directive.reference, subject: directive.subject, enteredAt: directive.enteredAt }
              : { id: e.directiveId, reference: e.directiveId, subject: '', enteredAt: e.raisedAt },
            overdue: overdueOf(e),
            mayRequestExplanation: e.state !== 'resolved' && held !== undefined && !isTerminal(held.state) && assigners.some(actsFor),
          };
        }),
        total,
        offset: input.offset,
        limit: input.limit,
      };
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
