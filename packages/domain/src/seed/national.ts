import type { Directive, RecipientGroup } from '../directive';
import { directiveIdOf } from '../directive';
import type { LevelScheme, Unit } from '../hierarchy';
import { slugify } from '../text';
import { BLUEZONE_METRICS, BLUEZONE_RATES } from './directive-1119';
import { KIEN_GIANG_ID, kienGiangUnits } from './kien-giang-2020';

/**
 * National unit trees for the scale benchmark (issue 7) and anything else that needs the whole
 * country. Here: the three-level tree of August 2020 (63 provinces, 705 district-level and 10,600
 * commune-level units) and the pieces both trees share; a ministry sits on top as the issuer of a
 * national directive. The two-level tree since 1/7/2025 (34 provinces, 3,321 communes) is read from
 * the official lists by `@chidao/admin-units` (nationalTwoLevelTree), with real names and codes.
 *
 * In the 2020 tree province names are real. Per-province district and commune counts are
 * approximations from memory of public figures, scaled so the national totals are exact; district and
 * commune names are placeholders (`placeholder: true`) except Kiên Giang's, which is the seed itself
 * with its ids. Nothing here is random: the same call gives the same tree.
 */

/** Levels of a national tree: the ministry on top of the administrative levels. */
export const NATIONAL_THREE_LEVEL_SCHEME: LevelScheme = { id: 'vn-2020-national', levels: ['nation', 'province', 'district', 'commune'] };
export const NATIONAL_TWO_LEVEL_SCHEME: LevelScheme = { id: 'vn-2025-national', levels: ['nation', 'province', 'commune'] };

export const NATIONAL_2020_TOTALS = { provinces: 63, districts: 705, communes: 10_600 } as const;
export const NATIONAL_2025_TOTALS = { provinces: 34, communes: 3_321, xa: 2_621, phuong: 687, dacKhu: 13 } as const;

/** Bộ Thông tin và Truyền thông, issuer of 2841/BTTTT-THH (1/8/2020), the seed's parent directive. */
export const MINISTRY_2020_ID = 'bo-tttt';
/** Cục Tin học hóa, the ministry's department that compiles the results. */
export const MINISTRY_2020_COMPILER_ID = 'bo-tttt.cuc-thh';
/** Bộ Khoa học và Công nghệ, which took over information and communications on 1/3/2025. */
export const MINISTRY_2025_ID = 'bo-khcn';
export const MINISTRY_2025_COMPILER_ID = 'bo-khcn.cuc-cds';

export interface NationalTree {
  readonly scheme: LevelScheme;
  readonly units: readonly Unit[];
  /** The ministry: root of the tree and issuer of the national directive. */
  readonly issuerUnitId: string;
  readonly compilerUnitId: string;
  /** People's Committees of the provinces, in order. */
  readonly provinceIds: readonly string[];
}

/** [id, name, district-level units, commune-level units], August 2020, counts approximate. */
const PROVINCES_2020: readonly (readonly [string, string, number, number])[] = [
  ['hn', 'Thành phố Hà Nội', 30, 579], ['hcm', 'Thành phố Hồ Chí Minh', 24, 312], ['hp', 'Thành phố Hải Phòng', 15, 217],
  ['dn', 'Thành phố Đà Nẵng', 8, 56], ['ct', 'Thành phố Cần Thơ', 9, 83], ['hg', 'Hà Giang', 11, 193],
  ['cb', 'Cao Bằng', 10, 161], ['bk', 'Bắc Kạn', 8, 108], ['tq', 'Tuyên Quang', 7, 138], ['lc', 'Lào Cai', 9, 152],
  ['db', 'Điện Biên', 10, 129], ['lchau', 'Lai Châu', 8, 106], ['sl', 'Sơn La', 12, 204], ['yb', 'Yên Bái', 9, 173],
  ['hb', 'Hòa Bình', 10, 151], ['tn', 'Thái Nguyên', 9, 178], ['ls', 'Lạng Sơn', 11, 200], ['qn', 'Quảng Ninh', 13, 177],
  ['bg', 'Bắc Giang', 10, 209], ['pt', 'Phú Thọ', 13, 225], ['vp', 'Vĩnh Phúc', 9, 136], ['bn', 'Bắc Ninh', 8, 126],
  ['hd', 'Hải Dương', 12, 235], ['hy', 'Hưng Yên', 10, 161], ['tb', 'Thái Bình', 8, 260], ['hnam', 'Hà Nam', 6, 109],
  ['nd', 'Nam Định', 10, 226], ['nb', 'Ninh Bình', 8, 143], ['th', 'Thanh Hóa', 27, 559], ['na', 'Nghệ An', 21, 460],
  ['ht', 'Hà Tĩnh', 13, 216], ['qb', 'Quảng Bình', 8, 151], ['qt', 'Quảng Trị', 10, 125], ['tth', 'Thừa Thiên Huế', 9, 145],
  ['qnam', 'Quảng Nam', 18, 241], ['qng', 'Quảng Ngãi', 13, 173], ['bdinh', 'Bình Định', 11, 159], ['py', 'Phú Yên', 9, 110],
  ['kh', 'Khánh Hòa', 9, 139], ['nt', 'Ninh Thuận', 7, 65], ['bthuan', 'Bình Thuận', 10, 124], ['kt', 'Kon Tum', 10, 102],
  ['gl', 'Gia Lai', 17, 220], ['dl', 'Đắk Lắk', 15, 184], ['dnong', 'Đắk Nông', 8, 71], ['ld', 'Lâm Đồng', 12, 142],
  ['bp', 'Bình Phước', 11, 111], ['tninh', 'Tây Ninh', 9, 94], ['bd', 'Bình Dương', 9, 91], ['dnai', 'Đồng Nai', 11, 170],
  ['brvt', 'Bà Rịa - Vũng Tàu', 8, 82], ['la', 'Long An', 15, 192], ['tg', 'Tiền Giang', 11, 172], ['bt', 'Bến Tre', 9, 157],
  ['tv', 'Trà Vinh', 9, 106], ['vl', 'Vĩnh Long', 8, 107], ['dt', 'Đồng Tháp', 12, 144], ['ag', 'An Giang', 11, 156],
  [KIEN_GIANG_ID, 'Kiên Giang', 15, 145], ['hgiang', 'Hậu Giang', 8, 75], ['st', 'Sóc Trăng', 11, 109], ['bl', 'Bạc Liêu', 7, 64],
  ['cm', 'Cà Mau', 9, 101],
];

