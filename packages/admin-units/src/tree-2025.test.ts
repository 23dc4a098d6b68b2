import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  checkDirective,
  childrenOf,
  getUnit,
  MINISTRY_2025_ID,
  NATIONAL_2025_TOTALS,
  nationalDirective,
  planAssignments,
  provincialDepartmentIdOf,
  type Unit,
} from '@chidao/domain';
import { vietnam2025 } from './lists';
import { AN_GIANG_2025, anGiang2025Units, nationalTwoLevelTree } from './tree-2025';

const communesOf = (units: readonly Unit[]) => units.filter((u) => u.level === 'commune');
const ofType = (units: readonly Unit[], type: string) => communesOf(units).filter((u) => u.name.startsWith(`UBND ${type} `));

describe('the official lists of 1/7/2025, as published', () => {
  const lists = vietnam2025();

  it('agree with each other: 34 provinces, 3,321 communes (2,621 xã, 687 phường, 13 đặc khu)', () => {
    expect(lists.provinces).toHaveLength(NATIONAL_2025_TOTALS.provinces);
    expect(lists.communes).toHaveLength(NATIONAL_2025_TOTALS.communes);
    const count = (type: string) => lists.communes.filter((c) => c.type === type).length;
    expect([count('xã'), count('phường'), count('đặc khu')]).toEqual([NATIONAL_2025_TOTALS.xa, NATIONAL_2025_TOTALS.phuong, NATIONAL_2025_TOTALS.dacKhu]);
    expect(lists.merges.size).toBe(NATIONAL_2025_TOTALS.provinces);
  });

  it('say where the new An Giang and its Phường Rạch Giá come from', () => {
    const anGiang = lists.merges.get(AN_GIANG_2025.code)!;
    expect(anGiang.from.map((p) => [p.code, p.name, p.type])).toEqual([
      ['89', 'Tỉnh An Giang', 'full'],
      ['91', 'Tỉnh Kiên Giang', 'full'],
    ]);
    const rachGia = anGiang.communes.find((c) => c.code === '30742')!;
    expect(rachGia.name).toBe('Phường Rạch Giá');
    expect(rachGia.from).toHaveLength(9);
    expect(rachGia.from.every((p) => p.type === 'full')).toBe(true);
    expect(rachGia.from.map((p) => p.name)).toContain('Phường Vĩnh Thanh Vân');
  });
});

describe('An Giang 2025, the demo province of today’s map', () => {
  const units = anGiang2025Units();
  const h = buildHierarchy({ id: 'vn-2025', levels: ['province', 'commune'] }, units);

  it('has its People’s Committee with code 91 and 102 commune-level units with their official codes and names', () => {
    expect(h.roots).toEqual([AN_GIANG_2025.id]);
    expect(getUnit(h, AN_GIANG_2025.id)).toMatchObject({ name: 'Ủy ban nhân dân tỉnh An Giang', code: '91', level: 'province' });
    const communes = communesOf(units);
    expect(communes).toHaveLength(102);
    expect(communes.every((c) => c.parentId === AN_GIANG_2025.id && /^\d{5}$/.test(c.code ?? ''))).toBe(true);
    expect(getUnit(h, 'an-giang.p-rach-gia')).toMatchObject({ name: 'UBND phường Rạch Giá', code: '30742' });
    expect(ofType(units, 'đặc khu').map((u) => [u.id, u.code])).toEqual([
      ['an-giang.dk-kien-hai', '31108'],
      ['an-giang.dk-phu-quoc', '31078'],
      ['an-giang.dk-tho-chau', '31105'],
    ]);
  });

  it('has the province’s agencies and organisations a directive addresses, beside its communes', () => {
    const agencies = childrenOf(h, AN_GIANG_2025.id).filter((u) => u.kind !== 'people_committee');
    expect(agencies.map((u) => u.name)).toEqual(
      expect.arrayContaining(['Sở Khoa học và Công nghệ tỉnh An Giang', 'Sở Y tế tỉnh An Giang', 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh An Giang', 'Báo và Phát thanh, Truyền hình An Giang']),
    );
    expect(new Set(agencies.map((u) => u.kind))).toEqual(new Set(['department', 'mass_organisation', 'business_association']));
  });

  it('exists from 1/7/2025, the day the map took effect, with no end', () => {
    expect(units.every((u) => u.validFrom === '2025-07-01' && u.validTo === undefined)).toBe(true);
  });
});

describe('the national two-level tree (since 1/7/2025), from the official lists', () => {
  const tree = nationalTwoLevelTree();
  const h = buildHierarchy(tree.scheme, tree.units);

  it('has 34 provinces and 3,321 communes with real names: 2,621 xã, 687 phường, 13 đặc khu', () => {
    expect(h.roots).toEqual([MINISTRY_2025_ID]);
    expect(tree.scheme.levels).toEqual(['nation', 'province', 'commune']);
    expect(tree.units.filter((u) => u.level === 'province' && u.kind === 'people_committee')).toHaveLength(NATIONAL_2025_TOTALS.provinces);
    expect(communesOf(tree.units)).toHaveLength(NATIONAL_2025_TOTALS.communes);
    expect(ofType(tree.units, 'xã')).toHaveLength(NATIONAL_2025_TOTALS.xa);
    expect(ofType(tree.units, 'phường')).toHaveLength(NATIONAL_2025_TOTALS.phuong);
    expect(ofType(tree.units, 'đặc khu')).toHaveLength(NATIONAL_2025_TOTALS.dacKhu);
    expect(tree.units.some((u) => u.placeholder)).toBe(false);
    expect(getUnit(h, 'an-giang.dk-phu-quoc').name).toBe('UBND đặc khu Phú Quốc');
    expect(getUnit(h, 'da-nang.dk-hoang-sa').code).toBe('20333');
    expect(childrenOf(h, 'ho-chi-minh').filter((u) => u.level === 'commune')).toHaveLength(168);
    expect(new Set(tree.units.filter((u) => u.code).map((u) => u.code)).size).toBe(NATIONAL_2025_TOTALS.provinces + NATIONAL_2025_TOTALS.communes);
  });

  it('is the same tree on every call', () => {
    expect(nationalTwoLevelTree()).toEqual(tree);
  });

  it('carries the national directive straight from each province to its communes', () => {
    const directive = nationalDirective(tree);
    expect(directive.recipients).toHaveLength(3);
    const plan = planAssignments(h, directive);
    expect(plan).toHaveLength(NATIONAL_2025_TOTALS.provinces * 2 + NATIONAL_2025_TOTALS.communes);
    expect(plan.find((a) => a.unitId === 'an-giang.dk-phu-quoc')?.parentUnitId).toBe('an-giang');
    for (const id of tree.provinceIds) expect(getUnit(h, provincialDepartmentIdOf(tree, id)).kind).toBe('department');
    // Dated 1/8/2025, after the map took effect: every province and commune it addresses exists then.
    expect(checkDirective(h, directive)).toEqual([]);
    expect(checkDirective(h, { ...directive, date: '2025-06-30' })).toContainEqual({ path: ['recipients', 0, 'group'], code: 'UNIT_NOT_IN_FORCE' });
  });
});
