import { addWorkingDayNumbers, dateOfDayNumber, dayNumberOf, formatVnInstant, instantMs, localDayOfMs, vnMomentMs, type BusinessCalendar } from './calendar';
import type { DayCount } from './deadlines';
import { DomainError } from './errors';

/**
 * Progress reports on a schedule (báo cáo định kỳ, Nghị định 09/2019) besides the final report:
 * every N working days, weekly on a weekday (1 = Monday … 5 = Friday), or by the calendar (monthly,
 * quarterly, six-monthly, yearly: see CalendarProgressSchedule). Until the final report, or with
 * `untilEnded` ("… cho đến khi có chỉ đạo khác") past it, until the issuer ends the regime.
 */
export type ProgressSchedule = (
  | { readonly type: 'everyWorkingDays'; readonly days: number }
  | { readonly type: 'weekly'; readonly weekday: 1 | 2 | 3 | 4 | 5 }
  | CalendarProgressSchedule
) & {
  /** The periods go on after the final report's deadline, until the issuer ends them (absent: they stop before it). */
  readonly untilEnded?: boolean;
};

export type CalendarPeriodType = 'monthly' | 'quarterly' | 'sixMonthly' | 'yearly';

/** How many months one period of each calendar regime covers. */
export const CALENDAR_PERIOD_MONTHS: Readonly<Record<CalendarPeriodType, number>> = { monthly: 1, quarterly: 3, sixMonthly: 6, yearly: 12 };

/** Nghị định 09/2019 art. 12: figures close on the 14th (monthly 15/last month–14/this month; yearly 15/12–14/12). */
export const ND09_CUT_OFF_DAY = 14;

/**
 * A regime by the calendar. Each period's figures close on `cutOffDay` of its last month (every
 * month; March, June, September and December; June and December; December) and start the day after
 * the previous period's cut-off: monthly with cut-off 14 covers 15/07–14/08, quarterly the quarter
 * from 15/12 to 14/03, six-monthly 15/12–14/06, yearly 15/12–14/12 (the defaults of Nghị định
 * 09/2019 art. 12). The report is due by the first day numbered `dueDay` after the cut-off: with
 * cut-off 14, `dueDay` 20 is the 20th of the same month, `dueDay` 5 the 5th of the next month. A due
 * day that is not a working day moves to the next working day. Both are days 1–28, so every month has them.
 */
export interface CalendarProgressSchedule {
  readonly type: CalendarPeriodType;
  readonly cutOffDay: number;
  readonly dueDay: number;
}

/** The figures a period's report covers: from `from` to `to`, both days included (yyyy-MM-dd). */
export interface DataWindow {
  readonly from: string;
  readonly to: string;
}

/** One period of progress reporting: report number `period` is due by the end of `dueBy`'s day. */
export interface ProgressPeriod {
  readonly period: number;
  /** When the period starts: the issue, or the previous period's deadline. */
  readonly from: string;
  readonly dueBy: string;
  /** How days past it are counted: working days for a report every N working days, else days (absent in older plans: days). */
  readonly counted?: DayCount;
  /** A regime by the calendar: the days its figures cover ("số liệu từ 15/07 đến 14/08"). */
  readonly window?: DataWindow;
  /** Due on or after the final report's day (a regime `untilEnded`): the final report does not answer it. */
  readonly afterFinal?: boolean;
}

/** More periods than this means the schedule is a mistake (a daily report for years). */
export const MAX_PROGRESS_PERIODS = 260;

/**
 * How many periods of a regime `untilEnded` a plan holds at once: it has no last period, so the
 * workflow asks for the next ones as these run out (from `periodsFrom`).
 */
export const PERIODS_AHEAD = 24;

const END_OF_DAY_MS = 86_400_000 - 1;

function invalid(message: string, details: Record<string, unknown>): never {
  throw new DomainError('INVALID_INPUT', message, details);
}

const isCalendarType = (type: unknown): type is CalendarPeriodType => typeof type === 'string' && Object.hasOwn(CALENDAR_PERIOD_MONTHS, type);
const isDayOfMonth = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 28;

/**
 * What is wrong with a schedule, as the field at fault and a message; null when nothing is. The one
 * rule behind checkProgressSchedule (a throw) and checkDirective (a problem at the field).
 */
