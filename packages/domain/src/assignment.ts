import { DomainError } from './errors';

/**
 * Assignment states after Vietnamese task-tracking practice (QĐ 42/2014/QĐ-TTg):
 * issued → acknowledged (đã tiếp nhận) → …; the later states arrive with the lifecycle engine.
 */
export const ASSIGNMENT_STATES = ['issued', 'acknowledged'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export interface AssignmentStatus {
  readonly directiveId: string;
  readonly unitId: string;
  readonly state: AssignmentState;
  /** ISO instant. */
  readonly issuedAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
}

/** Who is acting: a person, on behalf of a unit. */
export interface Actor {
  readonly userId: string;
  readonly unitId: string;
}

export function newAssignment(directiveId: string, unitId: string, issuedAt: string): AssignmentStatus {
  return { directiveId, unitId, state: 'issued', issuedAt, acknowledgedAt: null, acknowledgedBy: null };
}

/** Throws the reason an actor may not acknowledge; returns nothing when they may. */
export function assertCanAcknowledge(assignment: AssignmentStatus, actor: Actor): void {
  if (actor.unitId !== assignment.unitId) {
    throw new DomainError('NOT_ASSIGNEE', `Unit ${actor.unitId} cannot acknowledge the assignment of ${assignment.unitId}`, {
      unitId: assignment.unitId,
    });
  }
  if (assignment.state === 'acknowledged') {
    throw new DomainError('ALREADY_ACKNOWLEDGED', `The assignment of ${assignment.unitId} is already acknowledged`, {
      unitId: assignment.unitId,
    });
  }
  if (assignment.state !== 'issued') {
    throw new DomainError('ILLEGAL_TRANSITION', `Cannot acknowledge from ${assignment.state as string}`, {
      unitId: assignment.unitId,
    });
  }
}

export function acknowledge(assignment: AssignmentStatus, actor: Actor, now: string): AssignmentStatus {
  assertCanAcknowledge(assignment, actor);
  return { ...assignment, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: actor.userId };
}
