import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../parse';
import { isCapacityLine } from './signature';

const TAIL = `Số: 45/UBND-VP

Kính gửi: Sở Y tế.

Sở Y tế báo cáo./.

Nơi nhận:
- Như trên;
- CT, các PCT UBND tỉnh;
- Lưu: VT.
KT. CHỦ TỊCH

PHÓ CHỦ TỊCH

(Đã ký)

Nguyễn Văn An
`;

describe('the signature block and Nơi nhận', () => {
  it('reads a capacity split by a blank line, and the signer below it', () => {
    expect(parseDispatch(TAIL).signer).toEqual({ capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Nguyễn Văn An' });
  });

  it('reads the copies without their bullets and closing punctuation', () => {
    expect(parseDispatch(TAIL).copiesTo).toEqual(['Như trên', 'CT, các PCT UBND tỉnh', 'Lưu: VT']);
  });

  it('leaves "(Đã ký)" out of what it did not recognize', () => {
    expect(parseDispatch(TAIL).unrecognized).toEqual([]);
  });

  it('writes a signer in capitals in title case', () => {
    const draft = parseDispatch('Số: 45/UBND-VP\n\nKính gửi: Sở Y tế.\n\nSở Y tế báo cáo.\n\nCHỦ TỊCH\n\nNGUYỄN VĂN AN\n');
    expect(draft.signer).toEqual({ capacity: 'CHỦ TỊCH', name: 'Nguyễn Văn An' });
  });
});

describe('isCapacityLine', () => {
  it('takes a title or a KT./TM. prefix in capitals, not a name or mixed case', () => {
    expect(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'TM. ỦY BAN NHÂN DÂN'].map(isCapacityLine)).toEqual([true, true, true]);
    expect(['Chủ tịch', 'NGUYỄN VĂN AN'].map(isCapacityLine)).toEqual([false, false]);
  });
});
