import { localDateOf } from './calendar';
import { DomainError } from './errors';
import type { Hierarchy } from './hierarchy';
import type { MetricDef, RateDef } from './reports';
import { rollUp, type ReviewState, type UnitReportState } from './rollup';

/** One stored version of a unit's report, as the trend reads the history. */
export interface ReportVersion {
  readonly unitId: string;
  readonly version: number;
  /** ISO instant. */
  readonly submittedAt: string;
  readonly figures: Readonly<Record<string, number>>;
  readonly review: ReviewState;
}

export interface TrendPoint {
  /** The report day (yyyy-MM-dd, Asia/Ho_Chi_Minh); figures stand as at the end of it. */
  readonly date: string;
  /** The unit's rate from the sums below it; null while nothing has a denominator. */
  readonly percent: number | null;
  readonly reported: number;
  /** Each child's rate on that day, by unit id (null: no rate yet). */
  readonly children: Readonly<Record<string, number | null>>;
}

export interface Trend {
  readonly unitId: string;
  /** The charted rate: the directive's goal (first with a target), else the first; null without rates. */
  readonly rateKey: string | null;
  readonly targetPercent: number | null;
  /** The children in the rollup's order at the last point (best → worst). */
  readonly children: readonly { readonly unitId: string; readonly name: string }[];
  /** One point per day on which some report below the unit was submitted, oldest first. */
  readonly points: readonly TrendPoint[];
}

/**
 * The rate over time: for every day on which a report arrived, the rollup of each unit's latest
 * version submitted by the end of that day, so the line moves exactly as the rollup did. The same
 * arithmetic as `rollUp` (summed numerators and denominators), because it is `rollUp`.
 *
 * `expected` lists the units expected to report (as for rollUp, territorial units only); versions
 * of other units are ignored. The review state of each version is its current one.
 */
export function rateTrend(
  hierarchy: Hierarchy,
  unitId: string,
  expected: readonly string[],
  history: readonly ReportVersion[],
  metrics: readonly MetricDef[],
  rates: readonly RateDef[],
): Trend {
  const rate = rates.find((r) => r.targetPercent !== undefined) ?? rates[0] ?? null;
  const wanted = new Set(expected);
  const versions = history
    .filter((v) => wanted.has(v.unitId))
    .map((v) => {
      const at = Date.parse(v.submittedAt);
      if (!Number.isFinite(at)) throw new DomainError('INVALID_INPUT', `Not an instant: ${v.submittedAt}`, { field: 'submittedAt' });
      return { ...v, at, day: localDateOf(v.submittedAt) };
    })
    .sort((a, b) => a.at - b.at || a.version - b.version);
  const days = [...new Set(versions.map((v) => v.day))];

  const latest = new Map<string, UnitReportState>(expected.map((id) => [id, { unitId: id, figures: null, review: 'none' }]));
  const points: TrendPoint[] = [];
  let lastChildren: { unitId: string; name: string }[] = [];
  let i = 0;
  for (const day of days) {
    for (; i < versions.length && versions[i]!.day === day; i++) {
      const v = versions[i]!;
      latest.set(v.unitId, { unitId: v.unitId, figures: v.figures, review: v.review });
    }
    const r = rollUp(hierarchy, unitId, [...latest.values()], metrics, rates);
    const children: Record<string, number | null> = {};
    for (const child of r.children) children[child.unitId] = rate ? (child.rates[rate.key]?.percent ?? null) : null;
    points.push({ date: day, percent: rate ? (r.rates[rate.key]?.percent ?? null) : null, reported: r.reported, children });
    lastChildren = r.children.map((c) => ({ unitId: c.unitId, name: c.name }));
  }
  if (points.length === 0) {
    lastChildren = rollUp(hierarchy, unitId, [...latest.values()], metrics, rates).children.map((c) => ({ unitId: c.unitId, name: c.name }));
  }
  return { unitId, rateKey: rate?.key ?? null, targetPercent: rate?.targetPercent ?? null, children: lastChildren, points };
}
