import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { officialFigures, placeTask, statisticsPeriod, taskStatistics, inPeriod, type BucketCounts, type PlacedTask } from '@chidao/domain';
import type { TaskFactsRow } from '@chidao/db';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';
import { handlingRole, standingSchema } from './schemas';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const input = z.object({
  /** The unit whose figures: the user's own by default, or any unit they may read. */
  unitId: z.string().min(1).max(300).optional(),
  from: day,
  to: day,
  /** The tasks of the directives the unit issued (its figures as the assigning body), or those it received. */
  scope: z.enum(['issued', 'received']).default('issued'),
  /** Only one directive's tasks (one the user may see). */
  directiveId: z.string().min(1).max(300).optional(),
  /** Drill down: the tasks of one receiving unit, or one task of one directive. */
  only: z
    .union([
      z.object({ unitId: z.string().min(1).max(300) }),
      z.object({ directiveId: z.string().min(1).max(300), taskId: z.string().min(1).max(64) }),
      z.object({ bucket: z.enum(['doneOnTime', 'doneLate', 'notDoneWithin', 'notDoneOverdue', 'noDeadline']) }),
    ])
    .optional(),
});

const counts = z.object({
  total: z.number().int(),
  within: z.number().int(),
  dueSoon: z.number().int(),
  overdue: z.number().int(),
  doneOnTime: z.number().int(),
  doneLate: z.number().int(),
  noDeadline: z.number().int(),
  provisional: z.number().int(),
  /** The four official figures (QĐ 42/2014/QĐ-TTg), and tasks without a deadline. */
  official: z.object({
    doneOnTime: z.number().int(),
    doneLate: z.number().int(),
    notDoneWithin: z.number().int(),
    notDoneOverdue: z.number().int(),
    noDeadline: z.number().int(),
  }),
});

/** The longest drill-down list: a commune's year, or one task of a national directive in pages of the province. */
export const MAX_TASK_ROWS = 500;

/** The XLSX file's input (files.ts): the figures' own, without a drill-down. */
export const statisticsFileInput = input.omit({ only: true });

const statisticsShape = z.object({
  unit: z.object({ id: z.string(), name: z.string() }),
  scope: z.enum(['issued', 'received']),
  directiveId: z.string().nullable(),
  period: z.object({ from: z.string(), to: z.string(), asOf: z.string() }),
  total: counts,
  byUnit: z.array(z.object({ unitId: z.string(), name: z.string(), counts })),
  byTask: z.array(z.object({ directiveId: z.string(), reference: z.string(), directiveDate: z.string(), taskId: z.string(), text: z.string(), counts })),
  /** The drill-down's tasks (only with `only`), at most MAX_TASK_ROWS; `more` says how many were left out. */
  tasks: z.array(
    z.object({
      directiveId: z.string(),
      reference: z.string(),
      taskId: z.string(),
      text: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      role: handlingRole,
      deadline: z.string().nullable(),
      doneAt: z.string().nullable(),
      provisional: z.boolean(),
      standing: standingSchema.unwrap().or(z.object({ kind: z.literal('noDeadline') })),
    }),
  ),
  more: z.number().int(),
});
export type TaskStatisticsOutput = z.infer<typeof statisticsShape>;

const withOfficial = (c: BucketCounts) => ({ ...c, official: officialFigures(c) });

const OFFICIAL_OF: Record<PlacedTask['standing']['kind'], keyof ReturnType<typeof officialFigures>> = {
  doneOnTime: 'doneOnTime',
  doneLate: 'doneLate',
  within: 'notDoneWithin',
  dueSoon: 'notDoneWithin',
  overdue: 'notDoneOverdue',
  noDeadline: 'noDeadline',
};

/** The statistics a unit's chair reads, computed from every task in scope placed at the period's end. */
export async function taskStatisticsFor(ctx: AuthedContext, request: z.infer<typeof input> | z.infer<typeof statisticsFileInput>): Promise<TaskStatisticsOutput> {
  const { unit } = await ctx.access.readUnit(request.unitId ?? ctx.actor.unitId);
  const period = statisticsPeriod(request.from, request.to, new Date().toISOString());
  const directiveId = request.directiveId === undefined ? null : (await ctx.access.directive(request.directiveId)).id;
  const [all, calendar] = await Promise.all([
    ctx.repos.statistics.taskFacts(request.scope === 'issued' ? { issuedBy: unit.id } : { heldBy: unit.id }, period.asOf),
    ctx.repos.calendar.load(),
  ]);
  const facts = directiveId === null ? all : all.filter((f) => f.directiveId === directiveId);
  const named = new Map<string, TaskFactsRow>();
  const unitName = new Map<string, string>();
  const taskFact = new Map<string, TaskFactsRow>();
  const key = (p: Pick<PlacedTask, 'directiveId' | 'taskId'>) => `${p.directiveId}\u0000${p.taskId}`;
  const placed = facts.map((f) => {
    named.set(`${key(f)}\u0000${f.unitId}`, f);
    unitName.set(f.unitId, f.unitName);
    if (!taskFact.has(key(f))) taskFact.set(key(f), f);
    return placeTask(calendar, f, period.asOf);
  });
  const stats = taskStatistics(placed, period);
  const factOf = (p: Pick<PlacedTask, 'directiveId' | 'taskId' | 'unitId'>) => named.get(`${key(p)}\u0000${p.unitId}`)!;
  const only = 'only' in request ? request.only : undefined;
  const drilled = only
    ? placed
        .filter((p) => inPeriod(p, period))
        .filter((p) =>
          'bucket' in only
            ? OFFICIAL_OF[p.standing.kind] === only.bucket
            : 'taskId' in only
              ? p.directiveId === only.directiveId && p.taskId === only.taskId
              : p.unitId === only.unitId,
        )
    : [];
  return {
    unit: { id: unit.id, name: unit.name },
    scope: request.scope,
    directiveId,
    period,
    total: withOfficial(stats.total),
    byUnit: stats.byUnit.map((u) => ({ unitId: u.unitId, name: unitName.get(u.unitId) ?? u.unitId, counts: withOfficial(u.counts) })),
    byTask: stats.byTask.map((t) => {
      const any = taskFact.get(key(t))!;
      return { directiveId: t.directiveId, reference: any.reference, directiveDate: any.directiveDate, taskId: t.taskId, text: any.text, counts: withOfficial(t.counts) };
    }),
    tasks: drilled.slice(0, MAX_TASK_ROWS).map((p) => {
      const f = factOf(p);
      return {
        directiveId: p.directiveId,
        reference: f.reference,
        taskId: p.taskId,
        text: f.text,
        unitId: p.unitId,
        unitName: f.unitName,
        role: p.role,
        deadline: p.deadline.at,
        doneAt: p.completion?.at ?? null,
        provisional: p.completion?.provisional ?? false,
        standing: p.standing,
      };
    }),
    more: Math.max(0, drilled.length - MAX_TASK_ROWS),
  };
}

export const statisticsRouter = {
  /**
   * Tasks by the official buckets for a period, across every directive the unit issued (or received):
   * in total, by receiving unit and by task, each adding up to the total; with `only`, the tasks behind
   * one figure.
   */
  tasks: authedProcedure
    .input(input)
    .output(statisticsShape)
    .query(async ({ ctx, input }) => taskStatisticsFor(ctx, input)),
} satisfies TRPCRouterRecord;
