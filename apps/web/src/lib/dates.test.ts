import { describe, expect, it } from 'vitest';
import { checkDate, parseDisplayDate, vietnamDay } from './dates';

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
