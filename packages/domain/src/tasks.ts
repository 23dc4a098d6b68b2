import type { BusinessCalendar } from './calendar';
import { formatVnInstant, instantMs } from './calendar';
import { DomainError } from './errors';
import { dayCountOf, resolveDeadline, standingOf, type DayCount, type Standing, type TaskDue } from './deadlines';
import { roleOf, taskIdsOf, type Directive, type HandlingRole } from './directive';
import type { Hierarchy } from './hierarchy';
import type { TaskMark } from './reports';

/**
 * Tasks (nhiệm vụ) as QĐ 42/2014/QĐ-TTg counts them: each bullet of a directive, for each unit that
 * received it, with the unit's role on it, its own deadline, whether it is done and when, and the one
 * bucket it falls in at any instant. The monthly figures a chair is judged by are counts of these.
 */


/** What a role obliges a unit to do on a task. */
export interface Duties {
  /** Owes a report: the lead to its assigner; a cooperating unit its contribution, to the lead. */
  readonly reports: boolean;
  /** Reminded and escalated when late. */
  readonly chased: boolean;
  /** Its report counts upward (rollups, statistics, rankings). */
  readonly counts: boolean;
}

/**
 * Chủ trì (lead) does the task and answers for it; phối hợp (cooperating) contributes to the lead, which
 * reports; để biết (for information) acknowledges receipt and owes nothing else.
 */
export const DUTIES: Readonly<Record<HandlingRole, Duties>> = {
  lead: { reports: true, chased: true, counts: true },
  cooperating: { reports: true, chased: true, counts: false },
  info: { reports: false, chased: false, counts: false },
};

const STRENGTH: Readonly<Record<HandlingRole, number>> = { lead: 0, cooperating: 1, info: 2 };

/**
 * A unit's role on its assignment as a whole: the strongest of its roles on its tasks (a unit that leads
 * one bullet and is told of another leads), or its role on the directive when no task names it.
 */
export function assignmentRoleOf(directive: Pick<Directive, 'roles' | 'tasks'>, unitId: string, taskIds: readonly string[]): HandlingRole {
  if (taskIds.length === 0) return roleOf(directive, unitId);
  return strongestRole(taskIds.map((id) => roleOf(directive, unitId, id)));
}

const anyRoles = (roles: Readonly<Record<string, HandlingRole>> | undefined) => roles !== undefined && Object.keys(roles).length > 0;

/** Whether the directive gives anyone a role other than the default lead, on itself or on a task. */
export function namesRoles(directive: Pick<Directive, 'roles' | 'tasks'>): boolean {
  return anyRoles(directive.roles) || directive.tasks.some((t) => anyRoles(t.roles));
}

/** A unit's role on a directive's assignment, its tasks found from the directive's groups (lead at once when the directive names no roles). */
export function unitRoleIn(hierarchy: Hierarchy, directive: Directive, unitId: string): HandlingRole {
  if (!namesRoles(directive)) return 'lead';
  return assignmentRoleOf(directive, unitId, taskIdsOf(hierarchy, directive, unitId));
}

/**
 * Whether the directive itself addresses the unit (a task's group includes it, or it gives the unit a
 * role). One it does not (a ward a district forwarded to, the unit a task was reassigned to, a
 * reorganisation's successor) keeps the role of the unit it has the task from.
 */
export function addresses(hierarchy: Hierarchy, directive: Directive, unitId: string): boolean {
  return Object.hasOwn(directive.roles ?? {}, unitId) || taskIdsOf(hierarchy, directive, unitId).length > 0;
}

/** The strongest of several roles (a successor of a lead and of a unit told for information leads). */
export function strongestRole(roles: readonly HandlingRole[]): HandlingRole {
  return roles.reduce<HandlingRole>((a, b) => (STRENGTH[b] < STRENGTH[a] ? b : a), 'info');
}

/** A report as the task rules read it: when it was sent, what it marked and how it was reviewed. */
export interface ReportOnTasks {
  readonly version: number;
  readonly submittedAt: string;
  /** The progress period it answers; absent or null for the final report. */
  readonly period?: number | null;
  /** Marks by task id; absent in reports sent before tasks were reported one by one. */
  readonly tasks?: Readonly<Record<string, TaskMark>> | null;
  readonly review: 'pending' | 'accepted' | 'returned';
  readonly reviewedAt?: string | null;
}

/**
 * Whether a report says the task is done. A report without marks (sent before tasks were reported one by
 * one, or by a client that does not mark them) that is the final report answers every task it covers.
 */
export function marksDone(report: Pick<ReportOnTasks, 'tasks' | 'period'>, taskId: string): boolean {
  if (report.tasks !== undefined && report.tasks !== null) {
    return Object.hasOwn(report.tasks, taskId) && report.tasks[taskId]?.done === true;
  }
  return report.period === undefined || report.period === null;
}

/** When a task was done: the sending of the report that says so. Provisional while that report awaits review. */
export interface TaskCompletion {
  readonly at: string;
  readonly version: number;
  readonly provisional: boolean;
}

