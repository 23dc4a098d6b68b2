import { describe, expect, it } from 'vitest';
import { CALENDAR_USAGE, isoOf, parseCalendarArgs } from './calendar-args';

describe('npm run calendar', () => {
  it('shows a year', () => {
    expect(parseCalendarArgs(['show', '2026'])).toEqual({ kind: 'show', year: 2026 });
  });

  it('sets a year from the announcement: days off, Saturdays worked, the document', () => {
    expect(
      parseCalendarArgs(['set', '2027', '--off', '01/01/2027, 5/2/2027', '--working', '09/01/2027', '--document', '123/TB-BNV', '--issuer', 'Bộ Nội vụ', '--date', '30/11/2026']),
    ).toEqual({
      kind: 'set',
      year: { year: 2027, daysOff: ['2027-01-01', '2027-02-05'], workingWeekends: ['2027-01-09'], source: { number: '123/TB-BNV', issuer: 'Bộ Nội vụ', date: '2026-11-30' } },
    });
  });

  it('refuses what it cannot read, naming it, rather than guessing', () => {
    expect(() => parseCalendarArgs(['set', '2027', '--off', '31/02/2027'])).toThrow('Not a date (dd/MM/yyyy): 31/02/2027');
    expect(() => parseCalendarArgs(['set', '2027', '--off', '01/01/2027', '--document', '1/TB'])).toThrow('--document and --issuer go together');
    expect(() => parseCalendarArgs(['set', '2027'])).toThrow(CALENDAR_USAGE);
    expect(() => parseCalendarArgs(['show', '27'])).toThrow(CALENDAR_USAGE);
    expect(() => parseCalendarArgs(['set', '2027', '--off', '01/01/2027', '--off', '02/01/2027'])).toThrow(CALENDAR_USAGE);
    expect(() => isoOf('2027-01-01')).toThrow();
  });
});
