import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../parse';
import { firstYear, placeAndDate, urgencyOf } from './header';

const HEADER = `ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 45/UBND-VP    An Giang, ngày 3 tháng 2 năm 2021
V/v tăng cường phòng,
chống dịch bệnh
HỎA TỐC

Kính gửi: Sở Y tế.
`;

describe('the header of a dispatch', () => {
  it('reads the reference, issuer, place, date, subject and urgency', () => {
    const draft = parseDispatch(HEADER);
    expect(draft).toMatchObject({
      reference: '45/UBND-VP',
      issuer: 'UBND tỉnh An Giang',
      place: 'An Giang',
      date: '2021-02-03',
      subject: 'V/v tăng cường phòng, chống dịch bệnh',
      urgency: 'Hỏa tốc',
    });
    expect(draft.unrecognized).toEqual([]);
  });

  it('points the reference span at the number, not at "Số:"', () => {
    const draft = parseDispatch(HEADER);
    const { start, end } = draft.spans.reference!;
    expect(HEADER.slice(start, end)).toBe('45/UBND-VP');
  });

  it('names a ministry as it is written elsewhere in the text', () => {
    const draft = parseDispatch('BỘ Y TẾ\nSố: 7/BYT-KCB\n\nKính gửi: Sở Y tế các tỉnh.\n\nBộ Y tế đề nghị Sở Y tế các tỉnh báo cáo.\n');
    expect(draft.issuer).toBe('Bộ Y tế');
  });
});

describe('placeAndDate', () => {
  it('finds the place from a capital to the comma and the date part from "ngày"', () => {
    const line = '    Kiên Giang, ngày 19 tháng 8 năm 2020';
    const found = placeAndDate(line)!;
    expect(line.slice(found.place.start, found.place.end)).toBe('Kiên Giang');
    expect(line.slice(found.dateAt)).toBe('ngày 19 tháng 8 năm 2020');
  });

  it('needs a comma before "ngày"', () => {
    expect(placeAndDate('Kiên Giang ngày 19 tháng 8 năm 2020')).toBeNull();
  });
});

describe('header helpers', () => {
  it('reads each urgency mark however it is written', () => {
    expect([urgencyOf('HỎA  TỐC'), urgencyOf('Thượng khẩn'), urgencyOf('KHẨN')]).toEqual(['Hỏa tốc', 'Thượng khẩn', 'Khẩn']);
  });

  it('takes the first year of the text, not a run of longer digits', () => {
    expect(firstYear('năm 2020 và 1999')).toBe(2020);
    expect(firstYear('12345')).toBeNull();
  });
});
