import { describe, expect, it } from 'vitest';
import {
  DIRECTIVE_1119,
  THREE_LEVEL_SCHEME,
  afterReorganisation,
  buildHierarchy,
  kienGiangUnits,
  planAssignments,
  planReorganisation,
  rollUp,
  type HeldAssignment,
  type Succession,
} from '@chidao/domain';
import { vietnam2025 } from './lists';
import { successionOf } from './reorganisation';
import { AN_GIANG_2025, anGiang2025Units } from './tree-2025';

/**
 * Kiên Giang of August 2020 into the An Giang of 1/7/2025: where each running assignment of
 * 1119/UBND-KGVX would go. Old Kiên Giang's communes carry codes from 30733 (Phường Vĩnh Thanh, the
 * first of Rạch Giá city) on; old An Giang's lie below.
 */
const succession = successionOf(kienGiangUnits(), vietnam2025().merges.get(AN_GIANG_2025.code)!, anGiang2025Units(), { oldCodes: { from: '30733', to: '31199' } });
const of = (kind: Succession['kind']) => succession.filter((s) => s.kind === kind);
const RACH_GIA_NINE = ['vinh-thanh', 'vinh-quang', 'vinh-hiep', 'vinh-thanh-van', 'vinh-lac', 'an-hoa', 'an-binh', 'rach-soi', 'vinh-loi'];

describe('Kiên Giang 2020 into An Giang 2025', () => {
  it('moves the nine old phường of Rạch Giá city whole into Phường Rạch Giá (30742)', () => {
    const into = of('moves').filter((s) => s.kind === 'moves' && s.to === 'an-giang.p-rach-gia');
    expect(into.map((s) => s.oldUnitId).sort()).toEqual(RACH_GIA_NINE.map((n) => `kg.rach-gia.p-${n}`).sort());
  });

  it('ends every district-level committee: the level is gone', () => {
    expect(of('ceases')).toHaveLength(15);
  });

  it('decides only what the list decides: every commune moves, or waits for the issuer with the reason', () => {
    expect(succession.filter((s) => s.kind !== 'ceases')).toHaveLength(145);
    expect(of('moves').length).toBeGreaterThan(120);
    // Renamed or merged before 2025 (Phú Quốc became a city in 2021): not in the list of 30/6/2025 under the 2020 name.
    const notListed = of('unknown').filter((s) => s.kind === 'unknown' && s.reason === 'not-listed').map((s) => s.oldUnitId);
    expect(notListed).toEqual(expect.arrayContaining(['kg.phu-quoc.tt-duong-dong', 'kg.phu-quoc.tt-an-thoi']));
    // A name two old communes of Kiên Giang shared (Xã Bình An of Châu Thành and of Kiên Lương): the
    // issuer picks between the codes, as the list cannot say which is which.
    const ambiguous = of('unknown').filter((s): s is Extract<Succession, { kind: 'unknown' }> => s.kind === 'unknown' && s.reason === 'ambiguous');
    expect(ambiguous.map((s) => s.oldUnitId)).toEqual(expect.arrayContaining(['kg.chau-thanh.x-binh-an', 'kg.kien-luong.x-binh-an']));
    expect(ambiguous.every((s) => s.candidates.length === 2 && s.candidates.every((c) => c >= '30733'))).toBe(true);
  });

});

