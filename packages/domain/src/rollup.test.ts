import { describe, expect, it } from 'vitest';
import { THREE_LEVEL_SCHEME, buildHierarchy, childrenOf, type Unit } from './hierarchy';
import type { MetricDef, RateDef } from './reports';
import { expectedRate, isAtRisk, rollUp, type UnitReportState } from './rollup';
import { BLUEZONE_RATES, DIRECTIVE_1119 } from './seed/directive-1119';
import { KIEN_GIANG_ADULTS_15_TO_60, KIEN_GIANG_ID, KIEN_GIANG_SCHEME, kienGiangUnits } from './seed/kien-giang-2020';
import { codeOf } from './test-support';

/** Splits `total` into parts proportional to `weights`, the rounding left on the last part, so they sum exactly. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[parts.length - 1]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

describe('rollUp on the 1119 seed: Kiên Giang on 16/8/2020', () => {
  const h = buildHierarchy(KIEN_GIANG_SCHEME, kienGiangUnits());
  const districts = childrenOf(h, KIEN_GIANG_ID).filter((u) => u.level === 'district');
  // District i has i + 1 shares of the adults and an install rate that grows with i + 1: the large
  // districts are ahead and the small ones behind, so every district has its own rank and the
  // average of district rates (about 10%) is far from the province's 13%.
  const adults = split(KIEN_GIANG_ADULTS_15_TO_60, districts.map((_, i) => i + 1));
  const installs = split(145_800, districts.map((_, i) => (i + 1) ** 2));
  const smartphones = adults.map((a) => Math.round(a * 0.7));
  const latest: UnitReportState[] = districts.map((d, i) => ({
    unitId: d.id,
    figures: { installs: installs[i]!, adults15to60: adults[i]!, smartphoneUsers: smartphones[i]! },
    review: 'accepted',
  }));
  const rollup = rollUp(h, KIEN_GIANG_ID, latest, DIRECTIVE_1119.metrics!, DIRECTIVE_1119.rates!);

  it('sums the district reports to the dispatch’s 145,800 installs over 1,121,538 adults: 13%', () => {
    expect(installs.reduce((a, b) => a + b, 0)).toBe(145_800);
    expect(KIEN_GIANG_ADULTS_15_TO_60).toBe(1_121_538);
    for (let i = 0; i < districts.length; i++) expect(installs[i]!).toBeLessThanOrEqual(smartphones[i]!);
    expect(rollup.figures.installs).toBe(145_800);
    expect(rollup.figures.adults15to60).toBe(KIEN_GIANG_ADULTS_15_TO_60);
    expect(rollup.rates.installRateAdults).toMatchObject({ numerator: 145_800, denominator: KIEN_GIANG_ADULTS_15_TO_60 });
    expect(Math.round(rollup.rates.installRateAdults!.percent!)).toBe(13);
  });

  it('computes the province rate from sums, not from the average of district rates', () => {
    const average = rollup.children.reduce((n, c) => n + c.rates.installRateAdults!.percent!, 0) / rollup.children.length;
    expect(Math.round(average)).toBe(10);
    expect(Math.round(rollup.rates.installRateAdults!.percent!)).toBe(13);
  });

  it('ranks the 15 districts best → worst, each with its own figures', () => {
    expect(rollup.children).toHaveLength(15);
    const percents = rollup.children.map((c) => c.rates.installRateAdults!.percent!);
    expect([...percents].sort((a, b) => b - a)).toEqual(percents);
    expect(rollup.children.map((c) => c.rank)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const rachGia = rollup.children.find((c) => c.name.endsWith('Rạch Giá'))!;
    const i = districts.findIndex((d) => d.id === rachGia.unitId);
    expect(rachGia.figures).toEqual({ installs: installs[i], adults15to60: adults[i], smartphoneUsers: smartphones[i] });
    expect(rachGia).toMatchObject({ reported: 1, expected: 1, pendingReview: false });
    expect(rollup).toMatchObject({ reported: 15, expected: 15, pendingReview: false });
    expect(rollup.statusCounts).toEqual({ accepted: 15, pending: 0, returned: 0, none: 0 });
  });

  it('measures the 60% smartphone target from the same sums', () => {
    const rate = rollup.rates.installRateSmartphone!;
    expect(rate.numerator).toBe(145_800);
    expect(rate.denominator).toBe(smartphones.reduce((a, b) => a + b, 0));
    expect(rate.percent!).toBeLessThan(BLUEZONE_RATES[1]!.targetPercent!);
  });
});

// A small tree: province p; districts a–e; communes under a and b.
const unit = (id: string, level: string, parentId: string | null): Unit => ({ id, name: `UBND ${id}`, level, kind: 'people_committee', parentId });
const tree = buildHierarchy(THREE_LEVEL_SCHEME, [
  unit('p', 'province', null),
  ...['a', 'b', 'c', 'd', 'e'].map((d) => unit(`p.${d}`, 'district', 'p')),
  ...['1', '2', '3'].map((c) => unit(`p.a.${c}`, 'commune', 'p.a')),
  ...['1', '2'].map((c) => unit(`p.b.${c}`, 'commune', 'p.b')),
]);
const M: MetricDef[] = [
  { key: 'done', label: 'done', cumulative: true },
  { key: 'people', label: 'people', cumulative: false },
];
const R: RateDef[] = [{ key: 'rate', label: 'rate', numerator: 'done', denominator: 'people' }];
const report = (unitId: string, done: number, people: number, review: UnitReportState['review'] = 'accepted'): UnitReportState => ({
  unitId,
  figures: { done, people },
  review,
});
const none = (unitId: string): UnitReportState => ({ unitId, figures: null, review: 'none' });

describe('rollUp arithmetic', () => {
  it('uses sums where averaging percentages would mislead', () => {
    // 90% of a small district and 1% of a large one: 100 of 1,100 is 9.09%, not (90 + 1) / 2 = 45.5%.
    const r = rollUp(tree, 'p', [report('p.c', 90, 100), report('p.d', 10, 1_000)], M, R);
    expect(r.rates.rate).toEqual({ numerator: 100, denominator: 1_100, percent: (100 / 1_100) * 100 });
    expect(r.rates.rate!.percent!).toBeCloseTo(9.09, 2);
    const averaged = (r.children[0]!.rates.rate!.percent! + r.children[1]!.rates.rate!.percent!) / 2;
    expect(averaged).toBeCloseTo(45.5, 5);
  });

  it('does not double count a district that reported alongside its communes', () => {
    const latest = [report('p.a', 1_000, 5_000), report('p.a.1', 300, 1_000), report('p.a.2', 400, 2_000), report('p.c', 50, 100)];
    const r = rollUp(tree, 'p', latest, M, R);
    const a = r.children.find((c) => c.unitId === 'p.a')!;
    // The district's own report covers its whole area; its communes' figures are not added on top.
    expect(a.figures).toEqual({ done: 1_000, people: 5_000 });
    expect(r.figures).toEqual({ done: 1_050, people: 5_100 });
    expect(a).toMatchObject({ reported: 3, expected: 3 });
    // Seen from the district, the communes' own totals show.
    expect(rollUp(tree, 'p.a', latest, M, R).figures).toEqual({ done: 700, people: 3_000 });
  });

  it('falls back to the communes metric by metric when the district report lacks one', () => {
    const latest = [{ unitId: 'p.a', figures: { done: 1_000 }, review: 'accepted' as const }, report('p.a.1', 300, 1_000), report('p.a.2', 400, 2_000)];
    const a = rollUp(tree, 'p', latest, M, R).children[0]!;
    expect(a.figures).toEqual({ done: 1_000, people: 3_000 });
  });

  it('sums communes when the district itself has not reported', () => {
    const r = rollUp(tree, 'p', [none('p.a'), report('p.a.1', 300, 1_000), report('p.a.3', 1, 10), none('p.a.2')], M, R);
    expect(r.children).toHaveLength(1);
    expect(r.children[0]).toMatchObject({ unitId: 'p.a', figures: { done: 301, people: 1_010 }, reported: 2, expected: 4 });
    expect(r.statusCounts).toEqual({ accepted: 2, pending: 0, returned: 0, none: 2 });
  });

  it('leaves out the unit’s own report, children with nothing expected, and units outside the subtree', () => {
    const r = rollUp(tree, 'p.a', [report('p.a', 9_999, 9_999), report('p.a.1', 3, 10), report('p.b.1', 5, 5)], M, R);
    expect(r.figures).toEqual({ done: 3, people: 10 });
    expect(r.children.map((c) => c.unitId)).toEqual(['p.a.1']);
    expect(r.expected).toBe(1);
  });

  it('reports 0 figures and a null percent where nobody reported', () => {
    const r = rollUp(tree, 'p', [none('p.c')], M, R);
    expect(r.figures).toEqual({ done: 0, people: 0 });
    expect(r.rates.rate).toEqual({ numerator: 0, denominator: 0, percent: null });
    expect(r.children[0]).toMatchObject({ unitId: 'p.c', reported: 0, expected: 1, rank: null });
  });
});

describe('rollUp ranking', () => {
  it('ranks best → worst; ties share a rank; units without a rate come last, unranked', () => {
    const latest = [report('p.a', 50, 100), report('p.b', 1, 2), none('p.c'), report('p.d', 40, 100), report('p.e', 60, 100)];
    const r = rollUp(tree, 'p', latest, M, R);
    expect(r.children.map((c) => [c.unitId, c.rank])).toEqual([
      ['p.e', 1],
      ['p.a', 2],
      ['p.b', 2],
      ['p.d', 4],
      ['p.c', null],
    ]);
  });

  it('keeps tree order and no ranks when the directive has no rates', () => {
    const r = rollUp(tree, 'p', [report('p.b', 1, 2), report('p.a', 5, 10)], M, []);
    expect(r.children.map((c) => [c.unitId, c.rank])).toEqual([
      ['p.a', null],
      ['p.b', null],
    ]);
    expect(r.rates).toEqual({});
  });
});

describe('rollUp review flags', () => {
  it('flags a subtree whose figures include a pending or returned report', () => {
    const latest = [report('p.a.1', 3, 10, 'pending'), report('p.a.2', 3, 10), report('p.b.1', 3, 10, 'returned'), report('p.c', 1, 1)];
    const r = rollUp(tree, 'p', latest, M, R);
    const flags = Object.fromEntries(r.children.map((c) => [c.unitId, c.pendingReview]));
    expect(flags).toEqual({ 'p.a': true, 'p.b': true, 'p.c': false });
    expect(r.pendingReview).toBe(true);
    expect(r.statusCounts).toEqual({ accepted: 2, pending: 1, returned: 1, none: 0 });
    // Returned figures still count (they are the latest known), flagged for review.
    expect(r.children.find((c) => c.unitId === 'p.b')!.figures).toEqual({ done: 3, people: 10 });
  });

  it('does not flag unaccepted commune reports that the district’s accepted report replaces', () => {
    const r = rollUp(tree, 'p', [report('p.a', 10, 100), report('p.a.1', 3, 10, 'pending')], M, R);
    expect(r.children[0]).toMatchObject({ unitId: 'p.a', pendingReview: false, figures: { done: 10, people: 100 } });
  });
});

describe('rollUp input checks', () => {
  it('refuses two latest reports for one unit and an unknown unit', () => {
    expect(codeOf(() => rollUp(tree, 'p', [report('p.a', 1, 1), report('p.a', 2, 2)], M, R))).toBe('INVALID_INPUT');
    expect(codeOf(() => rollUp(tree, 'nowhere', [], M, R))).toBe('UNIT_NOT_FOUND');
  });

  it('does not change its inputs', () => {
    const latest = Object.freeze([Object.freeze(report('p.a', 1, 2)), Object.freeze(report('p.a.1', 1, 1))]);
    expect(rollUp(tree, 'p', latest, M, R).figures).toEqual({ done: 1, people: 2 });
  });
});

describe('expectedRate', () => {
  // 1119: 13% on 16/8/2020, at least 60% by 20/8/2020.
  const path = (on: string): number => expectedRate(13, '2020-08-16', 60, '2020-08-20', on);

  it('moves in a straight line from the baseline to the target', () => {
    expect(path('2020-08-16')).toBe(13);
    expect(path('2020-08-17')).toBeCloseTo(24.75, 10);
    expect(path('2020-08-18')).toBeCloseTo(36.5, 10);
    expect(path('2020-08-20')).toBe(60);
  });

  it('holds the baseline before and the target after', () => {
    expect(path('2020-08-01')).toBe(13);
    expect(path('2020-09-01')).toBe(60);
  });

  it('reads dates as midnight in Việt Nam and takes date-times with offsets', () => {
    expect(path('2020-08-18T00:00:00+07:00')).toBeCloseTo(36.5, 10);
    expect(path('2020-08-17T17:00:00Z')).toBeCloseTo(36.5, 10);
    expect(path('2020-08-18T12:00:00+07:00')).toBeCloseTo(36.5 + 47 / 8, 10);
  });

  it('refuses unreadable dates, dates without an offset and a target before the baseline', () => {
    expect(codeOf(() => path('20/8/2020'))).toBe('INVALID_INPUT');
    expect(codeOf(() => path('2020-08-18T12:00:00'))).toBe('INVALID_INPUT');
    expect(codeOf(() => expectedRate(13, '2020-08-20', 60, '2020-08-16', '2020-08-18'))).toBe('INVALID_INPUT');
    expect(codeOf(() => expectedRate(Number.NaN, '2020-08-16', 60, '2020-08-20', '2020-08-18'))).toBe('INVALID_INPUT');
  });
});

describe('isAtRisk', () => {
  it('is true only when more than the tolerance behind the path', () => {
    expect(isAtRisk(30, 36.5)).toBe(true);
    expect(isAtRisk(31.5, 36.5)).toBe(false);
    expect(isAtRisk(31.4, 36.5)).toBe(true);
    expect(isAtRisk(40, 36.5)).toBe(false);
    expect(isAtRisk(34, 36.5, 2)).toBe(true);
    expect(isAtRisk(34, 36.5, 3)).toBe(false);
  });
});
