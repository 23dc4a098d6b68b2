import type { BusinessCalendar } from './calendar';
import { instantMs } from './calendar';
import type { DeadlineSpec } from './deadlines';
import { HANDLING_ROLES, planAssignments, type Directive, type RecipientGroup } from './directive';
import { DomainError } from './errors';
import { descendantsOf, getUnit, isWithin, unitValidOn, type Hierarchy } from './hierarchy';
import { MAX_PROGRESS_PERIODS, progressScheduleProblem } from './periodic';
import { RESERVED_FIELD_KEYS } from './reports';
import { DEFAULT_TRACKING, scheduleAssignment, type TrackingPolicy } from './tracking';

/**
 * Rules for issuing a directive from a form: everything wrong with a definition at once, each with
 * the path of the field it concerns, so a form can mark every field in one round trip.
 */

export const DIRECTIVE_PROBLEM_CODES = [
  'REQUIRED',
  'BAD_REFERENCE',
  'BAD_DATE',
  'NO_RECIPIENTS',
  'EMPTY_GROUP',
  'OUTSIDE_AREA',
  'NO_TASKS',
  'NO_ASSIGNEES',
  'NOT_A_RECIPIENT',
  'DUPLICATE_KEY',
  'UNKNOWN_METRIC',
  'BAD_TARGET',
  'BAD_DEADLINE',
  'BAD_POLICY',
  /** The issuing unit did not exist on the directive's date (Kiên Giang's committees after 30/6/2025). */
  'ISSUER_NOT_IN_FORCE',
  /** A unit the field names or resolves to did not exist on the directive's date. */
  'UNIT_NOT_IN_FORCE',
  /** The assignment it says it carries out does not exist (issue 25). */
  'PARENT_NOT_FOUND',
  /** That assignment is another unit's: only its unit (or its successor) carries it out. */
  'NOT_PARENT_HOLDER',
  /** The chain would loop back to this directive, or is deeper than any real one. */
  'CHAIN_CYCLE',
] as const;
export type DirectiveProblemCode = (typeof DIRECTIVE_PROBLEM_CODES)[number];

export interface DirectiveProblem {
  /** Where in the definition: `['tasks', 2, 'assignees', 0]`. */
  readonly path: readonly (string | number)[];
  readonly code: DirectiveProblemCode;
}

export const DIRECTIVE_NOTICE_CODES = ['ACKNOWLEDGE_DEADLINE_PASSED', 'REPORT_DEADLINE_PASSED', 'NO_REPORT_DEADLINE'] as const;
/**
 * Worth knowing before issuing, but no reason to refuse: a deadline already past (a paper dispatch
 * already in force), or receivers that owe no report (they only acknowledge).
 */
export type DirectiveNoticeCode = (typeof DIRECTIVE_NOTICE_CODES)[number];

/** Số, ký hiệu: a number, a slash, then the issuing body's symbol ("1119/UBND-KGVX"). */
const REFERENCE_RE = /^\d{1,6}\/[\p{L}\p{N}][\p{L}\p{N}.&-]*$/u;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DUE_RE = /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):([0-5]\d)(?::00)?\+07:00)?$/;

export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1945 && y <= 2200 && back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

const isDue = (value: string) => {
  const m = DUE_RE.exec(value);
  return m !== null && isCalendarDate(m[1]!);
};

const blank = (text: string | null | undefined) => text === null || text === undefined || text.trim().length === 0;

function checkSpec(spec: DeadlineSpec | undefined, path: readonly (string | number)[], out: DirectiveProblem[]): void {
  if (spec === undefined) return;
  if (spec.type === 'date') {
    if (!isCalendarDate(spec.date) || (spec.time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(spec.time))) out.push({ path, code: 'BAD_DEADLINE' });
  } else if (!Number.isInteger(spec.days) || spec.days < 0 || spec.days > 365) {
    out.push({ path, code: 'BAD_DEADLINE' });
  }
}

