import { THREE_LEVEL_MAP_VALID_TO, THREE_LEVEL_SCHEME, type Unit } from '../hierarchy';
import { slugify } from '../text';

/**
 * Kiên Giang province as of August 2020: the provincial People's Committee, the provincial
 * agencies and mass organisations that dispatch 1119/UBND-KGVX addresses, the business
 * association standing for "leaders of businesses", 15 district-level and 145 commune-level units.
 *
 * Commune names are the real ones as the team knows them for 2020 (before Phú Quốc became a city
 * in 2021 and before the 2025 merger); they were compiled from memory of public administrative
 * lists and not checked against an official gazette, so treat them as best knowledge.
 */
export const KIEN_GIANG_ID = 'kg';

/** Figures from the dispatch: ~145,800 installs = 13% of adults aged 15–60 on 16/8/2020. */
export const KIEN_GIANG_ADULTS_15_TO_60 = Math.round(145_800 / 0.13);

type CommuneType = 'phường' | 'xã' | 'thị trấn';
interface DistrictSeed {
  readonly name: string;
  readonly communes: readonly (readonly [CommuneType, string])[];
}

const P = 'phường' as const;
const X = 'xã' as const;
const TT = 'thị trấn' as const;

const DISTRICTS: readonly DistrictSeed[] = [
  {
    name: 'Thành phố Rạch Giá',
    communes: [
      [P, 'Vĩnh Thanh Vân'], [P, 'Vĩnh Thanh'], [P, 'Vĩnh Quang'], [P, 'Vĩnh Hiệp'], [P, 'Vĩnh Bảo'],
      [P, 'Vĩnh Lạc'], [P, 'An Hòa'], [P, 'An Bình'], [P, 'Rạch Sỏi'], [P, 'Vĩnh Lợi'], [P, 'Vĩnh Thông'],
      [X, 'Phi Thông'],
    ],
  },
  {
    name: 'Thành phố Hà Tiên',
    communes: [[P, 'Đông Hồ'], [P, 'Tô Châu'], [P, 'Pháo Đài'], [P, 'Bình San'], [P, 'Mỹ Đức'], [X, 'Tiên Hải'], [X, 'Thuận Yên']],
  },
  {
    name: 'Huyện An Biên',
    communes: [
      [TT, 'Thứ Ba'], [X, 'Đông Thái'], [X, 'Đông Yên'], [X, 'Hưng Yên'], [X, 'Nam Thái'], [X, 'Nam Thái A'],
      [X, 'Nam Yên'], [X, 'Tây Yên'], [X, 'Tây Yên A'],
    ],
  },
  {
    name: 'Huyện An Minh',
    communes: [
      [TT, 'Thứ Mười Một'], [X, 'Đông Hòa'], [X, 'Đông Hưng'], [X, 'Đông Hưng A'], [X, 'Đông Hưng B'], [X, 'Đông Thạnh'],
      [X, 'Tân Thạnh'], [X, 'Thuận Hòa'], [X, 'Vân Khánh'], [X, 'Vân Khánh Đông'], [X, 'Vân Khánh Tây'],
    ],
  },
  {
    name: 'Huyện Châu Thành',
    communes: [
      [TT, 'Minh Lương'], [X, 'Bình An'], [X, 'Giục Tượng'], [X, 'Minh Hòa'], [X, 'Mong Thọ'], [X, 'Mong Thọ A'],
      [X, 'Mong Thọ B'], [X, 'Thạnh Lộc'], [X, 'Vĩnh Hòa Hiệp'], [X, 'Vĩnh Hòa Phú'],
    ],
  },
  {
    name: 'Huyện Giang Thành',
    communes: [[X, 'Phú Lợi'], [X, 'Phú Mỹ'], [X, 'Tân Khánh Hòa'], [X, 'Vĩnh Điều'], [X, 'Vĩnh Phú']],
  },
  {
    name: 'Huyện Giồng Riềng',
    communes: [
      [TT, 'Giồng Riềng'], [X, 'Bàn Tân Định'], [X, 'Bàn Thạch'], [X, 'Hòa An'], [X, 'Hòa Hưng'], [X, 'Hòa Lợi'],
      [X, 'Hòa Thuận'], [X, 'Long Thạnh'], [X, 'Ngọc Chúc'], [X, 'Ngọc Hòa'], [X, 'Ngọc Thành'], [X, 'Ngọc Thuận'],
      [X, 'Thạnh Bình'], [X, 'Thạnh Hòa'], [X, 'Thạnh Hưng'], [X, 'Thạnh Lộc'], [X, 'Thạnh Phước'], [X, 'Vĩnh Phú'],
      [X, 'Vĩnh Thạnh'],
    ],
  },
  {
    name: 'Huyện Gò Quao',
    communes: [
      [TT, 'Gò Quao'], [X, 'Định An'], [X, 'Định Hòa'], [X, 'Thới Quản'], [X, 'Thủy Liễu'], [X, 'Vĩnh Hòa Hưng Bắc'],
      [X, 'Vĩnh Hòa Hưng Nam'], [X, 'Vĩnh Phước A'], [X, 'Vĩnh Phước B'], [X, 'Vĩnh Thắng'], [X, 'Vĩnh Tuy'],
    ],
  },
  {
    name: 'Huyện Hòn Đất',
    communes: [
      [TT, 'Hòn Đất'], [TT, 'Sóc Sơn'], [X, 'Bình Giang'], [X, 'Bình Sơn'], [X, 'Lình Huỳnh'], [X, 'Mỹ Hiệp Sơn'],
      [X, 'Mỹ Lâm'], [X, 'Mỹ Phước'], [X, 'Mỹ Thái'], [X, 'Mỹ Thuận'], [X, 'Nam Thái Sơn'], [X, 'Sơn Bình'],
      [X, 'Sơn Kiên'], [X, 'Thổ Sơn'],
    ],
  },
  {
    name: 'Huyện Kiên Hải',
    communes: [[X, 'Hòn Tre'], [X, 'Lại Sơn'], [X, 'An Sơn'], [X, 'Nam Du']],
  },
  {
    name: 'Huyện Kiên Lương',
    communes: [
      [TT, 'Kiên Lương'], [X, 'Bình An'], [X, 'Bình Trị'], [X, 'Dương Hòa'], [X, 'Hòa Điền'], [X, 'Hòn Nghệ'],
      [X, 'Kiên Bình'], [X, 'Sơn Hải'],
    ],
  },
  {
    name: 'Huyện Phú Quốc',
    communes: [
      [TT, 'Dương Đông'], [TT, 'An Thới'], [X, 'Cửa Cạn'], [X, 'Gành Dầu'], [X, 'Bãi Thơm'], [X, 'Hàm Ninh'],
      [X, 'Cửa Dương'], [X, 'Dương Tơ'], [X, 'Hòn Thơm'], [X, 'Thổ Châu'],
    ],
  },
  {
    name: 'Huyện Tân Hiệp',
    communes: [
      [TT, 'Tân Hiệp'], [X, 'Tân An'], [X, 'Tân Hiệp A'], [X, 'Tân Hiệp B'], [X, 'Tân Hòa'], [X, 'Tân Hội'],
      [X, 'Tân Thành'], [X, 'Thạnh Đông'], [X, 'Thạnh Đông A'], [X, 'Thạnh Đông B'], [X, 'Thạnh Trị'],
    ],
  },
  {
    name: 'Huyện U Minh Thượng',
    communes: [[X, 'An Minh Bắc'], [X, 'Hòa Chánh'], [X, 'Minh Thuận'], [X, 'Thạnh Yên'], [X, 'Thạnh Yên A'], [X, 'Vĩnh Hòa']],
  },
  {
    name: 'Huyện Vĩnh Thuận',
    communes: [
      [TT, 'Vĩnh Thuận'], [X, 'Bình Minh'], [X, 'Phong Đông'], [X, 'Tân Thuận'], [X, 'Vĩnh Bình Bắc'],
      [X, 'Vĩnh Bình Nam'], [X, 'Vĩnh Phong'], [X, 'Vĩnh Thuận'],
    ],
  },
];

