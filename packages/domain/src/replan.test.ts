import { describe, expect, it } from 'vitest';
import { vietnamCalendar, holidaysOf } from './calendar';
import { buildHierarchy } from './hierarchy';
import { sameDeadlines, scheduleTouchesYear } from './replan';
import { DIRECTIVE_1119 } from './seed/directive-1119';
import { KIEN_GIANG_SCHEME, kienGiangUnits } from './seed/kien-giang-2020';
import { DEFAULT_TRACKING, scheduleAssignment } from './tracking';

const h = buildHierarchy(KIEN_GIANG_SCHEME, kienGiangUnits());
// Ten working days to report from a Monday: the report deadline lies two weeks on.
const directive = { ...DIRECTIVE_1119, targets: [], deadlines: [], tracking: { reportBy: { type: 'workingDays' as const, days: 10 } } };
const issuedAt = '2031-03-03T09:00:00+07:00';
const plan = (calendar = vietnamCalendar()) => scheduleAssignment(calendar, h, directive, 'kg.rach-gia', issuedAt, { ...DEFAULT_TRACKING, ...directive.tracking });

describe('re-planning on a changed calendar year', () => {
  it('touches the years between the issue and the last deadline only', () => {
    const schedule = plan();
    expect([2030, 2031, 2032].map((y) => scheduleTouchesYear(schedule, issuedAt, y))).toEqual([false, true, false]);
  });

  it('sees a new day off inside the window as a change, and the same calendar as none', () => {
    const before = plan();
    expect(sameDeadlines(before, plan())).toBe(true);
    const changed = vietnamCalendar([{ year: 2031, daysOff: [...holidaysOf(vietnamCalendar(), 2031), '2031-03-05'] }]);
    const after = plan(changed);
    expect(sameDeadlines(before, after)).toBe(false);
    expect(Date.parse(after.reportBy!)).toBeGreaterThan(Date.parse(before.reportBy!));
  });
});
