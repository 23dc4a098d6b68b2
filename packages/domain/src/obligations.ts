import type { AssignmentState } from './assignment';
import { answeredThrough } from './periodic';
import type { AssignmentSchedule, DeadlineKind, ScheduledAlarm } from './tracking';

/**
 * What an assignment owes and what it has answered, as its workflow decides which alarm still
 * matters: the state, the reports in order, and the plan's progress periods (none in plans made
 * before periods existed).
 */
export interface Obligations {
  readonly state: AssignmentState;
  readonly reports: readonly { readonly period?: number; readonly tasks?: Readonly<Record<string, { readonly done: boolean }>> }[];
  readonly periods?: readonly { readonly period: number; readonly afterFinal?: boolean }[] | undefined;
  /** Tasks the issuer dropped for the unit (đề nghị điều chỉnh): no longer owed. */
  readonly dropped?: readonly string[];
}

const REPORTED_STATES: readonly AssignmentState[] = ['reported', 'accepted', 'completed'];

/**
 * The report deadline is answered. With progress periods only the final report (one answering no
 * period) answers it; without periods, as before, any report does. A regime that goes on past the
 * final deadline (periods `afterFinal`) asks for reports after the final one: they leave it answered.
 */
export function finalReported(o: Obligations): boolean {
  if (!REPORTED_STATES.includes(o.state)) return false;
  // A report that leaves one of its tasks open does not answer the deadline: the unit is still chased for it.
  if (openTasks(o.reports).some((t) => !o.dropped?.includes(t))) return false;
  if (!o.periods?.length || o.reports.at(-1)?.period === undefined) return true;
  return o.periods.some((p) => p.afterFinal) && o.reports.some((r) => r.period === undefined);
}

/**
 * The tasks the unit's reports leave open: marked not done, and never marked done in a report before
 * or since (a task once done stays done). Reports without marks leave none open.
 */
export function openTasks(reports: Obligations['reports']): string[] {
  const done = new Set<string>();
  const open = new Set<string>();
  for (const report of reports) {
    for (const [taskId, mark] of Object.entries(report.tasks ?? {})) {
      if (mark.done) {
        done.add(taskId);
        open.delete(taskId);
      } else if (!done.has(taskId)) open.add(taskId);
    }
  }
  return [...open];
}

/**
 * Which report answers which deadline: the acknowledgement by any action past `issued`; a progress
 * period by a report for it or a later one (figures are cumulative), or by the final report unless
 * the period falls after it (a regime that outlives the final deadline); the report deadline by the
 * final report.
 */
export function isAnswered(o: Obligations, deadline: DeadlineKind, period?: number, task?: string): boolean {
  if (deadline === 'task') return task !== undefined && (taskMarkedDone(o.reports, task) || (o.dropped?.includes(task) ?? false));
  return deadline === 'acknowledge'
    ? o.state !== 'issued'
    : deadline === 'progress'
      ? answeredThrough(o.reports) >= (period ?? 0) || (finalReported(o) && !o.periods?.some((p) => p.period === period && p.afterFinal))
      : finalReported(o);
}

/** Past the acknowledgement deadline unacknowledged, or past the report deadline without the final report. */
export function isOverdue(o: Obligations, schedule: Pick<AssignmentSchedule, 'acknowledgeBy' | 'reportBy'>, now: string): boolean {
  const t = Date.parse(now);
  return (o.state === 'issued' && t > Date.parse(schedule.acknowledgeBy)) || (schedule.reportBy !== null && !isAnswered(o, 'report') && t > Date.parse(schedule.reportBy));
}

/** Whether any report marked the task done (a task once done stays done; its own deadline is then answered). */
export function taskMarkedDone(reports: Obligations['reports'], taskId: string): boolean {
  return reports.some((r) => r.tasks !== undefined && Object.hasOwn(r.tasks, taskId) && r.tasks[taskId]?.done === true);
}

/** The escalation chain an alarm belongs to: its deadline, one period of progress reports, or one task. */
export const chainOf = (deadline: DeadlineKind, period?: number, task?: string): string =>
  task !== undefined ? `${deadline}:${task}` : period === undefined ? deadline : `${deadline}:${period}`;

/** Where an assignment's alarms stand: the keys already fired and the escalation chains stopped. */
export interface AlarmsSeen {
  readonly fired: ReadonlySet<string>;
  readonly stoppedChains: ReadonlySet<string>;
}

/**
 * The next alarm that still matters: not fired yet, for a deadline not answered, and (unless a
 * reminder) on a chain not stopped. The earliest; of alarms at the same moment, the first planned.
 */
export function nextAlarm(o: Obligations, alarms: readonly ScheduledAlarm[], seen: AlarmsSeen): ScheduledAlarm | undefined {
  const due = (alarm: ScheduledAlarm): boolean =>
    !seen.fired.has(alarm.key) &&
    !isAnswered(o, alarm.deadline, alarm.period, alarm.task) &&
    !(alarm.action !== 'reminder' && seen.stoppedChains.has(chainOf(alarm.deadline, alarm.period, alarm.task)));
  return alarms.filter(due).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
}

/** The deadline an alarm is about: the acknowledgement's, its period's, its task's, or the report's (the acknowledgement's when there is none). */
export function alarmDeadlineAt(schedule: AssignmentSchedule, alarm: Pick<ScheduledAlarm, 'deadline' | 'period' | 'due'>): string {
  if (alarm.deadline === 'task') return alarm.due ?? schedule.reportBy ?? schedule.acknowledgeBy;
  return alarm.deadline === 'acknowledge'
    ? schedule.acknowledgeBy
    : alarm.deadline === 'progress'
      ? (schedule.periods?.find((p) => p.period === alarm.period)?.dueBy ?? schedule.acknowledgeBy)
      : (schedule.reportBy ?? schedule.acknowledgeBy);
}
