import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../parse';

/** A short dispatch whose body is `body`, in the official form. */
const dispatch = (body: string): string => `ỦY BAN NHÂN DÂN
TỈNH KIÊN GIANG
Số: 1400/UBND-KGVX
V/v báo cáo định kỳ
Kiên Giang, ngày 02 tháng 11 năm 2026
Kính gửi: Chủ tịch UBND các huyện, thành phố.

Để theo dõi kết quả thực hiện, UBND tỉnh đề nghị như sau.
${body}
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
`;
const scheduleOf = (body: string) => parseDispatch(dispatch(body)).progressReports;

describe('periodic reports by the calendar (Nghị định 09/2019) in a dispatch', () => {
  it('reads "trước ngày 05 hằng tháng" as monthly, figures to the 14th, due by the 5th', () => {
    const text = dispatch('Chủ tịch UBND các huyện, thành phố báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ) trước ngày 05 hằng tháng.');
    const draft = parseDispatch(text);
    expect(draft.progressReports).toEqual({ type: 'monthly', cutOffDay: 14, dueDay: 5 });
    // The sentence it came from, which is not left among the unread ones.
    expect(text.normalize('NFC').slice(draft.spans.progressReports!.start, draft.spans.progressReports!.end)).toMatch(/^Chủ tịch UBND .* hằng tháng\.$/u);
    expect(draft.unrecognized.map((u) => u.text).join(' ')).not.toContain('hằng tháng');
  });

  it('reads the regime, the cut-off of "số liệu … đến ngày N" and "cho đến khi có chỉ đạo khác"', () => {
    expect(scheduleOf('Định kỳ hằng quý, các huyện báo cáo kết quả (số liệu tính từ ngày 15 tháng trước quý đến ngày 14 tháng cuối quý) chậm nhất ngày 18 tháng cuối quý.')).toEqual({
      type: 'quarterly',
      cutOffDay: 14,
      dueDay: 18,
    });
    expect(scheduleOf('Các huyện báo cáo định kỳ 6 tháng, số liệu đến hết ngày 10, gửi trước ngày 20.')).toEqual({ type: 'sixMonthly', cutOffDay: 10, dueDay: 20 });
    expect(scheduleOf('Báo cáo hằng năm gửi UBND tỉnh trước ngày 20 tháng 12.')).toEqual({ type: 'yearly', cutOffDay: 14, dueDay: 20 });
    expect(scheduleOf('Các huyện báo cáo định kỳ hàng tháng trước ngày 05 cho đến khi có chỉ đạo khác.')).toEqual({ type: 'monthly', cutOffDay: 14, dueDay: 5, untilEnded: true });
  });

  it('takes a full date for a deadline, not a due day; a day no month has for none', () => {
    // "trước ngày 20/8/2026" is the deadline of the first report, not a day of each month.
    expect(scheduleOf('Các huyện báo cáo hằng tháng, báo cáo đầu tiên trước ngày 20/8/2026.')).toEqual({ type: 'monthly', cutOffDay: 14, dueDay: 20 });
    expect(scheduleOf('Các huyện báo cáo hằng tháng trước ngày 30.')).toEqual({ type: 'monthly', cutOffDay: 14, dueDay: 20 });
  });

  it('reads none where no calendar regime is asked for', () => {
    expect(scheduleOf('Các huyện báo cáo định kỳ hằng tuần, báo cáo đầu tiên trước ngày 07/8/2026.')).toBeNull();
    expect(scheduleOf('Các huyện triển khai kế hoạch hằng năm.')).toBeNull();
  });
});
