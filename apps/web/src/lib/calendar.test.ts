import { describe, expect, it } from 'vitest';
import { formatDayList, parseDayList, weekdayOf } from './calendar';

describe('the calendar form’s lists of days', () => {
  it('reads dd/MM/yyyy one per line or separated by commas, each once and in order, and names what it cannot read', () => {
    expect(parseDayList('02/01/2026\n1/1/2026, 02/01/2026;\n\n31/02/2026\n10-01-2026')).toEqual({
      dates: ['2026-01-01', '2026-01-02', '2026-01-10'],
      bad: ['31/02/2026'],
    });
    expect(parseDayList('  ')).toEqual({ dates: [], bad: [] });
  });

  it('writes them back the way it reads them', () => {
    const text = formatDayList(['2026-01-02', '2026-01-01']);
    expect(text).toBe('01/01/2026\n02/01/2026');
    expect(parseDayList(text).dates).toEqual(['2026-01-01', '2026-01-02']);
  });

  it('knows the weekday of a date whatever the browser’s zone', () => {
    expect(weekdayOf('2026-01-10')).toBe(6);
    expect(weekdayOf('2026-02-17')).toBe(2);
  });
});
