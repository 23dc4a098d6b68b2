import { describe, expect, it } from 'vitest';
import { alarmDeadlineAt, chainOf, finalReported, isAnswered, isOverdue, nextAlarm, openTasks, type Obligations } from './obligations';
import type { AssignmentSchedule, ScheduledAlarm } from './tracking';

const periods = [
  { period: 1, from: '2026-12-04T10:00:00.000Z', dueBy: '2026-12-11T10:00:00.000Z' },
  { period: 2, from: '2026-12-11T10:00:00.000Z', dueBy: '2026-12-18T10:00:00.000Z' },
];
const schedule = (over: Partial<AssignmentSchedule> = {}): AssignmentSchedule => ({
  acknowledgeBy: '2026-12-08T10:00:00.000Z',
  reportBy: '2026-12-25T10:00:00.000Z',
  alarms: [],
  ...over,
});
const alarm = (key: string, at: string, over: Partial<ScheduledAlarm> = {}): ScheduledAlarm => ({ key, at, deadline: 'report', action: 'reminder', step: 0, ...over });
const none = { fired: new Set<string>(), stoppedChains: new Set<string>() };

describe('which report answers which deadline', () => {
  it('any action past issued answers the acknowledgement', () => {
    expect(isAnswered({ state: 'issued', reports: [] }, 'acknowledge')).toBe(false);
    expect(isAnswered({ state: 'acknowledged', reports: [] }, 'acknowledge')).toBe(true);
    expect(isAnswered({ state: 'reported', reports: [{}] }, 'acknowledge')).toBe(true);
  });

  it('without periods any report answers the report deadline, once the state says reported', () => {
    expect(isAnswered({ state: 'reported', reports: [{}] }, 'report')).toBe(true);
    expect(isAnswered({ state: 'accepted', reports: [{}] }, 'report')).toBe(true);
    expect(isAnswered({ state: 'completed', reports: [{}] }, 'report')).toBe(true);
    expect(isAnswered({ state: 'returned', reports: [{}] }, 'report')).toBe(false);
    expect(isAnswered({ state: 'in_progress', reports: [] }, 'report')).toBe(false);
  });

  it('with periods only the final report answers the report deadline', () => {
    const o: Obligations = { state: 'reported', reports: [{ period: 1 }], periods };
    expect(finalReported(o)).toBe(false);
    expect(isAnswered(o, 'report')).toBe(false);
    expect(isAnswered({ ...o, reports: [{ period: 1 }, {}] }, 'report')).toBe(true);
  });

  it('a period is answered by a report for it or a later one, or by the final report', () => {
    const o: Obligations = { state: 'reported', reports: [{ period: 2 }], periods };
    expect(isAnswered(o, 'progress', 1)).toBe(true);
    expect(isAnswered(o, 'progress', 2)).toBe(true);
    expect(isAnswered({ ...o, reports: [{ period: 1 }] }, 'progress', 2)).toBe(false);
    expect(isAnswered({ ...o, reports: [{}] }, 'progress', 2)).toBe(true);
  });
});

describe('overdue', () => {
  it('is past the acknowledgement deadline unacknowledged', () => {
    expect(isOverdue({ state: 'issued', reports: [] }, schedule(), '2026-12-08T09:00:00.000Z')).toBe(false);
    expect(isOverdue({ state: 'issued', reports: [] }, schedule(), '2026-12-08T11:00:00.000Z')).toBe(true);
    expect(isOverdue({ state: 'acknowledged', reports: [] }, schedule(), '2026-12-08T11:00:00.000Z')).toBe(false);
  });

  it('is past the report deadline without the final report; never, when there is none', () => {
    const late = '2026-12-26T00:00:00.000Z';
    expect(isOverdue({ state: 'acknowledged', reports: [] }, schedule(), late)).toBe(true);
    expect(isOverdue({ state: 'reported', reports: [{}] }, schedule(), late)).toBe(false);
    expect(isOverdue({ state: 'reported', reports: [{ period: 2 }], periods }, schedule(), late)).toBe(true);
    expect(isOverdue({ state: 'acknowledged', reports: [] }, schedule({ reportBy: null }), late)).toBe(false);
  });
});

