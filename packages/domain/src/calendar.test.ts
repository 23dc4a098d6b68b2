import { describe, expect, it } from 'vitest';
import {
  OFFICIAL_HOLIDAYS,
  VN_TIME_ZONE,
  addWorkingDays,
  calendarYearView,
  holidaysOf,
  hungKingsDayOf,
  isWorkingDay,
  localDateOf,
  lunarNewYearOf,
  nextWorkingMoment,
  vietnamCalendar,
  workingDaysBetween,
  yearStatusOf,
  type BusinessCalendar,
} from './calendar';
import { codeOf } from './test-support';

const VN = vietnamCalendar();
/** No announced lists at all: every year by the Labour Code rule. */
const RULE_ONLY: BusinessCalendar = { overrides: new Map() };

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

describe('the Vietnamese lunar calendar (UTC+7)', () => {
  it('puts Tết on the Vietnamese date, not the Chinese one', () => {
    expect(lunarNewYearOf(2020)).toBe('2020-01-25');
    expect(lunarNewYearOf(2026)).toBe('2026-02-17');
    expect(lunarNewYearOf(2027)).toBe('2027-02-06');
    // Chinese New Year (UTC+8) was 18/02/2007 and 20/02/1985.
    expect(lunarNewYearOf(2007)).toBe('2007-02-17');
    expect(lunarNewYearOf(1985)).toBe('1985-01-21');
  });

  it('finds Giỗ Tổ Hùng Vương on lunar 10/3', () => {
    expect(hungKingsDayOf(2020)).toBe('2020-04-02');
    expect(hungKingsDayOf(2023)).toBe('2023-04-29');
    expect(hungKingsDayOf(2026)).toBe('2026-04-26');
    expect(hungKingsDayOf(2027)).toBe('2027-04-16');
  });

  it('refuses years outside the tables', () => {
    expect(codeOf(() => lunarNewYearOf(1899))).toBe('INVALID_INPUT');
    expect(codeOf(() => holidaysOf(VN, 2200))).toBe('INVALID_INPUT');
    expect(codeOf(() => holidaysOf(VN, 2020.5))).toBe('INVALID_INPUT');
  });
});

