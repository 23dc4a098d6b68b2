import {
  MINISTRY_2025_COMPILER_ID,
  MINISTRY_2025_ID,
  NATIONAL_TWO_LEVEL_SCHEME,
  ministryUnits,
  provinceCommitteeName,
  slugify,
  TWO_LEVEL_MAP_VALID_FROM,
  type NationalTree,
  type Unit,
  type UnitKind,
} from '@chidao/domain';
import { vietnam2025, type OfficialLists2025 } from './lists';
import type { CommuneType2025, OfficialCommune, OfficialProvince } from './official-lists';

/**
 * Unit trees of the two-level map of 1/7/2025, built from the official lists (lists.ts): each
 * province's People's Committee with its code, its agencies, and its xã, phường and đặc khu with
 * their official codes and names. Ids are readable slugs: `an-giang`, `an-giang.p-rach-gia`,
 * `an-giang.dk-phu-quoc`, `an-giang.so-khcn`.
 */

/** The new An Giang (code 91): the old An Giang and Kiên Giang since 1/7/2025; centre Rạch Giá. */
export const AN_GIANG_2025 = { code: '91', id: 'an-giang' } as const;

const COMMUNE_PREFIX: Readonly<Record<CommuneType2025, string>> = { 'xã': 'x', 'phường': 'p', 'đặc khu': 'dk' };

/** `Thành phố Hà Nội` → `ha-noi`; `An Giang` → `an-giang`. */
export function provinceIdOf(province: Pick<OfficialProvince, 'name'>): string {
  return slugify(province.name.replace(/^Thành phố /, ''));
}

/**
 * A province's agencies (sở, ban, ngành) and organisations (đoàn thể) as a directive addresses them,
 * after the 2025 reorganisation: the common list of specialised agencies of Nghị định 45/2025/NĐ-CP,
 * the Fatherland Front and the organisations under it, the merged provincial newspaper and
 * broadcaster, and the business association. A province's own decision may differ (some keep a Sở
 * Ngoại vụ or a Ban Quản lý khu kinh tế): an administrator adds or renames units as data.
 */
const PROVINCIAL_AGENCIES_2025: readonly (readonly [suffix: string, name: (place: string, shortName: string) => string, kind: UnitKind])[] = [
  ['vp-ubnd', (p) => `Văn phòng Ủy ban nhân dân ${p}`, 'department'],
  ['so-noi-vu', (p) => `Sở Nội vụ ${p}`, 'department'],
  ['so-tai-chinh', (p) => `Sở Tài chính ${p}`, 'department'],
  ['so-tu-phap', (p) => `Sở Tư pháp ${p}`, 'department'],
  ['so-cong-thuong', (p) => `Sở Công Thương ${p}`, 'department'],
  ['so-nnmt', (p) => `Sở Nông nghiệp và Môi trường ${p}`, 'department'],
  ['so-xay-dung', (p) => `Sở Xây dựng ${p}`, 'department'],
  ['so-khcn', (p) => `Sở Khoa học và Công nghệ ${p}`, 'department'],
  ['so-gddt', (p) => `Sở Giáo dục và Đào tạo ${p}`, 'department'],
  ['so-y-te', (p) => `Sở Y tế ${p}`, 'department'],
  ['so-vhttdl', (p) => `Sở Văn hóa, Thể thao và Du lịch ${p}`, 'department'],
  ['so-dttg', (p) => `Sở Dân tộc và Tôn giáo ${p}`, 'department'],
  ['thanh-tra', (p) => `Thanh tra ${p}`, 'department'],
  ['bao-ptth', (_, short) => `Báo và Phát thanh, Truyền hình ${short}`, 'department'],
  ['mttq', (p) => `Ủy ban Mặt trận Tổ quốc Việt Nam ${p}`, 'mass_organisation'],
  ['tinh-doan', (p) => `Đoàn Thanh niên Cộng sản Hồ Chí Minh ${p}`, 'mass_organisation'],
  ['ldld', (p) => `Liên đoàn Lao động ${p}`, 'mass_organisation'],
  ['hoi-lhpn', (p) => `Hội Liên hiệp Phụ nữ ${p}`, 'mass_organisation'],
  ['hoi-nong-dan', (p) => `Hội Nông dân ${p}`, 'mass_organisation'],
  ['hoi-ccb', (p) => `Hội Cựu chiến binh ${p}`, 'mass_organisation'],
  ['hiep-hoi-dn', (p) => `Hiệp hội Doanh nghiệp ${p}`, 'business_association'],
];

