import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from './calendar';
import type { HandlingRole } from './directive';
import { DIRECTIVE_1119, KG, KIEN_GIANG_SCHEME, buildHierarchy, kienGiangUnits } from './index';
import { validateReport } from './reports';
import { scheduleAssignment } from './tracking';
import type { TaskDue } from './deadlines';
import {
  DUTIES,
  TASK_BUCKETS,
  assignmentRoleOf,
  countBuckets,
  inPeriod,
  officialFigures,
  placeTask,
  taskCompletion,
  taskStatistics,
  unitRoleIn,
  type ReportOnTasks,
  type TaskFacts,
} from './tasks';

const VN = vietnamCalendar();

/**
 * A directive of nine tasks issued on Wednesday 19/8/2020, received at 09:00 the same day, each unit's
 * report due by the end of Thursday 20/8. Tasks with their own deadlines: t2 by 25/8, t3 within five
 * working days (26/8), t4 "thường xuyên" (none), t6 by 31/8. Roles: A leads t1–t4; B leads t4 and t5
 * and cooperates on t8; C is told of t9 for information; D leads t6–t9.
 */
const RECEIVED = '2020-08-19T09:00:00+07:00';
const REPORT_BY = '2020-08-20T23:59:59.999+07:00';
const DUE: Readonly<Record<string, TaskDue>> = {
  t2: { type: 'date', date: '2020-08-25' },
  t3: { type: 'workingDays', days: 5 },
  t4: { type: 'none' },
  t6: { type: 'date', date: '2020-08-31' },
};

const report = (version: number, submittedAt: string, done: readonly string[], review: ReportOnTasks['review'] = 'pending', reviewedAt: string | null = null, all: readonly string[] = done): ReportOnTasks => ({
  version,
  submittedAt,
  tasks: Object.fromEntries(all.map((t) => [t, { done: done.includes(t) }])),
  review,
  reviewedAt,
});

/** A: t1 done on 20/8 (accepted 21/8); t2 and t3 done on 27/8 (accepted 28/8); t4 never marked. */
const A_REPORTS = [
  report(1, '2020-08-20T10:00:00+07:00', ['t1'], 'accepted', '2020-08-21T08:00:00+07:00', ['t1', 't2', 't3', 't4']),
  report(2, '2020-08-27T10:00:00+07:00', ['t1', 't2', 't3'], 'accepted', '2020-08-28T08:00:00+07:00', ['t1', 't2', 't3', 't4']),
];
/** B: t4, t5 and its contribution to t8 sent on 20/8, still awaiting review at the end of August. */
const B_REPORTS = [report(1, '2020-08-20T15:00:00+07:00', ['t4', 't5', 't8'])];

const facts = (unitId: string, role: HandlingRole, taskIds: readonly string[], reports: readonly ReportOnTasks[]): TaskFacts[] =>
  taskIds.map((taskId) => ({ directiveId: 'd9', taskId, unitId, role, receivedAt: RECEIVED, due: DUE[taskId], reportBy: REPORT_BY, reportCounted: 'days', reports }));

const ALL: TaskFacts[] = [
  ...facts('A', 'lead', ['t1', 't2', 't3', 't4'], A_REPORTS),
  ...facts('B', 'lead', ['t4', 't5'], B_REPORTS),
  ...facts('B', 'cooperating', ['t8'], B_REPORTS),
  ...facts('C', 'info', ['t9'], []),
  ...facts('D', 'lead', ['t6', 't7', 't8', 't9'], []),
];

const END_OF_AUGUST = '2020-08-31T23:59:59.999+07:00';
const AUGUST = { from: '2020-08-01T00:00:00+07:00', to: END_OF_AUGUST, asOf: END_OF_AUGUST };
const placedAt = (asOf: string) => ALL.map((f) => placeTask(VN, f, asOf));

