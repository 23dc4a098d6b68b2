import { describe, expect, it } from 'vitest';
import { buildHierarchy, childrenOf, descendantsOf, getUnit, type Unit } from '../hierarchy';
import { slugify } from '../text';
import { KG, KIEN_GIANG_ADULTS_15_TO_60, KIEN_GIANG_ID, KIEN_GIANG_SCHEME, kienGiangUnits } from './kien-giang-2020';

const DISTRICT_NAMES = [
  'Rạch Giá',
  'Hà Tiên',
  'An Biên',
  'An Minh',
  'Châu Thành',
  'Giang Thành',
  'Giồng Riềng',
  'Gò Quao',
  'Hòn Đất',
  'Kiên Hải',
  'Kiên Lương',
  'Phú Quốc',
  'Tân Hiệp',
  'U Minh Thượng',
  'Vĩnh Thuận',
];

const units = kienGiangUnits();
const h = buildHierarchy(KIEN_GIANG_SCHEME, units);
const byLevel = (level: string): Unit[] => units.filter((u) => u.level === level);
const districts = byLevel('district');
const communes = byLevel('commune');

describe('Kiên Giang 2020 seed', () => {
  it('builds as a valid three-level hierarchy with the province as its only root', () => {
    expect(KIEN_GIANG_SCHEME.levels).toEqual(['province', 'district', 'commune']);
    expect(h.roots).toEqual([KIEN_GIANG_ID]);
    expect(getUnit(h, KIEN_GIANG_ID).kind).toBe('people_committee');
    expect(getUnit(h, KIEN_GIANG_ID).population?.adults15to60).toBe(KIEN_GIANG_ADULTS_15_TO_60);
    // 145,800 installs were 13% of adults aged 15–60.
    expect(KIEN_GIANG_ADULTS_15_TO_60).toBeGreaterThan(1_100_000);
    expect(KIEN_GIANG_ADULTS_15_TO_60).toBeLessThan(1_130_000);
  });

  it('has unique ids', () => {
    expect(new Set(units.map((u) => u.id)).size).toBe(units.length);
  });

  it('has exactly the 15 district-level units of August 2020', () => {
    expect(districts).toHaveLength(15);
    for (const d of districts) {
      expect(d.parentId).toBe(KIEN_GIANG_ID);
      expect(d.kind).toBe('people_committee');
    }
    const names = districts.map((d) => d.name.normalize('NFC'));
    for (const expected of DISTRICT_NAMES) {
      const matches = names.filter((n) => n.endsWith(` ${expected.normalize('NFC')}`));
      expect(matches, expected).toHaveLength(1);
    }
    // Rạch Giá and Hà Tiên are cities; Phú Quốc was still a district in 2020.
    expect(names.filter((n) => /thành phố/i.test(n)).map((n) => n.replace(/^.*thành phố /i, '')).sort()).toEqual(
      ['Hà Tiên', 'Rạch Giá'].sort(),
    );
  });

  it('has 145 commune-level units, each under a district-level unit of the province', () => {
    expect(communes).toHaveLength(145);
    const districtIds = new Set(districts.map((d) => d.id));
    for (const c of communes) {
      expect(c.parentId !== null && districtIds.has(c.parentId), c.id).toBe(true);
      expect(c.kind).toBe('people_committee');
    }
    const total = districts.reduce((n, d) => n + childrenOf(h, d.id).length, 0);
    expect(total).toBe(145);
    for (const d of districts) expect(childrenOf(h, d.id).length, d.name).toBeGreaterThan(0);
  });

  it('splits the 145 into 117 xã, 16 phường and 12 thị trấn (after Mỹ Đức became a phường on 1/11/2018)', () => {
    const typeOf = (u: Unit): string => {
      const m = /^UBND (phường|xã|thị trấn) /.exec(u.name.normalize('NFC'));
      expect(m, u.name).not.toBeNull();
      return m![1]!;
    };
    const counts: Record<string, number> = {};
    for (const c of communes) counts[typeOf(c)] = (counts[typeOf(c)] ?? 0) + 1;
    expect(counts).toEqual({ 'xã': 117, 'phường': 16, 'thị trấn': 12 });
    const haTien = districts.find((d) => d.name.endsWith('Hà Tiên'))!;
    expect(childrenOf(h, haTien.id).map((c) => c.name).sort()).toEqual(
      ['UBND phường Bình San', 'UBND phường Đông Hồ', 'UBND phường Mỹ Đức', 'UBND phường Pháo Đài', 'UBND phường Tô Châu', 'UBND xã Thuận Yên', 'UBND xã Tiên Hải'].sort(),
    );
  });

  it('knows Rạch Giá has 12 commune-level units', () => {
    const rachGia = districts.find((d) => d.name.endsWith('Rạch Giá'));
    expect(rachGia).toBeDefined();
    expect(childrenOf(h, rachGia!.id)).toHaveLength(12);
  });

  it('has no units below the commune level and nothing else at district level', () => {
    for (const c of communes) expect(childrenOf(h, c.id)).toEqual([]);
    expect(descendantsOf(h, KIEN_GIANG_ID)).toHaveLength(units.length - 1);
  });

  it('uses ASCII slug ids prefixed by their parent id', () => {
    for (const u of units) {
      expect(u.id, u.id).toMatch(/^[a-z0-9.-]+$/);
      if (u.parentId !== null) expect(u.id.startsWith(`${u.parentId}.`), u.id).toBe(true);
    }
    expect(districts.map((d) => d.id)).toContain(`${KIEN_GIANG_ID}.${slugify('Rạch Giá')}`);
  });

  it('contains every unit the dispatch names, at province level, with the right kind', () => {
    const expected: [string, RegExp, Unit['kind']][] = [
      [KG.soTTTT, /^Sở Thông tin và Truyền thông$/, 'department'],
      [KG.soGDDT, /^Sở Giáo dục và Đào tạo$/, 'department'],
      [KG.soGTVT, /^Sở Giao thông vận tải$/, 'department'],
      [KG.soDuLich, /^Sở Du lịch$/, 'department'],
      [KG.bqlKCN, /^Ban Quản lý các khu công nghiệp$/i, 'department'],
      [KG.daiPTTH, /Đài Phát thanh và Truyền hình/, 'department'],
      [KG.baoKienGiang, /^Báo Kiên Giang$/, 'department'],
      [KG.tinhDoan, /Đoàn/, 'mass_organisation'],
      [KG.ldld, /Liên đoàn Lao động/, 'mass_organisation'],
      [KG.hoiLHPN, /Hội Liên hiệp Phụ nữ/, 'mass_organisation'],
      [KG.hoiNongDan, /Hội Nông dân/, 'mass_organisation'],
      [KG.hiepHoiDN, /Doanh nghiệp/i, 'business_association'],
    ];
    for (const [id, name, kind] of expected) {
      const u = getUnit(h, id);
      expect(u.name, id).toMatch(name);
      expect(u.kind, id).toBe(kind);
      expect(u.level, id).toBe('province');
      expect(u.parentId, id).toBe(KIEN_GIANG_ID);
    }
    expect(units.filter((u) => u.kind === 'mass_organisation')).toHaveLength(4);
    expect(units.filter((u) => u.kind === 'business_association')).toHaveLength(1);
  });

  it('ends every unit with 30/6/2025, the eve of the merger into An Giang and of the two-level map', () => {
    const units = kienGiangUnits();
    expect(units.every((u) => u.validTo === '2025-06-30' && u.validFrom === undefined)).toBe(true);
  });

  it('returns fresh data on each call', () => {
    const a = kienGiangUnits();
    const b = kienGiangUnits();
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
  });
});
