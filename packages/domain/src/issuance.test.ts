import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from './calendar';
import type { Directive } from './directive';
import { DomainError } from './errors';
import { buildHierarchy, THREE_LEVEL_SCHEME } from './hierarchy';
import { assertIssuable, checkDirective, placeOf, previewDirective } from './issuance';
import { DIRECTIVE_1119 } from './seed/directive-1119';
import { KG, kienGiangUnits } from './seed/kien-giang-2020';

const hierarchy = buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits());
const calendar = vietnamCalendar();

describe('checking a directive before it is issued', () => {
  it('finds nothing wrong with the seed directive', () => {
    expect(checkDirective(hierarchy, DIRECTIVE_1119)).toEqual([]);
  });

  it('names every problem with its path at once', () => {
    const bad: Directive = {
      ...DIRECTIVE_1119,
      reference: 'số 1119',
      date: '2020-02-30',
      recipients: [{ text: 'Sở của tỉnh khác', group: { type: 'units', unitIds: ['ag.so-tttt'] } }, ...DIRECTIVE_1119.recipients.slice(2)],
      tasks: [{ id: 't1', text: '', assignees: [] }, ...DIRECTIVE_1119.tasks.slice(2, 3)],
      targets: [{ ...DIRECTIVE_1119.targets[0]!, value: 160 }],
      metrics: [...DIRECTIVE_1119.metrics!, { key: 'installs', label: 'Lặp', cumulative: true }],
      tracking: { acknowledgeWithin: { type: 'workingDays', days: -1 } },
    };
    expect(checkDirective(hierarchy, bad)).toEqual([
      { path: ['reference'], code: 'BAD_REFERENCE' },
      { path: ['date'], code: 'BAD_DATE' },
      { path: ['recipients', 0, 'group'], code: 'OUTSIDE_AREA' },
      { path: ['tasks', 0, 'text'], code: 'REQUIRED' },
      { path: ['tasks', 0, 'assignees'], code: 'NO_ASSIGNEES' },
      // The mass organisations of bullet 3 are no longer among the recipients.
      { path: ['tasks', 1, 'assignees', 0], code: 'NOT_A_RECIPIENT' },
      { path: ['targets', 0, 'value'], code: 'BAD_TARGET' },
      { path: ['deadlines', 0, 'owers'], code: 'NOT_A_RECIPIENT' },
      { path: ['metrics', 3, 'key'], code: 'DUPLICATE_KEY' },
      { path: ['tracking', 'acknowledgeWithin'], code: 'BAD_DEADLINE' },
    ]);
    expect(() => assertIssuable(hierarchy, bad)).toThrow(DomainError);
  });

  it('names a progress-report schedule out of bounds at its field', () => {
    const every = (days: number): Directive => ({ ...DIRECTIVE_1119, tracking: { progressReports: { type: 'everyWorkingDays', days } } });
    expect(checkDirective(hierarchy, every(5))).toEqual([]);
    expect(checkDirective(hierarchy, every(0))).toEqual([{ path: ['tracking', 'progressReports', 'days'], code: 'BAD_POLICY' }]);
    expect(checkDirective(hierarchy, every(2.5))).toEqual([{ path: ['tracking', 'progressReports', 'days'], code: 'BAD_POLICY' }]);
    const weekly = (weekday: number) => ({ ...DIRECTIVE_1119, tracking: { progressReports: { type: 'weekly', weekday } } }) as Directive;
    expect(checkDirective(hierarchy, weekly(4))).toEqual([]);
    expect(checkDirective(hierarchy, weekly(6))).toEqual([{ path: ['tracking', 'progressReports', 'weekday'], code: 'BAD_POLICY' }]);
  });
});