describe('a task in exactly one bucket', () => {
  it('places each unit’s tasks at the end of August 2020 as hand-computed', () => {
    const where = Object.fromEntries(placedAt(END_OF_AUGUST).map((t) => [`${t.unitId}.${t.taskId}`, t.standing]));
    expect(where).toEqual({
      'A.t1': { kind: 'doneOnTime' },
      // Due by the end of 25/8, sent on 27/8: two days late.
      'A.t2': { kind: 'doneLate', daysLate: 2, counted: 'days' },
      // Five working days from 19/8 is 26/8; sent on 27/8: one working day late.
      'A.t3': { kind: 'doneLate', daysLate: 1, counted: 'workingDays' },
      'A.t4': { kind: 'noDeadline' },
      // Sent on 20/8 and not reviewed yet: done on time, provisionally.
      'B.t4': { kind: 'doneOnTime' },
      'B.t5': { kind: 'doneOnTime' },
      'B.t8': { kind: 'doneOnTime' },
      // Told for information: it owes nothing, so it has no deadline to miss.
      'C.t9': { kind: 'noDeadline' },
      // Due at the very end of the 31st: still on time at that instant, and due soon.
      'D.t6': { kind: 'dueSoon' },
      'D.t7': { kind: 'overdue', daysOverdue: 11, counted: 'days' },
      'D.t8': { kind: 'overdue', daysOverdue: 11, counted: 'days' },
      'D.t9': { kind: 'overdue', daysOverdue: 11, counted: 'days' },
    });
  });

  it('puts every task in one bucket at every instant, and judges it by when the accepted report was sent', () => {
    const instants = ['2020-08-19T10:00:00+07:00', '2020-08-20T12:00:00+07:00', '2020-08-21T09:00:00+07:00', '2020-08-26T12:00:00+07:00', END_OF_AUGUST, '2021-02-10T09:00:00+07:00'];
    for (const at of instants) {
      const placed = placedAt(at);
      const counts = countBuckets(placed);
      expect(TASK_BUCKETS.reduce((sum, b) => sum + counts[b], 0)).toBe(placed.length);
      for (const t of placed) expect(TASK_BUCKETS.filter((b) => b === t.standing.kind)).toHaveLength(1);
    }
    // At noon on 20/8 A's t1 was sent and not yet accepted: done on time, provisionally.
    const a1 = (at: string) => placedAt(at).find((t) => t.unitId === 'A' && t.taskId === 't1')!;
    expect(a1('2020-08-20T12:00:00+07:00').completion).toEqual({ at: '2020-08-20T10:00:00+07:00', version: 1, provisional: true });
    // Accepted the next morning, it stays done as of when it was sent.
    expect(a1('2020-08-21T09:00:00+07:00').completion).toEqual({ at: '2020-08-20T10:00:00+07:00', version: 1, provisional: false });
    expect(a1('2020-08-21T09:00:00+07:00').standing).toEqual({ kind: 'doneOnTime' });
    // Before anything was sent, on 19/8: within the deadline of 20/8, due soon.
    expect(a1('2020-08-19T10:00:00+07:00').standing).toEqual({ kind: 'dueSoon' });
  });

  it('does not count a returned report, and counts the resent one when accepted', () => {
    const reports = [
      report(1, '2020-08-20T10:00:00+07:00', ['t1'], 'returned', '2020-08-20T14:00:00+07:00'),
      report(2, '2020-08-24T10:00:00+07:00', ['t1'], 'accepted', '2020-08-24T15:00:00+07:00'),
    ];
    expect(taskCompletion(reports, 't1', '2020-08-21T09:00:00+07:00')).toBeNull();
    expect(taskCompletion(reports, 't1', '2020-08-25T09:00:00+07:00')).toEqual({ at: '2020-08-24T10:00:00+07:00', version: 2, provisional: false });
  });

  it('reads a final report without marks (sent before tasks were marked) as doing every task, and a progress report as doing none', () => {
    const legacy: ReportOnTasks[] = [{ version: 1, submittedAt: '2020-08-20T10:00:00+07:00', review: 'accepted', reviewedAt: null, tasks: null, period: null }];
    expect(taskCompletion(legacy, 't7', END_OF_AUGUST)?.provisional).toBe(false);
    expect(taskCompletion([{ ...legacy[0]!, period: 1 }], 't7', END_OF_AUGUST)).toBeNull();
  });
});

