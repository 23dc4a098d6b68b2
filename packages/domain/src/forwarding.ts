import { isTerminal, transition, type Actor, type AssignmentState, type AssignmentStatus } from './assignment';
import { DomainError } from './errors';
import { childrenOf, getUnit, isWithin, type Hierarchy } from './hierarchy';

/**
 * Changes to who carries a task while it runs:
 * - forward (chuyển giao xuống cấp dưới): a unit passes its task to units directly below it that the
 *   directive did not address (a directive to district chairs; the district hands it to its communes),
 *   with its own instructions and a report day no later than its own;
 * - reassign (giao lại): the assigning unit moves an assignment to another unit (a wrong department,
 *   a merged commune); the old one ends as `reassigned`, the new unit gets a fresh one.
 */

/** The most units one forward may name: well under Temporal's 2,000 pending children per workflow. */
export const MAX_FORWARD_UNITS = 500;
const MAX_TEXT = 4_000;

/** What the forwarding unit tells the units it forwards to. */
export interface ForwardTerms {
  /** Report by the end of this day (yyyy-MM-dd, Asia/Ho_Chi_Minh); not later than the forwarder's own deadline. */
  readonly reportDate: string;
  /** Acknowledge by the end of this day; the directive's own window when absent. */
  readonly acknowledgeDate?: string;
  readonly instructions: string;
}

/** Which subordinates: every unit directly below, or the ones named. */
export type ForwardSelection = { readonly type: 'all' } | { readonly type: 'units'; readonly unitIds: readonly string[] };

/** The last instant of a day (yyyy-MM-dd) in Asia/Ho_Chi_Minh, as epoch milliseconds. */
export const endOfDay = (day: string): number => Date.parse(`${day}T23:59:59.999+07:00`);

/**
 * A day (yyyy-MM-dd) whose end is not before `now` and, when `latest` is given (an ISO instant), not
 * after it. Throws INVALID_INPUT naming `field` otherwise.
 */
export function assertDayWithin(day: string, latest: string | null, now: string, field: string): void {
  const [y, m, d] = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof day === 'string' ? day : '')?.slice(1).map(Number) ?? [];
  // Date.parse accepts 2026-02-30 (as 2 March): the day must survive a round trip.
  const real = y !== undefined && m !== undefined && d !== undefined && new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === day;
  if (!real) throw new DomainError('INVALID_INPUT', 'The date must be a real day, yyyy-MM-dd', { field });
  assertEndWithin(endOfDay(day), latest, now, field);
}

/** The end of a day is not before `now` and (when given) not after `latest`; INVALID_INPUT naming `field` otherwise. */
export function assertEndWithin(end: number, latest: string | null, now: string, field: string): void {
  if (end < Date.parse(now)) throw new DomainError('INVALID_INPUT', 'The date is already past', { field });
  if (latest !== null && end > Date.parse(latest)) {
    throw new DomainError('INVALID_INPUT', 'An internal deadline cannot be later than the one owed above', { field });
  }
}

function text(value: unknown, field: string): string {
  const trimmed = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  if (trimmed.length === 0) throw new DomainError('INVALID_INPUT', `${field} is required`, { field });
  if (trimmed.length > MAX_TEXT) throw new DomainError('INVALID_INPUT', `${field} is too long`, { field });
  return trimmed;
}

/** The terms, checked and normalised: dates real and not past, the report day not after `reportBy`, the acknowledgement day not after the report day. */
export function checkForwardTerms(terms: ForwardTerms, reportBy: string | null, now: string): ForwardTerms {
  assertDayWithin(terms.reportDate, reportBy, now, 'reportDate');
  if (terms.acknowledgeDate !== undefined) assertDayWithin(terms.acknowledgeDate, new Date(endOfDay(terms.reportDate)).toISOString(), now, 'acknowledgeDate');
  const instructions = text(terms.instructions, 'instructions');
  return { reportDate: terms.reportDate, ...(terms.acknowledgeDate === undefined ? {} : { acknowledgeDate: terms.acknowledgeDate }), instructions };
}

/** The units a unit may forward to: those directly below it in the administrative tree. */
export function subordinatesOf(hierarchy: Hierarchy, unitId: string): string[] {
  return childrenOf(hierarchy, unitId).map((u) => u.id);
}

/**
 * The subordinate units a selection names, in the order given (repeats dropped). A unit that is not
 * directly below `unitId` reads as missing (UNIT_NOT_FOUND), as any unit one may not act on.
 */
export function forwardTargets(hierarchy: Hierarchy, unitId: string, selection: ForwardSelection): string[] {
  const below = subordinatesOf(hierarchy, unitId);
  if (selection.type === 'all') {
    if (below.length === 0) throw new DomainError('ILLEGAL_TRANSITION', `Unit ${unitId} has no units below it`, { unitId });
    return below;
  }
  return checkTargetList(selection.unitIds, below);
}

