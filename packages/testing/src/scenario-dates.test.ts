import { describe, expect, it } from 'vitest';
import { addWorkingDays, holidaysOf, isWorkingDay, lunarNewYearOf, vietnamCalendar } from '@chidao/domain';
import {
  daysBetween,
  endOfVnDay,
  isoWeekday,
  nextCleanWeeks,
  nextDayWhere,
  nextFridayBeforeWorkingMonday,
  nextTetBreak,
  plusDays,
  vnAt,
  vnDateOf,
} from './scenario-dates';

const calendar = vietnamCalendar();
const at = (iso: string) => Date.parse(iso);

/**
 * The "now"s a test run can start at: the awkward ones the issue names (a Friday, the day before
 * Tết, 31 December, a leap day), late evening in Vietnam (already tomorrow there), and one day in
 * each of the next twenty years, so the finders are checked against calendars nobody wrote down.
 */
const awkwardNows = [
  '2026-12-04T10:00:00+07:00', // a Friday
  '2026-12-06T23:48:00Z', // Sunday night in UTC, Monday morning in Vietnam
  '2027-02-04T16:00:00+07:00', // the eve of Tết Đinh Mùi
  '2027-02-05T09:00:00+07:00', // inside the break
  '2026-12-31T23:30:00+07:00', // 31 December
  '2028-02-29T12:00:00+07:00', // a leap day
  '2029-08-31T17:00:00+07:00', // before Quốc khánh
  '2030-04-29T08:00:00+07:00', // before 30/4 and 1/5
];
const everyYear = Array.from({ length: 20 }, (_, i) => `${2027 + i}-0${(i % 9) + 1}-1${i % 10}T07:30:00+07:00`);
const nows = [...awkwardNows, ...everyYear];

describe('plain date arithmetic', () => {
  it('reads the Vietnamese date of an instant, not the UTC one', () => {
    expect(vnDateOf(at('2026-12-06T23:48:00Z'))).toBe('2026-12-07');
    expect(vnDateOf(at('2026-12-06T16:59:59Z'))).toBe('2026-12-06');
  });

  it('moves across months, years and leap days', () => {
    expect(plusDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(plusDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(plusDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(plusDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    expect(daysBetween('2027-03-01', '2027-02-01')).toBe(-28);
  });

  it('names weekdays as ISO does', () => {
    expect(['2026-12-07', '2026-12-11', '2026-12-12', '2026-12-13'].map(isoWeekday)).toEqual([1, 5, 6, 7]);
  });

  it('writes local instants and day ends as the read model stores them', () => {
    expect(vnAt('2026-12-08', '08:00')).toBe('2026-12-08T01:00:00.000Z');
    expect(endOfVnDay('2026-12-07')).toBe('2026-12-07T16:59:59.999Z');
    expect(() => vnAt('2026-02-30', '08:00')).toThrow('Not a yyyy-MM-dd date');
    expect(() => vnAt('2026-02-03', '24:00')).toThrow('Not an HH:mm time');
  });

  it('gives up on a kind of day that never comes, naming it', () => {
    expect(() => nextDayWhere(at('2026-12-04T10:00:00+07:00'), () => false, 'eighth weekday')).toThrow('No eighth weekday within');
  });
});

describe.each(nows)('from now = %s', (now) => {
  const nowMs = at(now);
  const today = vnDateOf(nowMs);

  it('finds a working Friday whose next working day is the Monday after it, strictly after today', () => {
    const friday = nextFridayBeforeWorkingMonday(calendar, nowMs);
    expect(friday > today).toBe(true);
    expect(isoWeekday(friday)).toBe(5);
    expect(isWorkingDay(calendar, friday)).toBe(true);
    expect(addWorkingDays(calendar, friday, 1)).toBe(plusDays(friday, 3));
    // It is the first such Friday: none between today and it.
    for (let d = plusDays(today, 1); d < friday; d = plusDays(d, 1)) {
      expect(isoWeekday(d) === 5 && isWorkingDay(calendar, d) && addWorkingDays(calendar, d, 1) === plusDays(d, 3)).toBe(false);
    }
  });

  it.each([1, 2, 4])('finds a Monday starting %i week(s) in which every weekday is a working day', (weeks) => {
    const monday = nextCleanWeeks(calendar, nowMs, weeks);
    expect(monday > today).toBe(true);
    expect(isoWeekday(monday)).toBe(1);
    for (let d = 0; d < 7 * weeks; d += 1) {
      const day = plusDays(monday, d);
      expect(isWorkingDay(calendar, day)).toBe(isoWeekday(day) <= 5);
    }
    // Within such weeks a working day later is the next weekday, as the scenarios written on them assume.
    for (let d = 0; d < 7 * weeks - 3; d += 1) {
      const day = plusDays(monday, d);
      if (isoWeekday(day) > 5) continue;
      expect(addWorkingDays(calendar, day, 1)).toBe(plusDays(day, isoWeekday(day) === 5 ? 3 : 1));
    }
  });

  it('finds the next Tết break ahead: its eve, its days off around mùng 1, and the first working day after', () => {
    const tetBreak = nextTetBreak(calendar, nowMs);
    expect(tetBreak.eve > today).toBe(true);
    expect(tetBreak.tet).toBe(lunarNewYearOf(Number(tetBreak.tet.slice(0, 4))));
    expect(isWorkingDay(calendar, tetBreak.eve)).toBe(true);
    expect(addWorkingDays(calendar, tetBreak.eve, 1)).toBe(tetBreak.firstWorkingDay);
    expect(tetBreak.firstDayOff).toBe(plusDays(tetBreak.eve, 1));
    expect(tetBreak.firstDayOff <= plusDays(tetBreak.tet, -1)).toBe(true);
    expect(tetBreak.lastDayOff >= plusDays(tetBreak.tet, 3)).toBe(true);
    // Every day of the break is off, and the holidays of the year (or the year before, for a Tết in
    // late January) list the weekdays among them.
    const holidays = new Set([...holidaysOf(calendar, Number(tetBreak.tet.slice(0, 4)))]);
    for (let d = tetBreak.firstDayOff; d <= tetBreak.lastDayOff; d = plusDays(d, 1)) {
      expect(isWorkingDay(calendar, d)).toBe(false);
      if (isoWeekday(d) <= 5) expect(holidays.has(d)).toBe(true);
    }
    // It is the first break whose eve lies ahead: the previous Tết's eve is today or earlier.
    let previousEve = plusDays(lunarNewYearOf(Number(tetBreak.tet.slice(0, 4)) - 1), -1);
    while (!isWorkingDay(calendar, previousEve)) previousEve = plusDays(previousEve, -1);
    expect(previousEve <= today).toBe(true);
  });
});