describe('the next alarm', () => {
  const o: Obligations = { state: 'acknowledged', reports: [] };

  it('is the earliest not fired, the first planned of a tie', () => {
    const alarms = [alarm('b', '2026-12-20T00:00:00.000Z'), alarm('a', '2026-12-19T00:00:00.000Z'), alarm('c', '2026-12-19T00:00:00.000Z')];
    expect(nextAlarm(o, alarms, none)?.key).toBe('a');
    expect(nextAlarm(o, alarms, { ...none, fired: new Set(['a']) })?.key).toBe('c');
    expect(nextAlarm(o, alarms, { ...none, fired: new Set(['a', 'b', 'c']) })).toBeUndefined();
  });

  it('skips a deadline answered, and escalations (not reminders) of a stopped chain', () => {
    const alarms = [
      alarm('ack', '2026-12-08T00:00:00.000Z', { deadline: 'acknowledge' }),
      alarm('p1-esc', '2026-12-12T00:00:00.000Z', { deadline: 'progress', period: 1, action: 'escalate_parent', step: 1 }),
      alarm('p1-rem', '2026-12-13T00:00:00.000Z', { deadline: 'progress', period: 1 }),
    ];
    expect(nextAlarm(o, alarms, none)?.key).toBe('p1-esc');
    expect(nextAlarm(o, alarms, { ...none, stoppedChains: new Set([chainOf('progress', 1)]) })?.key).toBe('p1-rem');
    expect(nextAlarm({ ...o, reports: [{ period: 1 }] }, alarms, none)).toBeUndefined();
  });

  it('names its chain by deadline, and by period for progress', () => {
    expect(chainOf('report')).toBe('report');
    expect(chainOf('progress', 3)).toBe('progress:3');
  });
});

describe('the deadline an alarm is about', () => {
  it('is the acknowledgement, the period or the report deadline', () => {
    const s = schedule({ periods });
    expect(alarmDeadlineAt(s, { deadline: 'acknowledge' })).toBe(s.acknowledgeBy);
    expect(alarmDeadlineAt(s, { deadline: 'progress', period: 2 })).toBe(periods[1]!.dueBy);
    expect(alarmDeadlineAt(s, { deadline: 'report' })).toBe(s.reportBy);
  });

  it('falls back to the acknowledgement deadline when the other is missing', () => {
    expect(alarmDeadlineAt(schedule(), { deadline: 'progress', period: 9 })).toBe(schedule().acknowledgeBy);
    expect(alarmDeadlineAt(schedule({ reportBy: null }), { deadline: 'report' })).toBe(schedule().acknowledgeBy);
  });
});

describe('a report that leaves a task open', () => {
  const marks = (entries: Record<string, boolean>) => Object.fromEntries(Object.entries(entries).map(([id, done]) => [id, { done }]));

  it('does not answer the report deadline until every task it marks is done', () => {
    const partial: Obligations = { state: 'accepted', reports: [{ tasks: marks({ t1: true, t8: false }) }] };
    expect(openTasks(partial.reports)).toEqual(['t8']);
    expect(finalReported(partial)).toBe(false);
    expect(isAnswered(partial, 'report')).toBe(false);
    expect(isOverdue(partial, schedule(), '2026-12-26T00:00:00.000Z')).toBe(true);
    // The next report marks the rest done; a task once done stays done when a later report leaves it out.
    const whole: Obligations = { state: 'reported', reports: [...partial.reports, { tasks: marks({ t8: true }) }] };
    expect(openTasks(whole.reports)).toEqual([]);
    expect(finalReported(whole)).toBe(true);
    expect(openTasks([{ tasks: marks({ t1: true }) }, { tasks: marks({ t1: false }) }])).toEqual([]);
  });

  it('keeps chasing it: the report alarms stay due', () => {
    const partial: Obligations = { state: 'reported', reports: [{ tasks: marks({ t1: false }) }] };
    const late = alarm('report:remind:0', '2026-12-28T01:00:00.000Z', { action: 'remind' });
    expect(nextAlarm(partial, [late], none)).toEqual(late);
    // Reports without marks (before tasks were marked) answer as before.
    expect(nextAlarm({ state: 'reported', reports: [{}] }, [late], none)).toBeUndefined();
  });
});

describe('a task’s own deadline', () => {
  it('is answered once a report marks the task done, or the issuer dropped it', () => {
    const open: Obligations = { state: 'acknowledged', reports: [{ tasks: { t1: { done: false } } }] };
    expect(isAnswered(open, 'task', undefined, 't1')).toBe(false);
    expect(isAnswered({ ...open, reports: [...open.reports, { tasks: { t1: { done: true } } }] }, 'task', undefined, 't1')).toBe(true);
    expect(isAnswered({ ...open, dropped: ['t1'] }, 'task', undefined, 't1')).toBe(true);
    const alarmOfTask = alarm('task:t1:escalate_parent:0', '2026-12-10T01:00:00.000Z', { deadline: 'task', action: 'escalate_parent', task: 't1', due: '2026-12-09T16:59:59.999Z' });
    expect(nextAlarm(open, [alarmOfTask], none)).toEqual(alarmOfTask);
    expect(nextAlarm(open, [alarmOfTask], { fired: new Set(), stoppedChains: new Set([chainOf('task', undefined, 't1')]) })).toBeUndefined();
    expect(alarmDeadlineAt(schedule(), alarmOfTask)).toBe('2026-12-09T16:59:59.999Z');
  });
});