export function progressScheduleProblem(schedule: ProgressSchedule): { field: string; message: string } | null {
  if (schedule.untilEnded !== undefined && typeof schedule.untilEnded !== 'boolean') return { field: 'untilEnded', message: 'untilEnded is true or false' };
  if (schedule.type === 'everyWorkingDays') {
    if (!Number.isInteger(schedule.days) || schedule.days < 1 || schedule.days > 60) {
      return { field: 'days', message: `A progress report every ${String(schedule.days)} working days: must be a whole number from 1 to 60` };
    }
  } else if (schedule.type === 'weekly') {
    if (![1, 2, 3, 4, 5].includes(schedule.weekday)) return { field: 'weekday', message: `Weekly progress reports fall on a weekday 1–5, not ${String(schedule.weekday)}` };
  } else if (isCalendarType(schedule.type)) {
    if (!isDayOfMonth(schedule.cutOffDay)) return { field: 'cutOffDay', message: `The figures close on a day of the month 1–28, not ${String(schedule.cutOffDay)}` };
    if (!isDayOfMonth(schedule.dueDay)) return { field: 'dueDay', message: `The report is due by a day of the month 1–28, not ${String(schedule.dueDay)}` };
  } else {
    return { field: 'type', message: `Unknown progress schedule: ${String((schedule as { type?: unknown }).type)}` };
  }
  return null;
}

