import { describe, expect, it } from 'vitest';
import { isWorkingDay, lunarNewYearOf, OFFICIAL_HOLIDAYS, vietnamCalendar, yearStatusOf } from './calendar';
import { buildHierarchy, THREE_LEVEL_SCHEME } from './hierarchy';
import { isAnswered } from './obligations';
import { answeredThrough, checkProgressSchedule, nextPeriodsFrom, periodDate, periodOfReport, progressPeriods, PERIODS_AHEAD, type ProgressPeriod } from './periodic';
import { DIRECTIVE_1119 } from './seed/directive-1119';
import { kienGiangUnits } from './seed/kien-giang-2020';
import { codeOf } from './test-support';
import { scheduleAssignment } from './tracking';

const calendar = vietnamCalendar();

describe('progressPeriods', () => {
  it('every five working days, skipping New Year’s Day, until the final report', () => {
    const periods = progressPeriods(calendar, { type: 'everyWorkingDays', days: 5 }, '2026-12-07T10:00:00+07:00', '2027-01-15T23:59:59.999+07:00');
    expect(periods.map(periodDate)).toEqual(['2026-12-14', '2026-12-21', '2026-12-28', '2027-01-05', '2027-01-12']);
    // Set in working days: days past it are counted in working days.
    expect(periods[0]).toEqual({ period: 1, from: '2026-12-07T10:00:00+07:00', dueBy: '2026-12-14T23:59:59.999+07:00', counted: 'workingDays' });
    // Each period starts where the one before it fell due.
    expect(periods[1]?.from).toBe(periods[0]?.dueBy);
  });

  it('weekly on Friday: a Friday off (1/5/2026) moves to the next working day', () => {
    const periods = progressPeriods(calendar, { type: 'weekly', weekday: 5 }, '2026-04-20T09:00:00+07:00', '2026-05-20T23:59:59.999+07:00');
    expect(periods.map(periodDate)).toEqual(['2026-04-24', '2026-05-04', '2026-05-08', '2026-05-15']);
  });

  it('weekly on Monday: the Monday after Giỗ Tổ (27/4/2026, off) moves to Tuesday; never on the issue day itself', () => {
    const periods = progressPeriods(calendar, { type: 'weekly', weekday: 1 }, '2026-04-20T09:00:00+07:00', '2026-05-20T23:59:59.999+07:00');
    expect(periods.map(periodDate)).toEqual(['2026-04-28', '2026-05-04', '2026-05-11', '2026-05-18']);
  });

  it('stops before the final report’s own day, and has none without a final deadline', () => {
    const periods = progressPeriods(calendar, { type: 'weekly', weekday: 5 }, '2026-04-20T09:00:00+07:00', '2026-05-15T12:00:00+07:00');
    expect(periods.map(periodDate)).toEqual(['2026-04-24', '2026-05-04', '2026-05-08']);
    expect(progressPeriods(calendar, { type: 'everyWorkingDays', days: 1 }, '2026-04-20T09:00:00+07:00', null)).toEqual([]);
  });

  it('refuses a schedule that makes no sense', () => {
    const at = '2026-04-20T09:00:00+07:00';
    expect(codeOf(() => progressPeriods(calendar, { type: 'everyWorkingDays', days: 0 }, at, '2026-05-15T12:00:00+07:00'))).toBe('INVALID_INPUT');
    expect(codeOf(() => progressPeriods(calendar, { type: 'weekly', weekday: 6 as 5 }, at, '2026-05-15T12:00:00+07:00'))).toBe('INVALID_INPUT');
    // A daily report for five years.
    expect(codeOf(() => progressPeriods(calendar, { type: 'everyWorkingDays', days: 1 }, at, '2031-05-15T12:00:00+07:00'))).toBe('INVALID_INPUT');
  });
});

