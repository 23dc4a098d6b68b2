import { describe, expect, it } from 'vitest';
import {
  administeringGrant,
  assertMayGrant,
  formatAccountCode,
  grantsAfterRoster,
  mayAdministerAccount,
  normaliseAccountCode,
  planRoster,
  resetAllowed,
  type ExistingAccount,
} from './administration';
import type { RoleGrant } from './access';
import { buildHierarchy } from './hierarchy';
import { KIEN_GIANG_SCHEME, kienGiangUnits } from './seed/kien-giang-2020';
import { codeOf } from './test-support';

const hierarchy = buildHierarchy(KIEN_GIANG_SCHEME, kienGiangUnits());
const grant = (role: RoleGrant['role'], unitId: string): RoleGrant => ({ role, unitId, directiveId: null });
const systemAdmin = [grant('system_admin', 'kg')];
const rachGiaAdmin = [grant('province_admin', 'kg.rach-gia')];
const HEADER = ['Tên đăng nhập', 'Họ và tên', 'Đơn vị (mã hoặc tên)', 'Chức vụ', 'Thư điện tử'];

describe('who administers whom', () => {
  it('gives the system administrator every unit and a province administrator only its own tree', () => {
    expect(administeringGrant(hierarchy, systemAdmin, 'kg.ha-tien.p-dong-ho')?.role).toBe('system_admin');
    expect(administeringGrant(hierarchy, rachGiaAdmin, 'kg.rach-gia.p-vinh-thanh-van')?.role).toBe('province_admin');
    expect(administeringGrant(hierarchy, rachGiaAdmin, 'kg.rach-gia')?.role).toBe('province_admin');
    expect(administeringGrant(hierarchy, rachGiaAdmin, 'kg.ha-tien.p-dong-ho')).toBeNull();
    expect(administeringGrant(hierarchy, rachGiaAdmin, 'kg')).toBeNull();
    expect(administeringGrant(hierarchy, [grant('chair', 'kg')], 'kg.rach-gia')).toBeNull();
  });

  it('lets only a system administrator name another', () => {
    expect(codeOf(() => assertMayGrant(hierarchy, rachGiaAdmin, grant('system_admin', 'kg.rach-gia')))).toBe('OUT_OF_SCOPE');
    expect(codeOf(() => assertMayGrant(hierarchy, rachGiaAdmin, grant('chair', 'kg.ha-tien')))).toBe('UNIT_NOT_FOUND');
    expect(codeOf(() => assertMayGrant(hierarchy, rachGiaAdmin, { role: 'coordinator', unitId: 'kg.rach-gia', directiveId: 'd' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => assertMayGrant(hierarchy, rachGiaAdmin, grant('officer', 'kg.rach-gia.p-vinh-thanh-van')))).toBeUndefined();
    expect(codeOf(() => assertMayGrant(hierarchy, systemAdmin, grant('system_admin', 'kg')))).toBeUndefined();
  });

  it('leaves a person with a role outside the tree to the system administrator', () => {
    const both = { unitId: 'kg.rach-gia', grants: [grant('chair', 'kg.rach-gia'), grant('officer', 'kg.ha-tien')] };
    expect(mayAdministerAccount(hierarchy, rachGiaAdmin, both)).toBe(false);
    expect(mayAdministerAccount(hierarchy, systemAdmin, both)).toBe(true);
    expect(mayAdministerAccount(hierarchy, rachGiaAdmin, { unitId: 'kg.rach-gia', grants: [grant('system_admin', 'kg.rach-gia')] })).toBe(false);
  });
});

describe('one-time codes', () => {
  it('reads a printed code back however it is typed', () => {
    expect(formatAccountCode('ABCDEFGHJKMNPQRS')).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(normaliseAccountCode('abcd-efgh jkmn-pqrs')).toBe('ABCDEFGHJKMNPQRS');
    expect(normaliseAccountCode('0O1I-L000-0000-0000')).toBe('0011100000000000');
    expect(normaliseAccountCode('ABCD-EFGH-JKMN-PQR')).toBeNull();
    expect(normaliseAccountCode('ABCD-EFGH-JKMN-PQRU')).toBeNull();
  });

  it('sends at most three resets an hour', () => {
    const now = '2026-12-07T10:00:00.000Z';
    const sent = ['2026-12-07T09:10:00.000Z', '2026-12-07T09:20:00.000Z'];
    expect(resetAllowed(sent, now)).toBe(true);
    expect(resetAllowed([...sent, '2026-12-07T09:30:00.000Z'], now)).toBe(false);
    expect(resetAllowed([...sent, '2026-12-07T08:30:00.000Z'], now)).toBe(true);
  });
});

describe('a roster file', () => {
  const existing = new Map<string, ExistingAccount>([
    [
      'ct.vinhthanhvan',
      {
        id: 'u.ct.vinhthanhvan',
        username: 'ct.vinhthanhvan',
        displayName: 'Nguyễn Văn A',
        unitId: 'kg.rach-gia.p-vinh-thanh-van',
        grants: [grant('chair', 'kg.rach-gia.p-vinh-thanh-van'), { role: 'coordinator', unitId: 'kg.rach-gia', directiveId: 'd1' }],
        email: 'a@example.vn',
        demo: false,
      },
    ],
  ]);
  const plan = (rows: string[][], adminGrants = rachGiaAdmin) => planRoster([HEADER, ...rows], { hierarchy, adminGrants, existing });

  it('says of every row whether it creates, changes or leaves an account, and finds units by name with or without UBND', () => {
    const result = plan([
      ['CB.VinhThanh', 'Trần Thị B', 'UBND phường Vĩnh Thanh', 'Cán bộ', 'b@example.vn'],
      ['ct.vinhthanhvan', 'Nguyễn Văn A', 'phường Vĩnh Thanh Vân', 'Chủ tịch', ''],
      ['ct.vinhthanhvan2', 'Lê Văn C', 'Ủy ban nhân dân phường Vĩnh Thanh Vân', 'Phó Chủ tịch; Cán bộ', ''],
      ['', '', '', '', ''],
    ]);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.row, r.outcome, r.username])).toEqual([
      [2, 'create', 'cb.vinhthanh'],
      [3, 'unchanged', 'ct.vinhthanhvan'],
      [4, 'create', 'ct.vinhthanhvan2'],
    ]);
    expect(result.rows[2]?.person?.roles).toEqual(['vice_chair', 'officer']);
    expect(result.counts).toEqual({ create: 2, update: 0, unchanged: 1, error: 0 });
  });

  it('names every error by row and column', () => {
    const result = plan([
      ['a b', 'X', 'phường Vĩnh Thanh', 'Cán bộ', ''],
      ['dup', '', 'phường Không Có', 'Thủ quỹ', 'not-an-email'],
      ['DUP', 'Y', 'phường Đông Hồ', 'Quản trị hệ thống', ''],
    ]);
    expect(result.errors).toEqual([
      { row: 2, column: 'Tên đăng nhập', code: 'INVALID_USERNAME', value: 'a b' },
      { row: 3, column: 'Họ và tên', code: 'REQUIRED' },
      { row: 3, column: 'Đơn vị (mã hoặc tên)', code: 'UNKNOWN_UNIT', value: 'phường Không Có' },
      { row: 3, column: 'Chức vụ', code: 'UNKNOWN_ROLE', value: 'Thủ quỹ' },
      { row: 3, column: 'Thư điện tử', code: 'INVALID_EMAIL', value: 'not-an-email' },
      { row: 4, column: 'Tên đăng nhập', code: 'DUPLICATE_USERNAME', value: 'DUP' },
      { row: 4, column: 'Đơn vị (mã hoặc tên)', code: 'UNIT_OUT_OF_SCOPE', value: 'phường Đông Hồ' },
    ]);
    expect(result.counts.error).toBe(3);
  });

  it('refuses a file without the required columns', () => {
    const result = planRoster([['Tên đăng nhập', 'Họ và tên']], { hierarchy, adminGrants: rachGiaAdmin, existing });
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, 'Đơn vị (mã hoặc tên)', 'MISSING_COLUMN'],
      [1, 'Chức vụ', 'MISSING_COLUMN'],
    ]);
  });

  it('moves a person to another post keeping their roles elsewhere', () => {
    const result = plan([['ct.vinhthanhvan', 'Nguyễn Văn A', 'phường Vĩnh Thanh', 'Chủ tịch', 'a@example.vn']]);
    const [row] = result.rows;
    expect(row?.outcome).toBe('update');
    expect(row?.changes).toEqual(['unitId', 'roles']);
    expect(grantsAfterRoster(existing.get('ct.vinhthanhvan')!, row!.person!)).toEqual([
      grant('chair', 'kg.rach-gia.p-vinh-thanh-van'),
      { role: 'coordinator', unitId: 'kg.rach-gia', directiveId: 'd1' },
      grant('chair', 'kg.rach-gia.p-vinh-thanh'),
    ]);
  });
});