/** Provincial agencies: [id suffix, name, kind]. */
const PROVINCIAL_AGENCIES = [
  ['so-tttt', 'Sở Thông tin và Truyền thông', 'department'],
  ['so-gddt', 'Sở Giáo dục và Đào tạo', 'department'],
  ['so-gtvt', 'Sở Giao thông vận tải', 'department'],
  ['so-du-lich', 'Sở Du lịch', 'department'],
  ['so-y-te', 'Sở Y tế', 'department'],
  ['so-noi-vu', 'Sở Nội vụ', 'department'],
  ['so-tu-phap', 'Sở Tư pháp', 'department'],
  ['so-khdt', 'Sở Kế hoạch và Đầu tư', 'department'],
  ['so-tai-chinh', 'Sở Tài chính', 'department'],
  ['so-cong-thuong', 'Sở Công Thương', 'department'],
  ['so-nnptnt', 'Sở Nông nghiệp và Phát triển nông thôn', 'department'],
  ['so-xay-dung', 'Sở Xây dựng', 'department'],
  ['so-tnmt', 'Sở Tài nguyên và Môi trường', 'department'],
  ['so-ldtbxh', 'Sở Lao động - Thương binh và Xã hội', 'department'],
  ['so-vhtt', 'Sở Văn hóa và Thể thao', 'department'],
  ['so-khcn', 'Sở Khoa học và Công nghệ', 'department'],
  ['thanh-tra', 'Thanh tra tỉnh', 'department'],
  ['ban-dan-toc', 'Ban Dân tộc tỉnh', 'department'],
  ['bql-kcn', 'Ban Quản lý các khu công nghiệp', 'department'],
  ['dai-ptth', 'Đài Phát thanh và Truyền hình Kiên Giang', 'department'],
  ['bao-kien-giang', 'Báo Kiên Giang', 'department'],
  ['tinh-doan', 'Tỉnh Đoàn Kiên Giang (Đoàn Thanh niên)', 'mass_organisation'],
  ['ldld', 'Liên đoàn Lao động tỉnh', 'mass_organisation'],
  ['hoi-lhpn', 'Hội Liên hiệp Phụ nữ tỉnh', 'mass_organisation'],
  ['hoi-nong-dan', 'Hội Nông dân tỉnh', 'mass_organisation'],
  ['hiep-hoi-dn', 'Hiệp hội Doanh nghiệp tỉnh Kiên Giang', 'business_association'],
] as const;

