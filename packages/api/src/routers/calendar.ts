import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { calendarKeeperGrant, calendarYearView, DomainError, type HolidayYear } from '@chidao/domain';
import { auditEntry } from '../audit';
import { changeCalendarYear } from '../services';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';

/**
 * The working-day calendar as data: every signed-in user reads a year's days off and where they come
 * from; the system administrator replaces a year's list (with the document that fixed it) or adds a
 * fixed holiday. New deadlines use the change at once (the activities and the issue preview read the
 * calendar from the database each time); running assignments whose window the year touches re-plan
 * (calendarChangeWorkflow tells every running directive, which passes it down its tree).
 */

const year = z.number().int().min(1900).max(2199);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = (max: number) => z.string().trim().min(1).max(max);

const source = z.object({ number: text(100), date: isoDate.nullable(), issuer: text(200) });
const yearView = z.object({
  year,
  status: z.enum(['announced', 'computed']),
  daysOff: z.array(isoDate),
  workingWeekends: z.array(isoDate),
  source: source.nullable(),
  note: z.string().nullable(),
  fixedHolidays: z.array(z.object({ monthDay: z.string(), fromYear: year, name: z.string(), basis: z.string() })),
});

function assertKeeper(ctx: AuthedContext): { userId: string; unitId: string } {
  const grant = calendarKeeperGrant(ctx.access.grants);
  if (!grant) throw new DomainError('NOT_ADMINISTRATOR', 'Only a system administrator keeps the calendar');
  return { userId: ctx.user.id, unitId: grant.unitId };
}

export const calendarRouter = {
  /** A year as the calendar screen shows it: its days off, working weekends, status and document. */
  year: authedProcedure
    .input(z.object({ year }))
    .output(yearView)
    .query(async ({ ctx, input }) => {
      const view = calendarYearView(await ctx.repos.calendar.load(), input.year);
      return { ...view, daysOff: [...view.daysOff], workingWeekends: [...view.workingWeekends], fixedHolidays: [...view.fixedHolidays] };
    }),

  /** Replaces a year's list by an announcement: every day off (weekends of a break included), the Saturdays worked, the document. */
  setYear: authedProcedure
    .input(
      z.object({
        year,
        daysOff: z.array(isoDate).max(60),
        workingWeekends: z.array(isoDate).max(10),
        source: source.nullable(),
        note: z.string().trim().max(1000).nullable(),
      }),
    )
    .output(z.object({ year, status: z.literal('announced') }))
    .mutation(async ({ ctx, input }) => {
      const actor = assertKeeper(ctx);
      const outside = [...input.daysOff, ...input.workingWeekends].find((d) => Math.abs(Number(d.slice(0, 4)) - input.year) > 1);
      if (outside) throw new DomainError('INVALID_INPUT', `${outside} is not in or next to ${input.year}`, { date: outside });
      const next: HolidayYear = {
        year: input.year,
        daysOff: input.daysOff,
        workingWeekends: input.workingWeekends,
        source: input.source,
        ...(input.note ? { note: input.note } : {}),
      };
      const deps = { repos: ctx.repos, client: ctx.temporal.client, taskQueue: ctx.temporal.taskQueue };
      // One change, one telling: named by the user action's idempotency key, so a retry finds it.
      const change = ctx.once?.updateId ?? randomUUID();
      await changeCalendarYear(deps, next, (before, after) =>
        auditEntry(ctx, {
          actor: { userId: actor.userId, role: 'system_admin', unitId: actor.unitId },
          action: 'calendar.set_year',
          entityType: 'calendar_year',
          entityId: String(input.year),
          before,
          after,
        }),
        change,
      );
      return { year: input.year, status: 'announced' as const };
    }),

  /** A public holiday on a fixed date added to the rule for computed years, from its first year on. */
  addFixedHoliday: authedProcedure
    .input(z.object({ monthDay: z.string().regex(/^\d{2}-\d{2}$/), fromYear: year, name: text(200), basis: text(300) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const actor = assertKeeper(ctx);
      await ctx.repos.calendar.addFixedHoliday(
        input,
        auditEntry(ctx, {
          actor: { userId: actor.userId, role: 'system_admin', unitId: actor.unitId },
          action: 'calendar.add_fixed_holiday',
          entityType: 'fixed_holiday',
          entityId: `${input.monthDay}@${input.fromYear}`,
          before: null,
          after: input,
        }),
      );
      return { ok: true as const };
    }),
} satisfies TRPCRouterRecord;
