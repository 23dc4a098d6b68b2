import { describe, expect, it } from 'vitest';
import { buildHierarchy, THREE_LEVEL_SCHEME } from './hierarchy';
import { KG, kienGiangUnits } from './seed/kien-giang-2020';
import { DIRECTIVE_1119 } from './seed/directive-1119';
import { vietnamCalendar } from './calendar';
import { assessProgress, extensionsCloseAt, scheduleAssignment } from './tracking';

const calendar = vietnamCalendar();
const hierarchy = buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits());
// 1119 was issued on Wednesday 19/8/2020; say it reached the units at 15:00 that day.
const issuedAt = '2020-08-19T15:00:00+07:00';

describe('scheduleAssignment for 1119/UBND-KGVX', () => {
  it('gives one working day to acknowledge', () => {
    const schedule = scheduleAssignment(calendar, hierarchy, DIRECTIVE_1119, 'kg.rach-gia.p-vinh-thanh-van', issuedAt);
    expect(Date.parse(schedule.acknowledgeBy)).toBe(Date.parse('2020-08-20T23:59:59.999+07:00'));
    // Set in working days, so missed it counts working days; the report by the target's date counts days.
    expect([schedule.acknowledgeCounted, schedule.reportCounted]).toEqual(['workingDays', 'days']);
  });

  it("makes the coordinator report by its own deadline and everyone else by the target's date", () => {
    const coordinator = scheduleAssignment(calendar, hierarchy, DIRECTIVE_1119, 'kg.so-tttt', issuedAt);
    expect(Date.parse(coordinator.reportBy!)).toBe(Date.parse('2020-08-24T23:59:59.999+07:00'));
    const commune = scheduleAssignment(calendar, hierarchy, DIRECTIVE_1119, 'kg.rach-gia.p-vinh-thanh-van', issuedAt);
    expect(Date.parse(commune.reportBy!)).toBe(Date.parse('2020-08-20T23:59:59.999+07:00'));
  });

  it('reminds before and escalates after each deadline, in time order, with stable keys', () => {
    const { alarms } = scheduleAssignment(calendar, hierarchy, DIRECTIVE_1119, 'kg.so-tttt', issuedAt);
    expect(alarms.map((a) => a.at)).toEqual([...alarms.map((a) => a.at)].sort((a, b) => Date.parse(a) - Date.parse(b)));
    expect(new Set(alarms.map((a) => a.key)).size).toBe(alarms.length);
    const report = alarms.filter((a) => a.deadline === 'report' && a.action !== 'reminder');
    // Deadline Monday 24/8: remind at the deadline, escalate on Tuesday morning, then on Wednesday morning.
    expect(report.map((a) => [a.action, Date.parse(a.at)])).toEqual([
      ['remind', Date.parse('2020-08-24T23:59:59.999+07:00')],
      ['escalate_parent', Date.parse('2020-08-25T08:00:00+07:00')],
      ['escalate_province', Date.parse('2020-08-26T08:00:00+07:00')],
    ]);
  });

  it('honours a per-directive policy', () => {
    const directive = { ...DIRECTIVE_1119, tracking: { acknowledgeWithin: { type: 'workingDays' as const, days: 3 } } };
    // Three working days after Wednesday 19/8: Thursday, Friday, Monday 24/8.
    const schedule = scheduleAssignment(calendar, hierarchy, directive, 'kg.rach-gia', issuedAt);
    expect(Date.parse(schedule.acknowledgeBy)).toBe(Date.parse('2020-08-24T23:59:59.999+07:00'));
    // The target date (20/8) is already before that: the report deadline never precedes acknowledgement.
    expect(Date.parse(schedule.reportBy!)).toBe(Date.parse(schedule.acknowledgeBy));
    const withinFive = { ...DIRECTIVE_1119, tracking: { reportBy: { type: 'workingDays' as const, days: 5 } } };
    expect(scheduleAssignment(calendar, hierarchy, withinFive, 'kg.rach-gia', issuedAt).reportCounted).toBe('workingDays');
  });
});

