import { describe, expect, it } from 'vitest';
import { OfficialListError, parseCommunes1027, parseMerges, parseProvinces915, provinceKey } from './official-lists';

const CSV = 'Stt,Mã số,Tên 34 tỉnh sau sáp nhập\n1,01,Thành phố Hà Nội\n32,91,An Giang\n';

const MD = `## Phụ lục I

| Stt | Mã số | Tên đơn vị hành chính | Tỉnh (thành phố) |
| --- | ----- | --------------------- | ---------------- |
|     |       | THÀNH PHỐ HÀ NỘI      |                  |
| 1   | 00070 | Phường Hoàn Kiếm      | Thành phố Hà Nội |
| 11  | 00226 | Phường Văn Miếu -<br>Quốc Tử Giám | Thành<br>phố Hà Nội |
|     |       | TỈNH AN GIANG         |                  |
| 3140 | 30742 | Phường Rạch Giá      | Tỉnh An Giang    |
| 3153 | 31078 | Đặc khu Phú Quốc     | Tỉnh An Giang    |
| 3160 | 31000 | Xã Hòn Đất           | Tỉnh An Giang    |
`;

describe('the official lists, read from their published text', () => {
  it('reads the provinces of Công văn 915 with their two-digit codes', () => {
    expect(parseProvinces915(CSV)).toEqual([
      { code: '01', name: 'Thành phố Hà Nội' },
      { code: '91', name: 'An Giang' },
    ]);
  });

  it('reads the communes of Phụ lục I: codes, types, names across line breaks, provinces by any spelling', () => {
    const communes = parseCommunes1027(MD, parseProvinces915(CSV));
    expect(communes.map((c) => [c.code, c.type, c.baseName, c.provinceCode])).toEqual([
      ['00070', 'phường', 'Hoàn Kiếm', '01'],
      ['00226', 'phường', 'Văn Miếu - Quốc Tử Giám', '01'],
      ['30742', 'phường', 'Rạch Giá', '91'],
      ['31078', 'đặc khu', 'Phú Quốc', '91'],
      ['31000', 'xã', 'Hòn Đất', '91'],
    ]);
    expect(communes[1]!.name).toBe('Phường Văn Miếu - Quốc Tử Giám');
    expect(['Tp Hà Nội', 'Thành phố Hà Nội', 'Tỉnh An Giang', 'An Giang'].map(provinceKey)).toEqual(['Hà Nội', 'Hà Nội', 'An Giang', 'An Giang']);
  });

  it('refuses a row it cannot place, naming it, rather than guessing', () => {
    const provinces = parseProvinces915(CSV);
    expect(() => parseCommunes1027(MD.replace('Tỉnh An Giang    |\n| 3153', 'Tỉnh Kiên Giang  |\n| 3153'), provinces)).toThrow(
      /row 3140 \(30742\) names an unknown province: Tỉnh Kiên Giang/,
    );
    expect(() => parseCommunes1027(MD.replace('Xã Hòn Đất', 'Thị trấn Hòn Đất'), provinces)).toThrow(OfficialListError);
    expect(() => parseCommunes1027(MD.replace('| 00070 |', '| 0070 |'), provinces)).toThrow(/row 1 has no five-digit code/);
    expect(() => parseProvinces915('Stt,Mã số,Tên 34 tỉnh sau sáp nhập\n1,1,Hà Nội\n')).toThrow(/row 2/);
  });

  it('reads merges.json, checking its counts against its own stats', () => {
    // The new An Giang from the old An Giang and Kiên Giang; its Phường Rạch Giá from Vĩnh Thanh Vân.
    const provinceFrom = [['89', 'Tỉnh An Giang'], ['91', 'Tỉnh Kiên Giang']] as const;
    const file = {
      data: [
        {
          level1_id: '91',
          name: 'Tỉnh An Giang',
          merges: provinceFrom.map(([old_id, name]) => ({ old_id, name, type: 'full' })),
          level2s: [{ level2_id: '30742', name: 'Phường Rạch Giá', merges: [{ old_id: '30742', name: 'Phường Vĩnh Thanh Vân', type: 'full' }] }],
        },
      ],
      stats: { level1_count: 1, level2_count: 1 },
    };
    expect(parseMerges(JSON.stringify(file))).toEqual([
      {
        code: '91',
        name: 'Tỉnh An Giang',
        from: provinceFrom.map(([code, name]) => ({ code, name, type: 'full' })),
        communes: [{ code: '30742', name: 'Phường Rạch Giá', from: [{ code: '30742', name: 'Phường Vĩnh Thanh Vân', type: 'full' }] }],
      },
    ]);
    expect(() => parseMerges(JSON.stringify({ ...file, stats: { level1_count: 1, level2_count: 2 } }))).toThrow(/its stats say 1 and 2/);
    const guessed = structuredClone(file);
    guessed.data[0]!.level2s[0]!.merges[0]!.type = 'some';
    expect(() => parseMerges(JSON.stringify(guessed))).toThrow(OfficialListError);
  });
});
