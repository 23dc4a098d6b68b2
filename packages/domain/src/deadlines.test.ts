import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from './calendar';
import {
  DEFAULT_ESCALATION_POLICY,
  DEFAULT_REMINDER_POLICY,
  escalationInstants,
  reminderInstants,
  resolveDeadline,
  standingOf,
  type EscalationPolicy,
} from './deadlines';
import { codeOf } from './test-support';

const VN = vietnamCalendar();
/** Công văn 1119/UBND-KGVX was issued on Wednesday 19/8/2020. */
const ISSUED_1119 = '2020-08-19T08:00:00+07:00';
/** "đến ngày 20/8/2020": the whole of the 20th is allowed. */
const DUE_1119 = '2020-08-20T23:59:59.999+07:00';

describe('resolveDeadline', () => {
  it('reads "đến ngày 20/8/2020" as the end of the 20th', () => {
    expect(resolveDeadline(VN, { type: 'date', date: '2020-08-20' }, ISSUED_1119)).toBe(DUE_1119);
  });

  it('reads "trước 16 giờ ngày 21/8/2020" as 16:00 local', () => {
    expect(resolveDeadline(VN, { type: 'date', date: '2020-08-21', time: '16:00' }, ISSUED_1119)).toBe('2020-08-21T16:00:00+07:00');
  });

  it('counts working days from the local issue date to the end of the last one', () => {
    expect(resolveDeadline(VN, { type: 'workingDays', days: 3 }, ISSUED_1119)).toBe('2020-08-24T23:59:59.999+07:00');
    // 01:00 on Saturday in Vietnam, though still Friday in UTC.
    expect(resolveDeadline(VN, { type: 'workingDays', days: 1 }, '2020-08-21T18:00:00Z')).toBe('2020-08-24T23:59:59.999+07:00');
  });

  it('skips the Tết 2026 break', () => {
    expect(resolveDeadline(VN, { type: 'workingDays', days: 3 }, '2026-02-12T09:00:00+07:00')).toBe('2026-02-24T23:59:59.999+07:00');
  });

  it('rejects bad dates, times and day counts with INVALID_INPUT', () => {
    expect(codeOf(() => resolveDeadline(VN, { type: 'date', date: '20/8/2020' }, ISSUED_1119))).toBe('INVALID_INPUT');
    expect(codeOf(() => resolveDeadline(VN, { type: 'date', date: '2020-08-20', time: '24:00' }, ISSUED_1119))).toBe('INVALID_INPUT');
    expect(codeOf(() => resolveDeadline(VN, { type: 'date', date: '2020-08-20', time: '4pm' }, ISSUED_1119))).toBe('INVALID_INPUT');
    expect(codeOf(() => resolveDeadline(VN, { type: 'workingDays', days: -1 }, ISSUED_1119))).toBe('INVALID_INPUT');
    expect(codeOf(() => resolveDeadline(VN, { type: 'workingDays', days: 2 }, '19/8/2020'))).toBe('INVALID_INPUT');
  });
});