function checkTracking(tracking: Partial<TrackingPolicy> | undefined, out: DirectiveProblem[]): void {
  if (!tracking) return;
  checkSpec(tracking.acknowledgeWithin, ['tracking', 'acknowledgeWithin'], out);
  checkSpec(tracking.reportBy, ['tracking', 'reportBy'], out);
  tracking.reminders?.fractions.forEach((f, i) => {
    if (!(f > 0 && f < 1)) out.push({ path: ['tracking', 'reminders', 'fractions', i], code: 'BAD_POLICY' });
  });
  tracking.reminders?.workingDaysBefore.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1 || n > 30) out.push({ path: ['tracking', 'reminders', 'workingDaysBefore', i], code: 'BAD_POLICY' });
  });
  tracking.escalation?.steps.forEach((step, i) => {
    if (!Number.isInteger(step.afterWorkingDays) || step.afterWorkingDays < 0 || step.afterWorkingDays > 60) {
      out.push({ path: ['tracking', 'escalation', 'steps', i, 'afterWorkingDays'], code: 'BAD_POLICY' });
    }
  });
  const close = tracking.extensionsCloseWorkingDays;
  if (close !== undefined && (!Number.isInteger(close) || close < 0 || close > 30)) out.push({ path: ['tracking', 'extensionsCloseWorkingDays'], code: 'BAD_POLICY' });
  const progress = tracking.progressReports;
  if (progress) {
    // The same rule as checkProgressSchedule, as a problem at the field instead of a throw.
    const problem = progressScheduleProblem(progress);
    if (problem) out.push({ path: problem.field === 'type' ? ['tracking', 'progressReports'] : ['tracking', 'progressReports', problem.field], code: 'BAD_POLICY' });
  }
}

/**
 * The units of a group inside the issuer's area, or the problem with it: a unit that is unknown or
 * outside the area, or a group that names nobody.
 */
function groupUnits(hierarchy: Hierarchy, issuerUnitId: string, group: RecipientGroup): { ids: string[]; problem: DirectiveProblemCode | null } {
  if (group.type === 'units') {
    const outside = group.unitIds.some((id) => !hierarchy.units.has(id) || id === issuerUnitId || !isWithin(hierarchy, id, issuerUnitId));
    if (outside) return { ids: [], problem: 'OUTSIDE_AREA' };
    return { ids: [...group.unitIds], problem: group.unitIds.length === 0 ? 'EMPTY_GROUP' : null };
  }
  const ids = descendantsOf(hierarchy, issuerUnitId)
    .filter((u) => u.level === group.level && group.kinds.includes(u.kind))
    .map((u) => u.id);
  return { ids, problem: ids.length === 0 ? 'EMPTY_GROUP' : null };
}

/**
 * The place name a unit writes before the date of its documents (Nghị định 30/2020: the
 * province's or the area's own name): "Kiên Giang" for "Ủy ban nhân dân tỉnh Kiên Giang", "Rạch
 * Giá" for "Ủy ban nhân dân thành phố Rạch Giá"; empty when the name says no area.
 */
