import { describe, expect, it } from 'vitest';
import { buildHierarchy, THREE_LEVEL_SCHEME, type Unit } from './hierarchy';
import type { MetricDef, RateDef } from './reports';
import { rateTrend, type ReportVersion } from './trend';
import { codeOf } from './test-support';

const unit = (id: string, level: string, parentId: string | null): Unit => ({ id, name: `UBND ${id}`, level, kind: 'people_committee', parentId });
const tree = buildHierarchy(THREE_LEVEL_SCHEME, [
  unit('p', 'province', null),
  unit('p.a', 'district', 'p'),
  unit('p.b', 'district', 'p'),
  unit('p.a.1', 'commune', 'p.a'),
  unit('p.a.2', 'commune', 'p.a'),
]);
const M: MetricDef[] = [
  { key: 'done', label: 'done', cumulative: true },
  { key: 'people', label: 'people', cumulative: false },
];
const R: RateDef[] = [
  { key: 'plain', label: 'plain', numerator: 'done', denominator: 'people' },
  { key: 'goal', label: 'goal', numerator: 'done', denominator: 'people', targetPercent: 60 },
];
const EXPECTED = ['p.a', 'p.b', 'p.a.1', 'p.a.2'];
const v = (unitId: string, version: number, submittedAt: string, done: number, people: number): ReportVersion => ({
  unitId,
  version,
  submittedAt,
  figures: { done, people },
  review: 'accepted',
});

describe('rateTrend', () => {
  it('gives one point per report day in Việt Nam, each the rollup of the latest versions by the end of that day', () => {
    const history = [
      // 18/8 23:30 UTC is 19/8 06:30 in Việt Nam.
      v('p.a.1', 1, '2020-08-18T23:30:00Z', 10, 100),
      v('p.b', 1, '2020-08-18T03:00:00Z', 50, 100),
      v('p.a.1', 2, '2020-08-19T09:00:00+07:00', 30, 100),
      v('p.a.2', 1, '2020-08-20T08:00:00+07:00', 90, 100),
      v('p.b', 2, '2020-08-20T10:00:00+07:00', 70, 100),
    ];
    const trend = rateTrend(tree, 'p', EXPECTED, history, M, R);
    expect(trend).toMatchObject({ unitId: 'p', rateKey: 'goal', targetPercent: 60 });
    expect(trend.points.map((p) => p.date)).toEqual(['2020-08-18', '2020-08-19', '2020-08-20']);
    expect(trend.points.map((p) => p.percent)).toEqual([50, 40, (190 / 300) * 100]);
    expect(trend.points.map((p) => p.reported)).toEqual([1, 2, 3]);
    expect(trend.points[0]!.children).toEqual({ 'p.a': null, 'p.b': 50 });
    expect(trend.points[1]!.children).toEqual({ 'p.a': 30, 'p.b': 50 });
    // The district's line is its communes' sums (120 of 200), not the average of their rates.
    expect(trend.points[2]!.children).toEqual({ 'p.a': 60, 'p.b': 70 });
    expect(trend.children.map((c) => c.unitId)).toEqual(['p.b', 'p.a']);
  });

  it('ignores units not expected to report and is empty before anyone reports', () => {
    const empty = rateTrend(tree, 'p', EXPECTED, [], M, R);
    expect(empty.points).toEqual([]);
    expect(empty.children.map((c) => c.unitId)).toEqual(['p.a', 'p.b']);
    const trend = rateTrend(tree, 'p.a', ['p.a.1'], [v('p.a.1', 1, '2020-08-19T09:00:00+07:00', 1, 4), v('p.a.2', 1, '2020-08-19T09:00:00+07:00', 9, 9)], M, R);
    expect(trend.points).toEqual([{ date: '2020-08-19', percent: 25, reported: 1, children: { 'p.a.1': 25 } }]);
  });

  it('refuses a submission time that is not an instant', () => {
    expect(codeOf(() => rateTrend(tree, 'p', EXPECTED, [v('p.b', 1, 'yesterday', 1, 2)], M, R))).toBe('INVALID_INPUT');
  });
});
