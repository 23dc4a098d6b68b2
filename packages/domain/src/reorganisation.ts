import { isTerminal, type AssignmentState } from './assignment';
import { DomainError } from './errors';
import { buildHierarchy, getUnit, type Hierarchy, type Unit } from './hierarchy';
import { sumFigures } from './reports';
import type { ReviewState, UnitReportState } from './rollup';

/**
 * A running directive through a reorganisation of the units it reached (1/7/2025: the district level
 * gone, communes merged): which of its assignments move to which new unit, which wait for the
 * issuer's decision, and which end. Pure: the caller gives where each old unit went (`Succession`,
 * read from the official merges by @chidao/admin-units) and the directive's assignments with their
 * latest reports.
 */

/**
 * Where one old unit went:
 * - `moves`: whole (`full`) into exactly one new unit, which takes over its task;
 * - `split`: into several new units, or only a part of it (`partial`): the issuer decides;
 * - `unknown`: not found in the list of old units under that name (renamed or merged earlier), or
 *   its name stands for several old units: the issuer decides;
 * - `ceases`: a district-level committee; the level is gone, and its communes' successors answer to
 *   the unit above it.
 */
export type Succession =
  | { readonly kind: 'moves'; readonly oldUnitId: string; readonly oldCode: string; readonly to: string }
  | { readonly kind: 'split'; readonly oldUnitId: string; readonly oldCode: string; readonly to: readonly string[] }
  | { readonly kind: 'unknown'; readonly oldUnitId: string; readonly reason: 'not-listed' | 'ambiguous'; readonly candidates: readonly string[] }
  | { readonly kind: 'ceases'; readonly oldUnitId: string };

/** One assignment of the directive as it stands, with the unit's latest report (null: none). */
export interface HeldAssignment {
  readonly unitId: string;
  /** The unit it answers to (null: the issuer). */
  readonly parentUnitId: string | null;
  readonly state: AssignmentState;
  readonly latest: { readonly figures: Readonly<Record<string, number>>; readonly review: ReviewState } | null;
  /** On a successor of an earlier step: the old units it took over. */
  readonly succeeds?: readonly string[];
}

/** A new unit's assignment, taking over the open assignments of the old units that went into it. */
export interface SuccessorAssignment {
  readonly unitId: string;
  /** The old units whose open assignments it takes over (each ends as moved to it), in the directive's order. */
  readonly from: readonly string[];
  /** The assignment it answers to: the nearest one above its predecessors that goes on (null: the issuer). */
  readonly parentUnitId: string | null;
  /**
   * Its predecessors' latest figures summed metric by metric (numerators and denominators alike, so
   * every rate is recomputed from sums); null when none of them had reported.
   */
  readonly figures: Readonly<Record<string, number>> | null;
  /** `accepted` when every summed report was; otherwise `pending`: its assigner reviews the sum. */
  readonly review: ReviewState;
}

export type DecisionReason = 'split' | 'not-listed' | 'ambiguous' | 'parents-differ' | 'target-holds';

/** An open assignment the data cannot move on its own: the issuer picks the new unit. */
export interface PendingDecision {
  readonly unitId: string;
  readonly reason: DecisionReason;
  /** New unit ids (split, parents-differ, target-holds) or old official codes (ambiguous); none for not-listed. */
  readonly candidates: readonly string[];
}

/**
 * Old units whose open assignments go into a new unit that already carries the task (a successor
 * started earlier, or one the issuer chose after a decision): their figures are added to its own.
 */
export interface Join {
  readonly unitId: string;
  readonly from: readonly string[];
  /** Their latest figures summed (null: none had reported), and `accepted` when every one was. */
  readonly figures: Readonly<Record<string, number>> | null;
  readonly review: ReviewState;
}

export interface ReorganisationPlan {
  readonly successors: readonly SuccessorAssignment[];
  readonly joins: readonly Join[];
  readonly decisions: readonly PendingDecision[];
  /** Open assignments of units that cease (the districts), each ending once nothing below it waits. */
  readonly ending: readonly string[];
  /** Assignments of ceasing units that stay open while a decision below them is pending. */
  readonly waiting: readonly string[];
}

/**
 * The plan for one directive. Only open assignments move (a completed one keeps its place and its
 * figures; a withdrawn one is history). An old unit without an assignment of the directive is no
 * concern of it.
 */
