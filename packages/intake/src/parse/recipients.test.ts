import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../parse';

const withRecipients = (lines: string) => `Số: 45/UBND-VP\n\n${lines}\n\nSở Y tế báo cáo.\n`;

describe('the recipients of a dispatch', () => {
  it('reads a bulleted Kính gửi list as groups', () => {
    const draft = parseDispatch(withRecipients('Kính gửi:\n- Sở Y tế;\n- UBND các huyện, thị xã, thành phố.'));
    expect(draft.recipients).toEqual([
      { text: 'Sở Y tế;', group: { type: 'named', name: 'Sở Y tế' } },
      { text: 'UBND các huyện, thị xã, thành phố.', group: { type: 'level', level: 'district', kinds: ['people_committee'] } },
    ]);
  });

  it('reads a recipient on the Kính gửi line itself', () => {
    const draft = parseDispatch(withRecipients('Kính gửi: Sở Y tế.'));
    expect(draft.recipients.map((r) => r.group)).toEqual([{ type: 'named', name: 'Sở Y tế' }]);
  });

  it('keeps a line it cannot place, without a group, and lists it as unrecognized', () => {
    const draft = parseDispatch(withRecipients('Kính gửi:\n- Các ông bà có tên sau.'));
    expect(draft.recipients).toEqual([{ text: 'Các ông bà có tên sau.', group: null }]);
    expect(draft.unrecognized.map((u) => u.text)).toContain('Các ông bà có tên sau.');
  });
});