/** Splits `total` into parts proportional to `weights` that sum to it exactly (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || weights.some((w) => w < 0)) throw new RangeError('apportion needs positive weights');
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A ministry and the department of it that compiles a national directive's results. */
export function ministryUnits(id: string, name: string, compilerId: string, compilerName: string): Unit[] {
  return [
    { id, name, level: 'nation', kind: 'department', parentId: null },
    { id: compilerId, name: compilerName, level: 'nation', kind: 'department', parentId: id },
  ];
}

/** The id of a province's Sở that a national directive of the tree's ministry addresses. */
export function provincialDepartmentIdOf(tree: Pick<NationalTree, 'issuerUnitId'>, provinceId: string): string {
  return `${provinceId}.${tree.issuerUnitId === MINISTRY_2020_ID ? 'so-tttt' : 'so-khcn'}`;
}

/** `Thành phố Hà Nội` → `Ủy ban nhân dân thành phố Hà Nội`; `An Giang` → `Ủy ban nhân dân tỉnh An Giang`. */
export function provinceCommitteeName(name: string): string {
  return name.startsWith('Thành phố') ? `Ủy ban nhân dân ${name.replace(/^Thành phố/, 'thành phố')}` : `Ủy ban nhân dân tỉnh ${name}`;
}

/** A province's People's Committee and its Sở Thông tin và Truyền thông (the recipients of 2841). */
export function provinceUnits(id: string, name: string, parentId: string, soName: string): Unit[] {
  return [
    { id, name: provinceCommitteeName(name), level: 'province', kind: 'people_committee', parentId },
    { id: `${id}.${soName === 'Sở Thông tin và Truyền thông' ? 'so-tttt' : 'so-khcn'}`, name: `${soName} ${name.replace(/^Thành phố /, '')}`, level: 'province', kind: 'department', parentId: id },
  ];
}

/**
 * The three-level tree of August 2020 under Bộ TT&TT: each province's People's Committee and Sở TT&TT,
 * its district-level and commune-level committees. Kiên Giang is the seed (`kienGiangUnits()`, same ids)
 * hung under the ministry. Other provinces: the first district is the provincial city, and a district's
 * first commune is a phường in a city or quận, a thị trấn in a huyện.
 */