describe('directive 1119, running on Kiên Giang 2020, through the map of 1/7/2025', () => {
  const hierarchy = buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits());
  const planned = planAssignments(hierarchy, DIRECTIVE_1119);
  const communes = planned.filter((p) => hierarchy.units.get(p.unitId)!.level === 'commune');
  // Every commune has reported and been accepted: installs i, adults 3i, smartphone users 2i, by its
  // place in the directive; the districts, the Sở and the rest acknowledged and owe their own report.
  const figuresOf = new Map(communes.map((p, i) => [p.unitId, { installs: i + 1, adults15to60: 3 * (i + 1), smartphoneUsers: 2 * (i + 1) }] as const));
  const held: HeldAssignment[] = planned.map((p) => {
    const figures = figuresOf.get(p.unitId);
    return { unitId: p.unitId, parentUnitId: p.parentUnitId, state: figures ? 'accepted' : 'acknowledged', latest: figures ? { figures, review: 'accepted' } : null };
  });
  const plan = planReorganisation(succession, held);
  const latest = held.filter((h) => hierarchy.units.get(h.unitId)!.kind === 'people_committee').map((h) => ({ unitId: h.unitId, figures: h.latest?.figures ?? null, review: h.latest?.review ?? 'none' }));
  const after = afterReorganisation(hierarchy, DIRECTIVE_1119.issuerUnitId, plan, new Map(anGiang2025Units().map((u) => [u.id, u] as const)), latest);
  const rollupBefore = rollUp(hierarchy, DIRECTIVE_1119.issuerUnitId, latest, DIRECTIVE_1119.metrics!, DIRECTIVE_1119.rates!);
  const rollupAfter = rollUp(after.hierarchy, DIRECTIVE_1119.issuerUnitId, after.latest, DIRECTIVE_1119.metrics!, DIRECTIVE_1119.rates!);

  it('gives Phường Rạch Giá one assignment for the nine old phường, their figures summed, answering to the province', () => {
    const rachGia = plan.successors.find((s) => s.unitId === 'an-giang.p-rach-gia')!;
    expect([...rachGia.from].sort()).toEqual(RACH_GIA_NINE.map((n) => `kg.rach-gia.p-${n}`).sort());
    // The district level is gone: the new phường answers to the issuer (null), not to the old city.
    expect(rachGia.parentUnitId).toBeNull();
    const nine = RACH_GIA_NINE.map((n) => figuresOf.get(`kg.rach-gia.p-${n}`)!);
    const sum = (metric: 'installs' | 'adults15to60' | 'smartphoneUsers') => nine.reduce((n, f) => n + f[metric], 0);
    expect(rachGia.figures).toEqual({ installs: sum('installs'), adults15to60: sum('adults15to60'), smartphoneUsers: sum('smartphoneUsers') });
    expect(rachGia.review).toBe('accepted');
  });

  it('moves every open commune assignment that the list decides, and leaves the rest to the issuer', () => {
    const moved = plan.successors.flatMap((s) => s.from);
    const waiting = plan.decisions.map((d) => d.unitId);
    expect(new Set([...moved, ...waiting]).size).toBe(communes.length);
    expect(waiting).toEqual(expect.arrayContaining(['kg.phu-quoc.tt-duong-dong', 'kg.chau-thanh.x-binh-an']));
    // A district waits while one of its communes waits for a decision; the others end.
    expect(plan.waiting).toEqual(expect.arrayContaining(['kg.phu-quoc', 'kg.chau-thanh']));
    expect(plan.ending.length + plan.waiting.length).toBe(15);
  });

  it('leaves the province’s totals unchanged to the unit, and ranks the new phường among its rows', () => {
    expect(rollupAfter.figures).toEqual(rollupBefore.figures);
    expect(rollupAfter.rates).toEqual(rollupBefore.rates);
    // Fewer units report now (the nine are one), all of them accepted.
    expect(rollupAfter.reported).toBe(rollupBefore.reported - plan.successors.flatMap((s) => s.from).length + plan.successors.length);
    const row = rollupAfter.children.find((c) => c.unitId === 'an-giang.p-rach-gia')!;
    expect(row.figures).toEqual(plan.successors.find((s) => s.unitId === 'an-giang.p-rach-gia')!.figures);
    expect(row.rank).not.toBeNull();
  });


  it('asks the issuer, never guesses, where the predecessors of one new unit answered to different units that go on', () => {
    // Two communes of one district merged, but one had been forwarded through a Sở that goes on.
    const [a, b] = RACH_GIA_NINE.slice(0, 2).map((n) => `kg.rach-gia.p-${n}`);
    const crossed = held.map((h) => (h.unitId === b ? { ...h, parentUnitId: 'kg.so-tttt' } : h));
    const replanned = planReorganisation(succession, crossed);
    expect(replanned.successors.find((s) => s.unitId === 'an-giang.p-rach-gia')).toBeUndefined();
    expect(replanned.decisions.filter((d) => d.reason === 'parents-differ').map((d) => d.unitId)).toEqual(expect.arrayContaining([a, b]));
  });

  it('moves only open assignments: a completed commune keeps its place and its figures', () => {
    const done = `kg.rach-gia.p-${RACH_GIA_NINE[0]}`;
    const replanned = planReorganisation(succession, held.map((h) => (h.unitId === done ? { ...h, state: 'completed' as const } : h)));
    const rachGia = replanned.successors.find((s) => s.unitId === 'an-giang.p-rach-gia')!;
    expect(rachGia.from).not.toContain(done);
    expect(rachGia.figures!.installs).toBe(RACH_GIA_NINE.slice(1).reduce((n, p) => n + figuresOf.get(`kg.rach-gia.p-${p}`)!.installs, 0));
  });

  it('takes a decision later: the old commune joins the successor already started, and its district ends when nothing below it waits', () => {
    // As the directive stands once the plan ran: predecessors moved, successors open under the province, districts ended.
    const moved = new Map(plan.successors.flatMap((s) => s.from.map((u) => [u, s.unitId] as const)));
    const ended = new Set(plan.ending);
    const now: HeldAssignment[] = [
      ...held.map((h) => (moved.has(h.unitId) ? { ...h, state: 'reassigned' as const } : ended.has(h.unitId) ? { ...h, state: 'recalled' as const } : h)),
      ...plan.successors.map((s) => ({ unitId: s.unitId, parentUnitId: s.parentUnitId, state: 'accepted' as const, latest: s.figures ? { figures: s.figures, review: s.review } : null, succeeds: s.from })),
    ];
    // The province decides: Phường Vĩnh Bảo's task goes to Phường Rạch Giá.
    const decided = succession.map((s): Succession => (s.oldUnitId === 'kg.rach-gia.p-vinh-bao' ? { kind: 'moves', oldUnitId: s.oldUnitId, oldCode: '', to: 'an-giang.p-rach-gia' } : s));
    const next = planReorganisation(decided, now);
    expect(next.successors).toEqual([]);
    expect(next.joins).toEqual([{ unitId: 'an-giang.p-rach-gia', from: ['kg.rach-gia.p-vinh-bao'], figures: figuresOf.get('kg.rach-gia.p-vinh-bao')!, review: 'accepted' }]);
    expect(next.decisions.map((d) => d.unitId)).not.toContain('kg.rach-gia.p-vinh-bao');
    expect(next.ending).toEqual(['kg.rach-gia']);
    expect(next.waiting).not.toContain('kg.rach-gia');
  });
});
