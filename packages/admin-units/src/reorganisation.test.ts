import { describe, expect, it } from 'vitest';
import { kienGiangUnits } from '@chidao/domain';
import { vietnam2025 } from './lists';
import { figuresAfterMoves, successionOf, type Succession } from './reorganisation';
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

  it('keeps the province’s figures to the unit: the new units’ sums add up to what the old communes reported', () => {
    // Every old commune reports: installs i, smartphone users 2i, by its position in the seed.
    const communes = kienGiangUnits().filter((u) => u.level === 'commune');
    const latest = new Map(communes.map((u, i) => [u.id, { installs: i + 1, smartphoneUsers: 2 * (i + 1) }] as const));
    const after = figuresAfterMoves(succession, latest);
    const moved = of('moves').map((s) => latest.get(s.oldUnitId)!);
    const total = (rows: Iterable<Record<string, number>>, metric: string) => [...rows].reduce((n, r) => n + (r[metric] ?? 0), 0);
    expect(total(after.values(), 'installs')).toBe(total(moved, 'installs'));
    expect(total(after.values(), 'smartphoneUsers')).toBe(total(moved, 'smartphoneUsers'));
    // Phường Rạch Giá: the nine old phường summed, numerators and denominators alike.
    const nine = RACH_GIA_NINE.map((n) => latest.get(`kg.rach-gia.p-${n}`)!);
    expect(after.get('an-giang.p-rach-gia')).toEqual({ installs: total(nine, 'installs'), smartphoneUsers: total(nine, 'smartphoneUsers') });
  });
});
