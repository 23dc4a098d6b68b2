import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../parse';

const SO_Y_TE = { type: 'named', name: 'Sở Y tế' } as const;
const DISTRICTS = { type: 'level', level: 'district', kinds: ['people_committee'] } as const;

const dispatch = (body: string) => `Số: 45/UBND-VP\n\nKính gửi:\n- Sở Y tế;\n- UBND các huyện, thị xã, thành phố.\n\n${body}\n`;

describe('the tasks of a dispatch', () => {
  it('reads numbered bullets as tasks and lettered ones under them as sub-items', () => {
    const draft = parseDispatch(
      dispatch(
        'Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị sau:\n1. Sở Y tế chủ trì, tổ chức tiêm chủng.\na) Rà soát đối tượng;\nb) Lập danh sách.\n2. UBND các huyện, thị xã, thành phố phối hợp thực hiện.',
      ),
    );
    expect(draft.tasks).toEqual([
      {
        text: 'Sở Y tế chủ trì, tổ chức tiêm chủng. a) Rà soát đối tượng; b) Lập danh sách.',
        assignees: [SO_Y_TE],
        subItems: ['Rà soát đối tượng;', 'Lập danh sách.'],
      },
      { text: 'UBND các huyện, thị xã, thành phố phối hợp thực hiện.', assignees: [DISTRICTS], subItems: [] },
    ]);
  });

  it('gives a bullet naming no one the actors its lead-in asks to act', () => {
    const draft = parseDispatch(dispatch('Đề nghị Sở Y tế:\n- Rà soát đối tượng.\n- Lập danh sách.'));
    expect(draft.tasks.map((t) => t.assignees)).toEqual([[SO_Y_TE], [SO_Y_TE]]);
  });

  it('gives a bullet naming no one, under a lead-in naming no one, every recipient', () => {
    const draft = parseDispatch(dispatch('Thực hiện Kế hoạch số 12/KH-UBND như sau:\n- Rà soát đối tượng.'));
    expect(draft.tasks.map((t) => t.assignees)).toEqual([[SO_Y_TE, DISTRICTS]]);
  });

  it('reads instructions given in sentences when there are no bullets', () => {
    const draft = parseDispatch(dispatch('Giao Sở Y tế rà soát đối tượng. Thời tiết năm nay bất thường.'));
    expect(draft.tasks).toEqual([{ text: 'Giao Sở Y tế rà soát đối tượng.', assignees: [SO_Y_TE], subItems: [] }]);
    expect(draft.unrecognized.map((u) => u.text)).toEqual(['Thời tiết năm nay bất thường.']);
  });

  it('names whoever is to "theo dõi, tổng hợp" as coordinator', () => {
    const draft = parseDispatch(dispatch('- Sở Y tế rà soát đối tượng.\n\nGiao Văn phòng UBND tỉnh theo dõi, tổng hợp, báo cáo./.'));
    expect(draft.coordinator).toBe('Văn phòng UBND tỉnh');
  });
});