/** Slugs unique within the province: where two communes would share one, both carry their code. */
function communeIds(provinceId: string, communes: readonly OfficialCommune[]): Map<string, string> {
  const slug = (c: OfficialCommune) => `${COMMUNE_PREFIX[c.type]}-${slugify(c.baseName)}`;
  const count = new Map<string, number>();
  for (const c of communes) count.set(slug(c), (count.get(slug(c)) ?? 0) + 1);
  return new Map(communes.map((c) => [c.code, `${provinceId}.${slug(c)}${count.get(slug(c))! > 1 ? `-${c.code}` : ''}`] as const));
}

/**
 * One province of the 2025 map: its People's Committee (under `parentId`), its agencies and
 * organisations, and every commune-level unit in the order of Phụ lục I. Each is valid from
 * 1/7/2025, the day the map took effect: a directive dated before cannot address them.
 */
export function provinceUnits2025(code: string, options: { parentId?: string | null; lists?: OfficialLists2025 } = {}): Unit[] {
  const lists = options.lists ?? vietnam2025();
  const province = lists.provinces.find((p) => p.code === code);
  if (!province) throw new RangeError(`No province with code ${code} in the 2025 map`);
  const id = provinceIdOf(province);
  const shortName = province.name.replace(/^Thành phố /, '');
  const place = province.name.startsWith('Thành phố') ? `thành phố ${shortName}` : `tỉnh ${shortName}`;
  const units: Unit[] = [
    { id, name: provinceCommitteeName(province.name), level: 'province', kind: 'people_committee', parentId: options.parentId ?? null, code, validFrom: TWO_LEVEL_MAP_VALID_FROM },
  ];
  for (const [suffix, name, kind] of PROVINCIAL_AGENCIES_2025) {
    units.push({ id: `${id}.${suffix}`, name: name(place, shortName), level: 'province', kind, parentId: id, validFrom: TWO_LEVEL_MAP_VALID_FROM });
  }
  const communes = lists.communes.filter((c) => c.provinceCode === code);
  const ids = communeIds(id, communes);
  for (const commune of communes) {
    units.push({
      id: ids.get(commune.code)!,
      name: `UBND ${commune.type} ${commune.baseName}`,
      level: 'commune',
      kind: 'people_committee',
      parentId: id,
      code: commune.code,
      validFrom: TWO_LEVEL_MAP_VALID_FROM,
    });
  }
  return units;
}

/** The demo province of today's map: the new An Giang, 102 commune-level units, no parent. */
export function anGiang2025Units(): Unit[] {
  return provinceUnits2025(AN_GIANG_2025.code);
}

/**
 * The whole country since 1/7/2025 under Bộ Khoa học và Công nghệ: 34 provinces with their agencies
 * and 3,321 communes (2,621 xã, 687 phường, 13 đặc khu), real names and codes.
 */
export function nationalTwoLevelTree(lists: OfficialLists2025 = vietnam2025()): NationalTree {
  const units: Unit[] = ministryUnits(MINISTRY_2025_ID, 'Bộ Khoa học và Công nghệ', MINISTRY_2025_COMPILER_ID, 'Cục Chuyển đổi số quốc gia');
  const provinceIds: string[] = [];
  for (const province of lists.provinces) {
    provinceIds.push(provinceIdOf(province));
    units.push(...provinceUnits2025(province.code, { parentId: MINISTRY_2025_ID, lists }));
  }
  return { scheme: NATIONAL_TWO_LEVEL_SCHEME, units, issuerUnitId: MINISTRY_2025_ID, compilerUnitId: MINISTRY_2025_COMPILER_ID, provinceIds };
}
