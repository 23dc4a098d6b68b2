import { describe, expect, it } from 'vitest';
import { findDates } from './dates';

const isos = (text: string, year: number | null = 2020) => findDates(text, year).map((d) => d.iso);

describe('findDates', () => {
  it('reads both written forms', () => {
    expect(isos('Kiên Giang, ngày 19 tháng 8 năm 2020')).toEqual(['2020-08-19']);
    expect(isos('ngày 19/8/2020, 19/08/2020 và 19.8.2020')).toEqual(['2020-08-19', '2020-08-19', '2020-08-19']);
  });

  it('adds the time of day with the +07:00 offset', () => {
    expect(isos('trước 16 giờ ngày 21/8/2020')).toEqual(['2020-08-21T16:00:00+07:00']);
    expect(isos('trước 16h00 ngày 21/8/2020')).toEqual(['2020-08-21T16:00:00+07:00']);
    expect(isos('trước 8 giờ 30 phút ngày 07/9/2020')).toEqual(['2020-09-07T08:30:00+07:00']);
  });

  it('takes the given year for "ngày 20/8" and skips what is not a date', () => {
    expect(isos('ngày 20/8')).toEqual(['2020-08-20']);
    expect(isos('ngày 20/8', null)).toEqual([]);
    expect(isos('Công văn số 2841/BTTTT-THH, 145.800 lượt, 15/30 hồ sơ, ngày 31/2/2020')).toEqual([]);
  });

  it('reports where each date is', () => {
    const text = 'báo cáo trước 16 giờ ngày 21/8/2020.';
    const [d] = findDates(text, null);
    expect(text.slice(d!.start, d!.end)).toBe('16 giờ ngày 21/8/2020');
  });
});