export function placeOf(unitName: string): string {
  // `s`: with `.` taking any character, `(.+)$` always reaches the end and is not tried again from each keyword.
  const m = /(?:^|\s)(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+(.+)$/isu.exec(unitName.normalize('NFC').trim());
  return m ? m[1]!.trim() : '';
}

/** Every problem of a directive about to be issued by `directive.issuerUnitId`; empty when it may be issued. */
export function checkDirective(hierarchy: Hierarchy, directive: Directive): DirectiveProblem[] {
  const out: DirectiveProblem[] = [];
  if (!hierarchy.units.has(directive.issuerUnitId)) return [{ path: ['issuerUnitId'], code: 'OUTSIDE_AREA' }];
  const issuer = directive.issuerUnitId;

  if (blank(directive.reference)) out.push({ path: ['reference'], code: 'REQUIRED' });
  else if (!REFERENCE_RE.test(directive.reference.trim())) out.push({ path: ['reference'], code: 'BAD_REFERENCE' });
  const dated = isCalendarDate(directive.date);
  if (!dated) out.push({ path: ['date'], code: 'BAD_DATE' });
  else if (!unitValidOn(getUnit(hierarchy, issuer), directive.date)) out.push({ path: ['date'], code: 'ISSUER_NOT_IN_FORCE' });
  if (blank(directive.subject)) out.push({ path: ['subject'], code: 'REQUIRED' });
  // Where the issuer itself did not exist that day, each unit below it saying the same adds nothing.
  const checkInForce = dated && !out.some((p) => p.code === 'ISSUER_NOT_IN_FORCE');
  const ended = (ids: readonly string[]) => checkInForce && ids.some((id) => !unitValidOn(getUnit(hierarchy, id), directive.date));

  const recipients = new Set<string>();
  if (directive.recipients.length === 0) out.push({ path: ['recipients'], code: 'NO_RECIPIENTS' });
  directive.recipients.forEach((recipient, i) => {
    const { ids, problem } = groupUnits(hierarchy, issuer, recipient.group);
    if (problem) out.push({ path: ['recipients', i, 'group'], code: problem });
    else if (ended(ids)) out.push({ path: ['recipients', i, 'group'], code: 'UNIT_NOT_IN_FORCE' });
    ids.forEach((id) => recipients.add(id));
  });
  const withinRecipients = (group: RecipientGroup, path: readonly (string | number)[]) => {
    const { ids, problem } = groupUnits(hierarchy, issuer, group);
    if (problem) out.push({ path, code: problem });
    else if (ids.some((id) => !recipients.has(id))) out.push({ path, code: 'NOT_A_RECIPIENT' });
    // A unit that had ended is marked at its recipient row already: tasks and deadlines name recipients only.
  };

  if (directive.tasks.length === 0) out.push({ path: ['tasks'], code: 'NO_TASKS' });
  directive.tasks.forEach((task, i) => {
    if (blank(task.text)) out.push({ path: ['tasks', i, 'text'], code: 'REQUIRED' });
    if (task.assignees.length === 0) out.push({ path: ['tasks', i, 'assignees'], code: 'NO_ASSIGNEES' });
    task.assignees.forEach((group, j) => withinRecipients(group, ['tasks', i, 'assignees', j]));
    for (const [unitId, role] of Object.entries(task.roles ?? {})) {
      if (!recipients.has(unitId) || !HANDLING_ROLES.includes(role)) out.push({ path: ['tasks', i, 'roles', unitId], code: 'NOT_A_RECIPIENT' });
    }
    if (task.due !== undefined && task.due.type !== 'none') checkSpec(task.due, ['tasks', i, 'due'], out);
  });
  for (const [unitId, role] of Object.entries(directive.roles ?? {})) {
    if (!recipients.has(unitId) || !HANDLING_ROLES.includes(role)) out.push({ path: ['roles', unitId], code: 'NOT_A_RECIPIENT' });
  }

  directive.targets.forEach((target, i) => {
    if (blank(target.text)) out.push({ path: ['targets', i, 'text'], code: 'REQUIRED' });
    const bad = !Number.isFinite(target.value) || target.value <= 0 || (target.unit === 'percent' && target.value > 100);
    if (bad) out.push({ path: ['targets', i, 'value'], code: 'BAD_TARGET' });
    if (!isCalendarDate(target.due)) out.push({ path: ['targets', i, 'due'], code: 'BAD_DATE' });
  });
  directive.deadlines.forEach((deadline, i) => {
    if (blank(deadline.text)) out.push({ path: ['deadlines', i, 'text'], code: 'REQUIRED' });
    if (!isDue(deadline.due)) out.push({ path: ['deadlines', i, 'due'], code: 'BAD_DATE' });
    if (deadline.owers) withinRecipients(deadline.owers, ['deadlines', i, 'owers']);
  });
  if (directive.coordinatorUnitId !== null) {
    const id = directive.coordinatorUnitId;
    if (!hierarchy.units.has(id) || !isWithin(hierarchy, id, issuer)) out.push({ path: ['coordinatorUnitId'], code: 'OUTSIDE_AREA' });
    else if (ended([id])) out.push({ path: ['coordinatorUnitId'], code: 'UNIT_NOT_IN_FORCE' });
  }

  const metricKeys = new Set<string>();
  (directive.metrics ?? []).forEach((metric, i) => {
    if (blank(metric.label)) out.push({ path: ['metrics', i, 'label'], code: 'REQUIRED' });
    if (blank(metric.key) || metricKeys.has(metric.key) || (RESERVED_FIELD_KEYS as readonly string[]).includes(metric.key)) {
      out.push({ path: ['metrics', i, 'key'], code: 'DUPLICATE_KEY' });
    }
    metricKeys.add(metric.key);
  });
  const rateKeys = new Set<string>();
  (directive.rates ?? []).forEach((rate, i) => {
    if (blank(rate.label)) out.push({ path: ['rates', i, 'label'], code: 'REQUIRED' });
    if (blank(rate.key) || rateKeys.has(rate.key)) out.push({ path: ['rates', i, 'key'], code: 'DUPLICATE_KEY' });
    rateKeys.add(rate.key);
    if (!metricKeys.has(rate.numerator)) out.push({ path: ['rates', i, 'numerator'], code: 'UNKNOWN_METRIC' });
    if (!metricKeys.has(rate.denominator) || rate.denominator === rate.numerator) out.push({ path: ['rates', i, 'denominator'], code: 'UNKNOWN_METRIC' });
    if (rate.targetPercent !== undefined && !(rate.targetPercent > 0 && rate.targetPercent <= 100)) {
      out.push({ path: ['rates', i, 'targetPercent'], code: 'BAD_TARGET' });
    }
  });
  checkTracking(directive.tracking, out);
  return out;
}

/** Throws INVALID_DIRECTIVE with `details.fields` (every problem, with its path) unless the directive may be issued. */
export function assertIssuable(hierarchy: Hierarchy, directive: Directive): void {
  const problems = checkDirective(hierarchy, directive);
  if (problems.length > 0) {
    // The one problem a reader of logs cannot work out from the definition alone: say which day the issuer ended or began.
    const issuer = problems.some((p) => p.code === 'ISSUER_NOT_IN_FORCE') ? getUnit(hierarchy, directive.issuerUnitId) : null;
    const why = issuer ? `: ${issuer.name} ${issuer.validTo !== undefined && directive.date > issuer.validTo ? `ended with ${issuer.validTo}` : `began on ${issuer.validFrom}`}` : '';
    throw new DomainError('INVALID_DIRECTIVE', `Directive ${directive.reference} has ${problems.length} problem(s)${why}`, { fields: problems });
  }
}

export interface LevelPreview {
  readonly level: string;
  /** Receiving units of this level, by kind. */
  readonly units: number;
  readonly kinds: Readonly<Record<string, number>>;
  /** A few of the units, by name, in tree order. */
  readonly sample: readonly string[];
  /** Earliest and latest deadlines of the units of this level, as instants. */
  readonly acknowledgeBy: string;
  readonly reportBy: { readonly earliest: string; readonly latest: string } | null;
  /** When the first escalation for a missed acknowledgement would reach the parent unit. */
  readonly firstEscalationAt: string | null;
  /** Units of this level that owe no report (no deadline of their own, no target date, no report policy). */
  readonly withoutReportDeadline: number;
  /**
   * Progress reports (báo cáo định kỳ) of this level: how many periods the unit with the most has,
   * and the deadlines of its first few. Null when the directive asks for none or no unit has any.
   */
  readonly progress: { readonly periods: number; readonly first: readonly string[] } | null;
}

export interface DirectivePreview {
  readonly levels: readonly LevelPreview[];
  readonly notices: readonly { readonly code: DirectiveNoticeCode; readonly level: string }[];
}

const SAMPLE_SIZE = 5;
/** Progress periods shown in a preview: enough to see the rhythm. */
export const PREVIEW_PERIODS = 3;

/**
 * What issuing a (valid) directive at `issuedAt` would do: who receives it, level by level, and the
 * deadlines each would owe on the working-day calendar, exactly as each assignment will compute them.
 */
export function previewDirective(calendar: BusinessCalendar, hierarchy: Hierarchy, directive: Directive, issuedAt: string): DirectivePreview {
  const plan = planAssignments(hierarchy, directive);
  const policy: TrackingPolicy = { ...DEFAULT_TRACKING, ...directive.tracking };
  type Entry = { units: string[]; kinds: Map<string, number>; ack: string[]; report: string[]; escalations: string[]; periods: readonly string[] };
  const byLevel = new Map<string, Entry>();
  for (const planned of plan) {
    const unit = getUnit(hierarchy, planned.unitId);
    const schedule = scheduleOrProblem(() => scheduleAssignment(calendar, hierarchy, directive, unit.id, issuedAt, policy));
    const entry: Entry = byLevel.get(unit.level) ?? { units: [], kinds: new Map<string, number>(), ack: [], report: [], escalations: [], periods: [] };
    entry.units.push(unit.name);
    entry.kinds.set(unit.kind, (entry.kinds.get(unit.kind) ?? 0) + 1);
    entry.ack.push(schedule.acknowledgeBy);
    if (schedule.reportBy) entry.report.push(schedule.reportBy);
    // Periods run from the issue to each unit's final report: the unit that reports last has the most.
    if ((schedule.periods?.length ?? 0) > entry.periods.length) entry.periods = schedule.periods!.map((p) => p.dueBy);
    const escalation = schedule.alarms.find((a) => a.deadline === 'acknowledge' && a.action !== 'reminder' && a.action !== 'remind');
    if (escalation) entry.escalations.push(escalation.at);
    byLevel.set(unit.level, entry);
  }
  const byTime = (a: string, b: string) => instantMs(a) - instantMs(b);
  const now = instantMs(issuedAt);
  const levels: LevelPreview[] = [];
  const notices: { code: DirectiveNoticeCode; level: string }[] = [];
  for (const level of hierarchy.scheme.levels) {
    const entry = byLevel.get(level);
    if (!entry) continue;
    const ack = entry.ack.sort(byTime);
    const report = entry.report.sort(byTime);
    levels.push({
      level,
      units: entry.units.length,
      kinds: Object.fromEntries(entry.kinds),
      sample: entry.units.slice(0, SAMPLE_SIZE),
      acknowledgeBy: ack[0]!,
      reportBy: report.length > 0 ? { earliest: report[0]!, latest: report.at(-1)! } : null,
      firstEscalationAt: entry.escalations.sort(byTime)[0] ?? null,
      withoutReportDeadline: entry.units.length - report.length,
      progress: entry.periods.length > 0 ? { periods: entry.periods.length, first: entry.periods.slice(0, PREVIEW_PERIODS) } : null,
    });
    if (instantMs(ack[0]!) < now) notices.push({ code: 'ACKNOWLEDGE_DEADLINE_PASSED', level });
    if (report.length > 0 && instantMs(report[0]!) <= now) notices.push({ code: 'REPORT_DEADLINE_PASSED', level });
    if (report.length < entry.units.length) notices.push({ code: 'NO_REPORT_DEADLINE', level });
  }
  return { levels, notices };
}

/**
 * A schedule, or INVALID_DIRECTIVE at the progress-report field when the schedule asks for more
 * periods than `MAX_PROGRESS_PERIODS` before the final report (checkDirective cannot know: it has no
 * calendar and no moment of issue).
 */
function scheduleOrProblem<T>(schedule: () => T): T {
  try {
    return schedule();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'INVALID_INPUT' && (error.details as { field?: unknown } | undefined)?.field === 'progressReports') {
      const fields: DirectiveProblem[] = [{ path: ['tracking', 'progressReports'], code: 'BAD_POLICY' }];
      throw new DomainError('INVALID_DIRECTIVE', `More than ${MAX_PROGRESS_PERIODS} progress reports before the final report`, { fields });
    }
    throw error;
  }
}
