import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from './calendar';
import { buildHierarchy, THREE_LEVEL_SCHEME } from './hierarchy';
import { kienGiangUnits } from './seed/kien-giang-2020';
import { citationOf, earlierDeadline, implementingDraft, implementsProblems, reportFromRollup } from './chains';
import { DIRECTIVE_1119, BLUEZONE_METRICS } from './seed/directive-1119';

const VN = vietnamCalendar();
const KIEN_GIANG = buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits());
const RACH_GIA = 'kg.rach-gia';
const PARENT = { directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA };

describe('implementsProblems', () => {
  const base = { directiveId: 'kg.rach-gia.2020.12-ubnd', issuerUnitId: RACH_GIA, parent: PARENT, chain: [DIRECTIVE_1119.id] };

  it('lets the unit that holds the assignment carry it out', () => {
    expect(implementsProblems({ ...base, holders: [{ unitId: RACH_GIA, succeedsUnitIds: [] }] })).toEqual([]);
  });

  it('refuses an assignment that does not exist', () => {
    expect(implementsProblems({ ...base, holders: [] })).toEqual([{ path: ['implements'], code: 'PARENT_NOT_FOUND' }]);
  });

  it("refuses another unit's assignment, but not the one a successor took over", () => {
    const other = { ...base, issuerUnitId: 'kg.ha-tien' };
    expect(implementsProblems({ ...other, holders: [{ unitId: RACH_GIA, succeedsUnitIds: [] }] })).toEqual([{ path: ['implements'], code: 'NOT_PARENT_HOLDER' }]);
    // Whether that assignment exists or not: the answer is the same.
    expect(implementsProblems({ ...other, holders: [] })).toEqual([{ path: ['implements'], code: 'NOT_PARENT_HOLDER' }]);
    const successor = { ...base, issuerUnitId: 'ag.p-rach-gia' };
    expect(
      implementsProblems({ ...successor, holders: [{ unitId: RACH_GIA, succeedsUnitIds: [] }, { unitId: 'ag.p-rach-gia', succeedsUnitIds: [RACH_GIA, 'kg.rach-gia.p-an-hoa'] }] }),
    ).toEqual([]);
  });

  it('refuses a chain that comes back to the directive, or one deeper than any real one', () => {
    const holders = [{ unitId: RACH_GIA, succeedsUnitIds: [] }];
    expect(implementsProblems({ ...base, holders, chain: [DIRECTIVE_1119.id, 'bo-tttt.2020.2841', base.directiveId] })).toEqual([{ path: ['implements'], code: 'CHAIN_CYCLE' }]);
    expect(implementsProblems({ ...base, holders, chain: [base.directiveId] })).toEqual([{ path: ['implements'], code: 'CHAIN_CYCLE' }]);
    expect(implementsProblems({ ...base, holders, chain: Array.from({ length: 9 }, (_, i) => `d${i}`) })).toEqual([{ path: ['implements'], code: 'CHAIN_CYCLE' }]);
  });
});

describe('earlierDeadline', () => {
  it('counts working days back, over weekends', () => {
    // Monday 24/8/2020 → Wednesday 19/8 (Fri 21, Thu 20, Wed 19).
    expect(earlierDeadline(VN, '2020-08-24', '2020-08-01')).toBe('2020-08-19');
    expect(earlierDeadline(VN, '2020-08-24T16:00:00+07:00', '2020-08-01', 1)).toBe('2020-08-21');
  });

  it('skips the Tết break', () => {
    // Monday 3/2/2020: Fri 31/1, Thu 30/1, then 23–29/1 are Tết, so Wednesday 22/1.
    expect(earlierDeadline(VN, '2020-02-03', '2020-01-02')).toBe('2020-01-22');
  });

  it('never falls before today, and keeps a deadline already past', () => {
    expect(earlierDeadline(VN, '2020-08-24', '2020-08-21')).toBe('2020-08-21');
    expect(earlierDeadline(VN, '2020-08-20', '2020-08-21')).toBe('2020-08-20');
  });
});

