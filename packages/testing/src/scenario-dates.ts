import { addWorkingDays, isWorkingDay, localDateOf, lunarNewYearOf, type BusinessCalendar } from '@chidao/domain';

/**
 * Days for time-dependent test scenarios, found from the test clock's "now" and the domain's
 * calendar, never written as dates of one year: the time-skipping server starts at the wall clock
 * and only moves forward, so a scenario pinned to a date stops meaning anything once that date has
 * passed. Each finder answers the first day strictly after now's local date that is of the kind a
 * scenario needs ("a Friday whose next working day is the Monday", "the last working day before
 * Tết", "a Monday starting weeks with no holiday"), so its 08:00 and later are still ahead.
 *
 * Dates are yyyy-MM-dd in Vietnam (UTC+7, no daylight saving); instants come back as the UTC ISO
 * strings the read model stores, so tests compare them as they are.
 */

const DAY_MS = 86_400_000;
/** A finder that has not found its kind of day in this many days is looking for something impossible. */
const SEARCH_LIMIT_DAYS = 3 * 366;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

function checkDate(date: string): void {
  if (!DATE_RE.test(date) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new Error(`Not a yyyy-MM-dd date: ${date}`);
  }
}

/** The local (Vietnam) date of an instant given as epoch milliseconds (the domain's localDateOf). */
export function vnDateOf(ms: number): string {
  return localDateOf(new Date(ms).toISOString());
}

/** `date` moved by `days` calendar days (negative: back). */
export function plusDays(date: string, days: number): string {
  checkDate(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  checkDate(from);
  checkDate(to);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 5 = Friday, 6 = Saturday, 7 = Sunday. */
export function isoWeekday(date: string): number {
  checkDate(date);
  const sundayZero = new Date(`${date}T00:00:00Z`).getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
}

/** `hh:mm` local time on `date`, as a UTC ISO string ('2026-12-08T01:00:00.000Z' for 08:00 on 8/12). */
export function vnAt(date: string, time: string): string {
  checkDate(date);
  if (!TIME_RE.test(time)) throw new Error(`Not an HH:mm time: ${time}`);
  return new Date(`${date}T${time}:00+07:00`).toISOString();
}

/** The end of `date` in Vietnam (23:59:59.999 local) as a UTC ISO string: how deadlines are stored. */
export function endOfVnDay(date: string): string {
  checkDate(date);
  return new Date(Date.parse(`${date}T00:00:00+07:00`) + DAY_MS - 1).toISOString();
}

/** The first date strictly after now's local date for which `isWanted` holds. */
export function nextDayWhere(nowMs: number, isWanted: (date: string) => boolean, what: string): string {
  let date = vnDateOf(nowMs);
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i += 1) {
    date = plusDays(date, 1);
    if (isWanted(date)) return date;
  }
  throw new Error(`No ${what} within ${SEARCH_LIMIT_DAYS} days after ${vnDateOf(nowMs)}`);
}

/**
 * A Friday that is a working day and whose next working day is the Monday after it: issued then,
 * a one-working-day window runs across a plain weekend.
 */
export function nextFridayBeforeWorkingMonday(calendar: BusinessCalendar, nowMs: number): string {
  return nextDayWhere(
    nowMs,
    (date) => isoWeekday(date) === 5 && isWorkingDay(calendar, date) && addWorkingDays(calendar, date, 1) === plusDays(date, 3),
    'working Friday followed by a working Monday',
  );
}

/**
 * A Monday that starts `weeks` whole weeks in which every weekday is a working day: a scenario
 * written on such weeks ("Thursday", "the Friday after next") means the same in any year.
 */
export function nextCleanWeeks(calendar: BusinessCalendar, nowMs: number, weeks: number): string {
  if (!Number.isInteger(weeks) || weeks < 1) throw new Error(`weeks must be a whole number ≥ 1: ${weeks}`);
  return nextDayWhere(
    nowMs,
    (date) => {
      if (isoWeekday(date) !== 1) return false;
      for (let d = 0; d < 7 * weeks; d += 1) {
        const day = plusDays(date, d);
        if (isoWeekday(day) <= 5 && !isWorkingDay(calendar, day)) return false;
      }
      return true;
    },
    `Monday starting ${weeks} week(s) without a holiday`,
  );
}

export interface TetBreak {
  /** The last working day before the break: a directive issued then falls due after it. */
  readonly eve: string;
  /** Mùng 1 Tết. */
  readonly tet: string;
  /** The first day off of the break, and its last. */
  readonly firstDayOff: string;
  readonly lastDayOff: string;
  /** The first working day after the break. */
  readonly firstWorkingDay: string;
}

/**
 * The next Tết break whose eve (its last working day before) lies strictly after now's local date:
 * the run of days off around mùng 1 Tết, weekends and compensatory days included, as the calendar has it.
 */
export function nextTetBreak(calendar: BusinessCalendar, nowMs: number): TetBreak {
  const today = vnDateOf(nowMs);
  const firstYear = Number(today.slice(0, 4));
  for (let year = firstYear; year <= firstYear + 2; year += 1) {
    const tet = lunarNewYearOf(year);
    if (isWorkingDay(calendar, tet)) throw new Error(`The calendar has mùng 1 Tết ${tet} as a working day`);
    let firstDayOff = tet;
    while (!isWorkingDay(calendar, plusDays(firstDayOff, -1))) firstDayOff = plusDays(firstDayOff, -1);
    let lastDayOff = tet;
    while (!isWorkingDay(calendar, plusDays(lastDayOff, 1))) lastDayOff = plusDays(lastDayOff, 1);
    const eve = plusDays(firstDayOff, -1);
    if (eve > today) return { eve, tet, firstDayOff, lastDayOff, firstWorkingDay: plusDays(lastDayOff, 1) };
  }
  throw new Error(`No Tết break after ${today}`);
}
