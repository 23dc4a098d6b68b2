import type { AssignmentState } from '@chidao/domain';

/** One sub-assignment to deliver: the unit and the tasks of the directive it must carry out. */
export interface Delivery {
  readonly unitId: string;
  readonly taskIds: readonly string[];
}

/**
 * What workflows ask of the outside world. Implemented in @chidao/activities; workflows import
 * this interface as a type only. Every call is idempotent: retries and replays converge.
 */
export interface DirectiveActivities {
  /** Assignments the directive delivers directly (those with no recipient ancestor). */
  planDirective(input: { directiveId: string }): Promise<Delivery[]>;
  /** Assignments delivered through the assignment of `unitId` (a district's communes). */
  planChildren(input: { directiveId: string; unitId: string }): Promise<Delivery[]>;
  recordIssued(input: {
    id: string;
    directiveId: string;
    unitId: string;
    parentUnitId: string | null;
    taskIds: readonly string[];
    issuedAt: string;
    version: number;
  }): Promise<void>;
  recordState(input: {
    id: string;
    state: AssignmentState;
    acknowledgedAt: string | null;
    acknowledgedBy: string | null;
    version: number;
  }): Promise<void>;
}
