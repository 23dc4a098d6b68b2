import { DomainError } from './errors';

/**
 * Assignment states after Vietnamese task-tracking practice (QĐ 42/2014/QĐ-TTg):
 * issued → acknowledged (đã tiếp nhận) → in_progress → reported → accepted → completed, with
 * reported → returned (trả lại để hoàn thiện) → reported again, recalled (thu hồi) when the
 * issuer withdraws, and reassigned (giao lại) when the assigner moves the task to another unit, which
 * gets a fresh assignment of its own. completed, recalled and reassigned are terminal.
 */
export const ASSIGNMENT_STATES = [
  'issued',
  'acknowledged',
  'in_progress',
  'reported',
  'returned',
  'accepted',
  'completed',
  'recalled',
  'reassigned',
] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export const TERMINAL_STATES = ['completed', 'recalled', 'reassigned'] as const satisfies readonly AssignmentState[];
export const OPEN_STATES = ['issued', 'acknowledged', 'in_progress', 'reported', 'returned', 'accepted'] as const satisfies readonly AssignmentState[];
export type OpenState = (typeof OPEN_STATES)[number];

export function isTerminal(state: AssignmentState): boolean {
  return (TERMINAL_STATES as readonly AssignmentState[]).includes(state);
}

/**
 * States in which the unit no longer owes anything: withdrawn by the issuer, or moved to another unit
 * (whose own assignment is owed instead). Counts, rollups and rankings leave them out.
 */
export const WITHDRAWN_STATES = ['recalled', 'reassigned'] as const satisfies readonly AssignmentState[];

/** Whether the unit still owes the task (its state counts in "x of y", rollups and rankings). */
export function isOwed(state: AssignmentState): boolean {
  return !(WITHDRAWN_STATES as readonly AssignmentState[]).includes(state);
}

export interface AssignmentStatus {
  readonly directiveId: string;
  readonly unitId: string;
  readonly state: AssignmentState;
  /** ISO instant. */
  readonly issuedAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  /** The unit that delivered the assignment: the parent assignment's unit, or the issuer. */
  readonly assignerUnitId?: string;
  /** The unit that issued the directive. */
  readonly issuerUnitId?: string;
  readonly startedAt?: string;
  /** The latest report's submission. */
  readonly reportedAt?: string;
  readonly acceptedAt?: string;
  /** The latest return; kept after resubmission so the history of the last return stays visible. */
  readonly returnedAt?: string;
  readonly returnReason?: string;
  readonly completedAt?: string;
  readonly recalledAt?: string;
  readonly recallReason?: string;
  readonly reassignedAt?: string;
  /** The unit the task was moved to. */
  readonly reassignedTo?: string;
  readonly reassignReason?: string;
}

/** Who is acting: a person, on behalf of a unit. */
export interface Actor {
  readonly userId: string;
  readonly unitId: string;
}

