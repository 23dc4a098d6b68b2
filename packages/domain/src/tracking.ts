import type { Directive } from './directive';
import { dayCountOf, escalationInstants, reminderInstants, resolveDeadline, type DayCount, type DeadlineSpec, type EscalationAction } from './deadlines';
import { formatVnInstant, instantMs, localDayOfMs, subtractWorkingDayNumbers, vnMomentMs, type BusinessCalendar } from './calendar';
import { groupIncludes, roleOf, taskIdsOf, type HandlingRole } from './directive';
import { DUTIES, unitRoleIn } from './tasks';
import type { Hierarchy } from './hierarchy';
import { expectedRate, isAtRisk } from './rollup';
import { progressPeriods, type PeriodRange, type ProgressPeriod } from './periodic';
import { DEFAULT_EXTENSION_CLOSE, DEFAULT_TRACKING, type TrackingPolicy } from './tracking-policy';

export { DEFAULT_EXTENSION_CLOSE, DEFAULT_TRACKING, type TrackingPolicy } from './tracking-policy';

/** `progress` is one period of a progress-report schedule; its alarms carry the period. */
export type DeadlineKind = 'acknowledge' | 'report' | 'progress' | 'task';

export interface ScheduledAlarm {
  readonly key: string;
  readonly at: string;
  readonly deadline: DeadlineKind;
  readonly action: 'reminder' | EscalationAction;
  readonly step: number;
  /** The progress period an alarm of a `progress` deadline belongs to. */
  readonly period?: number;
  /** The task an alarm of a `task` deadline is about (a task due before the report), and when it is due. */
  readonly task?: string;
  readonly due?: string;
}

export interface AssignmentSchedule {
  readonly acknowledgeBy: string;
  readonly reportBy: string | null;
  readonly alarms: readonly ScheduledAlarm[];
  /** The progress periods before the final report (absent in plans made before they existed). */
  readonly periods?: readonly ProgressPeriod[];
  /**
   * The regime goes on until the issuer ends it (`untilEnded`): `periods` holds only the next ones,
   * and the workflow asks for more as they run out. Absent otherwise.
   */
  readonly periodsUntilEnded?: boolean;
  /** How days past each deadline are counted: in working days where it was set in working days (absent in older plans: days). */
  readonly acknowledgeCounted?: DayCount;
  readonly reportCounted?: DayCount;
  /** The last instant an extension may be asked for (absent in older plans, and with no report deadline: any time while open). */
  readonly extensionsCloseAt?: string;
}

/**
 * The end of the working day `workingDays` before the report deadline's day: the last moment an
 * extension may be asked. Never before `issuedAt`'s day ends: a unit given a short deadline may still ask on its first day.
 */
export function extensionsCloseAt(calendar: BusinessCalendar, reportBy: string, issuedAt: string, workingDays: number): string {
  const deadlineDay = localDayOfMs(instantMs(reportBy));
  const closeDay = Math.max(subtractWorkingDayNumbers(calendar, deadlineDay, workingDays), localDayOfMs(instantMs(issuedAt)));
  const end = formatVnInstant(vnMomentMs(closeDay, 0) + 86_400_000 - 1);
  // A deadline earlier in the day than that end (a same-day deadline) closes requests with it.
  return instantMs(end) > instantMs(reportBy) ? reportBy : end;
}

/** The report deadline a unit owes: its own deadline in the directive, else the target date. */
function reportSpecFor(hierarchy: Hierarchy, directive: Directive, unitId: string): DeadlineSpec | null {
  const owed = directive.deadlines
    .filter((d) => !d.owers || groupIncludes(hierarchy, directive.issuerUnitId, d.owers, unitId))
    .map((d) => d.due)
    .sort()[0];
  const due = owed ?? directive.targets.map((t) => t.due).sort()[0];
  if (!due) return null;
  // "trước 16 giờ ngày 21/8/2020" keeps its time; a plain date means the end of that day.
  const [date, time] = due.split('T');
  return time ? { type: 'date', date: date!, time: time.slice(0, 5) } : { type: 'date', date: date! };
}

/**
 * The unit's tasks with a deadline of their own before its report's (none when the directive gives no
 * task a deadline of its own), that the unit is chased for: not those it is only told of.
 */
function earlyTasks(
  calendar: BusinessCalendar,
  hierarchy: Hierarchy,
  directive: Directive,
  unitId: string,
  issuedAt: string,
  reportBy: string | null,
  role: HandlingRole,
): { taskId: string; due: string }[] {
  if (!directive.tasks.some((t) => t.due !== undefined && t.due.type !== 'none')) return [];
  const held = new Set(taskIdsOf(hierarchy, directive, unitId));
  return directive.tasks.flatMap((task) => {
    if (!held.has(task.id) || task.due === undefined || task.due.type === 'none') return [];
    if (!DUTIES[roleOf(directive, unitId, task.id, role)].chased) return [];
    const due = resolveDeadline(calendar, task.due, issuedAt);
    return reportBy === null || Date.parse(due) < Date.parse(reportBy) ? [{ taskId: task.id, due }] : [];
  });
}

