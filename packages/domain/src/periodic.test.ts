import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from './calendar';
import { buildHierarchy, THREE_LEVEL_SCHEME } from './hierarchy';
import { answeredThrough, periodDate, periodOfReport, progressPeriods } from './periodic';
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

  it('leaves plans without a schedule as they were', () => {
    const schedule = scheduleAssignment(calendar, hierarchy, DIRECTIVE_1119, 'kg.so-tttt', '2020-08-19T15:00:00+07:00');
    expect(schedule.periods).toBeUndefined();
    expect(schedule.alarms.some((a) => a.deadline === 'progress')).toBe(false);
  });
});