describe('reminderInstants', () => {
  it('reminds half-way, three-quarters of the way and one working day before', () => {
    expect(reminderInstants(VN, DEFAULT_REMINDER_POLICY, '2020-08-19T16:00:00+07:00', '2020-08-21T16:00:00+07:00')).toEqual([
      '2020-08-20T08:00:00+07:00', // one working day before
      '2020-08-20T16:00:00+07:00', // half-way
      '2020-08-21T08:00:00+07:00', // three quarters: 04:00, moved to opening time
    ]);
  });

  it('moves reminders off the weekend and merges those that land together', () => {
    expect(reminderInstants(VN, DEFAULT_REMINDER_POLICY, '2020-08-21T08:00:00+07:00', '2020-08-25T17:00:00+07:00')).toEqual([
      '2020-08-24T08:00:00+07:00', // half-way (Sunday 12:30) and one working day before
      '2020-08-24T14:45:00+07:00',
    ]);
  });

  it('moves reminders past Tết 2026', () => {
    expect(reminderInstants(VN, DEFAULT_REMINDER_POLICY, '2026-02-12T08:00:00+07:00', '2026-02-26T17:00:00+07:00')).toEqual([
      '2026-02-23T08:00:00+07:00',
      '2026-02-25T08:00:00+07:00',
    ]);
  });

  it('drops reminders that fall outside the window once moved', () => {
    expect(reminderInstants(VN, DEFAULT_REMINDER_POLICY, '2020-08-21T12:00:00+07:00', '2020-08-23T23:59:59.999+07:00')).toEqual([]);
    expect(reminderInstants(VN, DEFAULT_REMINDER_POLICY, DUE_1119, ISSUED_1119)).toEqual([]);
  });

  it('rejects fractions outside (0, 1) and negative day counts', () => {
    for (const fractions of [[0], [1], [1.5], [-0.2], [Number.NaN]]) {
      expect(codeOf(() => reminderInstants(VN, { fractions, workingDaysBefore: [] }, ISSUED_1119, DUE_1119))).toBe('INVALID_INPUT');
    }
    expect(codeOf(() => reminderInstants(VN, { fractions: [], workingDaysBefore: [-1] }, ISSUED_1119, DUE_1119))).toBe('INVALID_INPUT');
  });
});

describe('escalationInstants', () => {
  it('reminds at the deadline, then escalates at 08:00 on the following working days, skipping the weekend', () => {
    expect(escalationInstants(VN, DEFAULT_ESCALATION_POLICY, '2020-08-21T16:00:00+07:00')).toEqual([
      { at: '2020-08-21T16:00:00+07:00', step: { afterWorkingDays: 0, action: 'remind' }, index: 0 },
      { at: '2020-08-24T08:00:00+07:00', step: { afterWorkingDays: 1, action: 'escalate_parent' }, index: 1 },
      { at: '2020-08-25T08:00:00+07:00', step: { afterWorkingDays: 2, action: 'escalate_province' }, index: 2 },
    ]);
  });

  it('waits out Tết 2026', () => {
    expect(escalationInstants(VN, DEFAULT_ESCALATION_POLICY, '2026-02-13T23:59:59.999+07:00').map((e) => [e.at, e.step.action])).toEqual([
      ['2026-02-13T23:59:59.999+07:00', 'remind'],
      ['2026-02-23T08:00:00+07:00', 'escalate_parent'],
      ['2026-02-24T08:00:00+07:00', 'escalate_province'],
    ]);
  });

  it('sorts by time and keeps each step’s index in the policy', () => {
    const policy: EscalationPolicy = {
      steps: [
        { afterWorkingDays: 2, action: 'escalate_province' },
        { afterWorkingDays: 0, action: 'remind' },
      ],
    };
    expect(escalationInstants(VN, policy, DUE_1119).map((e) => [e.at, e.index])).toEqual([
      [DUE_1119, 1],
      ['2020-08-24T08:00:00+07:00', 0],
    ]);
  });

  it('rejects a negative step', () => {
    expect(codeOf(() => escalationInstants(VN, { steps: [{ afterWorkingDays: -1, action: 'remind' }] }, DUE_1119))).toBe('INVALID_INPUT');
  });
});

