import type { ErrorCode } from '@chidao/domain';

/** Vietnamese, the default language. Every user-facing string lives here and in en.ts (same keys). */
export const vi = {
  app: {
    title: 'Theo dõi chỉ đạo',
    skipToContent: 'Chuyển đến nội dung chính',
    loading: 'Đang tải…',
    retry: 'Thử lại',
  },
  language: {
    label: 'Ngôn ngữ',
    vi: 'Tiếng Việt',
    en: 'English',
  },
  header: {
    user: 'Người dùng',
    signOut: 'Đăng xuất',
    signingOut: 'Đang đăng xuất…',
  },
  signIn: {
    title: 'Đăng nhập',
    devNotice: 'Đăng nhập thử nghiệm: chọn một tài khoản mẫu để làm việc thay mặt đơn vị của tài khoản đó.',
    searchLabel: 'Tìm theo tên người hoặc tên đơn vị',
    searchHint: 'Có thể gõ không dấu, ví dụ: vinh thanh van',
    resultCount: 'Tìm thấy {{n}} tài khoản',
    provincialLevel: 'Cấp tỉnh',
    groupCount: '{{n}} tài khoản',
    noMatches: 'Không có tài khoản nào khớp với “{{query}}”.',
    none: 'Không có tài khoản mẫu. Đăng nhập thử nghiệm chỉ bật ở cấu hình chạy thử mặc định.',
    signingIn: 'Đang đăng nhập…',
  },
  home: {
    title: 'Trang chủ',
  },
  tasks: {
    title: 'Nhiệm vụ của tôi',
    empty: 'Đơn vị chưa được giao văn bản nào.',
    date: 'Ngày ban hành',
    issuer: 'Cơ quan ban hành',
    issuedAt: 'Giao lúc',
    tasksHeading: 'Nhiệm vụ giao cho đơn vị',
    noTasks: 'Văn bản không nêu nhiệm vụ riêng cho đơn vị; đơn vị tiếp nhận để tổ chức thực hiện.',
    acknowledge: 'Tiếp nhận',
    acknowledging: 'Đang tiếp nhận…',
    acknowledged: 'Đã tiếp nhận văn bản {{reference}}.',
  },
  state: {
    issued: 'Chưa tiếp nhận',
    acknowledged: 'Đã tiếp nhận',
    acknowledgedAt: 'lúc {{dateTime}}',
    notAssigned: 'Không được giao',
    issuer: 'Đơn vị ban hành',
  },
  overview: {
    title: 'Theo dõi tiếp nhận',
    sectionTitle: 'Tiến độ tiếp nhận văn bản {{reference}}',
    unit: 'Đơn vị',
    ownState: 'Trạng thái của đơn vị',
    below: 'Các đơn vị cấp dưới',
    ackCount: '{{acknowledged}} / {{total}} đã tiếp nhận',
    ratio: '{{acknowledged}} / {{total}}',
    percent: '({{percent}})',
    noneBelow: 'Không có',
    childrenCaption: 'Tiếp nhận theo đơn vị trực thuộc {{unit}}',
    childName: 'Đơn vị',
    childState: 'Trạng thái',
    childBelow: 'Cấp dưới đã tiếp nhận',
    noChildren: 'Văn bản không giao cho đơn vị nào trực thuộc.',
    breadcrumb: 'Vị trí',
    live: 'Tự động cập nhật. Lần cập nhật gần nhất: {{time}}',
    open: 'Mở trang theo dõi',
  },
  notFound: {
    title: 'Không tìm thấy trang',
    back: 'Về trang chủ',
  },
  errors: {
    unknown: 'Đã có lỗi xảy ra. Vui lòng thử lại.',
    network: 'Không kết nối được máy chủ. Vui lòng kiểm tra kết nối và thử lại.',
    codes: {
      UNIT_NOT_FOUND: 'Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi của bạn.',
      DIRECTIVE_NOT_FOUND: 'Không tìm thấy văn bản.',
      ASSIGNMENT_NOT_FOUND: 'Không tìm thấy văn bản giao cho đơn vị.',
      USER_NOT_FOUND: 'Không tìm thấy tài khoản.',
      NOT_ASSIGNEE: 'Đơn vị của bạn không phải là đơn vị được giao văn bản này.',
      OUT_OF_SCOPE: 'Nội dung này nằm ngoài phạm vi của đơn vị bạn.',
      NOT_SIGNED_IN: 'Phiên làm việc đã hết. Vui lòng đăng nhập lại.',
      ILLEGAL_TRANSITION: 'Không thể thực hiện thao tác ở trạng thái hiện tại của văn bản.',
      ALREADY_ACKNOWLEDGED: 'Văn bản này đã được tiếp nhận trước đó.',
      DIRECTIVE_CONFLICT: 'Văn bản trùng số, ký hiệu với một văn bản khác.',
      INVALID_HIERARCHY: 'Dữ liệu đơn vị hành chính không hợp lệ.',
      INVALID_DIRECTIVE: 'Nội dung văn bản không hợp lệ.',
      INVALID_INPUT: 'Dữ liệu gửi lên không hợp lệ.',
      UNAVAILABLE: 'Hệ thống tạm thời chưa sẵn sàng. Vui lòng thử lại sau ít phút.',
    } satisfies Record<ErrorCode, string>,
  },
};

/** The shape every locale must have: the same keys as Vietnamese, every value a string. */
type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Messages = Strings<typeof vi>;