describe('progressPeriods by the calendar (Nghị định 09/2019)', () => {
  const issued = '2025-11-03T09:00:00+07:00';
  const row = (p: ProgressPeriod) => [p.period, periodDate(p), p.window?.from, p.window?.to];

  it('monthly, figures 15th to 14th, due the 18th: across the year end and Tết 2026 (14–22/2 off)', () => {
    const periods = progressPeriods(calendar, { type: 'monthly', cutOffDay: 14, dueDay: 18 }, issued, '2026-04-30T23:59:59.999+07:00');
    expect(periods.map(row)).toEqual([
      [1, '2025-11-18', '2025-10-15', '2025-11-14'],
      [2, '2025-12-18', '2025-11-15', '2025-12-14'],
      // 18/1/2026 is a Sunday: Monday.
      [3, '2026-01-19', '2025-12-15', '2026-01-14'],
      // 18/2/2026 is mùng 2 Tết: the first working day after the break.
      [4, '2026-02-23', '2026-01-15', '2026-02-14'],
      [5, '2026-03-18', '2026-02-15', '2026-03-14'],
      [6, '2026-04-20', '2026-03-15', '2026-04-14'],
    ]);
    // Reminders count from the issue, then from the previous deadline; days past it are plain days.
    expect(periods[0]).toMatchObject({ from: issued, counted: 'days' });
    expect(periods[1]?.from).toBe(periods[0]?.dueBy);
  });

  it('monthly due by the 5th: the 5th of the month after the cut-off', () => {
    const periods = progressPeriods(calendar, { type: 'monthly', cutOffDay: 14, dueDay: 5 }, issued, '2026-02-28T23:59:59.999+07:00');
    expect(periods.map(row)).toEqual([
      [1, '2025-12-05', '2025-10-15', '2025-11-14'],
      [2, '2026-01-05', '2025-11-15', '2025-12-14'],
      [3, '2026-02-05', '2025-12-15', '2026-01-14'],
    ]);
  });

  it('a cut-off before the issue day is not owed; one on it is', () => {
    const after = progressPeriods(calendar, { type: 'monthly', cutOffDay: 14, dueDay: 20 }, '2025-11-17T09:00:00+07:00', '2026-01-31T23:59:59.999+07:00');
    expect(after.map(row)[0]).toEqual([1, '2025-12-22', '2025-11-15', '2025-12-14']);
    const on = progressPeriods(calendar, { type: 'monthly', cutOffDay: 14, dueDay: 20 }, '2025-11-14T09:00:00+07:00', '2026-01-31T23:59:59.999+07:00');
    expect(on.map(row)[0]).toEqual([1, '2025-11-20', '2025-10-15', '2025-11-14']);
  });

  it('quarterly, six-monthly and yearly close in the quarter’s, half-year’s and year’s last month', () => {
    const until = '2027-01-31T23:59:59.999+07:00';
    const by = (type: 'quarterly' | 'sixMonthly' | 'yearly') => progressPeriods(calendar, { type, cutOffDay: 14, dueDay: 20 }, issued, until).map(row);
    // 20/12/2025 is a Saturday, 20/6/2026 too, 20/12/2026 a Sunday.
    expect(by('quarterly')).toEqual([
      [1, '2025-12-22', '2025-09-15', '2025-12-14'],
      [2, '2026-03-20', '2025-12-15', '2026-03-14'],
      [3, '2026-06-22', '2026-03-15', '2026-06-14'],
      [4, '2026-09-21', '2026-06-15', '2026-09-14'],
      [5, '2026-12-21', '2026-09-15', '2026-12-14'],
    ]);
    expect(by('sixMonthly')).toEqual([
      [1, '2025-12-22', '2025-06-15', '2025-12-14'],
      [2, '2026-06-22', '2025-12-15', '2026-06-14'],
      [3, '2026-12-21', '2026-06-15', '2026-12-14'],
    ]);
    expect(by('yearly')).toEqual([
      [1, '2025-12-22', '2024-12-15', '2025-12-14'],
      [2, '2026-12-21', '2025-12-15', '2026-12-14'],
    ]);
  });

  it('a due day in the Tết break of a year with no announced list moves past the break, by the calendar’s own rule', () => {
    // The first year after the announced lists: its Tết break comes from the Labour Code rule.
    const year = Math.max(...OFFICIAL_HOLIDAYS.map((y) => y.year)) + 1;
    expect(yearStatusOf(calendar, year)).toBe('computed');
    const next = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const tet = lunarNewYearOf(year);
    let lastOff = tet;
    while (!isWorkingDay(calendar, next(lastOff, 1))) lastOff = next(lastOff, 1);
    const firstWorkingDay = next(lastOff, 1);
    // A day of the break every month has, and not the cut-off day.
    let hit = tet;
    while (Number(hit.slice(8)) > 28 || Number(hit.slice(8)) === 14) hit = next(hit, 1);
    expect(hit <= lastOff).toBe(true);
    const periods = progressPeriods(calendar, { type: 'monthly', cutOffDay: 14, dueDay: Number(hit.slice(8)) }, `${year - 1}-11-20T09:00:00+07:00`, `${year}-12-31T23:59:59.999+07:00`);
    // The period that fell due in the break is due on its first working day after, and only that one.
    expect(periods.filter((p) => periodDate(p) === firstWorkingDay)).toHaveLength(1);
    expect(periods.some((p) => periodDate(p) >= tet && periodDate(p) <= lastOff)).toBe(false);
    expect(periods.every((p) => isWorkingDay(calendar, periodDate(p)))).toBe(true);
  });

  it('refuses cut-off and due days a month may not have', () => {
    expect(codeOf(() => checkProgressSchedule({ type: 'monthly', cutOffDay: 31, dueDay: 5 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => checkProgressSchedule({ type: 'yearly', cutOffDay: 14, dueDay: 0 }))).toBe('INVALID_INPUT');
    let field: unknown;
    try {
      checkProgressSchedule({ type: 'quarterly', cutOffDay: 14, dueDay: 29 });
    } catch (error) {
      field = (error as { details?: { field?: unknown } }).details?.field;
    }
    expect(field).toBe('dueDay');
    expect(codeOf(() => checkProgressSchedule({ type: 'monthly', cutOffDay: 14, dueDay: 5, untilEnded: 'yes' as unknown as boolean }))).toBe('INVALID_INPUT');
  });
});

describe('a regime until the issuer ends it (cho đến khi có chỉ đạo khác)', () => {
  const schedule = { type: 'monthly' as const, cutOffDay: 14, dueDay: 5, untilEnded: true };
  const issued = '2025-11-03T09:00:00+07:00';
  const finalDue = '2026-01-31T23:59:59.999+07:00';

  it('goes on past the final report, those periods marked, the next ones at a time', () => {
    const periods = progressPeriods(calendar, schedule, issued, finalDue);
    expect(periods).toHaveLength(PERIODS_AHEAD);
    expect(periods.slice(0, 4).map((p) => [p.period, periodDate(p), p.afterFinal ?? false])).toEqual([
      [1, '2025-12-05', false],
      [2, '2026-01-05', false],
      [3, '2026-02-05', true],
      [4, '2026-03-05', true],
    ]);
    // Five years on, still monthly; a later range numbers on from where the first left off.
    const later = progressPeriods(calendar, schedule, issued, finalDue, { from: 61, count: 2 });
    expect(later.map((p) => [p.period, p.window?.from, p.window?.to])).toEqual([
      [61, '2030-10-15', '2030-11-14'],
      [62, '2030-11-15', '2030-12-14'],
    ]);
    expect(later[0]?.from).toBe(progressPeriods(calendar, schedule, issued, finalDue, { from: 60, count: 1 })[0]?.dueBy);
    // Without a final deadline too.
    expect(progressPeriods(calendar, schedule, issued, null, { count: 1 }).map(periodDate)).toEqual(['2025-12-05']);
  });

  it('ended: a period whose figures closed by then is still owed, later ones are not', () => {
    const ended = progressPeriods(calendar, schedule, issued, finalDue, { endedAt: '2026-02-20T10:00:00+07:00' });
    // 15/1–14/2 closed before the end (due 5/3); 15/2–14/3 had not.
    expect(ended.map((p) => p.window?.to)).toEqual(['2025-11-14', '2025-12-14', '2026-01-14', '2026-02-14']);
  });

  it('the final report answers the periods before it, not those after it', () => {
    const periods = progressPeriods(calendar, schedule, issued, finalDue, { count: 4 });
    const o = { state: 'accepted' as const, reports: [{ period: 1 }, {}], periods };
    expect([1, 2, 3, 4].map((n) => isAnswered(o, 'progress', n))).toEqual([true, true, false, false]);
    expect(isAnswered({ ...o, reports: [{}, { period: 3 }] }, 'progress', 3)).toBe(true);
    // A report for a period after the final one leaves the final report answered.
    expect(isAnswered({ ...o, state: 'reported', reports: [{ period: 1 }, {}, { period: 3 }] }, 'report')).toBe(true);
    expect(isAnswered({ ...o, state: 'reported', reports: [{ period: 1 }] }, 'report')).toBe(false);
  });

  it('plans the next periods once fewer than half of PERIODS_AHEAD lie ahead, keeping those with alarms to come', () => {
    const periods = progressPeriods(calendar, schedule, issued, finalDue);
    const alarms = periods.map((p) => ({ at: p.dueBy, deadline: 'progress', period: p.period }));
    const plan = { periods, alarms };
    // Twelve or more still due: nothing to do.
    expect(nextPeriodsFrom(plan, periods[PERIODS_AHEAD / 2 - 1]!.dueBy)).toBeNull();
    // Just after period 13's deadline, 11 lie ahead: from the first with an alarm still to come (14).
    const at = new Date(Date.parse(periods[12]!.dueBy) + 1).toISOString();
    expect(nextPeriodsFrom(plan, at)).toBe(14);
    // An escalation of period 12 still to come keeps it.
    expect(nextPeriodsFrom({ periods, alarms: [...alarms, { at: periods[13]!.dueBy, deadline: 'progress', period: 12 }] }, at)).toBe(12);
    // The new plan holds enough again.
    const next = progressPeriods(calendar, schedule, issued, finalDue, { from: 14 });
    expect(nextPeriodsFrom({ periods: next, alarms: next.map((p) => ({ at: p.dueBy, deadline: 'progress', period: p.period })) }, at)).toBeNull();
  });
});

describe('periodOfReport', () => {
  const periods = progressPeriods(calendar, { type: 'weekly', weekday: 5 }, '2026-04-20T09:00:00+07:00', '2026-05-20T23:59:59.999+07:00');

  it('answers the earliest unanswered period, then counts as the final report', () => {
    expect(periodOfReport(periods, 0, {})).toBe(1);
    expect(periodOfReport(periods, answeredThrough([{ period: 1 }, { period: 2 }]), {})).toBe(3);
    expect(periodOfReport(periods, 4, {})).toBeUndefined();
  });

  it('takes a named period, and a final report answers none', () => {
    expect(periodOfReport(periods, 0, { period: 3 })).toBe(3);
    expect(periodOfReport(periods, 0, { final: true })).toBeUndefined();
    expect(codeOf(() => periodOfReport(periods, 0, { period: 9 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => periodOfReport(periods, 0, { period: 1, final: true }))).toBe('INVALID_INPUT');
  });

  it('takes a period before the range a plan of a regime until ended holds, late', () => {
    const later = progressPeriods(calendar, { type: 'monthly', cutOffDay: 14, dueDay: 5, untilEnded: true }, '2025-11-03T09:00:00+07:00', null, { from: 14 });
    expect(periodOfReport(later, 20, { period: 3 })).toBe(3);
    expect(periodOfReport(later, 20, { period: 14 })).toBe(14);
    expect(codeOf(() => periodOfReport(later, 20, { period: 0 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => periodOfReport(later, 20, { period: 99 }))).toBe('INVALID_INPUT');
  });
});

describe('scheduleAssignment with progress reports', () => {
  const hierarchy = buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits());

  it('reminds before and escalates after each period, with keys of their own', () => {
    // 1119 asks for the result by 20/8/2020; a weekly Thursday has no room before it; every working day does.
    const directive = { ...DIRECTIVE_1119, tracking: { progressReports: { type: 'everyWorkingDays' as const, days: 1 } } };
    const schedule = scheduleAssignment(calendar, hierarchy, directive, 'kg.so-tttt', '2020-08-19T15:00:00+07:00');
    // The Sở reports finally by 24/8 (Monday): progress on Thursday 20/8 and Friday 21/8.
    expect(schedule.periods?.map(periodDate)).toEqual(['2020-08-20', '2020-08-21']);
    const progress = schedule.alarms.filter((a) => a.deadline === 'progress' && a.action !== 'reminder');
    expect(progress.map((a) => [a.period, a.key, a.action])).toEqual([
      // Thursday's deadline, Friday morning's escalation, Friday's deadline, then the mornings after.
      [1, 'progress:1:remind:0', 'remind'],
      [1, 'progress:1:escalate_parent:1', 'escalate_parent'],
      [2, 'progress:2:remind:0', 'remind'],
      [1, 'progress:1:escalate_province:2', 'escalate_province'],
      [2, 'progress:2:escalate_parent:1', 'escalate_parent'],
      [2, 'progress:2:escalate_province:2', 'escalate_province'],
    ]);
    expect(new Set(schedule.alarms.map((a) => a.key)).size).toBe(schedule.alarms.length);
  });

  it('marks a plan whose regime goes on until ended, and passes the range on', () => {
    const directive = { ...DIRECTIVE_1119, tracking: { progressReports: { type: 'monthly' as const, cutOffDay: 14, dueDay: 20, untilEnded: true } } };
    const schedule = scheduleAssignment(calendar, hierarchy, directive, 'kg.so-tttt', '2020-08-19T15:00:00+07:00', undefined, { count: 3 });
    expect(schedule.periodsUntilEnded).toBe(true);
    expect(schedule.periods?.map((p) => [periodDate(p), p.afterFinal ?? false])).toEqual([
      ['2020-09-21', true],
      ['2020-10-20', true],
      ['2020-11-20', true],
    ]);
    expect(schedule.alarms.filter((a) => a.deadline === 'progress' && a.action === 'remind').map((a) => a.period)).toEqual([1, 2, 3]);
  });

  it('leaves plans without a schedule as they were', () => {
    const schedule = scheduleAssignment(calendar, hierarchy, DIRECTIVE_1119, 'kg.so-tttt', '2020-08-19T15:00:00+07:00');
    expect(schedule.periods).toBeUndefined();
    expect(schedule.alarms.some((a) => a.deadline === 'progress')).toBe(false);
  });
});