describe('standingOf', () => {
  const open = { deadline: DUE_1119, completedAt: null };

  it('is within the deadline early on', () => {
    expect(standingOf(VN, open, '2020-08-17T09:00:00+07:00')).toEqual({ kind: 'within' });
  });

  it('is due soon the working day before and on the day, up to the deadline itself', () => {
    expect(standingOf(VN, open, '2020-08-19T09:00:00+07:00')).toEqual({ kind: 'dueSoon' });
    expect(standingOf(VN, open, '2020-08-20T23:59:59.999+07:00')).toEqual({ kind: 'dueSoon' });
    expect(standingOf(VN, open, '2020-08-17T09:00:00+07:00', 3)).toEqual({ kind: 'dueSoon' });
  });

  it('counts due-soon in working days across a weekend', () => {
    const monday = { deadline: '2020-08-24T23:59:59.999+07:00', completedAt: null };
    expect(standingOf(VN, monday, '2020-08-21T15:00:00+07:00')).toEqual({ kind: 'dueSoon' });
    expect(standingOf(VN, monday, '2020-08-20T15:00:00+07:00')).toEqual({ kind: 'within' });
  });

  it('is overdue by calendar days, weekends included', () => {
    expect(standingOf(VN, open, '2020-08-21T00:00:00+07:00')).toEqual({ kind: 'overdue', daysOverdue: 1, counted: 'days' });
    expect(standingOf(VN, open, '2020-08-24T10:00:00+07:00')).toEqual({ kind: 'overdue', daysOverdue: 4, counted: 'days' });
  });

  it('is overdue by working days where the deadline was set in working days, and says so', () => {
    // Thursday 20/8 missed: on Monday 24/8 two working days (Friday, Monday), not four calendar days.
    const working = { ...open, counted: 'workingDays' as const };
    expect(standingOf(VN, working, '2020-08-21T00:00:00+07:00')).toEqual({ kind: 'overdue', daysOverdue: 1, counted: 'workingDays' });
    expect(standingOf(VN, working, '2020-08-24T10:00:00+07:00')).toEqual({ kind: 'overdue', daysOverdue: 2, counted: 'workingDays' });
    // Missed on the Saturday's eve of a weekend: still at least one.
    expect(standingOf(VN, working, '2020-08-22T10:00:00+07:00')).toEqual({ kind: 'overdue', daysOverdue: 1, counted: 'workingDays' });
    // Across Tết Canh Tý (23–29/1/2020): missed on Wednesday 22/1, late on Thursday 30/1 by one working day.
    const beforeTet = { deadline: '2020-01-22T23:59:59.999+07:00', completedAt: '2020-01-30T10:00:00+07:00', counted: 'workingDays' as const };
    expect(standingOf(VN, beforeTet, '2020-02-03T09:00:00+07:00')).toEqual({ kind: 'doneLate', daysLate: 1, counted: 'workingDays' });
    expect(standingOf(VN, { ...beforeTet, counted: 'days' }, '2020-02-03T09:00:00+07:00')).toEqual({ kind: 'doneLate', daysLate: 8, counted: 'days' });
  });

  it('is done on time when finished by the deadline, whatever now is', () => {
    expect(standingOf(VN, { deadline: DUE_1119, completedAt: '2020-08-20T22:00:00+07:00' }, '2020-09-01T09:00:00+07:00')).toEqual({
      kind: 'doneOnTime',
    });
    expect(standingOf(VN, { deadline: DUE_1119, completedAt: DUE_1119 }, '2020-08-21T09:00:00+07:00')).toEqual({ kind: 'doneOnTime' });
  });

  it('is done late by calendar days, and at least one day', () => {
    expect(standingOf(VN, { deadline: DUE_1119, completedAt: '2020-08-22T09:00:00+07:00' }, '2020-08-25T09:00:00+07:00')).toEqual({
      kind: 'doneLate',
      daysLate: 2,
      counted: 'days',
    });
    const at16 = { deadline: '2020-08-21T16:00:00+07:00', completedAt: '2020-08-21T17:00:00+07:00' };
    expect(standingOf(VN, at16, '2020-08-21T17:00:00+07:00')).toEqual({ kind: 'doneLate', daysLate: 1, counted: 'days' });
  });

  it('rejects bad instants and thresholds', () => {
    expect(codeOf(() => standingOf(VN, { deadline: '2020-08-20', completedAt: null }, ISSUED_1119))).toBe('INVALID_INPUT');
    expect(codeOf(() => standingOf(VN, open, ISSUED_1119, -1))).toBe('INVALID_INPUT');
  });
});
