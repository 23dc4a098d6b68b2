import { describe, expect, it } from 'vitest';
import { escalationRaisedAt } from './escalation-time';
import { compareUnitsForOfficials, placeNameOf, unitDisplayName, unitFormalName } from './unit-names';

describe('unitDisplayName', () => {
  it('writes a People\'s Committee in the short form and leaves other names alone', () => {
    expect(unitDisplayName('Ủy ban nhân dân tỉnh Kiên Giang')).toBe('UBND tỉnh Kiên Giang');
    expect(unitDisplayName('UBND phường Vĩnh Thanh')).toBe('UBND phường Vĩnh Thanh');
    expect(unitDisplayName('Sở Giáo dục và Đào tạo')).toBe('Sở Giáo dục và Đào tạo');
  });

  it('reads a name typed in decomposed Unicode (NFD) like the composed one', () => {
    expect(unitDisplayName('Ủy ban nhân dân tỉnh Kiên Giang'.normalize('NFD'))).toBe('UBND tỉnh Kiên Giang');
  });
});

describe('placeNameOf', () => {
  it('drops "UBND" and the administrative type', () => {
    expect(placeNameOf('UBND huyện An Biên')).toBe('An Biên');
    expect(placeNameOf('UBND thành phố Hà Tiên')).toBe('Hà Tiên');
    expect(placeNameOf('UBND thị trấn Thứ Ba')).toBe('Thứ Ba');
    expect(placeNameOf('UBND xã Mỹ Đức')).toBe('Mỹ Đức');
    expect(placeNameOf('Ủy ban nhân dân tỉnh Kiên Giang')).toBe('Kiên Giang');
  });
});

describe('compareUnitsForOfficials', () => {
  const pc = (name: string) => ({ id: name, name, kind: 'people_committee' });
  const dept = (name: string) => ({ id: name, name, kind: 'department' });

  it('puts committees first by place name, then departments by name', () => {
    const units = [
      dept('Sở Y tế'),
      pc('UBND thành phố Rạch Giá'),
      dept('Công an tỉnh'),
      pc('UBND huyện Vĩnh Thuận'),
      pc('UBND huyện An Biên'),
      pc('UBND thành phố Hà Tiên'),
      pc('UBND huyện Giồng Riềng'),
    ];
    expect([...units].sort(compareUnitsForOfficials).map((u) => u.name)).toEqual([
      'UBND huyện An Biên',
      'UBND huyện Giồng Riềng',
      'UBND thành phố Hà Tiên',
      'UBND thành phố Rạch Giá',
      'UBND huyện Vĩnh Thuận',
      'Công an tỉnh',
      'Sở Y tế',
    ]);
  });

  it('follows Vietnamese collation: Đ after D, Â and Ă after A, a bare letter before its tones', () => {
    const names = ['UBND xã Đông Hồ', 'UBND xã Dương Đông', 'UBND xã Ân Nghĩa', 'UBND xã An Sơn', 'UBND xã Ăn Tết'];
    const sorted = names.map(pc).sort(compareUnitsForOfficials).map((u) => placeNameOf(u.name));
    expect(sorted).toEqual(['An Sơn', 'Ăn Tết', 'Ân Nghĩa', 'Dương Đông', 'Đông Hồ']);
  });

  it('orders units whose place names are alike by their whole name, so the order is the same every time', () => {
    const a = pc('UBND phường Vĩnh Thanh');
    const b = pc('UBND xã Vĩnh Thanh');
    expect(compareUnitsForOfficials(a, b)).toBeLessThan(0);
    expect(compareUnitsForOfficials(b, a)).toBeGreaterThan(0);
  });
});

describe('escalationRaisedAt', () => {
  it('keeps the alarm\'s instant when the directive was in the system by then', () => {
    expect(escalationRaisedAt('2026-03-10T01:00:00.000Z', '2026-03-01T02:00:00.000Z')).toEqual({ at: '2026-03-10T01:00:00.000Z', enteredAfterDeadline: false });
  });

  it('shows an escalation of a directive entered after its own deadline as raised when it was entered', () => {
    expect(escalationRaisedAt('2026-03-10T01:00:00.000Z', '2026-03-12T08:30:00.000Z')).toEqual({ at: '2026-03-12T08:30:00.000Z', enteredAfterDeadline: true });
  });
});

describe('unitFormalName', () => {
  it('spells a committee out for a formal document, and leaves other names alone', () => {
    expect(unitFormalName('UBND thành phố Rạch Giá')).toBe('Ủy ban nhân dân thành phố Rạch Giá');
    expect(unitFormalName('Ủy ban nhân dân tỉnh Kiên Giang')).toBe('Ủy ban nhân dân tỉnh Kiên Giang');
    expect(unitFormalName('Sở Thông tin và Truyền thông')).toBe('Sở Thông tin và Truyền thông');
  });
});
