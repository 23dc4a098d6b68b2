import { addWorkingDayNumbers, dateOfDayNumber, formatVnInstant, instantMs, localDayOfMs, vnMomentMs, type BusinessCalendar } from './calendar';
import type { DayCount } from './deadlines';
import { DomainError } from './errors';

/**
 * Progress reports on a schedule (báo cáo định kỳ, Nghị định 09/2019) besides the final report:
 * every N working days, or weekly on a weekday (1 = Monday … 5 = Friday), until the final report.
 */
export type ProgressSchedule =
  | { readonly type: 'everyWorkingDays'; readonly days: number }
  | { readonly type: 'weekly'; readonly weekday: 1 | 2 | 3 | 4 | 5 };

/** One period of progress reporting: report number `period` is due by the end of `dueBy`'s day. */
export interface ProgressPeriod {
  readonly period: number;
  /** When the period starts: the issue, or the previous period's deadline. */
  readonly from: string;
  readonly dueBy: string;
  /** How days past it are counted: working days for a report every N working days, else days (absent in older plans: days). */
  readonly counted?: DayCount;
}

/** More periods than this means the schedule is a mistake (a daily report for years). */
export const MAX_PROGRESS_PERIODS = 260;

const END_OF_DAY_MS = 86_400_000 - 1;

function invalid(message: string, details: Record<string, unknown>): never {
  throw new DomainError('INVALID_INPUT', message, details);
}

export function checkProgressSchedule(schedule: ProgressSchedule): void {
  if (schedule.type === 'everyWorkingDays') {
    if (!Number.isInteger(schedule.days) || schedule.days < 1 || schedule.days > 60) {
      invalid(`A progress report every ${String(schedule.days)} working days: must be a whole number from 1 to 60`, { field: 'days' });
    }
  } else if (schedule.type === 'weekly') {
    if (![1, 2, 3, 4, 5].includes(schedule.weekday)) invalid(`Weekly progress reports fall on a weekday 1–5, not ${String(schedule.weekday)}`, { field: 'weekday' });
  } else {
    invalid(`Unknown progress schedule: ${String((schedule as { type?: unknown }).type)}`, { field: 'type' });
  }
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/**
 * The progress periods of one assignment issued at `issuedAt` whose final report is due at
 * `finalDue`: each due at the end of a working day (a weekly day that is a holiday moves to the next
 * working day), strictly before the final report's day, which the final report itself answers.
 */
export function progressPeriods(calendar: BusinessCalendar, schedule: ProgressSchedule, issuedAt: string, finalDue: string | null): ProgressPeriod[] {
  checkProgressSchedule(schedule);
  if (finalDue === null) return [];
  const issueDay = localDayOfMs(instantMs(issuedAt));
  const finalDay = localDayOfMs(instantMs(finalDue));
  const days: number[] = [];
  if (schedule.type === 'everyWorkingDays') {
    for (let k = 1; ; k += 1) {
      const day = addWorkingDayNumbers(calendar, issueDay, k * schedule.days);
      if (day >= finalDay) break;
      days.push(day);
      if (days.length > MAX_PROGRESS_PERIODS) break;
    }
  } else {
    let day = issueDay + 1;
    while (isoWeekday(day) !== schedule.weekday) day += 1;
    for (; ; day += 7) {
      const due = addWorkingDayNumbers(calendar, day, 0);
      if (due >= finalDay) break;
      if (days.at(-1) !== due) days.push(due);
      if (days.length > MAX_PROGRESS_PERIODS) break;
    }
  }
  if (days.length > MAX_PROGRESS_PERIODS) {
    invalid(`The schedule asks for more than ${MAX_PROGRESS_PERIODS} progress reports`, { field: 'progressReports' });
  }
  let from = formatVnInstant(instantMs(issuedAt));
  return days.map((day, i) => {
    const dueBy = formatVnInstant(vnMomentMs(day, 0) + END_OF_DAY_MS);
    const period: ProgressPeriod = { period: i + 1, from, dueBy, counted: schedule.type === 'everyWorkingDays' ? 'workingDays' : 'days' };
    from = dueBy;
    return period;
  });
}

/** The local date (yyyy-MM-dd) a period is due, for screens and messages. */
export const periodDate = (p: ProgressPeriod): string => dateOfDayNumber(localDayOfMs(instantMs(p.dueBy)));

/**
 * Which period a new report answers. A final report answers none (it is the final one); a report
 * naming its period must name one of the schedule; otherwise it answers the earliest period not yet
 * answered, and once all are answered it counts as the final report. Figures are cumulative, so a
 * report for period n also answers every earlier one.
 */
export function periodOfReport(
  periods: readonly ProgressPeriod[],
  answeredThrough: number,
  input: { readonly period?: number; readonly final?: boolean },
): number | undefined {
  if (input.final) {
    if (input.period !== undefined) invalid('A final report answers no progress period', { field: 'period' });
    return undefined;
  }
  if (input.period !== undefined) {
    if (!periods.some((p) => p.period === input.period)) invalid(`No progress period ${String(input.period)} in this schedule`, { field: 'period' });
    return input.period;
  }
  return periods.find((p) => p.period > answeredThrough)?.period;
}

/** The highest period the reports answered (0 for none). */
export function answeredThrough(reports: readonly { readonly period?: number }[]): number {
  return reports.reduce((max, r) => Math.max(max, r.period ?? 0), 0);
}