/**
 * Every deadline and alarm of one assignment, from the moment it was issued: reminders before each
 * deadline, then the escalation steps after it, all on the working-day calendar. A unit told for
 * information only (để biết) acknowledges receipt and owes nothing else: no report deadline, and it is
 * never reminded or escalated.
 */
export function scheduleAssignment(
  calendar: BusinessCalendar,
  hierarchy: Hierarchy,
  directive: Directive,
  unitId: string,
  issuedAt: string,
  policy: TrackingPolicy = { ...DEFAULT_TRACKING, ...directive.tracking },
  /** Which progress periods (all by default; a regime `untilEnded` the next PERIODS_AHEAD), and whether the issuer ended them. */
  range: PeriodRange = {},
  /** The unit's role when it is not the directive's to say (forwarded, reassigned, succeeded: the role it inherited). */
  role: HandlingRole = unitRoleIn(hierarchy, directive, unitId),
): AssignmentSchedule {
  const acknowledgeBy = resolveDeadline(calendar, policy.acknowledgeWithin, issuedAt);
  const duties = DUTIES[role];
  if (!duties.reports && !duties.chased) return { acknowledgeBy, reportBy: null, alarms: [], acknowledgeCounted: dayCountOf(policy.acknowledgeWithin), reportCounted: 'days' };
  const reportSpec = policy.reportBy ?? reportSpecFor(hierarchy, directive, unitId);
  const rawReportBy = reportSpec ? resolveDeadline(calendar, reportSpec, issuedAt) : null;
  // A report deadline already past at issue (a late delivery) still leaves the acknowledgement window.
  const reportBy = rawReportBy && Date.parse(rawReportBy) < Date.parse(acknowledgeBy) ? acknowledgeBy : rawReportBy;

  const alarms: ScheduledAlarm[] = [];
  const add = (deadline: DeadlineKind, due: string, start: string, period?: number, task?: string) => {
    const prefix = task !== undefined ? `${deadline}:${task}` : period === undefined ? deadline : `${deadline}:${period}`;
    const of = task !== undefined ? { task, due } : period === undefined ? {} : { period };
    reminderInstants(calendar, policy.reminders, start, due).forEach((at, step) =>
      alarms.push({ key: `${prefix}:reminder:${step}`, at, deadline, action: 'reminder', step, ...of }),
    );
    for (const { at, step, index } of escalationInstants(calendar, policy.escalation, due)) {
      alarms.push({ key: `${prefix}:${step.action}:${index}`, at, deadline, action: step.action, step: index, ...of });
    }
  };
  add('acknowledge', acknowledgeBy, issuedAt);
  if (reportBy) add('report', reportBy, issuedAt);
  const periods = policy.progressReports ? progressPeriods(calendar, policy.progressReports, issuedAt, reportBy, range) : [];
  for (const p of periods) add('progress', p.dueBy, p.from, p.period);
  // A task due before the report (its own date or working days) is chased on its own deadline.
  if (duties.chased) for (const t of earlyTasks(calendar, hierarchy, directive, unitId, issuedAt, reportBy, role)) add('task', t.due, issuedAt, undefined, t.taskId);
  alarms.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.key.localeCompare(b.key));
  const counted = {
    acknowledgeCounted: dayCountOf(policy.acknowledgeWithin),
    reportCounted: dayCountOf(reportSpec),
    ...(reportBy ? { extensionsCloseAt: extensionsCloseAt(calendar, reportBy, issuedAt, policy.extensionsCloseWorkingDays ?? DEFAULT_EXTENSION_CLOSE) } : {}),
  };
  if (!policy.progressReports) return { acknowledgeBy, reportBy, alarms, ...counted };
  return { acknowledgeBy, reportBy, alarms, periods, ...counted, ...(policy.progressReports.untilEnded ? { periodsUntilEnded: true } : {}) };
}

export interface ProgressAssessment {
  readonly rateKey: string;
  /** The unit's reported rate, in percent. */
  readonly actual: number;
  /** Where the straight path from the directive's date to the target says it should be by now. */
  readonly expected: number;
  readonly atRisk: boolean;
}

/**
 * Is a unit behind target? Its reported rate (the first rate with a target) against the straight
 * path from 0% on the directive's date to the target on the target's date. Null when the directive
 * sets no target rate or the report lacks a denominator.
 */
export function assessProgress(directive: Directive, figures: Readonly<Record<string, number>>, now: string): ProgressAssessment | null {
  const rate = (directive.rates ?? []).find((r) => r.targetPercent !== undefined);
  const due = directive.targets.find((t) => t.unit === 'percent')?.due;
  if (!rate || rate.targetPercent === undefined || !due) return null;
  const numerator = figures[rate.numerator];
  const denominator = figures[rate.denominator];
  if (numerator === undefined || denominator === undefined || denominator <= 0) return null;
  const actual = (numerator / denominator) * 100;
  const expected = expectedRate(0, directive.date, rate.targetPercent, due, now);
  return { rateKey: rate.key, actual, expected, atRisk: isAtRisk(actual, expected) };
}
