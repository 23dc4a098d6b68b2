import type { Directive, RecipientGroup } from '../directive';
import { directiveIdOf } from '../directive';
import type { MetricDef, RateDef } from '../reports';
import { KG, KIEN_GIANG_ID } from './kien-giang-2020';

/**
 * Công văn 1119/UBND-KGVX of 19/8/2020 (`shared/seed/cong-van-1119-UBND-KGVX.txt`), as a directive:
 * its four recipient lines, its nine task bullets with the groups each addresses, the 60% target
 * by 20/8/2020 and Sở TT&TT compiling results before 24/8/2020.
 */
const PROVINCIAL_AGENCIES: RecipientGroup = { type: 'level', level: 'province', kinds: ['department', 'mass_organisation'] };
const BUSINESSES: RecipientGroup = { type: 'units', unitIds: [KG.hiepHoiDN] };
const DISTRICT_CHAIRS: RecipientGroup = { type: 'level', level: 'district', kinds: ['people_committee'] };
const COMMUNE_CHAIRS: RecipientGroup = { type: 'level', level: 'commune', kinds: ['people_committee'] };

/**
 * What units report: installs so far, and the two populations the dispatch measures them against
 * (13% of adults 15–60 on 16/8; the target of 60% of smartphone users by 20/8).
 */
export const BLUEZONE_METRICS: readonly MetricDef[] = [
  { key: 'installs', label: 'Số lượt cài đặt Bluezone (lũy kế)', cumulative: true },
  { key: 'adults15to60', label: 'Dân số từ 15 đến 60 tuổi', cumulative: false },
  { key: 'smartphoneUsers', label: 'Số người dùng điện thoại thông minh', cumulative: false },
];

export const BLUEZONE_RATES: readonly RateDef[] = [
  { key: 'installRateAdults', label: 'Tỷ lệ cài đặt trên dân số 15–60 tuổi', numerator: 'installs', denominator: 'adults15to60' },
  {
    key: 'installRateSmartphone',
    label: 'Tỷ lệ cài đặt trên số người dùng điện thoại thông minh',
    numerator: 'installs',
    denominator: 'smartphoneUsers',
    targetPercent: 60,
  },
];

