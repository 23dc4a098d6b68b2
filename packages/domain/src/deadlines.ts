import {
  WORK_START_MINUTES,
  addWorkingDayNumbers,
  dayNumberOf,
  formatVnInstant,
  instantMs,
  localDayOfMs as localDay,
  nextWorkingMoment,
  subtractWorkingDayNumbers,
  vnMomentMs,
  type BusinessCalendar,
} from './calendar';
import { DomainError } from './errors';

/** How a dispatch states a deadline: a date ("đến ngày 20/8"), or a number of working days from issue. */
export type DeadlineSpec =
  | { readonly type: 'date'; readonly date: string; readonly time?: string }
  | { readonly type: 'workingDays'; readonly days: number };

/**
 * A task's own deadline: a date ("trước ngày 25/8"), N working days from receipt, or none ("thường
 * xuyên"). A task without one is due with the unit's report (./tasks.ts).
 */
export type TaskDue = DeadlineSpec | { readonly type: 'none' };

export interface ReminderPolicy {
  /** Points of the window (0 < f < 1) at which to remind, e.g. 0.5 = half-way. */
  readonly fractions: readonly number[];
  /** Remind at 08:00 on the Nth working day before the deadline's date. */
  readonly workingDaysBefore: readonly number[];
}

export type EscalationAction = 'remind' | 'escalate_parent' | 'escalate_province';

export interface EscalationStep {
  readonly afterWorkingDays: number;
  readonly action: EscalationAction;
}

export interface EscalationPolicy {
  readonly steps: readonly EscalationStep[];
}

/**
 * How days past a deadline are counted: calendar days, or working days where the deadline itself was
 * set in working days ("trong 5 ngày làm việc"), so that "quá hạn N ngày" says which.
 */
export type DayCount = 'days' | 'workingDays';

/** The four public-reporting buckets (QĐ 42/2014/QĐ-TTg), with "due soon" split out of "trong hạn". */
export type Standing =
  | { readonly kind: 'within' }
  | { readonly kind: 'dueSoon' }
  | { readonly kind: 'overdue'; readonly daysOverdue: number; readonly counted: DayCount }
  | { readonly kind: 'doneOnTime' }
  | { readonly kind: 'doneLate'; readonly daysLate: number; readonly counted: DayCount };