export const ASSIGNMENT_ROLES = ['assignee', 'assigner', 'issuer'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
/** An actor with the capacity they act in; `transition` checks the claim against the assignment. */
export type RoleActor = Actor & { readonly role: AssignmentRole };

export type AssignmentAction =
  | { readonly type: 'acknowledge' }
  | { readonly type: 'start' }
  | { readonly type: 'submitReport' }
  | { readonly type: 'accept' }
  | { readonly type: 'return'; readonly reason: string }
  | { readonly type: 'complete' }
  | { readonly type: 'recall'; readonly reason: string }
  | { readonly type: 'reassign'; readonly reason: string; readonly toUnitId: string }
  | { readonly type: 'succeed'; readonly reason: string; readonly toUnitId: string };
export type AssignmentActionType = AssignmentAction['type'];

interface Rule {
  readonly role: AssignmentRole;
  readonly from: readonly AssignmentState[];
  readonly to: AssignmentState;
}

/**
 * The lifecycle as one table. Choices beyond the plain chain:
 * - start and submitReport from `issued` imply acknowledgement: acting on an assignment proves it was
 *   received, and communes often just send their figures without pressing "tiếp nhận" first.
 * - submitReport from `reported` replaces a report still awaiting review; from `accepted` it opens a
 *   new review round (periodic reports, Nghị định 09/2019, arrive every week until completion).
 * - only an accepted assignment can be completed, and only a reported one accepted or returned.
 * - reassign is the assigner's (the delivering unit, or the issuer for a top-level assignment): the
 *   wrong department, a merged commune. The old assignment ends; the new unit gets a fresh one.
 * - succeed is a reorganisation's (a resolution of the Standing Committee: units merged), applied on
 *   the issuer's authority since the unit that assigned the task may itself be gone: the task ends
 *   here as reassigned, and the unit that succeeds this one carries it (./reorganisation.ts).
 */
export const TRANSITIONS: Readonly<Record<AssignmentActionType, Rule>> = {
  acknowledge: { role: 'assignee', from: ['issued'], to: 'acknowledged' },
  start: { role: 'assignee', from: ['issued', 'acknowledged'], to: 'in_progress' },
  submitReport: { role: 'assignee', from: ['issued', 'acknowledged', 'in_progress', 'reported', 'returned', 'accepted'], to: 'reported' },
  accept: { role: 'assigner', from: ['reported'], to: 'accepted' },
  return: { role: 'assigner', from: ['reported'], to: 'returned' },
  complete: { role: 'assigner', from: ['accepted'], to: 'completed' },
  recall: { role: 'issuer', from: OPEN_STATES, to: 'recalled' },
  reassign: { role: 'assigner', from: OPEN_STATES, to: 'reassigned' },
  succeed: { role: 'issuer', from: OPEN_STATES, to: 'reassigned' },
};

export const ASSIGNMENT_ACTIONS = Object.keys(TRANSITIONS) as readonly AssignmentActionType[];

export interface AssignmentParties {
  readonly assignerUnitId: string;
  readonly issuerUnitId: string;
}

/**
 * Who delivered a planned assignment and who issued it: the parent recipient (a district forwarding
 * to its communes), else the issuer itself.
 */
export function partiesOf(issuerUnitId: string, parentUnitId: string | null): AssignmentParties {
  return { assignerUnitId: parentUnitId ?? issuerUnitId, issuerUnitId };
}

/**
 * A fresh assignment. `parties` records the assigner and issuer so `transition` can check their
 * actions; without it only the assignee's actions are possible.
 */
export function newAssignment(directiveId: string, unitId: string, issuedAt: string, parties?: AssignmentParties): AssignmentStatus {
  const status: AssignmentStatus = { directiveId, unitId, state: 'issued', issuedAt, acknowledgedAt: null, acknowledgedBy: null };
  return parties ? { ...status, assignerUnitId: parties.assignerUnitId, issuerUnitId: parties.issuerUnitId } : status;
}

/** The actions `role` may take in `state`, in table order (for the buttons a screen shows). */
export function availableActions(state: AssignmentState, role: AssignmentRole): AssignmentActionType[] {
  return ASSIGNMENT_ACTIONS.filter((type) => TRANSITIONS[type].role === role && TRANSITIONS[type].from.includes(state));
}

function assertActor(status: AssignmentStatus, type: AssignmentActionType, actor: RoleActor): void {
  const needed = TRANSITIONS[type].role;
  if (needed === 'assignee') {
    if (actor.role !== 'assignee' || actor.unitId !== status.unitId) {
      throw new DomainError('NOT_ASSIGNEE', `Unit ${actor.unitId} cannot ${type} the assignment of ${status.unitId}`, {
        unitId: status.unitId,
      });
    }
    return;
  }
  // Fails closed: an assignment that does not record its assigner or issuer accepts no such action.
  const expected = needed === 'assigner' ? status.assignerUnitId : status.issuerUnitId;
  if (actor.role !== needed || expected === undefined || actor.unitId !== expected) {
    throw new DomainError('OUT_OF_SCOPE', `Unit ${actor.unitId} cannot ${type} the assignment of ${status.unitId} as ${needed}`, {
      unitId: status.unitId,
      action: type,
    });
  }
}

/**
 * States in which the unit has received the task: acknowledged, or gone on to work and report on it
 * (which records receipt too). An acknowledgement arriving then (a colleague's phone, queued offline,
 * sent after someone else reported) asks for what is already so, and is told so rather than refused.
 */
const RECEIVED: ReadonlySet<AssignmentState> = new Set(['acknowledged', 'in_progress', 'reported', 'returned', 'accepted', 'completed']);

function assertState(status: AssignmentStatus, type: AssignmentActionType): void {
  if (TRANSITIONS[type].from.includes(status.state)) return;
  if (type === 'acknowledge' && RECEIVED.has(status.state)) {
    throw new DomainError('ALREADY_ACKNOWLEDGED', `The assignment of ${status.unitId} is already acknowledged`, {
      unitId: status.unitId,
      from: status.state,
      action: type,
    });
  }
  throw new DomainError('ILLEGAL_TRANSITION', `Cannot ${type} the assignment of ${status.unitId} from ${status.state}`, {
    from: status.state,
    action: type,
  });
}

function requiredReason(reason: unknown, type: AssignmentActionType): string {
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (trimmed.length === 0) throw new DomainError('INVALID_INPUT', `A reason is required to ${type}`, { field: 'reason' });
  return trimmed;
}

/**
 * Applies one action. Checks, in order: the actor (so outsiders learn nothing about the state), the
 * state, then the action's input. Returns a new status; the input is never changed.
 */
export function transition(status: AssignmentStatus, action: AssignmentAction, actor: RoleActor, now: string): AssignmentStatus {
  // Actions arrive as JSON through updates; an unknown type must not reach the table lookups.
  if (!Object.hasOwn(TRANSITIONS, action.type)) {
    throw new DomainError('INVALID_INPUT', `Unknown action ${String(action.type)}`, { field: 'action' });
  }
  assertActor(status, action.type, actor);
  assertState(status, action.type);
  const to = TRANSITIONS[action.type].to;
  const received =
    status.acknowledgedAt === null ? { acknowledgedAt: now, acknowledgedBy: actor.userId } : {};
  switch (action.type) {
    case 'acknowledge':
      return { ...status, state: to, acknowledgedAt: now, acknowledgedBy: actor.userId };
    case 'start':
      return { ...status, ...received, state: to, startedAt: now };
    case 'submitReport':
      return { ...status, ...received, state: to, reportedAt: now };
    case 'accept':
      return { ...status, state: to, acceptedAt: now };
    case 'return':
      return { ...status, state: to, returnedAt: now, returnReason: requiredReason(action.reason, action.type) };
    case 'complete':
      return { ...status, state: to, completedAt: now };
    case 'recall':
      return { ...status, state: to, recalledAt: now, recallReason: requiredReason(action.reason, action.type) };
    case 'reassign':
    case 'succeed': {
      const toUnitId = typeof action.toUnitId === 'string' ? action.toUnitId : '';
      if (toUnitId.length === 0) throw new DomainError('INVALID_INPUT', 'A reassignment names the unit it goes to', { field: 'toUnitId' });
      if (toUnitId === status.unitId) throw new DomainError('INVALID_INPUT', 'A task is reassigned to another unit', { field: 'toUnitId' });
      return { ...status, state: to, reassignedAt: now, reassignedTo: toUnitId, reassignReason: requiredReason(action.reason, action.type) };
    }
  }
}

/** Throws the reason an actor may not acknowledge; returns nothing when they may. */
export function assertCanAcknowledge(assignment: AssignmentStatus, actor: Actor): void {
  assertActor(assignment, 'acknowledge', { ...actor, role: 'assignee' });
  assertState(assignment, 'acknowledge');
}

export function acknowledge(assignment: AssignmentStatus, actor: Actor, now: string): AssignmentStatus {
  return transition(assignment, { type: 'acknowledge' }, { ...actor, role: 'assignee' }, now);
}