function checkTargetList(unitIds: readonly string[], subordinates: readonly string[] | null): string[] {
  if (!Array.isArray(unitIds) || unitIds.length === 0) throw new DomainError('INVALID_INPUT', 'Name at least one unit', { field: 'unitIds' });
  if (unitIds.length > MAX_FORWARD_UNITS) throw new DomainError('INVALID_INPUT', `At most ${MAX_FORWARD_UNITS} units at once`, { field: 'unitIds' });
  const allowed = subordinates === null ? null : new Set(subordinates);
  const out: string[] = [];
  for (const id of unitIds) {
    if (typeof id !== 'string' || (allowed !== null && !allowed.has(id))) {
      throw new DomainError('UNIT_NOT_FOUND', `Unit ${String(id)} is not directly below the forwarding unit`, { unitId: id, field: 'unitIds' });
    }
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

export interface ForwardPlan {
  /** Units that get a new assignment now. */
  readonly deliver: readonly string[];
  /** Units that already carry this task through this assignment: forwarding them again changes nothing. */
  readonly already: readonly string[];
  readonly terms: ForwardTerms;
}

/**
 * Whether `actor` may forward the assignment to `unitIds` on `terms`, and to whom that delivers. Only
 * the assignee forwards, only while its assignment is open, only to units directly below it
 * (`subordinates`; null when the caller cannot know yet and checks that later), never to a unit whose
 * assignment of this task was moved elsewhere. `children` are the assignments this one delivered.
 */
export function checkForward(
  status: AssignmentStatus,
  context: { readonly reportBy: string | null; readonly subordinates: readonly string[] | null; readonly children: Readonly<Record<string, AssignmentState>> },
  actor: Actor,
  input: { readonly unitIds: readonly string[]; readonly terms: ForwardTerms },
  now: string,
): ForwardPlan {
  if (actor.unitId !== status.unitId) throw new DomainError('NOT_ASSIGNEE', 'Only the unit itself forwards its task', { unitId: status.unitId });
  if (isTerminal(status.state)) throw new DomainError('ILLEGAL_TRANSITION', `The assignment is ${status.state}`, { from: status.state });
  const unitIds = checkTargetList(input.unitIds, context.subordinates);
  const terms = checkForwardTerms(input.terms, context.reportBy, now);
  const deliver: string[] = [];
  const already: string[] = [];
  for (const id of unitIds) {
    const state = Object.hasOwn(context.children, id) ? context.children[id] : undefined;
    if (state === 'reassigned') {
      throw new DomainError('ILLEGAL_TRANSITION', `The task of ${id} was reassigned to another unit`, { unitId: id, field: 'unitIds' });
    }
    (state === undefined ? deliver : already).push(id);
  }
  return { deliver, already, terms };
}

/**
 * Whether the assigning unit may move an assignment of `fromUnitId` to `toUnitId`: the new unit lies
 * below the assigner (the delivering unit, or the issuer for a top-level assignment) and does not
 * already hold an assignment of this directive (`holds`). A unit outside reads as missing.
 */
export function checkReassignTarget(
  hierarchy: Hierarchy,
  parties: { readonly fromUnitId: string; readonly assignerUnitId: string },
  toUnitId: string,
  holds: (unitId: string) => boolean,
): void {
  if (typeof toUnitId !== 'string' || toUnitId.length === 0) throw new DomainError('INVALID_INPUT', 'Name the unit the task goes to', { field: 'toUnitId' });
  if (toUnitId === parties.fromUnitId) throw new DomainError('INVALID_INPUT', 'A task is reassigned to another unit', { field: 'toUnitId' });
  const outside = () => new DomainError('UNIT_NOT_FOUND', `Unit ${toUnitId} is not below the assigning unit`, { unitId: toUnitId, field: 'toUnitId' });
  if (!hierarchy.units.has(toUnitId) || toUnitId === parties.assignerUnitId) throw outside();
  getUnit(hierarchy, parties.assignerUnitId);
  if (!isWithin(hierarchy, toUnitId, parties.assignerUnitId)) throw outside();
  if (holds(toUnitId)) {
    throw new DomainError('ILLEGAL_TRANSITION', `Unit ${toUnitId} already has an assignment of this directive`, { unitId: toUnitId, field: 'toUnitId' });
  }
}

/**
 * The assigner's `reassign` transition (an open state, a reason, another unit), for an assignment
 * that has not delivered to units below it that still run: those sit below the old unit, not the new
 * one. Returns the old assignment's final status.
 */
export function reassign(
  status: AssignmentStatus,
  openChildren: number,
  actor: Actor,
  input: { readonly toUnitId: string; readonly reason: string },
  now: string,
): AssignmentStatus {
  // The transition first: it checks the actor before anything else, so outsiders learn nothing.
  const next = transition(status, { type: 'reassign', toUnitId: input.toUnitId, reason: input.reason }, { ...actor, role: 'assigner' }, now);
  const reason = text(input.reason, 'reason');
  if (openChildren > 0) {
    throw new DomainError('ILLEGAL_TRANSITION', 'The assignment has delivered to units below it that still run', { unitId: status.unitId });
  }
  return { ...next, reassignReason: reason };
}