/**
 * A task's completion as it stood at `asOf`: the first accepted report that marked it done (timeliness
 * is judged by when the unit sent it, not when the assigner clicked), else the latest report if it
 * marks it done and awaits review (provisional), else none. Reports sent or reviewed after `asOf` are
 * read as they were then.
 */
export function taskCompletion(reports: readonly ReportOnTasks[], taskId: string, asOf: string): TaskCompletion | null {
  const until = instantMs(asOf);
  const seen = reports.filter((r) => instantMs(r.submittedAt) <= until).sort((a, b) => a.version - b.version);
  const reviewThen = (r: ReportOnTasks) =>
    r.review !== 'pending' && (r.reviewedAt === undefined || r.reviewedAt === null || instantMs(r.reviewedAt) <= until) ? r.review : 'pending';
  const accepted = seen.find((r) => marksDone(r, taskId) && reviewThen(r) === 'accepted');
  if (accepted) return { at: accepted.submittedAt, version: accepted.version, provisional: false };
  const latest = seen.at(-1);
  if (latest && marksDone(latest, taskId) && reviewThen(latest) === 'pending') return { at: latest.submittedAt, version: latest.version, provisional: true };
  return null;
}

/** A task's deadline for one unit, with how days past it are counted; `at` null for a task without one. */
export interface TaskDeadline {
  readonly at: string | null;
  readonly counted: DayCount;
}

/**
 * The deadline of a task for a unit that received it at `receivedAt`: its own (a date, or working days
 * from receipt), none for "thường xuyên", else the unit's report deadline in force.
 */
export function taskDeadlineOf(
  calendar: BusinessCalendar,
  due: TaskDue | undefined,
  unit: { readonly receivedAt: string; readonly reportBy: string | null; readonly reportCounted?: DayCount | null },
): TaskDeadline {
  if (due === undefined) return { at: unit.reportBy, counted: unit.reportCounted ?? 'days' };
  if (due.type === 'none') return { at: null, counted: 'days' };
  return { at: resolveDeadline(calendar, due, unit.receivedAt), counted: dayCountOf(due) };
}

/** Where a task stands: one of the official buckets, or without a deadline and not done. */
export type TaskStanding = Standing | { readonly kind: 'noDeadline' };
export type TaskBucket = TaskStanding['kind'];
/** Every bucket, each task in exactly one: not done (within, due soon, overdue), done (on time, late), or without a deadline. */
export const TASK_BUCKETS = ['within', 'dueSoon', 'overdue', 'doneOnTime', 'doneLate', 'noDeadline'] as const satisfies readonly TaskBucket[];

/** A task's standing at `asOf`. A task without a deadline that is done was done on time. */
export function taskStandingOf(
  calendar: BusinessCalendar,
  deadline: TaskDeadline,
  completion: TaskCompletion | null,
  asOf: string,
  dueSoonWorkingDays = 1,
): TaskStanding {
  if (deadline.at === null) return completion ? { kind: 'doneOnTime' } : { kind: 'noDeadline' };
  return standingOf(calendar, { deadline: deadline.at, completedAt: completion?.at ?? null, counted: deadline.counted }, asOf, dueSoonWorkingDays);
}

/** One task of one unit, placed. */
export interface PlacedTask {
  readonly directiveId: string;
  readonly taskId: string;
  readonly unitId: string;
  readonly role: HandlingRole;
  readonly receivedAt: string;
  readonly deadline: TaskDeadline;
  readonly completion: TaskCompletion | null;
  readonly standing: TaskStanding;
}

/** A period of the statistics: from the start of `from`'s day to the end of `to`'s day, read at `asOf`. */
export interface StatisticsPeriod {
  readonly from: string;
  readonly to: string;
  /** The end of the period, or now when it has not ended yet. */
  readonly asOf: string;
}

/**
 * Whether a task belongs to a period's figures: received by the end of it, owed by its role, and not
 * done and accepted before the period began (those were counted in earlier periods).
 */
export function inPeriod(task: Pick<PlacedTask, 'role' | 'receivedAt' | 'completion'>, period: StatisticsPeriod): boolean {
  if (!DUTIES[task.role].counts) return false;
  if (instantMs(task.receivedAt) > instantMs(period.asOf)) return false;
  const done = task.completion;
  return !(done && !done.provisional && instantMs(done.at) < instantMs(period.from));
}

export interface BucketCounts {
  readonly total: number;
  readonly within: number;
  readonly dueSoon: number;
  readonly overdue: number;
  readonly doneOnTime: number;
  readonly doneLate: number;
  readonly noDeadline: number;
  /** Of the done ones, how many only provisionally (their report awaits review). */
  readonly provisional: number;
}

const ZERO: BucketCounts = { total: 0, within: 0, dueSoon: 0, overdue: 0, doneOnTime: 0, doneLate: 0, noDeadline: 0, provisional: 0 };

