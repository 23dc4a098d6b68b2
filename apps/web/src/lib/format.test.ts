import { describe, expect, it } from 'vitest';
import { formatClock, formatDate, formatDateTime, formatNumber, formatPercent, formatTime, formatTimeDate, ratio } from './format';

describe('formatDate', () => {
  it('shows a calendar date as dd/MM/yyyy without shifting it through a time zone', () => {
    expect(formatDate('2020-08-19')).toBe('19/08/2020');
    expect(formatDate('2020-01-01')).toBe('01/01/2020');
  });

  it('shows an instant as its date in Asia/Ho_Chi_Minh (UTC+7)', () => {
    // 17:30 UTC on 19/8 is already 00:30 on 20/8 in Việt Nam.
    expect(formatDate('2020-08-19T17:30:00Z')).toBe('20/08/2020');
    expect(formatDate('2020-08-19T16:59:59Z')).toBe('19/08/2020');
    expect(formatDate('2020-08-20T08:00:00+07:00')).toBe('20/08/2020');
  });

  it('leaves unparseable text as it is rather than showing "Invalid Date"', () => {
    expect(formatDate('not a date')).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  it('shows dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, 24-hour clock', () => {
    expect(formatDateTime('2020-08-20T02:05:00Z')).toBe('20/08/2020 09:05');
    expect(formatDateTime('2020-08-19T17:30:00.000Z')).toBe('20/08/2020 00:30');
    expect(formatDateTime('2020-08-20T15:45:00+07:00')).toBe('20/08/2020 15:45');
  });

  it('does not depend on the machine time zone', () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      expect(formatDateTime('2020-08-20T02:05:00Z')).toBe('20/08/2020 09:05');
    } finally {
      process.env.TZ = tz;
    }
  });
});

describe('formatTime and formatTimeDate', () => {
  it('give the time of day first, in Vietnam, then the date', () => {
    // 23:30 UTC on 31/12 is 06:30 on 01/01 in Vietnam: the date follows the zone, not UTC.
    expect(formatTime(Date.parse('2026-12-31T23:30:00Z'))).toBe('06:30');
    expect(formatTimeDate(Date.parse('2026-12-31T23:30:00Z'))).toBe('06:30 01/01/2027');
  });
});

describe('formatClock', () => {
  it('shows HH:mm:ss in Asia/Ho_Chi_Minh', () => {
    expect(formatClock(Date.parse('2020-08-20T02:05:09Z'))).toBe('09:05:09');
  });
});

describe('numbers', () => {
  it('uses Vietnamese grouping', () => {
    expect(formatNumber(145800)).toBe('145.800');
    expect(formatNumber(7)).toBe('7');
  });

  it('computes a share, or none when there is nothing to count', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(5, 4)).toBe(1);
  });

  it('formats a share as a whole percent', () => {
    expect(formatPercent(0.56)).toMatch(/^56\s?%$/);
  });
});