describe('a directive and the units that exist on its date', () => {
  it('keeps the seed directive of 19/8/2020 issuable, and any of Kiên Giang up to its last day', () => {
    expect(checkDirective(hierarchy, DIRECTIVE_1119)).toEqual([]);
    expect(checkDirective(hierarchy, { ...DIRECTIVE_1119, date: '2025-06-30' })).toEqual([]);
  });

  it('refuses a Kiên Giang directive dated after the merger of 1/7/2025, once, at the date', () => {
    const late: Directive = { ...DIRECTIVE_1119, date: '2025-07-02' };
    // Every recipient ended too; saying so at each row would only repeat why.
    expect(checkDirective(hierarchy, late)).toEqual([{ path: ['date'], code: 'ISSUER_NOT_IN_FORCE' }]);
    expect(() => assertIssuable(hierarchy, late)).toThrow(/Ủy ban nhân dân tỉnh Kiên Giang ended with 2025-06-30/);
  });

  it('refuses a directive dated before its issuer began', () => {
    const begunLater = buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits().map((u) => (u.id === 'kg' ? { ...u, validFrom: '2021-01-01' } : u)));
    expect(checkDirective(begunLater, DIRECTIVE_1119)).toEqual([{ path: ['date'], code: 'ISSUER_NOT_IN_FORCE' }]);
    expect(() => assertIssuable(begunLater, DIRECTIVE_1119)).toThrow(/began on 2021-01-01/);
  });

  it('names each recipient row and the coordinator that resolve to a unit not existing that day', () => {
    // An issuer still in place, with Rạch Giá's committees ended and the Sở begun only later.
    const mixed = buildHierarchy(
      THREE_LEVEL_SCHEME,
      kienGiangUnits().map(({ validTo: _, ...u }) =>
        u.id === 'kg.rach-gia' || u.parentId === 'kg.rach-gia' ? { ...u, validTo: '2020-06-30' } : u.id === KG.soTTTT ? { ...u, validFrom: '2021-01-01' } : u,
      ),
    );
    expect(checkDirective(mixed, DIRECTIVE_1119)).toEqual([
      { path: ['recipients', 0, 'group'], code: 'UNIT_NOT_IN_FORCE' },
      { path: ['recipients', 2, 'group'], code: 'UNIT_NOT_IN_FORCE' },
      { path: ['recipients', 3, 'group'], code: 'UNIT_NOT_IN_FORCE' },
      { path: ['coordinatorUnitId'], code: 'UNIT_NOT_IN_FORCE' },
    ]);
    // On a day every unit existed, nothing is wrong.
    expect(checkDirective(mixed, { ...DIRECTIVE_1119, date: '2021-01-01', recipients: DIRECTIVE_1119.recipients.slice(0, 2), tasks: DIRECTIVE_1119.tasks.slice(1, 2), deadlines: DIRECTIVE_1119.deadlines.slice(-1) })).toEqual([]);
  });
});