/** How a deadline given as `spec` counts the days past it. */
export function dayCountOf(spec: DeadlineSpec | null | undefined): DayCount {
  return spec?.type === 'workingDays' ? 'workingDays' : 'days';
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = Object.freeze({
  fractions: Object.freeze([0.5, 0.75]),
  workingDaysBefore: Object.freeze([1]),
});

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = Object.freeze({
  steps: Object.freeze([
    Object.freeze({ afterWorkingDays: 0, action: 'remind' as const }),
    Object.freeze({ afterWorkingDays: 1, action: 'escalate_parent' as const }),
    Object.freeze({ afterWorkingDays: 2, action: 'escalate_province' as const }),
  ]),
});

const END_OF_DAY_MS = 86_400_000 - 1;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function invalid(message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('INVALID_INPUT', message, details);
}

function endOfDay(day: number): string {
  return formatVnInstant(vnMomentMs(day, 0) + END_OF_DAY_MS);
}

/**
 * The deadline as an instant. A date without a time means the whole of that day is allowed
 * ("đến ngày 20/8/2020" includes the 20th), so it ends at 23:59:59.999 local. Working days count from
 * the local issue date (not included) and likewise end at the end of the last one.
 */
export function resolveDeadline(calendar: BusinessCalendar, spec: DeadlineSpec, issuedAt: string): string {
  const issuedMs = instantMs(issuedAt);
  switch (spec.type) {
    case 'date': {
      const day = dayNumberOf(spec.date);
      if (spec.time === undefined) return endOfDay(day);
      const m = typeof spec.time === 'string' ? TIME_RE.exec(spec.time) : null;
      if (!m) invalid(`Not an HH:mm time: ${String(spec.time)}`, { time: spec.time });
      return formatVnInstant(vnMomentMs(day, Number(m[1]) * 60 + Number(m[2])));
    }
    case 'workingDays':
      return endOfDay(addWorkingDayNumbers(calendar, localDay(issuedMs), spec.days));
    default:
      return invalid(`Unknown deadline type: ${String((spec as { type?: unknown }).type)}`);
  }
}

function checkPolicy(policy: ReminderPolicy): void {
  for (const f of policy.fractions) {
    if (typeof f !== 'number' || !(f > 0 && f < 1)) invalid(`Reminder fraction must lie in (0, 1): ${String(f)}`, { fraction: f });
  }
  for (const n of policy.workingDaysBefore) {
    if (!Number.isInteger(n) || n < 1) invalid(`workingDaysBefore must be a whole number ≥ 1: ${String(n)}`, { days: n });
  }
}

/**
 * When to remind the assignee between the start of the window and the deadline: at each fraction of the
 * window and at 08:00 on each chosen working day before the deadline, moved into working hours. Only
 * moments strictly inside the window survive; sorted, without duplicates.
 */
export function reminderInstants(calendar: BusinessCalendar, policy: ReminderPolicy, windowStart: string, deadline: string): string[] {
  checkPolicy(policy);
  const start = instantMs(windowStart);
  const end = instantMs(deadline);
  if (end <= start) return [];
  const candidates: string[] = [];
  for (const f of policy.fractions) {
    candidates.push(formatVnInstant(start + Math.round(f * (end - start))));
  }
  const deadlineDay = localDay(end);
  for (const n of policy.workingDaysBefore) {
    candidates.push(formatVnInstant(vnMomentMs(subtractWorkingDayNumbers(calendar, deadlineDay, n), WORK_START_MINUTES)));
  }
  const chosen = new Set<number>();
  for (const c of candidates) {
    const ms = instantMs(nextWorkingMoment(calendar, c));
    if (ms > start && ms < end) chosen.add(ms);
  }
  return [...chosen].sort((a, b) => a - b).map(formatVnInstant);
}

/**
 * When each escalation step fires: a step of 0 working days at the deadline itself, a step of N at 08:00
 * on the Nth working day after the deadline's local date. Sorted by time, policy order breaking ties.
 */
export function escalationInstants(
  calendar: BusinessCalendar,
  policy: EscalationPolicy,
  deadline: string,
): Array<{ readonly at: string; readonly step: EscalationStep; readonly index: number }> {
  const deadlineMs = instantMs(deadline);
  const deadlineDay = localDay(deadlineMs);
  const fired = policy.steps.map((step, index) => {
    const n = step.afterWorkingDays;
    if (!Number.isInteger(n) || n < 0) invalid(`afterWorkingDays must be a whole number ≥ 0: ${String(n)}`, { index });
    const ms = n === 0 ? deadlineMs : vnMomentMs(addWorkingDayNumbers(calendar, deadlineDay, n), WORK_START_MINUTES);
    return { ms, at: formatVnInstant(ms), step, index };
  });
  fired.sort((a, b) => a.ms - b.ms || a.index - b.index);
  return fired.map(({ at, step, index }) => ({ at, step, index }));
}

/**
 * Calendar days from the deadline's local date to the later moment's, at least 1: Vietnamese reports
 * say "quá hạn N ngày" in calendar days, and a task finished a few hours late is still a day late.
 */
function daysPast(deadlineMs: number, laterMs: number): number {
  return Math.max(1, localDay(laterMs) - localDay(deadlineMs));
}

/**
 * Working days from the deadline's local date to the later moment's, the later one counted when it is
 * a working day, at least 1: a deadline of Friday missed until Monday is one working day late.
 */
function workingDaysPast(calendar: BusinessCalendar, deadlineMs: number, laterMs: number): number {
  let count = 0;
  for (let day = localDay(deadlineMs) + 1; day <= localDay(laterMs); day += 1) {
    if (addWorkingDayNumbers(calendar, day, 0) === day) count += 1;
  }
  return Math.max(1, count);
}

/**
 * Where a task stands at `now`. The deadline instant itself is still on time. "Due soon" means the
 * deadline's date is no later than `dueSoonWorkingDays` working days after today.
 */
export function standingOf(
  calendar: BusinessCalendar,
  input: { readonly deadline: string; readonly completedAt: string | null; readonly counted?: DayCount },
  now: string,
  dueSoonWorkingDays = 1,
): Standing {
  const deadlineMs = instantMs(input.deadline);
  const nowMs = instantMs(now);
  if (!Number.isInteger(dueSoonWorkingDays) || dueSoonWorkingDays < 0) {
    invalid(`dueSoonWorkingDays must be a whole number ≥ 0: ${String(dueSoonWorkingDays)}`);
  }
  const counted = input.counted ?? 'days';
  const past = (laterMs: number) => (counted === 'workingDays' ? workingDaysPast(calendar, deadlineMs, laterMs) : daysPast(deadlineMs, laterMs));
  if (input.completedAt !== null) {
    const doneMs = instantMs(input.completedAt);
    return doneMs <= deadlineMs ? { kind: 'doneOnTime' } : { kind: 'doneLate', daysLate: past(doneMs), counted };
  }
  if (nowMs > deadlineMs) return { kind: 'overdue', daysOverdue: past(nowMs), counted };
  const horizon = addWorkingDayNumbers(calendar, localDay(nowMs), dueSoonWorkingDays);
  return localDay(deadlineMs) <= horizon ? { kind: 'dueSoon' } : { kind: 'within' };
}