export function countBuckets(tasks: Iterable<Pick<PlacedTask, 'standing' | 'completion'>>): BucketCounts {
  const counts = { ...ZERO };
  for (const task of tasks) {
    counts.total += 1;
    counts[task.standing.kind] += 1;
    if (task.completion?.provisional && (task.standing.kind === 'doneOnTime' || task.standing.kind === 'doneLate')) counts.provisional += 1;
  }
  return counts;
}

/**
 * The four official figures (QĐ 42/2014/QĐ-TTg) from the buckets: done on time, done late, not done
 * within the deadline (due soon included), not done and overdue; tasks without a deadline apart.
 */
export function officialFigures(c: BucketCounts) {
  return { doneOnTime: c.doneOnTime, doneLate: c.doneLate, notDoneWithin: c.within + c.dueSoon, notDoneOverdue: c.overdue, noDeadline: c.noDeadline };
}

export interface TaskStatistics {
  readonly total: BucketCounts;
  /** By receiving unit, in the order first met. */
  readonly byUnit: readonly { readonly unitId: string; readonly counts: BucketCounts }[];
  /** By task of each directive, in the order first met. */
  readonly byTask: readonly { readonly directiveId: string; readonly taskId: string; readonly counts: BucketCounts }[];
}

/** The period's tasks counted once each, in one bucket, in total, by unit and by task: each breakdown adds up to the total. */
export function taskStatistics(tasks: readonly PlacedTask[], period: StatisticsPeriod): TaskStatistics {
  const counted = tasks.filter((t) => inPeriod(t, period));
  const group = <K>(keyOf: (t: PlacedTask) => K, id: (t: PlacedTask) => string) => {
    const groups = new Map<string, { key: K; items: PlacedTask[] }>();
    for (const t of counted) {
      const g = groups.get(id(t)) ?? { key: keyOf(t), items: [] };
      g.items.push(t);
      groups.set(id(t), g);
    }
    return [...groups.values()];
  };
  return {
    total: countBuckets(counted),
    byUnit: group((t) => t.unitId, (t) => t.unitId).map((g) => ({ unitId: g.key, counts: countBuckets(g.items) })),
    byTask: group(
      (t) => ({ directiveId: t.directiveId, taskId: t.taskId }),
      (t) => `${t.directiveId}\u0000${t.taskId}`,
    ).map((g) => ({ ...g.key, counts: countBuckets(g.items) })),
  };
}

/** What is known of one unit's task, to place it at an instant. */
export interface TaskFacts {
  readonly directiveId: string;
  readonly taskId: string;
  readonly unitId: string;
  readonly role: HandlingRole;
  readonly receivedAt: string;
  readonly due?: TaskDue | undefined;
  /** The unit's report deadline in force, and how days past it count. */
  readonly reportBy: string | null;
  readonly reportCounted?: DayCount | null;
  /** The unit's reports on the assignment, every version. */
  readonly reports: readonly ReportOnTasks[];
}

/** A unit's task as it stood at `asOf`: its deadline, its completion then and its bucket. */
export function placeTask(calendar: BusinessCalendar, facts: TaskFacts, asOf: string, dueSoonWorkingDays = 1): PlacedTask {
  // A unit told for information owes nothing, so nothing of it is late.
  const deadline: TaskDeadline = DUTIES[facts.role].reports ? taskDeadlineOf(calendar, facts.due, facts) : { at: null, counted: 'days' };
  const completion = taskCompletion(facts.reports, facts.taskId, asOf);
  return {
    directiveId: facts.directiveId,
    taskId: facts.taskId,
    unitId: facts.unitId,
    role: facts.role,
    receivedAt: facts.receivedAt,
    deadline,
    completion,
    standing: taskStandingOf(calendar, deadline, completion, asOf, dueSoonWorkingDays),
  };
}

/** The longest period one statistics request covers: a year (366 days in a leap year). */
export const MAX_STATISTICS_DAYS = 366;

/**
 * The period from the start of `from` to the end of `to` (yyyy-MM-dd, Asia/Ho_Chi_Minh), read at its
 * end or at `now` if it has not ended. A month is "2020-08-01" to "2020-08-31".
 */
export function statisticsPeriod(from: string, to: string, now: string): StatisticsPeriod {
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00+07:00`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  if (!valid(from)) throw new DomainError('INVALID_INPUT', `Not a date: ${from}`, { field: 'from' });
  if (!valid(to)) throw new DomainError('INVALID_INPUT', `Not a date: ${to}`, { field: 'to' });
  const start = instantMs(`${from}T00:00:00+07:00`);
  const end = instantMs(`${to}T23:59:59.999+07:00`);
  if (end < start) throw new DomainError('INVALID_INPUT', 'The period ends before it begins', { field: 'to' });
  if (end - start >= MAX_STATISTICS_DAYS * 86_400_000) throw new DomainError('INVALID_INPUT', `A period of at most ${MAX_STATISTICS_DAYS} days`, { field: 'to' });
  const endIso = formatVnInstant(end);
  return { from: formatVnInstant(start), to: endIso, asOf: instantMs(now) < end ? formatVnInstant(instantMs(now)) : endIso };
}
