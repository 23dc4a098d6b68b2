import { DomainError } from './errors';
import { childrenOf, descendantsOf, getUnit, type Hierarchy } from './hierarchy';
import type { MetricDef, RateDef } from './reports';

export const REVIEW_STATES = ['accepted', 'pending', 'returned', 'none'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/**
 * A unit's latest report as the rollup sees it. `figures` is null while the unit has not reported;
 * `review` is the assigner's verdict on that report ('none' when there is nothing to review).
 */
export interface UnitReportState {
  readonly unitId: string;
  readonly figures: Readonly<Record<string, number>> | null;
  readonly review: ReviewState;
}

export interface RateValue {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator × 100, unrounded; null when the denominator is 0. */
  readonly percent: number | null;
}

export interface SubtreeRollup {
  /** Per metric key; 0 where nobody in the subtree reported it. */
  readonly figures: Record<string, number>;
  readonly rates: Record<string, RateValue>;
  /** Some figure counted here comes from a report the assigner has not accepted (pending or returned). */
  readonly pendingReview: boolean;
  /** Units in the subtree that have reported figures. */
  readonly reported: number;
  /** Units in the subtree that are expected to report (those listed in `latest`). */
  readonly expected: number;
}

export interface ChildRollup extends SubtreeRollup {
  readonly unitId: string;
  readonly name: string;
  /** 1 = best by the ranking rate (the first with a target, else the first); ties share a rank (1, 1, 3); null when the rate cannot be computed. */
  readonly rank: number | null;
}

export interface Rollup extends SubtreeRollup {
  readonly unitId: string;
  /** Best → worst by the ranking rate's percent (the first rate with a target, else the first); children with nothing expected are left out. */
  readonly children: readonly ChildRollup[];
  /** Review states of the units expected to report strictly below `unitId`. */
  readonly statusCounts: Record<ReviewState, number>;
}

interface Sums {
  readonly figures: Map<string, number>;
  /** Metrics whose value here includes a figure from an unaccepted report. */
  readonly pending: Set<string>;
  readonly reported: number;
  readonly expected: number;
}

/**
 * What a subtree contributes to the rollup of the unit above it: figures per metric (the subtree
 * root's own where it reported one, else its children's sum; absent where nobody reported it), the
 * metric keys whose figure includes an unaccepted report, counts, and the review states of the units
 * expected to report in it. The database keeps these per unit (issue 7); `rollUp` computes them.
 */
export interface SubtreeTotals {
  readonly figures: Readonly<Record<string, number>>;
  readonly pending: readonly string[];
  readonly reported: number;
  readonly expected: number;
  readonly statusCounts: Readonly<Partial<Record<ReviewState, number>>>;
}

function ratesOf(figures: Readonly<Record<string, number>>, rates: readonly RateDef[]): Record<string, RateValue> {
  const out: Record<string, RateValue> = {};
  for (const rate of rates) {
    const numerator = figures[rate.numerator] ?? 0;
    const denominator = figures[rate.denominator] ?? 0;
    out[rate.key] = { numerator, denominator, percent: denominator > 0 ? (numerator / denominator) * 100 : null };
  }
  return out;
}

function finish(part: Sums, metrics: readonly MetricDef[], rates: readonly RateDef[]): SubtreeRollup {
  const figures: Record<string, number> = {};
  for (const metric of metrics) figures[metric.key] = part.figures.get(metric.key) ?? 0;
  return {
    figures,
    rates: ratesOf(figures, rates),
    pendingReview: metrics.some((metric) => part.pending.has(metric.key)),
    reported: part.reported,
    expected: part.expected,
  };
}

/**
 * Totals, rates and a ranking of `unitId`'s children from the latest report of each unit below it.
 *
 * No double counting: a unit's report covers its whole area, so each subtree contributes its root's
 * own figure when that unit reported it, and otherwise the sum of its children's subtrees. This
 * holds per metric, so a district that reports only installs still gets its population from its
 * communes. `unitId`'s own report is not part of its totals (they say what the units below report).
 * Figures from pending and returned reports are counted but flag `pendingReview`.
 *
 * Rates are computed from summed numerators and denominators, never by averaging percentages.
 * `latest` should list exactly the units expected to report, and only units whose areas do not
 * overlap (territorial committees, not provincial departments whose staff live in the districts).
 */
export function rollUp(
  hierarchy: Hierarchy,
  unitId: string,
  latest: readonly UnitReportState[],
  metrics: readonly MetricDef[],
  rates: readonly RateDef[],
): Rollup {
  getUnit(hierarchy, unitId);
  const below = new Set(descendantsOf(hierarchy, unitId).map((u) => u.id));
  const seen = new Set<string>();
  const byUnit = new Map<string, UnitReportState>();
  for (const state of latest) {
    if (seen.has(state.unitId)) throw new DomainError('INVALID_INPUT', `Two latest reports for ${state.unitId}`, { unitId: state.unitId });
    seen.add(state.unitId);
    if (below.has(state.unitId)) byUnit.set(state.unitId, state);
  }

  const subtree = (id: string): Sums & { statusCounts: Partial<Record<ReviewState, number>> } => {
    const figures = new Map<string, number>();
    const pending = new Set<string>();
    const statusCounts: Partial<Record<ReviewState, number>> = {};
    let reported = 0;
    let expected = 0;
    const parts = childrenOf(hierarchy, id).map((child) => subtree(child.id));
    for (const part of parts) {
      reported += part.reported;
      expected += part.expected;
      for (const [state, n] of Object.entries(part.statusCounts) as [ReviewState, number][]) statusCounts[state] = (statusCounts[state] ?? 0) + n;
    }
    const own = byUnit.get(id);
    if (own !== undefined) {
      expected += 1;
      statusCounts[own.review] = (statusCounts[own.review] ?? 0) + 1;
    }
    if (own?.figures != null) reported += 1;
    for (const metric of metrics) {
      const ownValue = own?.figures != null && Object.hasOwn(own.figures, metric.key) ? own.figures[metric.key] : undefined;
      if (own !== undefined && ownValue !== undefined) {
        figures.set(metric.key, ownValue);
        if (own.review !== 'accepted') pending.add(metric.key);
        continue;
      }
      let sum = 0;
      let any = false;
      for (const part of parts) {
        const value = part.figures.get(metric.key);
        if (value === undefined) continue;
        sum += value;
        any = true;
        if (part.pending.has(metric.key)) pending.add(metric.key);
      }
      if (any) figures.set(metric.key, sum);
    }
    return { figures, pending, reported, expected, statusCounts };
  };

  return rollUpFromChildren(
    unitId,
    childrenOf(hierarchy, unitId).map((child) => {
      const part = subtree(child.id);
      return {
        unitId: child.id,
        name: child.name,
        totals: { ...part, figures: Object.fromEntries(part.figures), pending: [...part.pending] },
      };
    }),
    metrics,
    rates,
  );
}

/**
 * The rollup of `unitId` from its children's subtree totals (in the tree's order): what `rollUp`
 * computes from every report below, and what the API reads precomputed from the database.
 */
export function rollUpFromChildren(
  unitId: string,
  childTotals: ReadonlyArray<{ readonly unitId: string; readonly name: string; readonly totals: SubtreeTotals }>,
  metrics: readonly MetricDef[],
  rates: readonly RateDef[],
): Rollup {
  const toSums = (t: SubtreeTotals): Sums => ({
    figures: new Map(Object.entries(t.figures)),
    pending: new Set(t.pending),
    reported: t.reported,
    expected: t.expected,
  });
  const children = childTotals.filter(({ totals }) => totals.expected > 0).map((child) => ({ ...child, part: toSums(child.totals) }));

  const total: Sums = { figures: new Map(), pending: new Set(), reported: 0, expected: 0 };
  let reported = 0;
  let expected = 0;
  const statusCounts = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<ReviewState, number>;
  for (const { part, totals } of children) {
    reported += part.reported;
    expected += part.expected;
    for (const [key, value] of part.figures) total.figures.set(key, (total.figures.get(key) ?? 0) + value);
    for (const key of part.pending) total.pending.add(key);
    for (const state of REVIEW_STATES) statusCounts[state] += totals.statusCounts[state] ?? 0;
  }

  const rows = children.map(({ unitId: id, name, part }) => ({ unitId: id, name, ...finish(part, metrics, rates) }));
  // Units are ranked by the directive's goal: the first rate with a target, else the first rate.
  const first = rates.find((r) => r.targetPercent !== undefined) ?? rates[0];
  const ratio = (row: SubtreeRollup): number | null => {
    if (first === undefined) return null;
    const value = row.rates[first.key];
    // Compared as numerator / denominator: equal ratios give equal doubles, so ties are exact.
    return value === undefined || value.denominator <= 0 ? null : value.numerator / value.denominator;
  };
  const sorted = rows
    .map((row, order) => ({ row, order, ratio: ratio(row) }))
    .sort((a, b) => {
      if (a.ratio === null || b.ratio === null) return a.ratio === b.ratio ? a.order - b.order : a.ratio === null ? 1 : -1;
      return b.ratio - a.ratio || a.order - b.order;
    });
  const ranked: ChildRollup[] = [];
  sorted.forEach(({ row, ratio: r }, i) => {
    const previous = sorted[i - 1];
    const prevRank = ranked[i - 1]?.rank ?? null;
    const rank = r === null ? null : previous !== undefined && previous.ratio === r && prevRank !== null ? prevRank : i + 1;
    ranked.push({ ...row, rank });
  });

  return { unitId, ...finish({ ...total, reported, expected }, metrics, rates), children: ranked, statusCounts };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of an ISO date (midnight in Asia/Ho_Chi_Minh, UTC+7) or a date-time with an offset. */
function instantOf(text: string, field: string): number {
  const iso = DATE_ONLY.test(text) ? `${text}T00:00:00+07:00` : DATE_TIME.test(text) ? text : null;
  const ms = iso === null ? Number.NaN : Date.parse(iso);
  if (!Number.isFinite(ms)) throw new DomainError('INVALID_INPUT', `${field} is not an ISO date: ${text}`, { field });
  return ms;
}

/**
 * Where the rate should be on `on` if it moves in a straight line from the baseline to the target:
 * the baseline before the baseline date, the target from the target date on.
 * 1119: 13% on 16/8/2020 → 60% on 20/8/2020 gives 36.5% on 18/8/2020.
 */
export function expectedRate(baselinePercent: number, baselineDate: string, targetPercent: number, targetDate: string, on: string): number {
  if (!Number.isFinite(baselinePercent) || !Number.isFinite(targetPercent)) {
    throw new DomainError('INVALID_INPUT', 'Percentages must be finite numbers', { field: 'percent' });
  }
  const start = instantOf(baselineDate, 'baselineDate');
  const end = instantOf(targetDate, 'targetDate');
  const at = instantOf(on, 'on');
  if (end < start) throw new DomainError('INVALID_INPUT', 'The target date is before the baseline date', { field: 'targetDate' });
  if (at >= end) return targetPercent;
  if (at <= start) return baselinePercent;
  return baselinePercent + ((targetPercent - baselinePercent) * (at - start)) / (end - start);
}

/** Red in the TP.HCM colour scheme: more than `tolerancePoints` percentage points behind the path. */
export function isAtRisk(actualPercent: number, expected: number, tolerancePoints = 5): boolean {
  return actualPercent < expected - tolerancePoints;
}
