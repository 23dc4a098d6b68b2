import { describe, expect, it } from 'vitest';
import { planAssignments } from '../directive';
import { buildHierarchy, childrenOf, descendantsOf, getUnit, type Unit } from '../hierarchy';
import { KIEN_GIANG_ID, kienGiangUnits } from './kien-giang-2020';
import {
  apportion,
  MINISTRY_2020_COMPILER_ID,
  MINISTRY_2020_ID,
  NATIONAL_2020_TOTALS,
  nationalDirective,
  nationalThreeLevelTree,
  provincialDepartmentIdOf,
} from './national';

const committees = (units: readonly Unit[], level: string) => units.filter((u) => u.level === level && u.kind === 'people_committee');

describe('apportion', () => {
  it('splits a total in proportion to the weights, summing to it exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [5, 0, 2])).toEqual([5, 0, 2]);
    const parts = apportion(10_455, [579, 312, 217, 56, 83]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(10_455);
  });

  it('refuses weights that sum to nothing', () => {
    expect(() => apportion(3, [0, 0])).toThrow(RangeError);
  });
});

describe('national three-level tree (August 2020)', () => {
  const tree = nationalThreeLevelTree();
  const h = buildHierarchy(tree.scheme, tree.units);

  it('has 63 provinces, 705 district-level and 10,600 commune-level committees under the ministry', () => {
    expect(h.roots).toEqual([MINISTRY_2020_ID]);
    expect(committees(tree.units, 'province')).toHaveLength(NATIONAL_2020_TOTALS.provinces);
    expect(committees(tree.units, 'district')).toHaveLength(NATIONAL_2020_TOTALS.districts);
    expect(committees(tree.units, 'commune')).toHaveLength(NATIONAL_2020_TOTALS.communes);
    expect(tree.provinceIds).toEqual(committees(tree.units, 'province').map((u) => u.id));
    for (const id of tree.provinceIds) expect(getUnit(h, id).parentId).toBe(MINISTRY_2020_ID);
  });

  it('keeps Kiên Giang exactly as the seed, ids included, hung under the ministry', () => {
    const seed = kienGiangUnits();
    const inTree = [getUnit(h, KIEN_GIANG_ID), ...descendantsOf(h, KIEN_GIANG_ID)];
    expect(new Set(inTree.map((u) => u.id))).toEqual(new Set(seed.map((u) => u.id)));
    expect(getUnit(h, KIEN_GIANG_ID)).toEqual({ ...seed[0], parentId: MINISTRY_2020_ID });
    expect(getUnit(h, 'kg.rach-gia.p-vinh-thanh-van').name).toBe('UBND phường Vĩnh Thanh Vân');
  });

  it('gives every other province a Sở TT&TT and districts with communes, placeholders marked', () => {
    for (const id of tree.provinceIds) {
      expect(getUnit(h, provincialDepartmentIdOf(tree, id)).kind).toBe('department');
      const districts = childrenOf(h, id).filter((u) => u.level === 'district');
      expect(districts.length).toBeGreaterThan(0);
      for (const district of districts) expect(childrenOf(h, district.id).length).toBeGreaterThan(0);
    }
    const hn = getUnit(h, 'hn');
    expect(hn.name).toBe('Ủy ban nhân dân thành phố Hà Nội');
    const generated = committees(tree.units, 'commune').filter((u) => !u.id.startsWith(`${KIEN_GIANG_ID}.`));
    expect(generated.every((u) => u.placeholder === true)).toBe(true);
    expect(new Set(generated.map((u) => u.name.split(' ')[1]))).toEqual(new Set(['phường', 'thị', 'xã']));
  });

  it('is the same tree on every call', () => {
    expect(nationalThreeLevelTree()).toEqual(tree);
  });

  it('carries a national directive to every province, Sở, district and commune as a delivery tree', () => {
    const directive = nationalDirective(tree);
    expect(directive.id).toBe('bo-tttt.2020.2841-btttt-thh');
    expect(directive.coordinatorUnitId).toBe(MINISTRY_2020_COMPILER_ID);
    const plan = planAssignments(h, directive);
    const { provinces, districts, communes } = NATIONAL_2020_TOTALS;
    expect(plan).toHaveLength(provinces * 2 + districts + communes);
    const byUnit = new Map(plan.map((a) => [a.unitId, a]));
    // A commune's assignment is delivered through its district's, a district's through its province's.
    expect(byUnit.get('kg.rach-gia.p-vinh-thanh-van')?.parentUnitId).toBe('kg.rach-gia');
    expect(byUnit.get('kg.rach-gia')?.parentUnitId).toBe('kg');
    expect(byUnit.get('kg')?.parentUnitId).toBeNull();
    expect(byUnit.get('kg.so-tttt')).toMatchObject({ parentUnitId: 'kg', taskIds: ['t2'] });
    // Kiên Giang's other agencies are not addressed by the ministry.
    expect(byUnit.has('kg.so-gddt')).toBe(false);
    expect(plan.filter((a) => a.parentUnitId === null)).toHaveLength(provinces);
  });
});