export function planReorganisation(succession: readonly Succession[], assignments: readonly HeldAssignment[]): ReorganisationPlan {
  const held = new Map(assignments.map((a) => [a.unitId, a] as const));
  const ceases = new Set(succession.filter((s) => s.kind === 'ceases').map((s) => s.oldUnitId));
  const open = (unitId: string) => {
    const a = held.get(unitId);
    return a !== undefined && !isTerminal(a.state) ? a : undefined;
  };
  /** The nearest assignment above that goes on: ceasing units are passed over, up to the issuer (null). */
  const survivingParent = (a: HeldAssignment): string | null => {
    let parent = a.parentUnitId;
    const seen = new Set<string>();
    while (parent !== null && ceases.has(parent)) {
      if (seen.has(parent)) throw new DomainError('INVALID_HIERARCHY', `The assignments above ${a.unitId} form a cycle`, { unitId: a.unitId });
      seen.add(parent);
      parent = held.get(parent)?.parentUnitId ?? null;
    }
    return parent;
  };

  const decisions: PendingDecision[] = [];
  const groups = new Map<string, HeldAssignment[]>();
  for (const s of succession) {
    if (s.kind === 'ceases') continue;
    const a = open(s.oldUnitId);
    if (!a) continue;
    if (s.kind === 'moves') groups.set(s.to, [...(groups.get(s.to) ?? []), a]);
    else if (s.kind === 'split') decisions.push({ unitId: a.unitId, reason: 'split', candidates: [...s.to] });
    else decisions.push({ unitId: a.unitId, reason: s.reason, candidates: [...s.candidates] });
  }

  const successors: SuccessorAssignment[] = [];
  const joins: Join[] = [];
  const summed = (from: readonly HeldAssignment[]): { figures: Record<string, number> | null; review: ReviewState } => {
    const reported = from.flatMap((a) => (a.latest ? [a.latest] : []));
    if (reported.length === 0) return { figures: null, review: 'none' };
    return { figures: sumFigures(reported.map((r) => r.figures)), review: reported.every((r) => r.review === 'accepted') ? 'accepted' : 'pending' };
  };
  // In the directive's order of its assignments, so that the plan reads as the directive does.
  const order = new Map(assignments.map((a, i) => [a.unitId, i] as const));
  for (const [to, from] of groups) {
    from.sort((x, y) => order.get(x.unitId)! - order.get(y.unitId)!);
    const parents = new Set(from.map(survivingParent));
    if (parents.size > 1) {
      for (const a of from) decisions.push({ unitId: a.unitId, reason: 'parents-differ', candidates: [to] });
      continue;
    }
    const existing = held.get(to);
    if (existing !== undefined) {
      // The new unit already carries the task: a successor of an earlier step (answering where these
      // would) takes them in; one that had it from the directive itself, or has ended, is for the
      // issuer to decide.
      if (isTerminal(existing.state) || !existing.succeeds?.length || existing.parentUnitId !== [...parents][0]!) {
        for (const a of from) decisions.push({ unitId: a.unitId, reason: 'target-holds', candidates: [to] });
      } else {
        joins.push({ unitId: to, from: from.map((a) => a.unitId), ...summed(from) });
      }
      continue;
    }
    successors.push({ unitId: to, from: from.map((a) => a.unitId), parentUnitId: [...parents][0]!, ...summed(from) });
  }
  joins.sort((x, y) => order.get(x.from[0]!)! - order.get(y.from[0]!)!);
  successors.sort((x, y) => order.get(x.from[0]!)! - order.get(y.from[0]!)!);
  decisions.sort((x, y) => order.get(x.unitId)! - order.get(y.unitId)!);

  // A ceasing unit's assignment ends once nothing below it stays: it waits while a decision under it is pending.
  const pendingUnder = new Set<string>();
  for (const d of decisions) {
    for (let p = held.get(d.unitId)?.parentUnitId ?? null; p !== null; p = held.get(p)?.parentUnitId ?? null) pendingUnder.add(p);
  }
  const ending: string[] = [];
  const waiting: string[] = [];
  for (const a of assignments) {
    if (!ceases.has(a.unitId) || isTerminal(a.state)) continue;
    (pendingUnder.has(a.unitId) ? waiting : ending).push(a.unitId);
  }
  return { successors, joins, decisions, ending, waiting };
}

/**
 * The directive's tree and latest reports once `plan` is carried out, for its rollups: the successors'
 * units under the units they answer to (the issuer for null), with their summed figures; the moved
 * and ended assignments no longer owed. Old units stay in the tree (their history is the directive's).
 */
export function afterReorganisation(
  hierarchy: Hierarchy,
  issuerUnitId: string,
  plan: ReorganisationPlan,
  newUnits: ReadonlyMap<string, Unit>,
  latest: readonly UnitReportState[],
): { hierarchy: Hierarchy; latest: UnitReportState[] } {
  const placed: Unit[] = plan.successors.map((s) => {
    const unit = newUnits.get(s.unitId);
    if (!unit) throw new DomainError('UNIT_NOT_FOUND', `Unknown new unit ${s.unitId}`, { unitId: s.unitId });
    const parentId = s.parentUnitId ?? issuerUnitId;
    getUnit(hierarchy, parentId);
    return { ...unit, parentId };
  });
  const gone = new Set([...plan.successors.flatMap((s) => s.from), ...plan.joins.flatMap((j) => j.from), ...plan.ending]);
  const joined = new Map(plan.joins.map((j) => [j.unitId, j] as const));
  const withJoins = (r: UnitReportState): UnitReportState => {
    const join = joined.get(r.unitId);
    if (!join?.figures) return r;
    const figures = sumFigures([r.figures ?? {}, join.figures]);
    return { unitId: r.unitId, figures, review: r.review === 'accepted' && join.review === 'accepted' ? 'accepted' : 'pending' };
  };
  return {
    hierarchy: buildHierarchy(hierarchy.scheme, [...hierarchy.units.values(), ...placed]),
    latest: [
      ...latest.filter((r) => !gone.has(r.unitId)).map(withJoins),
      ...plan.successors.map((s) => ({ unitId: s.unitId, figures: s.figures, review: s.review })),
    ],
  };
}