export function checkProgressSchedule(schedule: ProgressSchedule): void {
  const problem = progressScheduleProblem(schedule);
  if (problem) invalid(problem.message, { field: problem.field });
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** Year and month (1–12) of a day number. */
function yearMonthOf(day: number): { year: number; month: number } {
  const [year, month] = dateOfDayNumber(day).split('-').map(Number) as [number, number];
  return { year, month };
}

/** The day number of a day in a month counted from year 0 (month index = year * 12 + month - 1). */
const dayIn = (monthIndex: number, dayOfMonth: number): number =>
  dayNumberOf(`${String(Math.floor(monthIndex / 12)).padStart(4, '0')}-${String((monthIndex % 12) + 1).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`);

/** One due day of a schedule, in order, with the data window of a regime by the calendar. */
interface DueDay {
  readonly day: number;
  readonly window?: DataWindow;
}

/** The due days of a schedule from the issue day on, one after another, without end. */
function* dueDays(calendar: BusinessCalendar, schedule: ProgressSchedule, issueDay: number): Generator<DueDay> {
  if (schedule.type === 'everyWorkingDays') {
    for (let k = 1; ; k += 1) yield { day: addWorkingDayNumbers(calendar, issueDay, k * schedule.days) };
  } else if (schedule.type === 'weekly') {
    let day = issueDay + 1;
    while (isoWeekday(day) !== schedule.weekday) day += 1;
    let last: number | undefined;
    for (; ; day += 7) {
      const due = addWorkingDayNumbers(calendar, day, 0);
      if (due !== last) yield { day: due };
      last = due;
    }
  } else {
    const step = CALENDAR_PERIOD_MONTHS[schedule.type];
    const { year, month } = yearMonthOf(issueDay);
    // The first cut-off month of the regime (months ending a period: 12, 6 and 12, 3, 6, 9 and 12, or each) on or after the issue's month.
    let m = year * 12 + month - 1;
    while ((m % 12) % step !== step - 1) m += 1;
    // A cut-off before the issue day closed figures before the directive: the first period is the next one.
    if (dayIn(m, schedule.cutOffDay) < issueDay) m += step;
    for (; ; m += step) {
      const cutOff = dayIn(m, schedule.cutOffDay);
      const due = dayIn(schedule.dueDay > schedule.cutOffDay ? m : m + 1, schedule.dueDay);
      yield { day: addWorkingDayNumbers(calendar, due, 0), window: { from: dateOfDayNumber(dayIn(m - step, schedule.cutOffDay) + 1), to: dateOfDayNumber(cutOff) } };
    }
  }
}

/** Which periods to compute: from period `from` on, at most `count` of them; a regime ended at `endedAt`. */
export interface PeriodRange {
  readonly from?: number;
  readonly count?: number;
  /**
   * The issuer ended the regime (kết thúc báo cáo định kỳ) at this instant: a period whose figures
   * closed by then (its cut-off, or its due day without one) is still owed, later ones are not.
   */
  readonly endedAt?: string;
}

/**
 * The progress periods of one assignment issued at `issuedAt` whose final report is due at
 * `finalDue`: each due at the end of a working day (a weekly or calendar due day that is a holiday
 * moves to the next working day), strictly before the final report's day, which the final report
 * itself answers. A regime `untilEnded` goes on past it (those periods `afterFinal`), so only
 * `range.count` of its periods (PERIODS_AHEAD by default) are computed at a time.
 */
export function progressPeriods(
  calendar: BusinessCalendar,
  schedule: ProgressSchedule,
  issuedAt: string,
  finalDue: string | null,
  range: PeriodRange = {},
): ProgressPeriod[] {
  checkProgressSchedule(schedule);
  const open = schedule.untilEnded === true;
  if (finalDue === null && !open) return [];
  const issueDay = localDayOfMs(instantMs(issuedAt));
  const finalDay = finalDue === null ? null : localDayOfMs(instantMs(finalDue));
  const endDay = range.endedAt === undefined ? null : localDayOfMs(instantMs(range.endedAt));
  const first = Math.max(1, range.from ?? 1);
  const last = open ? first + (range.count ?? PERIODS_AHEAD) - 1 : first + (range.count ?? Number.POSITIVE_INFINITY) - 1;
  const counted: DayCount = schedule.type === 'everyWorkingDays' ? 'workingDays' : 'days';
  const periods: ProgressPeriod[] = [];
  let from = formatVnInstant(instantMs(issuedAt));
  let number = 0;
  for (const due of dueDays(calendar, schedule, issueDay)) {
    const afterFinal = finalDay !== null && due.day >= finalDay;
    if (afterFinal && !open) break;
    // Ended: figures closing after the end are owed no more.
    if (endDay !== null && (due.window ? dayNumberOf(due.window.to) : due.day) > endDay) break;
    number += 1;
    if (!open && number > MAX_PROGRESS_PERIODS) {
      invalid(`The schedule asks for more than ${MAX_PROGRESS_PERIODS} progress reports`, { field: 'progressReports' });
    }
    const dueBy = formatVnInstant(vnMomentMs(due.day, 0) + END_OF_DAY_MS);
    if (number >= first) {
      periods.push({ period: number, from, dueBy, counted, ...(due.window ? { window: due.window } : {}), ...(afterFinal ? { afterFinal: true } : {}) });
    }
    from = dueBy;
    if (number >= last) break;
  }
  return periods;
}

/** The local date (yyyy-MM-dd) a period is due, for screens and messages. */
export const periodDate = (p: ProgressPeriod): string => dateOfDayNumber(localDayOfMs(instantMs(p.dueBy)));

/**
 * Which period a new report answers. A final report answers none (it is the final one); a report
 * naming its period must name one of the schedule (for a plan holding only the later periods of a
 * regime until ended, an earlier one too); otherwise it answers the earliest period not yet
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
    // A plan of a regime until ended holds its later periods only: the ones before it were (1 … first - 1).
    const before = Number.isInteger(input.period) && input.period >= 1 && input.period < (periods[0]?.period ?? 1);
    if (!before && !periods.some((p) => p.period === input.period)) invalid(`No progress period ${String(input.period)} in this schedule`, { field: 'period' });
    return input.period;
  }
  return periods.find((p) => p.period > answeredThrough)?.period;
}

/** The highest period the reports answered (0 for none). */
export function answeredThrough(reports: readonly { readonly period?: number }[]): number {
  return reports.reduce((max, r) => Math.max(max, r.period ?? 0), 0);
}

/**
 * Where the plan of a regime until ended should start next: null while it still holds half of
 * PERIODS_AHEAD periods due after `now`; else the first period with an alarm still to come (the
 * periods before it are done with), or the one after its last. Only ever forward, so asking again
 * with the new plan answers null.
 */
export function nextPeriodsFrom(
  plan: { readonly periods?: readonly ProgressPeriod[]; readonly alarms: readonly { readonly at: string; readonly deadline: string; readonly period?: number }[] },
  now: string,
): number | null {
  const periods = plan.periods ?? [];
  const t = Date.parse(now);
  if (periods.filter((p) => Date.parse(p.dueBy) > t).length >= PERIODS_AHEAD / 2) return null;
  const first = periods[0]?.period ?? 1;
  const pending = plan.alarms.filter((a) => a.deadline === 'progress' && a.period !== undefined && Date.parse(a.at) >= t).map((a) => a.period!);
  const from = pending.length > 0 ? Math.min(...pending) : (periods.at(-1)?.period ?? 0) + 1;
  return from > first ? from : null;
}