export function nationalThreeLevelTree(): NationalTree {
  // Kiên Giang keeps the seed's 15 and 145; the other provinces share the rest of the national totals.
  const seed = kienGiangUnits();
  const seedDistricts = seed.filter((u) => u.level === 'district').length;
  const seedCommunes = seed.filter((u) => u.level === 'commune').length;
  const others = PROVINCES_2020.filter(([id]) => id !== KIEN_GIANG_ID);
  const districtCounts = apportion(NATIONAL_2020_TOTALS.districts - seedDistricts, others.map(([, , d]) => d));
  const communeCounts = apportion(NATIONAL_2020_TOTALS.communes - seedCommunes, others.map(([, , , c]) => c));
  const units: Unit[] = ministryUnits(MINISTRY_2020_ID, 'Bộ Thông tin và Truyền thông', MINISTRY_2020_COMPILER_ID, 'Cục Tin học hóa');
  const provinceIds: string[] = [];
  let p = 0;
  for (const [id, name] of PROVINCES_2020) {
    provinceIds.push(id);
    if (id === KIEN_GIANG_ID) {
      for (const unit of seed) units.push(unit.parentId === null ? { ...unit, parentId: MINISTRY_2020_ID } : unit);
      continue;
    }
    units.push(...provinceUnits(id, name, MINISTRY_2020_ID, 'Sở Thông tin và Truyền thông'));
    const districts = districtCounts[p]!;
    const perDistrict = apportion(communeCounts[p]!, Array.from({ length: districts }, () => 1));
    const municipality = name.startsWith('Thành phố');
    for (let d = 0; d < districts; d++) {
      const urban = d === 0 || (municipality && d < Math.ceil(districts / 2));
      const districtType = d === 0 ? (municipality ? 'Quận' : 'Thành phố') : urban ? 'Quận' : 'Huyện';
      const districtId = `${id}.${slugify(districtType)}-${pad(d + 1, 2)}`;
      units.push({
        id: districtId,
        name: `UBND ${districtType.toLowerCase()} ${pad(d + 1, 2)} (${name.replace(/^Thành phố /, '')})`,
        level: 'district',
        kind: 'people_committee',
        parentId: id,
        placeholder: true,
      });
      for (let c = 0; c < perDistrict[d]!; c++) {
        const type = urban ? 'phường' : c === 0 ? 'thị trấn' : 'xã';
        const prefix = type === 'phường' ? 'p' : type === 'thị trấn' ? 'tt' : 'x';
        units.push({
          id: `${districtId}.${prefix}-${pad(c + 1, 2)}`,
          name: `UBND ${type} ${pad(c + 1, 2)}`,
          level: 'commune',
          kind: 'people_committee',
          parentId: districtId,
          placeholder: true,
        });
      }
    }
    p += 1;
  }
  return {
    scheme: NATIONAL_THREE_LEVEL_SCHEME,
    units,
    issuerUnitId: MINISTRY_2020_ID,
    compilerUnitId: MINISTRY_2020_COMPILER_ID,
    provinceIds,
  };
}

const committeesAt = (level: string): RecipientGroup => ({ type: 'level', level, kinds: ['people_committee'] });

/**
 * A national directive like 1119/UBND-KGVX one level up: the ministry asks every province's People's
 * Committee and its Sở, and every committee below them, to push Bluezone installs to 60% of smartphone
 * users, with the ministry's department compiling. For the 2020 tree it is 2841/BTTTT-THH of 1/8/2020
 * (its wording here is a paraphrase); for the 2025 tree the same text under a made-up number.
 */
export function nationalDirective(tree: NationalTree): Directive {
  const is2020 = tree.issuerUnitId === MINISTRY_2020_ID;
  const reference = is2020 ? '2841/BTTTT-THH' : '2841/BKHCN-CĐS';
  const date = is2020 ? '2020-08-01' : '2025-08-01';
  const lowerLevels = tree.scheme.levels.slice(2);
  const provinces = committeesAt('province');
  // Only each province's Sở of the ministry's field, not every provincial agency (Kiên Giang has 21).
  const departments: RecipientGroup = { type: 'units', unitIds: tree.provinceIds.map((id) => provincialDepartmentIdOf(tree, id)) };
  const lower = lowerLevels.map(committeesAt);
  const year = date.slice(0, 4);
  return {
    id: directiveIdOf(tree.issuerUnitId, date, reference),
    reference,
    issuerUnitId: tree.issuerUnitId,
    place: 'Hà Nội',
    date,
    subject: 'V/v đẩy mạnh cài đặt, sử dụng ứng dụng Bluezone trên toàn quốc.',
    urgency: 'Khẩn',
    recipients: [
      { text: 'Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương;', group: provinces },
      { text: `${is2020 ? 'Sở Thông tin và Truyền thông' : 'Sở Khoa học và Công nghệ'} các tỉnh, thành phố;`, group: departments },
      ...lowerLevels.map((level, i) => ({
        text: level === 'district' ? 'Ủy ban nhân dân các huyện, quận, thị xã, thành phố thuộc tỉnh;' : 'Ủy ban nhân dân các xã, phường, thị trấn, đặc khu.',
        group: lower[i]!,
      })),
    ],
    tasks: [
      {
        id: 't1',
        text: 'Chỉ đạo cán bộ, công chức, viên chức, người lao động cài đặt và sử dụng ứng dụng Bluezone; tuyên truyền, hướng dẫn người dân trên địa bàn cài đặt.',
        assignees: [provinces, ...lower],
      },
      {
        id: 't2',
        text: 'Phối hợp các cơ quan báo chí, doanh nghiệp viễn thông đẩy mạnh truyền thông; theo dõi, tổng hợp số lượt cài đặt trên địa bàn và báo cáo hằng tuần.',
        assignees: [departments],
      },
    ],
    targets: [
      {
        text: `đến ngày 31/8/${year}, tối thiểu 60% người dùng điện thoại thông minh trên cả nước cài đặt ứng dụng Bluezone`,
        value: 60,
        unit: 'percent',
        metric: 'smartphoneUsers',
        due: `${year}-08-31`,
      },
    ],
    deadlines: [],
    coordinatorUnitId: tree.compilerUnitId,
    signer: { capacity: 'KT. BỘ TRƯỞNG / THỨ TRƯỞNG', name: is2020 ? 'Nguyễn Huy Dũng' : '(ký)' },
    copiesTo: ['Như trên', 'Bộ trưởng (để b/c)', 'Lưu: VT, THH'],
    metrics: BLUEZONE_METRICS,
    rates: BLUEZONE_RATES,
    keyTask: true,
  };
}
