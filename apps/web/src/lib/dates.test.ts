import { describe, expect, it } from 'vitest';
import { ENTERED_LATE_DAYS, checkDate, enteredLate, parseClockTime, parseDisplayDate, vietnamDay } from './dates';

describe('parseDisplayDate', () => {
  it('reads dd/MM/yyyy as yyyy-MM-dd', () => {
    expect(parseDisplayDate('05/03/2026')).toBe('2026-03-05');
    expect(parseDisplayDate(' 5/3/2026 ')).toBe('2026-03-05');
    expect(parseDisplayDate('29.02.2028')).toBe('2028-02-29');
  });

  it('refuses days that do not exist and other text', () => {
    expect(parseDisplayDate('31/02/2026')).toBeNull();
    expect(parseDisplayDate('29/02/2026')).toBeNull();
    expect(parseDisplayDate('00/01/2026')).toBeNull();
    expect(parseDisplayDate('12/13/2026')).toBeNull();
    expect(parseDisplayDate('2026-03-05')).toBeNull();
    expect(parseDisplayDate('')).toBeNull();
  });
});

describe('vietnamDay', () => {
  it('takes the day in Asia/Ho_Chi_Minh', () => {
    expect(vietnamDay('2026-03-05T17:30:00Z')).toBe('2026-03-06');
    expect(vietnamDay('2026-03-05T16:59:59Z')).toBe('2026-03-05');
    expect(vietnamDay('2026-03-05')).toBe('2026-03-05');
    expect(vietnamDay('nope')).toBeNull();
  });
});

describe('checkDate', () => {
  it('keeps the date within its bounds', () => {
    expect(checkDate('10/03/2026', { after: '2026-03-05' })).toEqual({ ok: true, date: '2026-03-10' });
    expect(checkDate('05/03/2026', { after: '2026-03-05' })).toEqual({ ok: false, problem: 'notLater' });
    expect(checkDate('06/03/2026', { notAfter: '2026-03-05' })).toEqual({ ok: false, problem: 'tooLate' });
    expect(checkDate('05/03/2026', { notAfter: '2026-03-05' })).toEqual({ ok: true, date: '2026-03-05' });
    expect(checkDate('x')).toEqual({ ok: false, problem: 'invalid' });
  });
});

describe('enteredLate', () => {
  it("tells a dispatch entered a week or more after its date, by the delivery's day in Việt Nam", () => {
    expect(ENTERED_LATE_DAYS).toBe(7);
    // 1119/UBND-KGVX of 19/8/2020, seeded years later.
    expect(enteredLate('2020-08-19', '2026-12-07T00:27:00.000Z')).toBe(true);
    expect(enteredLate('2026-12-01', '2026-12-08T01:00:00.000Z')).toBe(true);
    expect(enteredLate('2026-12-01', '2026-12-07T16:59:59.999Z')).toBe(false);
    // 17:00 UTC on the 7th is already the 8th in Việt Nam.
    expect(enteredLate('2026-12-01', '2026-12-07T17:00:00.000Z')).toBe(true);
    expect(enteredLate('2026-12-04', '2026-12-04T02:00:00.000Z')).toBe(false);
  });

  it('says nothing for what it cannot read', () => {
    expect(enteredLate('19/08/2020', '2026-12-07T00:27:00.000Z')).toBe(false);
    expect(enteredLate('2020-08-19', 'not an instant')).toBe(false);
  });
});

describe('parseClockTime', () => {
  it('reads a time of day as officials type it, as HH:mm', () => {
    expect(parseClockTime('21:00')).toBe('21:00');
    expect(parseClockTime('9:30')).toBe('09:30');
    expect(parseClockTime(' 21h ')).toBe('21:00');
    expect(parseClockTime('21h30')).toBe('21:30');
    expect(parseClockTime('7.05')).toBe('07:05');
    expect(parseClockTime('7')).toBe('07:00');
  });

  it('refuses hours and minutes that do not exist and other text', () => {
    expect(parseClockTime('24:00')).toBeNull();
    expect(parseClockTime('21:60')).toBeNull();
    expect(parseClockTime('21:5')).toBeNull();
    expect(parseClockTime('9 PM')).toBeNull();
    expect(parseClockTime('')).toBeNull();
  });
});
