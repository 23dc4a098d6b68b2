import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../parse';

const SO_Y_TE = { type: 'named', name: 'Sở Y tế' } as const;

const dispatch = (body: string) => `Số: 45/UBND-VP    An Giang, ngày 3 tháng 2 năm 2021\n\nKính gửi: Sở Y tế.\n\n${body}\n`;

describe('targets and deadlines', () => {
  it('reads a percentage target with the date it is due by', () => {
    const draft = parseDispatch(dispatch('- Sở Y tế tổ chức tiêm chủng đạt tỷ lệ tối thiểu 95% trước ngày 30/6/2021.'));
    expect(draft.targets).toEqual([{ text: 'đạt tỷ lệ tối thiểu 95% trước ngày 30/6/2021', value: 95, unit: 'percent', due: '2021-06-30', before: true }]);
    // The date a target took is not a deadline as well.
    expect(draft.deadlines).toEqual([]);
  });

  it('does not read a count with no date as a target', () => {
    const draft = parseDispatch(dispatch('- Sở Y tế thành lập tổ có ít nhất 03 thành viên.'));
    expect(draft.targets).toEqual([]);
  });

  it('reads "trước ngày …" as a deadline of the clause, owed by whoever the clause names', () => {
    const draft = parseDispatch(dispatch('- Sở Y tế báo cáo kết quả trước ngày 15/3; UBND các huyện gửi số liệu chậm nhất ngày 10/3.'));
    expect(draft.deadlines.map((d) => [d.text, d.due, d.owers])).toEqual([
      ['Sở Y tế báo cáo kết quả trước ngày 15/3', '2021-03-15', [SO_Y_TE]],
      ['UBND các huyện gửi số liệu chậm nhất ngày 10/3.', '2021-03-10', [{ type: 'level', level: 'district', kinds: ['people_committee'] }]],
    ]);
  });

  it('lists a due phrase it could read no date from', () => {
    const draft = parseDispatch(dispatch('- Sở Y tế báo cáo trước ngày 05 hằng tuần.'));
    expect(draft.deadlines).toEqual([]);
    expect(draft.unrecognized.map((u) => u.text)).toEqual(['trước ngày 05 hằng tuần']);
  });

  it('reads "trước ngày 05 hằng tháng" as monthly periodic reports instead (parse/periodic.ts)', () => {
    const draft = parseDispatch(dispatch('- Sở Y tế báo cáo trước ngày 05 hằng tháng.'));
    expect(draft.deadlines).toEqual([]);
    expect(draft.progressReports).toEqual({ type: 'monthly', cutOffDay: 14, dueDay: 5 });
    expect(draft.unrecognized).toEqual([]);
  });

  it('reads "trước ngày X" by the end of X unless told to read it as the day before', () => {
    const body = '- Sở Y tế báo cáo trước ngày 01/3/2021.\n- Sở Y tế tổ chức tiêm chủng đạt tối thiểu 95% trước ngày 30/6/2021.\n- Sở Y tế nộp hồ sơ trước 16 giờ ngày 10/3/2021.';
    const inclusive = parseDispatch(dispatch(body));
    expect(inclusive.beforeDate).toBe('inclusive');
    expect(inclusive.deadlines.map((d) => [d.due, d.before])).toEqual([
      ['2021-03-01', true],
      ['2021-03-10T16:00:00+07:00', undefined],
    ]);
    expect(inclusive.tasks[0]!.due).toEqual({ type: 'date', date: '2021-03-01' });
    const exclusive = parseDispatch(dispatch(body), { beforeDate: 'exclusive' });
    expect(exclusive.beforeDate).toBe('exclusive');
    // The day before, across a month's end; a time of day is an instant and is read as written.
    expect(exclusive.deadlines.map((d) => [d.due, d.before])).toEqual([
      ['2021-02-28', true],
      ['2021-03-10T16:00:00+07:00', undefined],
    ]);
    expect(exclusive.tasks[0]!.due).toEqual({ type: 'date', date: '2021-02-28' });
    expect(exclusive.targets.map((t) => t.due)).toEqual(['2021-06-29']);
    // "chậm nhất ngày X" names the last day itself, whatever the setting.
    expect(parseDispatch(dispatch('- Sở Y tế báo cáo chậm nhất ngày 01/3/2021.'), { beforeDate: 'exclusive' }).deadlines[0]!.due).toBe('2021-03-01');
  });
});