describe('the statistics of a month', () => {
  it('adds up to the hand-computed table for August 2020, lead tasks only', () => {
    const stats = taskStatistics(placedAt(END_OF_AUGUST), AUGUST);
    // B's contribution to t8 and C's t9 for information are not counted: only the lead's task counts.
    expect(officialFigures(stats.total)).toEqual({ doneOnTime: 3, doneLate: 2, notDoneWithin: 1, notDoneOverdue: 3, noDeadline: 1 });
    expect(stats.total.total).toBe(10);
    expect(stats.total.provisional).toBe(2);
    const byUnit = Object.fromEntries(stats.byUnit.map((u) => [u.unitId, officialFigures(u.counts)]));
    expect(byUnit).toEqual({
      A: { doneOnTime: 1, doneLate: 2, notDoneWithin: 0, notDoneOverdue: 0, noDeadline: 1 },
      B: { doneOnTime: 2, doneLate: 0, notDoneWithin: 0, notDoneOverdue: 0, noDeadline: 0 },
      D: { doneOnTime: 0, doneLate: 0, notDoneWithin: 1, notDoneOverdue: 3, noDeadline: 0 },
    });
    const byTask = Object.fromEntries(stats.byTask.map((t) => [t.taskId, t.counts.total]));
    expect(byTask).toEqual({ t1: 1, t2: 1, t3: 1, t4: 2, t5: 1, t6: 1, t7: 1, t8: 1, t9: 1 });
    for (const breakdown of [stats.byUnit, stats.byTask]) {
      for (const key of ['total', ...TASK_BUCKETS, 'provisional'] as const) {
        expect(breakdown.reduce((sum, row) => sum + row.counts[key], 0)).toBe(stats.total[key]);
      }
    }
  });

  it('leaves out of September what was done and accepted in August, and keeps what is open or awaits review', () => {
    const end = '2020-09-30T23:59:59.999+07:00';
    const september = { from: '2020-09-01T00:00:00+07:00', to: end, asOf: end };
    const stats = taskStatistics(placedAt(end), september);
    expect(stats.byUnit.map((u) => u.unitId)).toEqual(['A', 'B', 'D']);
    // A's t4 (no deadline) stays; its t1–t3 were done in August.
    expect(stats.byUnit.find((u) => u.unitId === 'A')!.counts.total).toBe(1);
    expect(officialFigures(stats.total)).toEqual({ doneOnTime: 2, doneLate: 0, notDoneWithin: 0, notDoneOverdue: 4, noDeadline: 1 });
  });

  it('counts nothing received after the period', () => {
    const july = { from: '2020-07-01T00:00:00+07:00', to: '2020-07-31T23:59:59.999+07:00', asOf: '2020-07-31T23:59:59.999+07:00' };
    expect(placedAt(july.asOf).filter((t) => inPeriod(t, july))).toEqual([]);
  });
});

describe('roles change duties', () => {
  it('gives a lead, a cooperating unit and one told for information their duties', () => {
    expect(DUTIES.lead).toEqual({ reports: true, chased: true, counts: true });
    expect(DUTIES.cooperating).toEqual({ reports: true, chased: true, counts: false });
    expect(DUTIES.info).toEqual({ reports: false, chased: false, counts: false });
  });

  it('makes a unit that leads one bullet of 1119 and cooperates on another a lead (Đài PT-TH: t1 and t8)', () => {
    const hierarchy = buildHierarchy(KIEN_GIANG_SCHEME, kienGiangUnits());
    expect(unitRoleIn(hierarchy, DIRECTIVE_1119, KG.daiPTTH)).toBe('lead');
    expect(assignmentRoleOf(DIRECTIVE_1119, KG.daiPTTH, ['t8'])).toBe('cooperating');
    expect(unitRoleIn(hierarchy, DIRECTIVE_1119, KG.soTTTT)).toBe('lead');
  });

  it('schedules no report, no reminder and no escalation for a unit told for information only', () => {
    const hierarchy = buildHierarchy(KIEN_GIANG_SCHEME, kienGiangUnits());
    const informed = { ...DIRECTIVE_1119, roles: { [KG.hiepHoiDN]: 'info' as const }, tasks: DIRECTIVE_1119.tasks.map((t) => (t.id === 't2' ? { ...t, roles: { [KG.hiepHoiDN]: 'info' as const } } : t)) };
    const issued = '2020-08-19T09:00:00+07:00';
    const info = scheduleAssignment(VN, hierarchy, informed, KG.hiepHoiDN, issued);
    expect(info.reportBy).toBeNull();
    expect(info.alarms).toEqual([]);
    expect(Date.parse(info.acknowledgeBy)).toBeGreaterThan(Date.parse(issued));
    // A lead of the same directive is chased as before.
    const lead = scheduleAssignment(VN, hierarchy, informed, KG.soGDDT, issued);
    expect(lead.reportBy).not.toBeNull();
    expect(lead.alarms.length).toBeGreaterThan(0);
  });
});

describe('task marks in a report', () => {
  it('accepts marks of the assignment’s own tasks and names each bad one by its field', () => {
    const ok = { figures: {}, narrative: '', tasks: { t1: { done: true, note: 'Đã triển khai' }, t9: { done: false } } };
    expect(() => validateReport([], [], null, ok, ['t1', 't9'])).not.toThrow();
    const bad = { figures: {}, narrative: '', tasks: { t1: { done: 'yes' }, t5: { done: true }, t9: { done: true, note: 'x'.repeat(4_001) } } } as never;
    expect(() => validateReport([], [], null, bad, ['t1', 't9'])).toThrow(
      expect.objectContaining({ code: 'INVALID_REPORT', details: { fields: { 'task:t1': 'NOT_BOOLEAN', 'task:t5': 'UNKNOWN_TASK', 'task:t9': 'TOO_LONG' } } }),
    );
  });
});