describe('assessProgress (behind target)', () => {
  const figures = (installs: number) => ({ installs, adults15to60: 9_000, smartphoneUsers: 6_000 });

  it('flags a unit more than 5 points behind the path to 60% of smartphone users', () => {
    // After 20/8/2020 the path has reached the target itself: 60%.
    expect(assessProgress(DIRECTIVE_1119, figures(1_200), '2020-08-21T09:00:00+07:00')).toMatchObject({
      rateKey: 'installRateSmartphone',
      actual: 20,
      expected: 60,
      atRisk: true,
    });
    expect(assessProgress(DIRECTIVE_1119, figures(3_300), '2020-08-21T09:00:00+07:00')?.atRisk).toBe(false);
  });

  it('measures against the straight path before the target date', () => {
    // Halfway between 19/8 00:00 and 20/8 00:00 the path is at 30%; 20% is more than 5 points behind.
    const halfway = assessProgress(DIRECTIVE_1119, figures(1_200), '2020-08-19T12:00:00+07:00');
    expect(halfway?.expected).toBeCloseTo(30, 5);
    expect(halfway?.atRisk).toBe(true);
  });

  it('says nothing without a target rate or a denominator', () => {
    expect(assessProgress({ ...DIRECTIVE_1119, rates: [] }, figures(1), '2020-08-21T09:00:00+07:00')).toBeNull();
    expect(assessProgress(DIRECTIVE_1119, { installs: 5, adults15to60: 9, smartphoneUsers: 0 }, '2020-08-21T09:00:00+07:00')).toBeNull();
  });
});

describe('when extension requests close', () => {
  const VN_CAL = vietnamCalendar();
  it('at the end of the third working day before the deadline’s day, skipping weekends and holidays', () => {
    // Due Friday 28/8/2020: three working days before is Tuesday 25/8.
    expect(extensionsCloseAt(VN_CAL, '2020-08-28T23:59:59.999+07:00', '2020-08-10T09:00:00+07:00', 3)).toBe('2020-08-25T23:59:59.999+07:00');
    // Due Thursday 3/9/2020, after the National Day holiday of Wednesday 2/9: Friday 28/8.
    expect(extensionsCloseAt(VN_CAL, '2020-09-03T23:59:59.999+07:00', '2020-08-10T09:00:00+07:00', 3)).toBe('2020-08-28T23:59:59.999+07:00');
  });

  it('never before the end of the day the task arrived, nor after a same-day deadline', () => {
    expect(extensionsCloseAt(VN_CAL, '2020-08-20T23:59:59.999+07:00', '2020-08-19T09:00:00+07:00', 3)).toBe('2020-08-19T23:59:59.999+07:00');
    expect(extensionsCloseAt(VN_CAL, '2020-08-19T16:00:00+07:00', '2020-08-19T09:00:00+07:00', 3)).toBe('2020-08-19T16:00:00+07:00');
  });

  it('are planned with every assignment that owes a report', () => {
    const plan = scheduleAssignment(VN_CAL, hierarchy, DIRECTIVE_1119, KG.soTTTT, '2020-08-10T09:00:00+07:00');
    // Sở TT&TT owes its compilation by 24/8/2020 (Monday): requests close on Wednesday 19/8.
    expect(plan.extensionsCloseAt).toBe('2020-08-19T23:59:59.999+07:00');
  });
});

describe('a task due before the report', () => {
  const VN_CAL = vietnamCalendar();
  // Sở TT&TT's bullet 8 due three working days after receipt (Monday 24/8 from Wednesday 19/8 at 15:00 is
  // its report day too); its bullet 1 due by Friday 21/8, before the report of 24/8.
  const early = {
    ...DIRECTIVE_1119,
    tasks: DIRECTIVE_1119.tasks.map((t) => (t.id === 't1' ? { ...t, due: { type: 'date' as const, date: '2020-08-21' } } : t.id === 't8' ? { ...t, due: { type: 'none' as const } } : t)),
  };

  it('is chased on its own deadline, with its own alarm keys; a task without a deadline or due with the report is not', () => {
    const plan = scheduleAssignment(VN_CAL, hierarchy, early, KG.soTTTT, issuedAt);
    const taskAlarms = plan.alarms.filter((a) => a.deadline === 'task');
    expect(new Set(taskAlarms.map((a) => a.task))).toEqual(new Set(['t1']));
    expect(taskAlarms.every((a) => a.key.startsWith('task:t1:') && a.due === '2020-08-21T23:59:59.999+07:00')).toBe(true);
    // The morning after it: the district level (here the province) hears of it.
    expect(taskAlarms.find((a) => a.action === 'escalate_parent')?.at).toBe('2020-08-24T08:00:00+07:00');
    // The report's alarms are as before.
    expect(plan.alarms.filter((a) => a.deadline === 'report').length).toBeGreaterThan(0);
  });

  it('is not chased for a unit told of it for information', () => {
    const informed = { ...early, tasks: early.tasks.map((t) => (t.id === 't1' ? { ...t, roles: { [KG.soTTTT]: 'info' as const } } : t)) };
    const plan = scheduleAssignment(VN_CAL, hierarchy, informed, KG.soTTTT, issuedAt);
    expect(plan.alarms.filter((a) => a.deadline === 'task')).toEqual([]);
  });
});
