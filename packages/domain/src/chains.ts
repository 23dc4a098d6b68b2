import { dateOfDayNumber, dayNumberOf, subtractWorkingDayNumbers, type BusinessCalendar } from './calendar';
import type { TaskDue } from './deadlines';
import { DOCUMENT_KIND_NAMES, groupIncludes, type Directive, type DirectiveTask, type DocumentKind, type ParentAssignment, type Target } from './directive';
import type { Hierarchy } from './hierarchy';
import type { DirectiveProblem } from './issuance';
import type { MetricDef, RateDef } from './reports';

/**
 * Directive chains (issue 25): a unit that received a directive issues its own to carry it out
 * ("Thực hiện Công văn số X của Y"), and the figures it owes the parent come from that directive's
 * rollup. Pure rules; the API loads the facts and records the link.
 */

/** How many levels a chain may have above a directive: deeper than nation → commune is a mistake. */
export const CHAIN_DEPTH_MAX = 8;

/** Working days an implementing directive's deadlines fall before the ones its unit owes (the form's default). */
export const IMPLEMENTING_LEAD_WORKING_DAYS = 3;

/** The unit's assignment of the parent directive, as stored: who holds it, and whom it succeeded. */
export interface ParentHolder {
  readonly unitId: string;
  /** A reorganisation's successor: the old units whose assignments it took over. */
  readonly succeedsUnitIds: readonly string[];
}

/**
 * Why `directiveId`, issued by `issuerUnitId`, may not record that it carries out `parent` (none: it
 * may). `holders` are the parent directive's assignments held by the parent's unit and by the issuer
 * (empty when the parent directive does not exist or gave that unit nothing); `chain` is the parent
 * directive followed by the directives it carries out in turn, nearest first.
 */
export function implementsProblems(input: {
  readonly directiveId: string;
  readonly issuerUnitId: string;
  readonly parent: ParentAssignment;
  readonly holders: readonly ParentHolder[];
  readonly chain: readonly string[];
}): DirectiveProblem[] {
  const { directiveId, issuerUnitId, parent, holders, chain } = input;
  const path = ['implements'];
  // Judged before looking for the assignment, so another unit's assignments are never told apart from none.
  const mine = parent.unitId === issuerUnitId || holders.some((h) => h.unitId === issuerUnitId && h.succeedsUnitIds.includes(parent.unitId));
  if (!mine) return [{ path, code: 'NOT_PARENT_HOLDER' }];
  if (!holders.some((h) => h.unitId === parent.unitId)) return [{ path, code: 'PARENT_NOT_FOUND' }];
  if (chain.includes(directiveId) || chain.length > CHAIN_DEPTH_MAX) return [{ path, code: 'CHAIN_CYCLE' }];
  return [];
}

const vnDate = (date: string) => date.split('-').reverse().join('/');

/** "Công văn số 2841/BTTTT-THH ngày 01/08/2020 của Bộ Thông tin và Truyền thông": a directive as cited. */
export function citationOf(parent: Pick<Directive, 'kind' | 'reference' | 'date'>, issuerName: string): string {
  return `${DOCUMENT_KIND_NAMES[parent.kind ?? 'cong_van']} số ${parent.reference} ngày ${vnDate(parent.date)} của ${issuerName}`;
}

/**
 * A day `lead` working days before `due`, but never before `today` (then `today`, or `due` itself
 * when that is already past): the unit keeps time to compile what its own units send it.
 */
export function earlierDeadline(calendar: BusinessCalendar, due: string, today: string, lead: number = IMPLEMENTING_LEAD_WORKING_DAYS): string {
  const day = due.slice(0, 10);
  if (day <= today) return day;
  const earlier = dateOfDayNumber(subtractWorkingDayNumbers(calendar, dayNumberOf(day), lead));
  return earlier < today ? today : earlier;
}

/** What the issuing form starts from when a unit carries out its assignment: the parent's content for this unit, deadlines earlier. */
export interface ImplementingDraft {
  readonly implements: ParentAssignment;
  readonly subject: string;
  readonly tasks: ReadonlyArray<{ readonly text: string; readonly due?: TaskDue }>;
  readonly targets: readonly Target[];
  readonly deadlines: ReadonlyArray<{ readonly text: string; readonly due: string }>;
  /** The day units below report by: `lead` working days before the unit's own report deadline. */
  readonly reportBy: string | null;
  readonly metrics: readonly MetricDef[];
  readonly rates: readonly RateDef[];
}