describe('official holiday lists', () => {
  it('uses the announced 2020 days off', () => {
    expect(holidaysOf(VN, 2020)).toEqual([
      '2020-01-01',
      ...datesBetween('2020-01-23', '2020-01-29'),
      '2020-04-02',
      '2020-04-30',
      '2020-05-01',
      '2020-09-02',
    ]);
  });

  it('uses the announced 2026 days off: 1–4/1 and 29/8–2/9 with swapped Saturdays, a nine-day Tết, a compensatory Monday for Giỗ Tổ', () => {
    expect(holidaysOf(VN, 2026)).toEqual([
      ...datesBetween('2026-01-01', '2026-01-04'),
      ...datesBetween('2026-02-14', '2026-02-22'),
      '2026-04-26',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      ...datesBetween('2026-08-29', '2026-09-02'),
    ]);
    // Friday 2/1 and Monday 31/8 off; Saturdays 10/1 and 22/8 worked in their place.
    expect(['2026-01-02', '2026-08-31'].map((d) => isWorkingDay(VN, d))).toEqual([false, false]);
    expect(['2026-01-10', '2026-08-22'].map((d) => isWorkingDay(VN, d))).toEqual([true, true]);
    expect(OFFICIAL_HOLIDAYS.find((h) => h.year === 2026)?.source).toMatchObject({ number: '12729/VPCP-KGVX', issuer: 'Văn phòng Chính phủ' });
  });

  it('differs from the rule in 2026 only by the two announced swaps', () => {
    const differ = datesBetween('2026-01-01', '2026-12-31').filter((d) => isWorkingDay(VN, d) !== isWorkingDay(RULE_ONLY, d));
    expect(differ).toEqual(['2026-01-02', '2026-01-10', '2026-08-22', '2026-08-31']);
  });

  it('corrects 2021: Tết 10–16/2, where the rule alone gives 11–17/2', () => {
    expect(holidaysOf(VN, 2021).filter((d) => d.slice(5, 7) === '02')).toEqual(datesBetween('2021-02-10', '2021-02-16'));
    expect(holidaysOf(RULE_ONLY, 2021).filter((d) => d.slice(5, 7) === '02')).toEqual(datesBetween('2021-02-11', '2021-02-17'));
    expect(isWorkingDay(VN, '2021-02-17')).toBe(true);
    expect(holidaysOf(VN, 2021)).toEqual(expect.arrayContaining(['2021-05-03', '2021-09-02', '2021-09-03']));
  });

  it('has 2025: Tết 25/1–2/2, Friday 2/5 off with Saturday 26/4 worked', () => {
    expect(holidaysOf(VN, 2025)).toEqual(expect.arrayContaining([...datesBetween('2025-01-25', '2025-02-02'), ...datesBetween('2025-04-30', '2025-05-04')]));
    expect(isWorkingDay(VN, '2025-05-02')).toBe(false);
    expect(isWorkingDay(VN, '2025-04-26')).toBe(true);
    expect(isWorkingDay(VN, '2025-02-03')).toBe(true);
  });

  it('is exposed read-only', () => {
    expect(VN_TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
    expect(OFFICIAL_HOLIDAYS.map((h) => h.year)).toEqual([2020, 2021, 2025, 2026]);
    expect(Object.isFrozen(OFFICIAL_HOLIDAYS[0]?.daysOff)).toBe(true);
    expect(Object.isFrozen(OFFICIAL_HOLIDAYS[3]?.workingWeekends)).toBe(true);
  });
});

describe('the calendar as data', () => {
  it('says which years were announced and which are computed by the rule', () => {
    expect([2020, 2021, 2024, 2025, 2026, 2027].map((y) => yearStatusOf(VN, y))).toEqual(['announced', 'announced', 'computed', 'announced', 'announced', 'computed']);
    const view = calendarYearView(VN, 2026);
    expect(view).toMatchObject({ year: 2026, status: 'announced', workingWeekends: ['2026-01-10', '2026-08-22'], fixedHolidays: [] });
    expect(view.source?.number).toBe('12729/VPCP-KGVX');
    expect(calendarYearView(VN, 2027)).toMatchObject({ status: 'computed', source: null, note: null, workingWeekends: [] });
  });

  it('takes a new fixed holiday as data: 24/11 counts in computed years from its first year, and a weekend gives the next working day', () => {
    const culture = { monthDay: '11-24', fromYear: 2027, name: 'Ngày Văn hóa Việt Nam', basis: 'Bộ luật Lao động (sửa đổi)' };
    const withCulture = vietnamCalendar([], [culture]);
    expect(isWorkingDay(withCulture, '2027-11-24')).toBe(false);
    expect(isWorkingDay(VN, '2027-11-24')).toBe(true);
    // Before its first year, and in an announced year (the announcement lists its own days), it does not count.
    expect(isWorkingDay(withCulture, '2026-11-24')).toBe(true);
    // 24/11/2029 is a Saturday: Monday 26/11 is off instead.
    expect(isWorkingDay(withCulture, '2029-11-26')).toBe(false);
    expect(calendarYearView(withCulture, 2027).fixedHolidays).toEqual([culture]);
    expect(codeOf(() => vietnamCalendar([], [{ ...culture, monthDay: '02-30' }]))).toBe('INVALID_INPUT');
    expect(codeOf(() => vietnamCalendar([], [{ ...culture, monthDay: '11/24' }]))).toBe('INVALID_INPUT');
  });

  it('keeps an administrator’s year with its document, and refuses a document without a number', () => {
    const year = { year: 2027, daysOff: ['2027-01-01'], source: { number: '123/TB-BNV', date: '2026-11-30', issuer: 'Bộ Nội vụ' }, note: 'thử' };
    expect(calendarYearView(vietnamCalendar([year]), 2027)).toMatchObject({ status: 'announced', daysOff: ['2027-01-01'], source: year.source, note: 'thử' });
    expect(codeOf(() => vietnamCalendar([{ ...year, source: { ...year.source, number: ' ' } }]))).toBe('INVALID_INPUT');
    expect(codeOf(() => vietnamCalendar([{ ...year, source: { ...year.source, date: '2026-13-01' } }]))).toBe('INVALID_INPUT');
  });
});

describe('holidays computed by the Labour Code rule', () => {
  it('computes 2027: Tết from the last day of the year, weekend days compensated after the break', () => {
    expect(holidaysOf(VN, 2027)).toEqual([
      '2027-01-01',
      // 30 Tết (Fri) and mùng 1–4; Sat 6 and Sun 7 give Wed 10 and Thu 11.
      ...datesBetween('2027-02-05', '2027-02-11'),
      '2027-04-16',
      '2027-04-30',
      '2027-05-01',
      // 1/5 is a Saturday.
      '2027-05-03',
      // 2/9 is a Thursday: the Friday joins the weekend.
      '2027-09-02',
      '2027-09-03',
    ]);
  });

  it('picks the adjacent Quốc khánh day the government picked in 2021–2026', () => {
    const national = (year: number) => holidaysOf(RULE_ONLY, year).filter((d) => d.slice(5, 7) === '09');
    expect(national(2021)).toEqual(['2021-09-02', '2021-09-03']);
    expect(national(2022)).toEqual(['2022-09-01', '2022-09-02']);
    expect(national(2023)).toEqual(['2023-09-01', '2023-09-02', '2023-09-04']);
    expect(national(2024)).toEqual(['2024-09-02', '2024-09-03']);
    expect(national(2025)).toEqual(['2025-09-01', '2025-09-02']);
    expect(national(2026)).toEqual(['2026-09-01', '2026-09-02']);
  });

  it('gives Quốc khánh one day before the Labour Code 2019 took effect', () => {
    expect(holidaysOf(RULE_ONLY, 2020).filter((d) => d.slice(5, 7) === '09')).toEqual(['2020-09-02']);
  });

  it('compensates a Giỗ Tổ on a Sunday with the Monday', () => {
    expect(holidaysOf(RULE_ONLY, 2026)).toContain('2026-04-27');
    expect(isWorkingDay(RULE_ONLY, '2026-04-27')).toBe(false);
    expect(isWorkingDay(RULE_ONLY, '2026-04-28')).toBe(true);
  });

  it('marks the day before Tết (the last day of the lunar year) as the first day of the break', () => {
    expect(holidaysOf(RULE_ONLY, 2007)).toContain('2007-02-16');
    expect(holidaysOf(RULE_ONLY, 2020).slice(1, 6)).toEqual(datesBetween('2020-01-24', '2020-01-28'));
  });
});

describe('overrides', () => {
  const swapped = vietnamCalendar([
    { year: 2027, daysOff: ['2026-12-31', '2027-01-01', '2027-02-12'], workingWeekends: ['2027-01-09'] },
  ]);

  it('replaces the rule for that year only', () => {
    expect(holidaysOf(swapped, 2027)).toEqual(['2026-12-31', '2027-01-01', '2027-02-12']);
    expect(isWorkingDay(swapped, '2027-02-08')).toBe(true);
    expect(isWorkingDay(swapped, '2027-02-12')).toBe(false);
    expect(holidaysOf(swapped, 2026)).toEqual(holidaysOf(VN, 2026));
  });

  it('honours a working Saturday and a swapped day listed under the next year', () => {
    expect(isWorkingDay(swapped, '2027-01-09')).toBe(true);
    expect(isWorkingDay(swapped, '2027-01-16')).toBe(false);
    expect(isWorkingDay(swapped, '2026-12-31')).toBe(false);
    expect(isWorkingDay(VN, '2026-12-31')).toBe(true);
  });

  it('rejects bad lists with INVALID_INPUT', () => {
    expect(codeOf(() => vietnamCalendar([{ year: 2027, daysOff: ['2027-02-30'] }]))).toBe('INVALID_INPUT');
    expect(codeOf(() => vietnamCalendar([{ year: 2027, daysOff: [], workingWeekends: ['2027-01-11'] }]))).toBe('INVALID_INPUT');
    expect(codeOf(() => vietnamCalendar([{ year: 2027, daysOff: [] }, { year: 2027, daysOff: [] }]))).toBe('INVALID_INPUT');
  });
});

describe('working days', () => {
  it('knows weekends and holidays', () => {
    expect(isWorkingDay(VN, '2020-08-21')).toBe(true);
    expect(isWorkingDay(VN, '2020-08-22')).toBe(false);
    expect(isWorkingDay(VN, '2020-08-23')).toBe(false);
    expect(isWorkingDay(VN, '2026-02-16')).toBe(false);
    expect(isWorkingDay(VN, '2026-02-23')).toBe(true);
    expect(codeOf(() => isWorkingDay(VN, '20/8/2020'))).toBe('INVALID_INPUT');
    expect(codeOf(() => isWorkingDay(VN, '2021-02-29'))).toBe('INVALID_INPUT');
  });

  it('adds working days across a weekend', () => {
    expect(addWorkingDays(VN, '2020-08-21', 1)).toBe('2020-08-24');
    expect(addWorkingDays(VN, '2020-08-19', 3)).toBe('2020-08-24');
    expect(addWorkingDays(VN, '2020-08-19', 0)).toBe('2020-08-19');
    expect(addWorkingDays(VN, '2020-08-22', 0)).toBe('2020-08-24');
  });

  it('adds working days across Tết 2026', () => {
    expect(addWorkingDays(VN, '2026-02-12', 3)).toBe('2026-02-24');
    expect(addWorkingDays(VN, '2026-02-15', 0)).toBe('2026-02-23');
  });

  it('rejects negative or fractional day counts', () => {
    expect(codeOf(() => addWorkingDays(VN, '2020-08-19', -1))).toBe('INVALID_INPUT');
    expect(codeOf(() => addWorkingDays(VN, '2020-08-19', 1.5))).toBe('INVALID_INPUT');
  });

  it('counts working days after `from` up to and including `to`', () => {
    expect(workingDaysBetween(VN, '2020-08-21', '2020-08-24')).toBe(1);
    expect(workingDaysBetween(VN, '2020-08-19', '2020-08-19')).toBe(0);
    expect(workingDaysBetween(VN, '2026-02-12', '2026-02-24')).toBe(3);
    expect(workingDaysBetween(VN, '2026-02-24', '2026-02-12')).toBe(-3);
    expect(workingDaysBetween(VN, '2026-02-13', '2026-02-22')).toBe(0);
  });
});

describe('local time in Asia/Ho_Chi_Minh', () => {
  it('takes the date in UTC+7 whatever the offset written', () => {
    expect(localDateOf('2020-08-19T08:00:00+07:00')).toBe('2020-08-19');
    expect(localDateOf('2020-08-19T16:59:59Z')).toBe('2020-08-19');
    expect(localDateOf('2020-08-19T17:00:00Z')).toBe('2020-08-20');
    expect(localDateOf('2020-08-20T01:00:00+09:00')).toBe('2020-08-19');
  });

  it('rejects dates and instants without an offset', () => {
    expect(codeOf(() => localDateOf('2020-08-19'))).toBe('INVALID_INPUT');
    expect(codeOf(() => localDateOf('2020-08-19T08:00:00'))).toBe('INVALID_INPUT');
    expect(codeOf(() => localDateOf('2020-02-30T08:00:00+07:00'))).toBe('INVALID_INPUT');
  });

  it('keeps a moment inside working hours, written in +07:00', () => {
    expect(nextWorkingMoment(VN, '2020-08-19T09:30:00+07:00')).toBe('2020-08-19T09:30:00+07:00');
    expect(nextWorkingMoment(VN, '2020-08-19T02:30:00Z')).toBe('2020-08-19T09:30:00+07:00');
    expect(nextWorkingMoment(VN, '2020-08-19T16:59:59.500+07:00')).toBe('2020-08-19T16:59:59.500+07:00');
  });

  it('moves other moments to 08:00 of the next working day', () => {
    expect(nextWorkingMoment(VN, '2020-08-19T06:00:00+07:00')).toBe('2020-08-19T08:00:00+07:00');
    expect(nextWorkingMoment(VN, '2020-08-19T17:00:00+07:00')).toBe('2020-08-20T08:00:00+07:00');
    expect(nextWorkingMoment(VN, '2020-08-21T18:00:00+07:00')).toBe('2020-08-24T08:00:00+07:00');
    expect(nextWorkingMoment(VN, '2020-08-22T10:00:00+07:00')).toBe('2020-08-24T08:00:00+07:00');
    expect(nextWorkingMoment(VN, '2026-02-13T17:30:00+07:00')).toBe('2026-02-23T08:00:00+07:00');
  });
});