describe('implementingDraft', () => {
  const draft = implementingDraft(VN, {
    parent: DIRECTIVE_1119,
    hierarchy: KIEN_GIANG,
    parentIssuerName: 'Ủy ban nhân dân tỉnh Kiên Giang',
    unitId: RACH_GIA,
    taskIds: ['t1', 't9'],
    reportBy: '2020-08-24',
    today: '2020-08-19',
  });

  it('cites the parent and links to the assignment', () => {
    expect(citationOf(DIRECTIVE_1119, 'Ủy ban nhân dân tỉnh Kiên Giang')).toBe('Công văn số 1119/UBND-KGVX ngày 19/08/2020 của Ủy ban nhân dân tỉnh Kiên Giang');
    expect(draft.subject).toBe(
      'Thực hiện Công văn số 1119/UBND-KGVX ngày 19/08/2020 của Ủy ban nhân dân tỉnh Kiên Giang về đẩy mạnh triển khai ứng dụng, cài đặt ứng dụng Bluezone.',
    );
    expect(draft.implements).toEqual(PARENT);
  });

  it("takes the unit's tasks only, the parent's figures, and deadlines earlier", () => {
    expect(draft.tasks.map((t) => t.text)).toEqual([DIRECTIVE_1119.tasks[0]!.text, DIRECTIVE_1119.tasks[8]!.text]);
    expect(draft.metrics).toEqual(BLUEZONE_METRICS);
    // 24/8 → 19/8, three working days; the target's 20/8 and the deadline's 24/8 would fall before today (19/8): today.
    expect(draft.reportBy).toBe('2020-08-19');
    // 1119's one deadline is Sở TT&TT's (to compile by 24/8): not Rạch Giá's to pass on.
    expect(draft.deadlines).toEqual([]);
    const own = { ...DIRECTIVE_1119, deadlines: [...DIRECTIVE_1119.deadlines, { text: 'Các huyện báo cáo trước ngày 24/8/2020.', due: '2020-08-24', owers: { type: 'level' as const, level: 'district', kinds: ['people_committee' as const] } }] };
    const withOwn = implementingDraft(VN, { parent: own, hierarchy: KIEN_GIANG, parentIssuerName: 'UBND tỉnh', unitId: RACH_GIA, taskIds: ['t1'], reportBy: null, today: '2020-08-01' });
    expect(withOwn.deadlines).toEqual([{ text: 'Các huyện báo cáo trước ngày 24/8/2020.', due: '2020-08-19' }]);
    expect(draft.targets.map((t) => t.due)).toEqual(['2020-08-19']);
    expect(draft.targets[0]).toMatchObject({ value: 60, unit: 'percent' });
  });

  it('moves a task of its own date earlier too', () => {
    const parent = { ...DIRECTIVE_1119, tasks: [{ ...DIRECTIVE_1119.tasks[0]!, due: { type: 'date' as const, date: '2020-09-07' } }] };
    const d = implementingDraft(VN, { parent, hierarchy: KIEN_GIANG, parentIssuerName: 'UBND tỉnh', unitId: RACH_GIA, taskIds: ['t1'], reportBy: null, today: '2020-08-19' });
    // Monday 7/9/2020: Fri 4/9, Thu 3/9, then 2/9 is Quốc khánh (a Wednesday), so Tuesday 1/9.
    expect(d.tasks[0]!.due).toEqual({ type: 'date', date: '2020-09-01' });
    expect(d.reportBy).toBeNull();
  });
});

describe('reportFromRollup', () => {
  const owed = [
    { key: 'installs', label: 'Lượt cài đặt', cumulative: true },
    { key: 'smartphoneUsers', label: 'Người dùng điện thoại thông minh', cumulative: false },
  ];
  const rollup = { figures: { installs: 300, smartphoneUsers: 1_000 }, reported: 2, expected: 3, pendingReview: true };

  it('fills the figures owed from the rollup, new until sent', () => {
    expect(reportFromRollup(owed, rollup, null)).toEqual({
      figures: { installs: 300, smartphoneUsers: 1_000 },
      missing: [],
      reported: 2,
      expected: 3,
      pendingReview: true,
      changed: true,
      correction: false,
    });
  });

  it('has nothing to confirm once the same figures were sent', () => {
    expect(reportFromRollup(owed, rollup, { installs: 300, smartphoneUsers: 1_000 })).toMatchObject({ changed: false, correction: false });
  });

  it('is a correction when a running total went down below', () => {
    expect(reportFromRollup(owed, rollup, { installs: 350, smartphoneUsers: 1_000 })).toMatchObject({ changed: true, correction: true });
    // A stock figure going down is no correction.
    expect(reportFromRollup(owed, rollup, { installs: 300, smartphoneUsers: 1_200 })).toMatchObject({ changed: true, correction: false });
  });

  it('lists what the implementing directive does not collect', () => {
    expect(reportFromRollup([...owed, { key: 'adults', label: 'Người lớn', cumulative: false }], rollup, null).missing).toEqual(['adults']);
  });
});
