import type { AssignmentSchedule } from './tracking';

/**
 * A changed year of the working-day calendar and the assignments already running: which of them
 * re-plan, and whether a re-plan changed anything. Pure, so the workflow decides it deterministically.
 *
 * An assignment re-plans when the year lies between its issue and its last deadline (its
 * acknowledgement, report and progress deadlines are counted in working days from the issue, so a
 * day off added or removed in between moves them). It re-plans with the deadlines in force (an
 * amendment's or an extension's dates stay as set) and the same alarm keys: a reminder already sent is
 * not sent again, the ones still ahead move with their deadline.
 */
export function scheduleTouchesYear(schedule: AssignmentSchedule, issuedAt: string, year: number): boolean {
  const last = [schedule.acknowledgeBy, schedule.reportBy, ...(schedule.periods ?? []).map((p) => p.dueBy)]
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1)!;
  // Years by Vietnam's date: +07:00 instants compare by their first four characters once shifted.
  const yearOf = (instant: string) => new Date(Date.parse(instant) + 7 * 3_600_000).getUTCFullYear();
  return yearOf(issuedAt) <= year && year <= yearOf(last);
}

/** The deadlines of two plans, alarms aside: equal when nothing a person sees would change. */
export function sameDeadlines(a: AssignmentSchedule, b: AssignmentSchedule): boolean {
  const key = (s: AssignmentSchedule) =>
    JSON.stringify([s.acknowledgeBy, s.reportBy, (s.periods ?? []).map((p) => [p.period, p.dueBy]), s.alarms.map((al) => [al.key, al.at])]);
  return key(a) === key(b);
}
