import { childrenOf, descendantsOf, getUnit, type Hierarchy } from './hierarchy';
import { ASSIGNMENT_STATES, isOwed, type AssignmentState } from './assignment';

export interface AssignmentRef {
  readonly unitId: string;
  readonly state: AssignmentState;
}

export interface AckCount {
  readonly total: number;
  readonly acknowledged: number;
}

export interface ChildProgress {
  readonly unitId: string;
  readonly name: string;
  /** The child's own assignment state, or null when the directive gave it none. */
  readonly own: AssignmentState | null;
  /** Assignments strictly below the child. */
  readonly below: AckCount;
}

/**
 * A recalled or reassigned assignment is no longer owed, so it counts neither as acknowledged nor in the total:
 * "x of y" stays reachable after the issuer withdraws some assignments.
 */
function count(states: readonly AssignmentState[]): AckCount {
  const owed = states.filter(isOwed);
  return { total: owed.length, acknowledged: owed.filter((s) => s !== 'issued').length };
}

/** How many assignments are in each state; every state is present, zero when none. */
export function statusCounts(states: Iterable<AssignmentState>): Record<AssignmentState, number> {
  const counts = Object.fromEntries(ASSIGNMENT_STATES.map((s) => [s, 0])) as Record<AssignmentState, number>;
  for (const state of states) counts[state] += 1;
  return counts;
}

/**
 * What a parent level sees: for each child unit, its own assignment and "x of y acknowledged"
 * for the assignments below it. Children without any assignment in their subtree are left out.
 */
export function progressByChild(hierarchy: Hierarchy, parentUnitId: string, assignments: readonly AssignmentRef[]): ChildProgress[] {
  getUnit(hierarchy, parentUnitId);
  const stateOf = new Map(assignments.map((a) => [a.unitId, a.state]));
  const out: ChildProgress[] = [];
  for (const child of childrenOf(hierarchy, parentUnitId)) {
    const below = descendantsOf(hierarchy, child.id).flatMap((u) => {
      const s = stateOf.get(u.id);
      return s === undefined ? [] : [s];
    });
    const own = stateOf.get(child.id) ?? null;
    if (own === null && below.length === 0) continue;
    out.push({ unitId: child.id, name: child.name, own, below: count(below) });
  }
  return out;
}

/** "x of y" over every assignment strictly below `unitId`. */
export function progressBelow(hierarchy: Hierarchy, unitId: string, assignments: readonly AssignmentRef[]): AckCount {
  const inside = new Set(descendantsOf(hierarchy, unitId).map((u) => u.id));
  return count(assignments.filter((a) => inside.has(a.unitId)).map((a) => a.state));
}
