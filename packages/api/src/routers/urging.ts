import { createHash, randomUUID } from 'node:crypto';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  checkUrging,
  DomainError,
  draftUrging,
  DUTIES,
  localDateOf,
  MAX_URGING_ITEMS,
  nothingToUrge,
  placeTask,
  URGING_BODY_MAX_LENGTH,
  type OverdueTask,
} from '@chidao/domain';
import { auditActing } from '../audit';
import { authedProcedure } from '../trpc';
import { deadlineAndStanding } from './schemas';
import type { AuthedContext } from '../context';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const item = z.object({ directiveId: z.string().min(1).max(300), unitId: z.string().min(1).max(300), taskId: z.string().min(1).max(64) });

const overdueTask = z.object({
  directiveId: z.string(),
  reference: z.string(),
  directiveDate: z.string(),
  taskId: z.string(),
  text: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  deadline: z.string(),
  daysOverdue: z.number().int(),
  counted: z.enum(['days', 'workingDays']),
});

/**
 * The lead tasks of the directives `issuerUnitId` issued that are overdue at `now`, in the order of the
 * map of units: what an urging may name, for its draft and when it is issued alike.
 */
/** Why one directive has nothing to urge from `unitId`: its dates against its entry, and the next deadline in force below the unit. */
async function whyNothingToUrge(ctx: AuthedContext, directiveId: string, unitId: string, now: string) {
  const [directive, [entry], deadlines, calendar] = await Promise.all([
    ctx.repos.directives.get(directiveId),
    ctx.repos.directives.entries([directiveId]),
    ctx.repos.lifecycle.deadlinesBelow(directiveId, unitId),
    ctx.repos.calendar.load(),
  ]);
  if (!directive || !entry) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId });
  const running = deadlines
    .map((d) => deadlineAndStanding(d, calendar, now))
    .filter((d) => d.deadline !== null && d.standing?.kind !== 'doneOnTime' && d.standing?.kind !== 'doneLate')
    .map((d) => d.deadline!.at);
  const why = nothingToUrge({
    directiveDate: directive.date,
    statedDeadlines: directive.deadlines.map((d) => d.due),
    enteredOn: localDateOf(entry.enteredAt),
    deadlinesInForce: running,
  });
  return { ...why, reference: directive.reference };
}

async function overdueLeadTasks(ctx: AuthedContext, issuerUnitId: string, now: string) {
  const [facts, calendar] = await Promise.all([ctx.repos.statistics.taskFacts({ issuedBy: issuerUnitId }, now), ctx.repos.calendar.load()]);
  return facts.flatMap((fact) => {
    if (!DUTIES[fact.role].counts) return [];
    const { standing, deadline } = placeTask(calendar, fact, now);
    return standing.kind === 'overdue' && deadline.at !== null ? [{ fact, standing: { ...standing, deadline: deadline.at } }] : [];
  });
}

/**
 * The urging document (văn bản đôn đốc) of a unit's leadership: drafted from the tasks of its own
 * directives that are overdue now, edited, then issued, which records it on every named task.
 */