export const KG = {
  province: KIEN_GIANG_ID,
  soTTTT: `${KIEN_GIANG_ID}.so-tttt`,
  soGDDT: `${KIEN_GIANG_ID}.so-gddt`,
  soGTVT: `${KIEN_GIANG_ID}.so-gtvt`,
  soDuLich: `${KIEN_GIANG_ID}.so-du-lich`,
  bqlKCN: `${KIEN_GIANG_ID}.bql-kcn`,
  daiPTTH: `${KIEN_GIANG_ID}.dai-ptth`,
  baoKienGiang: `${KIEN_GIANG_ID}.bao-kien-giang`,
  tinhDoan: `${KIEN_GIANG_ID}.tinh-doan`,
  ldld: `${KIEN_GIANG_ID}.ldld`,
  hoiLHPN: `${KIEN_GIANG_ID}.hoi-lhpn`,
  hoiNongDan: `${KIEN_GIANG_ID}.hoi-nong-dan`,
  hiepHoiDN: `${KIEN_GIANG_ID}.hiep-hoi-dn`,
} as const;

function districtSlug(name: string): string {
  return slugify(name.replace(/^(Thành phố|Huyện|Thị xã)\s+/, ''));
}

function communeSlug(type: CommuneType, name: string): string {
  const prefix = type === 'phường' ? 'p' : type === 'thị trấn' ? 'tt' : 'x';
  return `${prefix}-${slugify(name)}`;
}

/**
 * Every unit of the seed ends with 30/6/2025: on 1/7/2025 Kiên Giang merged into An Giang (Nghị
 * quyết 202/2025/QH15) and the district level ended, and the communes were merged into the new
 * ones. Directives of before then (1119) keep naming them; none can be issued to or by them after.
 */
export const KIEN_GIANG_2020_VALID_TO = THREE_LEVEL_MAP_VALID_TO;

export function kienGiangUnits(): Unit[] {
  return kienGiangUnitsAsOf2020().map((unit) => ({ ...unit, validTo: KIEN_GIANG_2020_VALID_TO }));
}

function kienGiangUnitsAsOf2020(): Unit[] {
  const units: Unit[] = [
    {
      id: KIEN_GIANG_ID,
      name: 'Ủy ban nhân dân tỉnh Kiên Giang',
      level: 'province',
      kind: 'people_committee',
      parentId: null,
      population: { adults15to60: KIEN_GIANG_ADULTS_15_TO_60 },
    },
  ];
  for (const [suffix, name, kind] of PROVINCIAL_AGENCIES) {
    units.push({ id: `${KIEN_GIANG_ID}.${suffix}`, name, level: 'province', kind, parentId: KIEN_GIANG_ID });
  }
  for (const district of DISTRICTS) {
    const districtId = `${KIEN_GIANG_ID}.${districtSlug(district.name)}`;
    units.push({ id: districtId, name: `UBND ${district.name.replace(/^Thành phố/, 'thành phố').replace(/^Huyện/, 'huyện')}`, level: 'district', kind: 'people_committee', parentId: KIEN_GIANG_ID });
    for (const [type, name] of district.communes) {
      units.push({
        id: `${districtId}.${communeSlug(type, name)}`,
        name: `UBND ${type} ${name}`,
        level: 'commune',
        kind: 'people_committee',
        parentId: districtId,
      });
    }
  }
  return units;
}

export const KIEN_GIANG_SCHEME = THREE_LEVEL_SCHEME;