export const DIRECTIVE_1119: Directive = {
  id: directiveIdOf(KIEN_GIANG_ID, '2020-08-19', '1119/UBND-KGVX'),
  reference: '1119/UBND-KGVX',
  issuerUnitId: KIEN_GIANG_ID,
  place: 'Kiên Giang',
  date: '2020-08-19',
  subject: 'V/v đẩy mạnh triển khai ứng dụng, cài đặt ứng dụng Bluezone.',
  urgency: null,
  recipients: [
    { text: 'Giám đốc (Thủ trưởng) các Sở, ban, ngành cấp tỉnh (Đảng, chính quyền, đoàn thể);', group: PROVINCIAL_AGENCIES },
    { text: 'Lãnh đạo các doanh nghiệp, cơ sở sản xuất, kinh doanh trên địa bàn tỉnh Kiên Giang;', group: BUSINESSES },
    { text: 'Chủ tịch UBND các huyện, thành phố;', group: DISTRICT_CHAIRS },
    { text: 'Chủ tịch UBND các xã, phường, thị trấn.', group: COMMUNE_CHAIRS },
  ],
  tasks: [
    {
      id: 't1',
      text: 'Triển khai đến cán bộ, công chức, viên chức, người lao động tại cơ quan, đơn vị cài đặt và sử dụng ứng dụng Bluezone trên điện thoại thông minh; đồng thời hướng dẫn khách đến liên hệ công tác và người thân sử dụng ứng dụng này.',
      assignees: [PROVINCIAL_AGENCIES, DISTRICT_CHAIRS, COMMUNE_CHAIRS],
    },
    {
      id: 't2',
      text: 'Lãnh đạo các doanh nghiệp, chủ các cơ sở sản xuất kinh doanh trên địa bàn tỉnh quán triệt 100% người lao động cài đặt và sử dụng ứng dụng Bluezone trên điện thoại thông minh đang sử dụng.',
      assignees: [BUSINESSES],
    },
    {
      id: 't3',
      text: 'Đoàn Thanh niên, Liên đoàn Lao động, Hội Liên hiệp Phụ nữ, Hội Nông dân phát động đoàn viên, thanh niên, hội viên việc tổ chức cài đặt và hướng dẫn người dân nơi sinh sống cài đặt và sử dụng ứng dụng Bluezone.',
      assignees: [{ type: 'units', unitIds: [KG.tinhDoan, KG.ldld, KG.hoiLHPN, KG.hoiNongDan] }],
    },
    {
      id: 't4',
      text: 'Sở Giáo dục và Đào tạo chỉ đạo hiệu trưởng các cơ sở giáo dục và đào tạo trên địa bàn yêu cầu giáo viên và học sinh, sinh viên có điện thoại thông minh cài đặt cho mình và cho người thân; đồng thời, tuyên truyền đến phụ huynh khuyến khích cài đặt ứng dụng Bluezone cho mình và gia đình.',
      assignees: [{ type: 'units', unitIds: [KG.soGDDT] }],
    },
    {
      id: 't5',
      text: 'Sở Giao thông vận tải hướng dẫn các đơn vị kinh doanh vận tải phổ biến, thông báo cài đặt ứng dụng Bluezone tại các bến xe, bến tàu trên địa bàn tỉnh.',
      assignees: [{ type: 'units', unitIds: [KG.soGTVT] }],
    },
    {
      id: 't6',
      text: 'Sở Du lịch hướng dẫn các nhà hàng, khách sạn, cơ sở kinh doanh lưu trú,... trên địa bàn phổ biến, khuyến nghị khách hàng cài đặt ứng dụng Bluezone khi sử dụng dịch vụ.',
      assignees: [{ type: 'units', unitIds: [KG.soDuLich] }],
    },
    {
      id: 't7',
      text: 'Ban Quản lý các khu công nghiệp yêu cầu các doanh nghiệp trong các khu công nghiệp tuyên truyền, hướng dẫn công nhân cài đặt ứng dụng Bluezone.',
      assignees: [{ type: 'units', unitIds: [KG.bqlKCN] }],
    },
    {
      id: 't8',
      text: 'Sở Thông tin và Truyền thông tiếp tục đẩy mạnh công tác truyền thông, chỉ đạo, phối hợp Đài Phát thanh và Truyền hình tỉnh, Báo Kiên Giang thường xuyên cập nhật thông tin và tăng cường tuyên truyền về phòng, chống dịch Covid-19 cũng như việc cài đặt ứng dụng Bluezone cho người dân biết, thực hiện; phối hợp, hỗ trợ và kiểm tra tình hình triển khai ứng dụng Bluezone tại các địa phương trên địa bàn tỉnh để nâng cao tỷ lệ cài đặt Bluezone theo khuyến nghị của Bộ Thông tin và Truyền thông.',
      assignees: [{ type: 'units', unitIds: [KG.soTTTT, KG.daiPTTH, KG.baoKienGiang] }],
      // "Sở TT&TT … chỉ đạo, phối hợp Đài PT-TH tỉnh, Báo Kiên Giang": Sở TT&TT leads, the two cooperate.
      roles: { [KG.daiPTTH]: 'cooperating', [KG.baoKienGiang]: 'cooperating' },
    },
    {
      id: 't9',
      text: 'Chủ tịch UBND các huyện, thành phố chịu trách nhiệm chỉ đạo UBND cấp xã, các tổ chức đoàn thể, tổ dân phố tuyên truyền, có giải pháp nâng cao tỷ lệ cài đặt ứng dụng Bluezone tại địa phương theo phương châm đi từng ngõ, gõ từng nhà để đề nghị và hướng dẫn người dân cài đặt ứng dụng Bluezone. Đồng thời, yêu cầu thủ trưởng các cơ quan, đơn vị cần nâng cao tinh thần chủ động, trách nhiệm tập trung triển khai thực hiện nghiêm các nhiệm vụ nêu trên.',
      assignees: [DISTRICT_CHAIRS],
    },
  ],
  targets: [
    {
      text: 'đến ngày 20/8/2020, tối thiểu có 60% người dùng điện thoại thông minh trên địa bàn tỉnh Kiên Giang cài đặt ứng dụng Bluezone',
      value: 60,
      unit: 'percent',
      metric: 'smartphoneUsers',
      due: '2020-08-20',
    },
  ],
  deadlines: [
    {
      text: 'Giao Sở Thông tin và Truyền thông có trách nhiệm theo dõi, kiểm tra, tổng hợp kết quả triển khai để báo cáo UBND tỉnh trước ngày 24/8/2020.',
      due: '2020-08-24',
      owers: { type: 'units', unitIds: [KG.soTTTT] },
    },
  ],
  coordinatorUnitId: KG.soTTTT,
  signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Lâm Minh Thành' },
  copiesTo: ['Như trên', 'TT. Tỉnh ủy', 'TT. HĐND tỉnh', 'CT, các PCT.UBND tỉnh', 'LĐVP; P.KGVX, P.TH', 'Lưu: VT, nvthanh, "HT"'],
  metrics: BLUEZONE_METRICS,
  rates: BLUEZONE_RATES,
  keyTask: true,
};