describe('previewing a directive', () => {
  it('counts receivers per level and computes each level’s deadlines on the working-day calendar', () => {
    // Issued on Friday 21/8/2020 at 10:00: acknowledge by the end of Monday 24/8.
    const preview = previewDirective(calendar, hierarchy, { ...DIRECTIVE_1119, tracking: { reportBy: { type: 'workingDays', days: 5 } } }, '2020-08-21T10:00:00+07:00');
    expect(preview.levels.map((l) => [l.level, l.units])).toEqual([
      ['province', 26],
      ['district', 15],
      ['commune', 145],
    ]);
    expect(preview.levels[0]!.kinds).toEqual({ department: 21, mass_organisation: 4, business_association: 1 });
    for (const level of preview.levels) {
      expect(level.acknowledgeBy).toBe('2020-08-24T23:59:59.999+07:00');
      expect(level.reportBy).toEqual({ earliest: '2020-08-28T23:59:59.999+07:00', latest: '2020-08-28T23:59:59.999+07:00' });
      expect(level.firstEscalationAt).toBe('2020-08-25T08:00:00+07:00');
    }
    expect(preview.notices).toEqual([]);
  });

  it('warns when a dispatch already in force is past its acknowledgement deadline', () => {
    const preview = previewDirective(calendar, hierarchy, { ...DIRECTIVE_1119, tracking: { acknowledgeWithin: { type: 'date', date: '2020-08-20' } } }, '2020-09-01T09:00:00+07:00');
    expect(preview.notices.map((n) => n.code)).toContain('ACKNOWLEDGE_DEADLINE_PASSED');
    expect(preview.levels[2]!.firstEscalationAt).toBe('2020-08-21T08:00:00+07:00');
  });

  it('shows the first progress-report periods of each level', () => {
    // Issued Friday 21/8/2020, reports within 15 working days (Monday 14/9: Quốc khánh 2/9 was a
    // single day off in 2020): a progress report every Thursday until then.
    const directive: Directive = {
      ...DIRECTIVE_1119,
      tracking: { reportBy: { type: 'workingDays', days: 15 }, progressReports: { type: 'weekly', weekday: 4 } },
    };
    const preview = previewDirective(calendar, hierarchy, directive, '2020-08-21T10:00:00+07:00');
    for (const level of preview.levels) {
      expect(level.reportBy?.latest).toBe('2020-09-14T23:59:59.999+07:00');
      expect(level.progress).toEqual({
        periods: 3,
        first: ['2020-08-27T23:59:59.999+07:00', '2020-09-03T23:59:59.999+07:00', '2020-09-10T23:59:59.999+07:00'],
      });
    }
    expect(previewDirective(calendar, hierarchy, DIRECTIVE_1119, '2020-08-21T10:00:00+07:00').levels[0]!.progress).toBeNull();
  });

  it('refuses, at the field, a schedule with more progress reports than a directive can hold', () => {
    const directive: Directive = {
      ...DIRECTIVE_1119,
      tracking: { reportBy: { type: 'date', date: '2022-12-31' }, progressReports: { type: 'everyWorkingDays', days: 1 } },
    };
    expect(checkDirective(hierarchy, directive)).toEqual([]);
    let thrown: unknown;
    try {
      previewDirective(calendar, hierarchy, directive, '2020-08-21T10:00:00+07:00');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('INVALID_DIRECTIVE');
    expect((thrown as DomainError).details).toEqual({ fields: [{ path: ['tracking', 'progressReports'], code: 'BAD_POLICY' }] });
  });

  it('says which receivers owe no report at all', () => {
    // No target, no deadline, no report policy for the businesses' association: it only acknowledges.
    const directive: Directive = {
      ...DIRECTIVE_1119,
      targets: [],
      deadlines: [{ text: 'Báo cáo trước ngày 24/8/2020', due: '2020-08-24', owers: { type: 'level', level: 'district', kinds: ['people_committee'] } }],
    };
    const preview = previewDirective(calendar, hierarchy, directive, '2020-08-19T10:00:00+07:00');
    const byLevel = Object.fromEntries(preview.levels.map((l) => [l.level, l]));
    expect(byLevel.district!.withoutReportDeadline).toBe(0);
    expect(byLevel.province!.withoutReportDeadline).toBe(26);
    expect(byLevel.province!.reportBy).toBeNull();
    expect(byLevel.commune!.withoutReportDeadline).toBe(145);
    expect(preview.notices.filter((n) => n.code === 'NO_REPORT_DEADLINE').map((n) => n.level)).toEqual(['province', 'commune']);
  });
});

describe('the place a unit writes before its dates', () => {
  it('is the area’s own name', () => {
    expect(placeOf('Ủy ban nhân dân tỉnh Kiên Giang')).toBe('Kiên Giang');
    expect(placeOf('Ủy ban nhân dân thành phố Rạch Giá')).toBe('Rạch Giá');
    expect(placeOf('UBND phường Vĩnh Thanh Vân'.normalize('NFD'))).toBe('Vĩnh Thanh Vân');
    expect(placeOf('Sở Thông tin và Truyền thông')).toBe('');
  });
});
