import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from './calendar';
import { checkUrging, draftUrging, nothingToUrge, URGING_SUBJECT, type OverdueTask } from './urging';
import { codeOf } from './test-support';

const VN = vietnamCalendar();
const task = (unitId: string, unitName: string, taskId: string, text: string, daysOverdue: number): OverdueTask => ({
  directiveId: 'kg.2020.1119-ubnd-kgvx',
  reference: '1119/UBND-KGVX',
  directiveDate: '2020-08-19',
  taskId,
  text,
  unitId,
  unitName,
  deadline: '2020-08-20T16:59:59.999Z',
  daysOverdue,
  counted: 'days',
});

const OVERDUE = [
  task('kg.so-gddt', 'Sở Giáo dục và Đào tạo', 't1', 'Triển khai cài đặt Bluezone', 8),
  task('kg.tan-hiep', 'UBND huyện Tân Hiệp', 't1', 'Triển khai cài đặt Bluezone', 8),
  task('kg.so-gddt', 'Sở Giáo dục và Đào tạo', 't4', 'Chỉ đạo hiệu trưởng các cơ sở giáo dục', 8),
];

describe('the urging document', () => {
  it('names each late unit once with its tasks, the directive, the deadline and how late, and asks for a report by a working day', () => {
    // Friday 28/8/2020; three working days on, past the National Day holiday of Wednesday 2/9: Thursday 3/9.
    const draft = draftUrging(VN, { issuerName: 'Ủy ban nhân dân tỉnh Kiên Giang', today: '2020-08-28', overdue: OVERDUE });
    expect(draft.subject).toBe(URGING_SUBJECT);
    expect(draft.respondBy).toBe('2020-09-03');
    expect(draft.recipients).toEqual([
      { unitId: 'kg.so-gddt', unitName: 'Sở Giáo dục và Đào tạo' },
      { unitId: 'kg.tan-hiep', unitName: 'UBND huyện Tân Hiệp' },
    ]);
    expect(draft.items).toHaveLength(3);
    expect(draft.body.split('\n')).toEqual([
      'Qua theo dõi, tổng hợp đến ngày 28/08/2020, các cơ quan, đơn vị sau chưa hoàn thành nhiệm vụ được giao, đã quá thời hạn:',
      '1. Sở Giáo dục và Đào tạo:',
      'a) Nhiệm vụ "Triển khai cài đặt Bluezone" tại Văn bản số 1119/UBND-KGVX ngày 19/08/2020 (hạn 20/08/2020, quá hạn 8 ngày).',
      'b) Nhiệm vụ "Chỉ đạo hiệu trưởng các cơ sở giáo dục" tại Văn bản số 1119/UBND-KGVX ngày 19/08/2020 (hạn 20/08/2020, quá hạn 8 ngày).',
      '2. UBND huyện Tân Hiệp:',
      'a) Nhiệm vụ "Triển khai cài đặt Bluezone" tại Văn bản số 1119/UBND-KGVX ngày 19/08/2020 (hạn 20/08/2020, quá hạn 8 ngày).',
      'Ủy ban nhân dân tỉnh Kiên Giang đề nghị Thủ trưởng các cơ quan, Chủ tịch Ủy ban nhân dân các đơn vị nêu trên khẩn trương chỉ đạo thực hiện các nhiệm vụ được giao, báo cáo kết quả về Ủy ban nhân dân tỉnh Kiên Giang trước ngày 03/09/2020; trường hợp không hoàn thành phải giải trình rõ lý do./.',
    ]);
  });

  it('refuses to draft with nothing overdue, and checks what is issued field by field', () => {
    expect(codeOf(() => draftUrging(VN, { issuerName: 'UBND', today: '2020-08-28', overdue: [] }))).toBe('INVALID_INPUT');
    const ok = { reference: '125/UBND-VP', subject: URGING_SUBJECT, body: 'Nội dung', respondBy: '2020-09-03', items: [{ directiveId: 'd', unitId: 'u', taskId: 't1' }] };
    expect(codeOf(() => checkUrging(ok, '2020-08-28'))).toBeUndefined();
    const field = (input: typeof ok) => {
      try {
        checkUrging(input, '2020-08-28');
        return null;
      } catch (error) {
        return (error as { details?: { field?: string } }).details?.field;
      }
    };
    expect(field({ ...ok, body: '  ' })).toBe('body');
    expect(field({ ...ok, respondBy: '2020-02-30' })).toBe('respondBy');
    expect(field({ ...ok, respondBy: '2020-08-27' })).toBe('respondBy');
    expect(field({ ...ok, items: [] })).toBe('items');
    expect(field({ ...ok, items: [ok.items[0]!, ok.items[0]!] })).toBe('items');
  });
});

describe('nothingToUrge', () => {
  it('says a directive entered after the dates it states has nobody late yet, with the next deadline', () => {
    const why = nothingToUrge({
      directiveDate: '2020-08-19',
      statedDeadlines: ['2020-08-20', '2020-08-24T17:00:00+07:00'],
      enteredOn: '2026-12-07',
      deadlinesInForce: ['2026-12-14T16:59:59.999Z', '2026-12-10T16:59:59.999Z'],
    });
    expect(why).toEqual({ kind: 'enteredAfterDeadline', directiveDate: '2020-08-19', statedDeadline: '2020-08-24', enteredOn: '2026-12-07', nextDeadline: '2026-12-10T16:59:59.999Z' });
  });

  it('is plain "nothing overdue" when the stated dates were still ahead at entry', () => {
    expect(nothingToUrge({ directiveDate: '2026-12-01', statedDeadlines: ['2026-12-20'], enteredOn: '2026-12-02', deadlinesInForce: [] })).toEqual({ kind: 'noneOverdue', nextDeadline: null });
  });
});