/**
 * The implementing directive a unit would issue for its assignment of `parent`: subject "Thực hiện
 * <citation>" (the parent's subject after it), the tasks given to the unit, the parent's targets
 * and deadlines `lead` working days earlier (never before `today`), the same figures to report.
 * `taskIds` are the unit's tasks on its assignment; `reportBy` its own report deadline (a day). A
 * deadline the parent set for other units only (its owers, placed in `hierarchy`) is left out.
 */
export function implementingDraft(
  calendar: BusinessCalendar,
  input: {
    readonly parent: Directive;
    readonly hierarchy: Hierarchy;
    readonly parentIssuerName: string;
    readonly unitId: string;
    readonly taskIds: readonly string[];
    readonly reportBy: string | null;
    readonly today: string;
    readonly lead?: number;
  },
): ImplementingDraft {
  const { parent, today } = input;
  const lead = input.lead ?? IMPLEMENTING_LEAD_WORKING_DAYS;
  const earlier = (due: string) => earlierDeadline(calendar, due, today, lead);
  const about = parent.subject.replace(/^V\/v\s*/i, '').trim();
  const taskDue = (task: DirectiveTask): TaskDue | undefined =>
    task.due?.type === 'date' ? { type: 'date', date: earlier(task.due.date) } : task.due;
  const tasks = parent.tasks
    .filter((t) => input.taskIds.includes(t.id))
    .map((t) => {
      const due = taskDue(t);
      return due ? { text: t.text, due } : { text: t.text };
    });
  return {
    implements: { directiveId: parent.id, unitId: input.unitId },
    subject: `Thực hiện ${citationOf(parent, input.parentIssuerName)}${about ? ` về ${about.charAt(0).toLowerCase()}${about.slice(1)}` : ''}`,
    tasks,
    targets: parent.targets.map((t) => ({ ...t, due: earlier(t.due) })),
    deadlines: parent.deadlines
      .filter((d) => d.owers === undefined || groupIncludes(input.hierarchy, parent.issuerUnitId, d.owers, input.unitId))
      .map((d) => ({ text: d.text, due: earlier(d.due) })),
    reportBy: input.reportBy === null ? null : earlier(input.reportBy),
    metrics: parent.metrics ?? [],
    rates: parent.rates ?? [],
  };
}

/** A report owed upward, filled from the implementing directive's rollup: live until the unit sends it. */
export interface RollupReportDraft {
  /** The figures owed, from the rollup where it has them. */
  readonly figures: Readonly<Record<string, number>>;
  /** Metrics owed that the implementing directive does not collect: the unit fills them in itself. */
  readonly missing: readonly string[];
  /** Units below that reported, of those expected to. */
  readonly reported: number;
  readonly expected: number;
  /** Some figure counted comes from a report not accepted yet below. */
  readonly pendingReview: boolean;
  /** The figures differ from the last report sent upward (or none was sent): there is something to confirm. */
  readonly changed: boolean;
  /** A running total would go down from the last report sent: sending it is a correction and needs a reason. */
  readonly correction: boolean;
}

/**
 * The figures a unit owes the parent directive (`owed`), read from its implementing directive's
 * rollup at the unit (`rollup.figures`, keyed by the same metric keys), compared with the last
 * report it sent upward (`lastSent`, null when none).
 */
export function reportFromRollup(
  owed: readonly MetricDef[],
  rollup: { readonly figures: Readonly<Record<string, number>>; readonly reported: number; readonly expected: number; readonly pendingReview: boolean },
  lastSent: Readonly<Record<string, number>> | null,
): RollupReportDraft {
  const figures: Record<string, number> = {};
  const missing: string[] = [];
  for (const metric of owed) {
    const value = rollup.figures[metric.key];
    if (value === undefined) missing.push(metric.key);
    else figures[metric.key] = value;
  }
  const changed = lastSent === null || owed.some((m) => figures[m.key] !== undefined && figures[m.key] !== lastSent[m.key]);
  const correction = lastSent !== null && owed.some((m) => m.cumulative && figures[m.key] !== undefined && lastSent[m.key] !== undefined && figures[m.key]! < lastSent[m.key]!);
  return { figures, missing, reported: rollup.reported, expected: rollup.expected, pendingReview: rollup.pendingReview, changed, correction };
}