export const urgingRouter = {
  /** A draft naming every task of the unit's directives (or one directive's) that is overdue now, by unit. */
  draft: authedProcedure
    .input(z.object({ unitId: z.string().min(1).max(300).optional(), directiveId: z.string().min(1).max(300).optional() }))
    .output(
      z.object({
        issuer: z.object({ id: z.string(), name: z.string() }),
        /** The place of the place-and-date line: that of the unit's directives. */
        place: z.string(),
        today: z.string(),
        subject: z.string(),
        body: z.string(),
        respondBy: z.string(),
        recipients: z.array(z.object({ unitId: z.string(), unitName: z.string() })),
        tasks: z.array(overdueTask),
        /**
         * Drafted from one directive with nothing overdue: why, in its dates (entered after the dates it
         * states, its deadlines moved past the entry; or simply nobody late), and the next deadline. Null otherwise.
         */
        nothing: z
          .discriminatedUnion('kind', [
            z.object({
              kind: z.literal('enteredAfterDeadline'),
              reference: z.string(),
              directiveDate: z.string(),
              statedDeadline: z.string(),
              enteredOn: z.string(),
              nextDeadline: z.string().nullable(),
            }),
            z.object({ kind: z.literal('noneOverdue'), reference: z.string(), nextDeadline: z.string().nullable() }),
          ])
          .nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const acting = ctx.access.issueFor(input.unitId);
      const now = new Date().toISOString();
      const today = localDateOf(now);
      const [{ unit }, directiveId] = await Promise.all([
        ctx.access.readUnit(acting.actor.unitId),
        input.directiveId === undefined ? null : ctx.access.directive(input.directiveId).then((d) => d.id),
      ]);
      const overdue: OverdueTask[] = (await overdueLeadTasks(ctx, unit.id, now))
        .filter(({ fact }) => directiveId === null || fact.directiveId === directiveId)
        .slice(0, MAX_URGING_ITEMS)
        .map(({ fact, standing }) => ({
          directiveId: fact.directiveId,
          reference: fact.reference,
          directiveDate: fact.directiveDate,
          taskId: fact.taskId,
          text: fact.text,
          unitId: fact.unitId,
          unitName: fact.unitName,
          deadline: standing.deadline,
          daysOverdue: standing.daysOverdue,
          counted: standing.counted,
        }));
      const issuer = { id: unit.id, name: unit.name };
      // Nothing overdue: nothing to draft, and the screen says so (and why, for one directive).
      if (overdue.length === 0) {
        return { issuer, place: '', today, subject: '', body: '', respondBy: today, recipients: [], tasks: [], nothing: directiveId === null ? null : await whyNothingToUrge(ctx, directiveId, unit.id, now) };
      }
      const [calendar, directive] = await Promise.all([ctx.repos.calendar.load(), ctx.repos.directives.get(overdue[0]!.directiveId)]);
      const draft = draftUrging(calendar, { issuerName: unit.name, today, overdue });
      return { issuer, place: directive?.place ?? '', today, subject: draft.subject, body: draft.body, respondBy: draft.respondBy, recipients: [...draft.recipients], tasks: overdue, nothing: null };
    }),

  /**
   * Issues the urging as edited. Every named task must be one of the unit's directives' and overdue
   * now; the urging and its mark on each task are recorded together, once per idempotency key.
   */
  issue: authedProcedure
    .input(
      z.object({
        unitId: z.string().min(1).max(300).optional(),
        reference: z.string().max(100),
        subject: z.string().max(500),
        body: z.string().max(URGING_BODY_MAX_LENGTH * 2),
        respondBy: day,
        items: z.array(item).min(1).max(MAX_URGING_ITEMS),
      }),
    )
    .output(z.object({ id: z.string(), issuedAt: z.string(), named: z.number().int(), units: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const acting = ctx.access.issueFor(input.unitId);
      const now = new Date().toISOString();
      const { unitId: _unit, ...urging } = input;
      checkUrging(urging, localDateOf(now));
      const overdue = new Map((await overdueLeadTasks(ctx, acting.actor.unitId, now)).map(({ fact }) => [`${fact.directiveId}\u0000${fact.unitId}\u0000${fact.taskId}`, fact] as const));
      const items = input.items.map((i) => {
        const fact = overdue.get(`${i.directiveId}\u0000${i.unitId}\u0000${i.taskId}`);
        if (!fact) {
          throw new DomainError('INVALID_INPUT', `Task ${i.taskId} of ${i.unitId} is not an overdue task of this unit's directives`, { field: 'items', ...i });
        }
        return { assignmentId: fact.assignmentId, directiveId: i.directiveId, unitId: i.unitId, taskId: i.taskId };
      });
      // The idempotency key names the urging, so a retry with the same key records nothing new.
      const id = ctx.once ? createHash('sha256').update(ctx.once.updateId).digest('hex').slice(0, 32) : randomUUID();
      await ctx.repos.urgings.record({
        id,
        issuerUnitId: acting.actor.unitId,
        reference: urging.reference.trim(),
        subject: urging.subject.trim(),
        body: urging.body.trim(),
        respondBy: urging.respondBy,
        items,
        issuedBy: acting.actor.userId,
        issuedAt: now,
      });
      const units = new Set(items.map((i) => i.unitId)).size;
      await auditActing(ctx, acting, {
        action: 'urging.issue',
        entityType: 'urging',
        entityId: id,
        before: null,
        after: { reference: urging.reference.trim(), respondBy: urging.respondBy, tasks: items.length, units },
      });
      return { id, issuedAt: now, named: items.length, units };
    }),
} satisfies TRPCRouterRecord;
