import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, AssignmentState, AssignmentStatus } from '@chidao/domain';

/**
 * Messages are defined once here and imported by the workflows, the API and the tests.
 * Payloads carry a version so that running workflows survive deploys that change them.
 */
export interface AcknowledgeInput {
  readonly v: 1;
  readonly actor: Actor;
}

export interface ChildProgress {
  readonly v: 1;
  readonly unitId: string;
  readonly state: AssignmentState;
}

export interface AssignmentSnapshot {
  readonly status: AssignmentStatus;
  readonly parentUnitId: string | null;
  readonly taskIds: readonly string[];
  /** Sub-assignments this one delivered (a district's communes), with their last reported state. */
  readonly children: Readonly<Record<string, AssignmentState>>;
}

export interface DirectiveSnapshot {
  readonly directiveId: string;
  readonly delivered: readonly string[];
  readonly recalled: boolean;
}

/** The assignee acknowledges receipt (đã tiếp nhận). Rejected for another unit or a wrong state. */
export const acknowledgeUpdate = defineUpdate<AssignmentStatus, [AcknowledgeInput]>('acknowledge');
/** A sub-assignment tells the assignment that delivered it about its progress. */
export const childProgressSignal = defineSignal<[ChildProgress]>('childProgress');
/** Ends tracking (the engine issue adds completion and recall on top of it). */
export const closeSignal = defineSignal<[{ readonly v: 1; readonly reason: string }]>('close');
export const assignmentSnapshotQuery = defineQuery<AssignmentSnapshot>('assignmentSnapshot');
export const directiveSnapshotQuery = defineQuery<DirectiveSnapshot>('directiveSnapshot');
