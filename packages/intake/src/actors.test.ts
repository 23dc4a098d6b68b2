import { describe, expect, it } from 'vitest';
import { readActor, readActors } from './actors';

const groups = (text: string) => readActors(text).map((a) => a.group);
const phrase = (text: string) => {
  const actor = readActor(text);
  return actor && text.slice(actor.start, actor.end);
};

describe('readActors', () => {
  it('reads the groups of the hierarchy a dispatch addresses', () => {
    expect(groups('Chủ tịch UBND các huyện, thành phố chịu trách nhiệm')).toEqual([{ type: 'level', level: 'district', kinds: ['people_committee'] }]);
    expect(groups('Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố')).toEqual([{ type: 'level', level: 'district', kinds: ['people_committee'] }]);
    for (const text of ['Chủ tịch UBND các xã, phường, thị trấn', 'Chủ tịch UBND các xã, phường, đặc khu', 'UBND cấp xã']) {
      expect(groups(text), text).toEqual([{ type: 'level', level: 'commune', kinds: ['people_committee'] }]);
    }
    expect(groups('Giám đốc (Thủ trưởng) các Sở, ban, ngành cấp tỉnh (Đảng, chính quyền, đoàn thể);')).toEqual([
      { type: 'level', level: 'province', kinds: ['department', 'mass_organisation'] },
    ]);
    expect(groups('Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương')).toEqual([{ type: 'level', level: 'province', kinds: ['people_committee'] }]);
    expect(groups('Trưởng các phòng, ban, ngành, đoàn thể huyện')).toEqual([{ type: 'level', level: 'district', kinds: ['department', 'mass_organisation'] }]);
    expect(groups('Lãnh đạo các doanh nghiệp, cơ sở sản xuất, kinh doanh trên địa bàn')).toEqual([{ type: 'businesses' }]);
  });

  it('reads units by name up to the verb', () => {
    expect(phrase('Sở Giáo dục và Đào tạo chỉ đạo hiệu trưởng')).toBe('Sở Giáo dục và Đào tạo');
    expect(phrase('Sở Văn hóa, Thể thao và Du lịch chủ trì')).toBe('Sở Văn hóa, Thể thao và Du lịch');
    expect(phrase('Sở Lao động - Thương binh và Xã hội hướng dẫn')).toBe('Sở Lao động - Thương binh và Xã hội');
    expect(phrase('Sở Xây dựng hướng dẫn')).toBe('Sở Xây dựng');
    expect(phrase('Giám đốc Sở Y tế;')).toBe('Giám đốc Sở Y tế');
    expect(readActor('Giám đốc Sở Y tế;')?.group).toEqual({ type: 'named', name: 'Sở Y tế' });
    expect(groups('Đoàn Thanh niên, Liên đoàn Lao động, Hội Liên hiệp Phụ nữ, Hội Nông dân phát động')).toEqual(
      ['Đoàn Thanh niên', 'Liên đoàn Lao động', 'Hội Liên hiệp Phụ nữ', 'Hội Nông dân'].map((name) => ({ type: 'named', name })),
    );
    expect(groups('Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh phối hợp')).toEqual([
      { type: 'named', name: 'Công an tỉnh' },
      { type: 'named', name: 'Bộ Chỉ huy Quân sự tỉnh' },
    ]);
    expect(readActor('Sở Thông tin và Truyền thông các tỉnh, thành phố trực thuộc Trung ương làm đầu mối')?.group).toEqual({
      type: 'named',
      name: 'Sở Thông tin và Truyền thông',
      each: 'province',
    });
  });

  it('reads no actor where a sentence starts otherwise', () => {
    for (const text of ['Báo cáo kết quả về Sở Y tế', 'Triển khai đến cán bộ', 'Hội nghị trực tuyến', 'Đoàn viên thanh niên hỗ trợ', 'Thủ trưởng các cơ quan, đơn vị']) {
      expect(readActor(text), text).toBeNull();
    }
  });
});
