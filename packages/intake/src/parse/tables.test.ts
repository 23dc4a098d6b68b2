import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../parse';
import { sourceText } from '../view';

const dispatch = (body: string) =>
  `UBND TỈNH KIÊN GIANG\nSố: 77/UBND-KGVX\nKiên Giang, ngày 3 tháng 3 năm 2021\nKính gửi: Chủ tịch UBND các huyện, thành phố.\n\n${body}\n`;

describe('tables of targets per unit', () => {
  it('reads a table pasted with tabs in the body, each figure quoted by its cell', () => {
    const text = dispatch(
      'Chỉ tiêu giao cho các huyện, thành phố như sau:\n' +
        'STT\tĐịa phương\tTỷ lệ tiêm chủng (%)\tSố điểm tiêm\n' +
        '1\tHuyện Châu Thành\t95\t12\n' +
        '2\tThành phố Hà Tiên\t97,5%\t6\n' +
        'Tổng cộng\t\t96\t18\n' +
        '\nCác chỉ tiêu phải hoàn thành trước ngày 30/6/2021.',
    );
    const draft = parseDispatch(text);
    expect(draft.unitTargets.map((t) => [t.unitName, t.indicator, t.value, t.unit, t.due])).toEqual([
      ['Huyện Châu Thành', 'Tỷ lệ tiêm chủng', 95, 'percent', '2021-06-30'],
      ['Huyện Châu Thành', 'Số điểm tiêm', 12, 'count', '2021-06-30'],
      ['Thành phố Hà Tiên', 'Tỷ lệ tiêm chủng', 97.5, 'percent', '2021-06-30'],
      ['Thành phố Hà Tiên', 'Số điểm tiêm', 6, 'count', '2021-06-30'],
    ]);
    const source = sourceText(text);
    expect(draft.spans.unitTargets.map((s) => [source.slice(s.unitName.start, s.unitName.end), source.slice(s.value.start, s.value.end)])).toEqual([
      ['Huyện Châu Thành', '95'],
      ['Huyện Châu Thành', '12'],
      ['Thành phố Hà Tiên', '97,5%'],
      ['Thành phố Hà Tiên', '6'],
    ]);
    // The rows are the table's, not tasks or unread lines of the body.
    expect(draft.tasks).toEqual([]);
    expect(draft.unrecognized.map((u) => u.text).join(' ')).not.toMatch(/Châu Thành|Hà Tiên/);
  });

  it('lists a cell that is no figure, and a table with no column of units', () => {
    const draft = parseDispatch(dispatch('| Đơn vị | Tỷ lệ (%) |\n|---|---|\n| Huyện An Biên | chưa giao |\n| Huyện An Minh | 80 |'));
    expect(draft.unitTargets.map((t) => [t.unitName, t.value])).toEqual([['Huyện An Minh', 80]]);
    expect(draft.unrecognized.map((u) => u.text)).toContain('chưa giao');
    const noUnits = parseDispatch(dispatch('| Năm | Tỷ lệ |\n| 2020 | 80 |\n| 2021 | 85 |'));
    expect(noUnits.unitTargets).toEqual([]);
    expect(noUnits.unrecognized.map((u) => u.text)).toEqual(['| Năm | Tỷ lệ |', '| 2020 | 80 |', '| 2021 | 85 |']);
  });
});
