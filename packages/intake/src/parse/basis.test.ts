import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../parse';

/** A short dispatch whose body starts with `preamble`, in the official form. */
const dispatch = (preamble: string): string => `ỦY BAN NHÂN DÂN
HUYỆN CHÂU THÀNH
Số: 530/UBND-VP
V/v triển khai ứng dụng Bluezone
Châu Thành, ngày 21 tháng 8 năm 2020
Kính gửi: Chủ tịch UBND các xã, thị trấn.

${preamble}
Chủ tịch UBND các xã, thị trấn báo cáo kết quả trước ngày 23/8/2020.
Nơi nhận:
- Như trên;
- Công văn số 9/UBND-VP của UBND tỉnh;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn A
`;
const read = (preamble: string) => {
  const text = dispatch(preamble).normalize('NFC');
  const draft = parseDispatch(text);
  return { basis: draft.basis, quoted: draft.spans.basis.map((s) => text.slice(s.start, s.end)) };
};

describe('the documents a dispatch carries out, as its preamble cites them', () => {
  it('reads the province’s công văn it carries out: kind, number, date and issuer, quoted from name to issuer', () => {
    const { basis, quoted } = read('Thực hiện Công văn số 1119/UBND-KGVX ngày 19/8/2020 của Ủy ban nhân dân tỉnh Kiên Giang về việc cài đặt Bluezone, UBND huyện yêu cầu:');
    expect(basis).toEqual([{ name: 'Công văn', kind: 'cong_van', reference: '1119/UBND-KGVX', date: '2020-08-19', issuer: 'Ủy ban nhân dân tỉnh Kiên Giang' }]);
    expect(quoted).toEqual(['Công văn số 1119/UBND-KGVX ngày 19/8/2020 của Ủy ban nhân dân tỉnh Kiên Giang']);
  });

  it('reads each of several citations, a decree with no kind the engine tracks among them, dates in words too', () => {
    const { basis } = read(
      'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;\nTriển khai Kế hoạch số 45/KH-UBND của UBND tỉnh và Chỉ thị 18/CT-UBND ngày 09/12/2024, UBND huyện yêu cầu như sau.',
    );
    expect(basis).toEqual([
      { name: 'Nghị định', kind: null, reference: '30/2020/NĐ-CP', date: '2020-03-05', issuer: 'Chính phủ' },
      { name: 'Kế hoạch', kind: 'ke_hoach', reference: '45/KH-UBND', date: null, issuer: 'UBND tỉnh' },
      { name: 'Chỉ thị', kind: 'chi_thi', reference: '18/CT-UBND', date: '2024-12-09', issuer: null },
    ]);
  });

  it('reads a citation broken across lines as copied text breaks it, and a document cited twice once', () => {
    const { basis } = read('Thực hiện Công văn\nsố 1119/UBND-KGVX ngày\n19/8/2020 của UBND tỉnh; theo Công văn số 1119/UBND-KGVX nêu trên, UBND huyện đề nghị:');
    expect(basis).toEqual([{ name: 'Công văn', kind: 'cong_van', reference: '1119/UBND-KGVX', date: '2020-08-19', issuer: 'UBND tỉnh' }]);
  });

  it('reads nothing from a document named without a word of carrying it out, without a number, or among the copies', () => {
    expect(read('Như Công văn số 1119/UBND-KGVX đã nêu, các xã khẩn trương thực hiện.').basis).toEqual([]);
    expect(read('Thực hiện công văn của UBND tỉnh về việc cài đặt Bluezone, UBND huyện yêu cầu:').basis).toEqual([]);
  });

  it('stops an issuer at the words that end it, and gives up on one that runs on past a name’s length', () => {
    expect(read('Thực hiện Công văn số 2841/BTTTT-THH của Bộ Thông tin và Truyền thông (bản chụp kèm theo).').basis[0]?.issuer).toBe('Bộ Thông tin và Truyền thông');
    const long = `Thực hiện Công văn số 2841/BTTTT-THH của ${'Bộ Thông tin '.repeat(20)}`;
    expect(read(long).basis[0]).toMatchObject({ reference: '2841/BTTTT-THH', issuer: null });
  });
});
