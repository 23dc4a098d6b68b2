import { describe, expect, it } from 'vitest';
import { DEFAULT_PROVINCE_SETTINGS } from '@chidao/domain';
import { blankForm, definitionFromForm, formFromImplementing, divisionTypes, fieldOfProblem, findUnits, freeKey, formFromDraft, levelPresets, quote, suggestMetrics, taskDueValues, type Draft, type IssueFormValues, type UnitOption } from './issue';

const span = (start: number, end: number) => ({ start, end });
const SOURCE = 'Số: 12/UBND-VP ... Công an tỉnh ... trước 16 giờ ngày 04/9/2020';

const draft: Draft = {
  kind: 'cong_van',
  reference: '12/UBND-VP',
  issuer: 'UBND tỉnh Kiên Giang',
  place: 'Kiên Giang',
  date: '2020-09-02',
  subject: 'V/v thử',
  urgency: 'Khẩn',
  recipients: [{ text: 'Chủ tịch UBND các huyện, thành phố.', group: { type: 'level', level: 'district', kinds: ['people_committee'] } }],
  tasks: [
    {
      text: 'Sở Y tế, Công an tỉnh phối hợp.',
      assignees: [
        { type: 'units', unitIds: ['kg.so-y-te'] },
        { type: 'unresolved', text: 'Công an tỉnh' },
      ],
      subItems: [],
    },
  ],
  targets: [{ text: 'có ít nhất 5.000 tài khoản', value: 5000, unit: 'count', due: '2020-12-31' }],
  unitTargets: [],
  beforeDate: 'inclusive',
  deadlines: [
    {
      text: 'báo cáo trước 16 giờ ngày 04/9/2020',
      due: '2020-09-04T16:00:00+07:00',
      owers: [
        { type: 'level', level: 'district', kinds: ['people_committee'] },
        { type: 'units', unitIds: ['kg.so-y-te'] },
      ],
    },
  ],
  coordinator: 'Sở Y tế',
  coordinatorUnitId: 'kg.so-y-te',
  signer: { capacity: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
  copiesTo: ['Như trên'],
  progressReports: null,
  basis: [],
  unrecognized: [{ text: 'Công an tỉnh', span: span(19, 31) }],
  spans: {
    kind: null,
    reference: span(4, 14),
    issuer: null,
    place: null,
    date: null,
    subject: null,
    urgency: null,
    recipients: [{ text: span(0, 3), group: null }],
    tasks: [{ text: span(0, 3), assignees: [span(0, 3), span(19, 31)], subItems: [] }],
    targets: [{ text: span(0, 3), value: span(0, 3), due: null }],
    deadlines: [{ text: span(36, 63), due: span(36, 63), owers: [span(0, 3), span(0, 3)] }],
    coordinator: null,
    signer: null,
    copiesTo: [],
    progressReports: null,
    unitTargets: [],
    basis: [],
  },
};

describe('the issuing form', () => {
  it('is prefilled from the draft, each row keeping its span, one deadline row per group owing it', () => {
    const form = formFromDraft(draft);
    expect(form.date).toBe('02/09/2020');
    expect(form.tasks[0]!.assignees.map((a) => a.span)).toEqual([span(0, 3), span(19, 31)]);
    expect(form.deadlines.map((d) => [d.due, d.time, d.owers?.type])).toEqual([
      ['04/09/2020', '16:00', 'level'],
      ['04/09/2020', '16:00', 'units'],
    ]);
    expect(quote(SOURCE, form.deadlines[0]!.span)).toBe('trước 16 giờ ngày 04/9/2020');
    expect(form.progressType).toBe('none');
  });

  it('keeps the kind of document the intake read, and sends a công văn without one as before', () => {
    const chiThi = formFromDraft({ ...draft, kind: 'chi_thi', deadlines: [{ ...draft.deadlines[0]!, due: '2020-09-04', before: true }] });
    expect(chiThi.kind).toBe('chi_thi');
    // The row says the dispatch wrote "trước ngày …": the form shows how that date was read.
    expect(chiThi.deadlines.map((d) => d.before)).toEqual(['inclusive', 'inclusive']);
    const valid = { ...chiThi, tasks: chiThi.tasks.map((t) => ({ ...t, assignees: t.assignees.slice(0, 1) })) };
    const built = definitionFromForm(valid, SOURCE);
    expect(built.ok && built.definition.kind).toBe('chi_thi');
    const plain = definitionFromForm({ ...valid, kind: 'cong_van' }, SOURCE);
    expect(plain.ok && 'kind' in plain.definition).toBe(false);
    // A form kept on the device before kinds were recorded has none: a công văn.
    const { kind: _kind, ...kept } = valid;
    const old = definitionFromForm(kept, SOURCE);
    expect(old.ok && 'kind' in old.definition).toBe(false);
    expect(blankForm({ place: 'Kiên Giang', today: '2020-09-02' }).kind).toBe('cong_van');
  });

  it('proposes the periodic reports the dispatch asks for ("trước ngày 05 hằng tháng … cho đến khi có chỉ đạo khác")', () => {
    const form = formFromDraft({ ...draft, progressReports: { type: 'monthly', cutOffDay: 14, dueDay: 5, untilEnded: true } });
    expect(form).toMatchObject({ progressType: 'monthly', progressCutOffDay: '14', progressDueDay: '5', progressUntilEnded: true });
    const built = definitionFromForm({ ...form, tasks: form.tasks.map((t) => ({ ...t, assignees: t.assignees.slice(0, 1) })) }, SOURCE);
    expect(built.ok && built.definition.tracking.progressReports).toEqual({ type: 'monthly', cutOffDay: 14, dueDay: 5, untilEnded: true });
  });

  it('will not send a group not placed in the tree, nor a date that is none', () => {
    const form = { ...formFromDraft(draft), date: '31/02/2020' };
    expect(definitionFromForm(form, SOURCE)).toEqual({
      ok: false,
      problems: [
        { field: 'tasks.0.assignees.1.group', code: 'UNRESOLVED' },
        { field: 'date', code: 'DATE' },
      ],
    });
  });

  it('builds the definition: roles by unit, Vietnamese numbers, the deadline with its time, the tracking policy', () => {
    const form = formFromDraft(draft);
    form.tasks[0]!.assignees[1] = { group: { type: 'units', unitIds: ['kg.so-tttt'] }, role: 'cooperating', span: null };
    form.ackType = 'date';
    form.ackDate = '03/09/2020';
    form.escalateParentAfter = '2';
    form.escalateProvinceAfter = '1';
    const built = definitionFromForm(form, SOURCE);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const d = built.definition;
    expect(d.tasks[0]).toEqual({
      text: 'Sở Y tế, Công an tỉnh phối hợp.',
      assignees: [
        { type: 'units', unitIds: ['kg.so-y-te'] },
        { type: 'units', unitIds: ['kg.so-tttt'] },
      ],
      roles: { 'kg.so-tttt': 'cooperating' },
    });
    expect(d.targets[0]!.value).toBe(5000);
    expect(d.deadlines[0]!.due).toBe('2020-09-04T16:00:00+07:00');
    expect(d.tracking.acknowledgeWithin).toEqual({ type: 'date', date: '2020-09-03' });
    expect(d.tracking.reportBy).toBeUndefined();
    // The province is never told before the parent unit.
    expect(d.tracking.escalation!.steps.map((s) => s.afterWorkingDays)).toEqual([0, 2, 2]);
    expect(d.sourceText).toBe(SOURCE);
  });

  it("names a server problem's path as the form's field", () => {
    expect(fieldOfProblem(['tasks', 0, 'assignees', 1])).toBe('tasks.0.assignees.1');
    expect(fieldOfProblem(['tracking', 'acknowledgeWithin'])).toBe('ackDays');
    expect(fieldOfProblem(['signer', 'name'])).toBe('signerName');
    expect(fieldOfProblem(['tracking', 'progressReports', 'days'])).toBe('progressDays');
    expect(fieldOfProblem(['tracking', 'progressReports', 'weekday'])).toBe('progressWeekday');
    expect(fieldOfProblem(['tracking', 'progressReports'])).toBe('progressType');
    expect(fieldOfProblem(['tracking', 'progressReports', 'cutOffDay'])).toBe('progressCutOffDay');
    expect(fieldOfProblem(['tracking', 'progressReports', 'dueDay'])).toBe('progressDueDay');
  });
});

/** A blank form filled in the way the province would: every district's People's Committee, one task. */
function filledBlank(): IssueFormValues {
  const form = blankForm({ place: 'Kiên Giang', today: '2026-12-03' });
  form.reference = '1301/UBND-KGVX';
  form.subject = 'V/v báo cáo tiến độ chuyển đổi số';
  form.recipients = [{ text: 'Chủ tịch UBND các huyện, thành phố', group: { type: 'level', level: 'district', kinds: ['people_committee'] }, role: 'lead', span: null }];
  form.tasks = [
    { text: 'Báo cáo tiến độ hằng tuần.', assignees: [{ group: { type: 'level', level: 'district', kinds: ['people_committee'] }, role: 'lead', span: null }], span: null, dueType: 'report', dueDate: '', dueDays: '' },
  ];
  return form;
}

describe('the blank form', () => {
  it('starts dated today at the issuer’s place, with the engine’s follow-up and no progress reports', () => {
    const form = blankForm({ place: 'Kiên Giang', today: '2026-12-03' });
    expect(form).toMatchObject({ date: '03/12/2026', place: 'Kiên Giang', reference: '', recipients: [], metrics: [], progressType: 'none', ackDays: '1' });
    expect(form.tasks).toHaveLength(1);
    const built = definitionFromForm(filledBlank(), null);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.definition.date).toBe('2026-12-03');
    expect(built.definition.sourceText).toBeUndefined();
    expect(built.definition.tracking.reportBy).toEqual({ type: 'workingDays', days: 10 });
    expect(built.definition.tracking.progressReports).toBeUndefined();
  });

  it('sends the progress-report schedule: every N working days, or weekly on a weekday', () => {
    const every = { ...filledBlank(), progressType: 'everyWorkingDays' as const, progressDays: '5' };
    const weekly = { ...filledBlank(), progressType: 'weekly' as const, progressWeekday: '4' };
    const sent = (form: IssueFormValues) => {
      const built = definitionFromForm(form, null);
      return built.ok ? built.definition.tracking.progressReports : built.problems;
    };
    expect(sent(every)).toEqual({ type: 'everyWorkingDays', days: 5 });
    expect(sent(weekly)).toEqual({ type: 'weekly', weekday: 4 });
    expect(sent({ ...every, progressDays: 'năm' })).toEqual([{ field: 'progressDays', code: 'NUMBER' }]);
  });

  it('sends a regime by the calendar (Nghị định 09/2019): figures to the 14th by default, until the issuer ends it when asked', () => {
    const sent = (form: IssueFormValues) => {
      const built = definitionFromForm(form, null);
      return built.ok ? built.definition.tracking.progressReports : built.problems;
    };
    expect(sent({ ...filledBlank(), progressType: 'monthly', progressDueDay: '5' })).toEqual({ type: 'monthly', cutOffDay: 14, dueDay: 5 });
    expect(sent({ ...filledBlank(), progressType: 'quarterly', progressUntilEnded: true })).toEqual({ type: 'quarterly', cutOffDay: 14, dueDay: 20, untilEnded: true });
    expect(sent({ ...filledBlank(), progressType: 'weekly', progressUntilEnded: true })).toEqual({ type: 'weekly', weekday: 5, untilEnded: true });
    expect(sent({ ...filledBlank(), progressType: 'yearly', progressCutOffDay: 'x' })).toEqual([{ field: 'progressCutOffDay', code: 'NUMBER' }]);
  });

  it('will not send a recipient without its "Kính gửi" line, nor one with no unit chosen', () => {
    const form = filledBlank();
    form.recipients.push({ text: '  ', group: { type: 'units', unitIds: [] }, role: 'lead', span: null });
    expect(definitionFromForm(form, null)).toEqual({
      ok: false,
      problems: [
        { field: 'recipients.1.text', code: 'EMPTY' },
        { field: 'recipients.1.group', code: 'REQUIRED' },
      ],
    });
  });
});

describe('recipients by level and kind', () => {
  const unit = (id: string, level: string, kind: string, parentId: string | null): UnitOption => ({ id, name: id, level, kind, parentId });
  it('offers the groups the issuer’s tree holds, top level first', () => {
    const province = [
      // Listed in tree order: a district and its commune may come before the agencies.
      unit('kg.an-bien', 'district', 'people_committee', 'kg'),
      unit('kg.an-bien.xa-1', 'commune', 'people_committee', 'kg.an-bien'),
      unit('kg.so-y-te', 'province', 'department', 'kg'),
      unit('kg.tinh-doan', 'province', 'mass_organisation', 'kg'),
      unit('kg.hiep-hoi-dn', 'province', 'business_association', 'kg'),
      unit('kg.rach-gia', 'district', 'people_committee', 'kg'),
      unit('kg.rach-gia.p-vinh-thanh', 'commune', 'people_committee', 'kg.rach-gia'),
    ];
    expect(levelPresets(province).map((p) => [p.key, p.group.level, p.group.kinds])).toEqual([
      ['agencies', 'province', ['department', 'mass_organisation']],
      [null, 'province', ['business_association']],
      ['districts', 'district', ['people_committee']],
      ['communes', 'commune', ['people_committee']],
    ]);
    expect(levelPresets(province).at(-1)?.types).toBe('');
    // A district addresses its communes only.
    expect(levelPresets([unit('kg.rach-gia.p-vinh-thanh', 'commune', 'people_committee', 'kg.rach-gia')]).map((p) => p.key)).toEqual(['communes']);
  });
});

describe('the kinds of commune a preset addresses', () => {
  it('reads them from the names, in the order officials list them: thị trấn in 2020, đặc khu since 1/7/2025', () => {
    const named = (...names: string[]) => names.map((name) => ({ name }));
    expect(divisionTypes(named('UBND thị trấn Thứ Ba', 'UBND phường Vĩnh Thanh Vân', 'UBND xã Nam Yên'))).toBe('xã, phường, thị trấn');
    expect(divisionTypes(named('UBND đặc khu Phú Quốc', 'UBND xã Hòn Đất', 'UBND phường Rạch Giá'))).toBe('xã, phường, đặc khu');
    expect(divisionTypes(named('Sở Y tế', 'kg.x-1'))).toBe('');
  });

  it('are offered with the preset of the communes', () => {
    const anGiang = [
      { id: 'an-giang', name: 'Ủy ban nhân dân tỉnh An Giang', level: 'province', kind: 'people_committee', parentId: null },
      { id: 'an-giang.p-rach-gia', name: 'UBND phường Rạch Giá', level: 'commune', kind: 'people_committee', parentId: 'an-giang' },
      { id: 'an-giang.dk-phu-quoc', name: 'UBND đặc khu Phú Quốc', level: 'commune', kind: 'people_committee', parentId: 'an-giang' },
      { id: 'an-giang.x-hon-dat', name: 'UBND xã Hòn Đất', level: 'commune', kind: 'people_committee', parentId: 'an-giang' },
    ] satisfies UnitOption[];
    expect(levelPresets(anGiang.slice(1)).map((p) => [p.key, p.types])).toEqual([['communes', 'xã, phường, đặc khu']]);
  });
});

describe('figures suggested from the targets', () => {
  const SMARTPHONES = 'đến ngày 20/8/2020, tối thiểu có 60% người dùng điện thoại thông minh trên địa bàn tỉnh Kiên Giang cài đặt ứng dụng Bluezone';

  it('a percentage of smartphone users: the count that meets it, the count it is of, and the rate with its target', () => {
    expect(suggestMetrics([{ text: SMARTPHONES, value: '60', unit: 'percent' }], { metrics: [], rates: [] })).toEqual({
      metrics: [
        { key: 'target1Done', label: 'Số người dùng điện thoại thông minh cài đặt ứng dụng Bluezone', cumulative: true },
        { key: 'target1Total', label: 'Tổng số người dùng điện thoại thông minh', cumulative: false },
      ],
      rates: [
        {
          key: 'target1Rate',
          label: 'Tỷ lệ người dùng điện thoại thông minh cài đặt ứng dụng Bluezone',
          numerator: 'target1Done',
          denominator: 'target1Total',
          targetPercent: '60',
        },
      ],
    });
  });

  it('reads "được" as where the condition starts, a count target as one cumulative count, and skips dates', () => {
    const { metrics, rates } = suggestMetrics(
      [
        { text: 'đến ngày 31/10/2020 đạt tối thiểu 30% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến', value: '30', unit: 'percent' },
        { text: 'đến ngày 31/12/2020 có ít nhất 5.000 tài khoản người dùng đăng ký trên Cổng Dịch vụ công của tỉnh', value: '5.000', unit: 'count' },
      ],
      { metrics: [], rates: [] },
    );
    expect(metrics.map((m) => [m.key, m.label, m.cumulative])).toEqual([
      ['target1Done', 'Số hồ sơ thủ tục hành chính được tiếp nhận trực tuyến', true],
      ['target1Total', 'Tổng số hồ sơ thủ tục hành chính', false],
      ['target2Count', 'Số tài khoản người dùng đăng ký trên Cổng Dịch vụ công của tỉnh', true],
    ]);
    expect(rates.map((r) => [r.key, r.targetPercent])).toEqual([['target1Rate', '30']]);
  });

  it('keeps what the issuer already defined or edited, and words a target it cannot split plainly', () => {
    const edited = { metrics: [{ key: 'target1Done', label: 'Số lượt cài đặt (lũy kế)', cumulative: true }], rates: [] };
    expect(suggestMetrics([{ text: SMARTPHONES, value: '60', unit: 'percent' }], edited)).toEqual(edited);
    const plain = suggestMetrics([{ text: '80% kế hoạch', value: '80', unit: 'percent' }], { metrics: [], rates: [] });
    expect(plain.metrics.map((m) => m.label)).toEqual(['Số đạt: kế hoạch', 'Tổng số: kế hoạch']);
    expect(plain.rates[0]).toMatchObject({ label: 'Tỷ lệ kế hoạch', targetPercent: '80' });
  });

  it('prefill the form read from a dispatch, and a percentage target names the count it is of', () => {
    const form = formFromDraft({ ...draft, targets: [{ text: SMARTPHONES, value: 60, unit: 'percent', due: '2020-08-20' }] });
    expect(form.metrics.map((m) => m.key)).toEqual(['target1Done', 'target1Total']);
    form.tasks[0]!.assignees[1] = { group: { type: 'units', unitIds: ['kg.so-tttt'] }, role: 'lead', span: null };
    const built = definitionFromForm(form, SOURCE);
    expect(built.ok && built.definition.targets[0]!.metric).toBe('target1Total');
    expect(built.ok && built.definition.rates).toEqual([
      { key: 'target1Rate', label: 'Tỷ lệ người dùng điện thoại thông minh cài đặt ứng dụng Bluezone', numerator: 'target1Done', denominator: 'target1Total', targetPercent: 60 },
    ]);
  });
});

describe('a task’s own deadline', () => {
  it('goes with the report unless the form gives the task a date, working days or none', () => {
    const form = filledBlank();
    const dueOf = (task: Partial<IssueFormValues['tasks'][number]>) => {
      const built = definitionFromForm({ ...form, tasks: [{ ...form.tasks[0]!, ...task }] }, null);
      return built.ok ? built.definition.tasks[0]!.due : built.problems;
    };
    expect(dueOf({})).toBeUndefined();
    expect(dueOf({ dueType: 'date', dueDate: '25/12/2026' })).toEqual({ type: 'date', date: '2026-12-25' });
    expect(dueOf({ dueType: 'workingDays', dueDays: '5' })).toEqual({ type: 'workingDays', days: 5 });
    expect(dueOf({ dueType: 'none' })).toEqual({ type: 'none' });
    expect(dueOf({ dueType: 'date', dueDate: '31/02/2026' })).toEqual([{ field: 'tasks.0.dueDate', code: 'DATE' }]);
  });

  it('is proposed from the draft’s reading of the bullet', () => {
    expect(taskDueValues({ type: 'date', date: '2020-09-25' })).toEqual({ dueType: 'date', dueDate: '25/09/2020', dueDays: '' });
    expect(taskDueValues({ type: 'none' })).toMatchObject({ dueType: 'none' });
    expect(taskDueValues(undefined)).toMatchObject({ dueType: 'report' });
  });
});

describe('finding a unit to address', () => {
  const unit = (id: string, name: string, level: string, parentId: string | null): UnitOption => ({ id, name, level, kind: 'people_committee', parentId });
  const units = [
    unit('kg.rach-gia', 'UBND thành phố Rạch Giá', 'district', 'kg'),
    unit('kg.rach-gia.p-vinh-thanh', 'UBND phường Vĩnh Thanh', 'commune', 'kg.rach-gia'),
    unit('kg.rach-gia.p-vinh-thanh-van', 'UBND phường Vĩnh Thanh Vân', 'commune', 'kg.rach-gia'),
    unit('kg.ha-tien', 'UBND thành phố Hà Tiên', 'district', 'kg'),
    unit('kg.ha-tien.p-dong-ho', 'UBND phường Đông Hồ', 'commune', 'kg.ha-tien'),
  ];
  const ids = (query: string, level = '') => findUnits(units, { query, level }).map((u) => u.id);

  it('finds by any words of the name, typed with or without marks', () => {
    expect(ids('vĩnh thanh vân')).toEqual(['kg.rach-gia.p-vinh-thanh-van']);
    expect(ids('vinh thanh')).toEqual(['kg.rach-gia.p-vinh-thanh', 'kg.rach-gia.p-vinh-thanh-van']);
    expect(ids('dong ho')).toEqual(['kg.ha-tien.p-dong-ho']);
    expect(ids('ĐÔNG')).toEqual(['kg.ha-tien.p-dong-ho']);
    expect(ids('không có')).toEqual([]);
  });

  it('finds a district’s communes by its name, and narrows by level', () => {
    expect(ids('rạch giá')).toEqual(['kg.rach-gia', 'kg.rach-gia.p-vinh-thanh', 'kg.rach-gia.p-vinh-thanh-van']);
    expect(ids('rạch giá', 'commune')).toEqual(['kg.rach-gia.p-vinh-thanh', 'kg.rach-gia.p-vinh-thanh-van']);
    expect(ids('', 'district')).toEqual(['kg.rach-gia', 'kg.ha-tien']);
    expect(ids('  ')).toHaveLength(units.length);
  });
});

describe('a new figure’s key', () => {
  it('is one no row has, after rows were removed', () => {
    expect(freeKey('m', [])).toBe('m1');
    expect(freeKey('m', ['m2'])).toBe('m3');
    expect(freeKey('m', ['target1Done', 'target1Total'])).toBe('m3');
  });
});

describe("a new form under the province's settings", () => {
  const settings = {
    ...(JSON.parse(JSON.stringify(DEFAULT_PROVINCE_SETTINGS)) as typeof DEFAULT_PROVINCE_SETTINGS),
    acknowledgeWorkingDays: 2,
    reminders: { atHalf: false, atThreeQuarters: true, dayBefore: true },
    escalation: { parentAfterWorkingDays: 2, provinceAfterWorkingDays: 3 },
    reportRegime: { type: 'quarterly' as const, cutOffDay: 15, dueDay: 22 },
  };

  it('starts from them, and from the engine\'s defaults without them', () => {
    const blank = blankForm({ place: 'Kiên Giang', today: '2026-12-03', defaults: settings });
    expect(blank).toMatchObject({ ackDays: '2', remindHalf: false, remindThreeQuarters: true, escalateParentAfter: '2', escalateProvinceAfter: '3', progressType: 'quarterly', progressCutOffDay: '15', progressDueDay: '22' });
    expect(blankForm({ place: 'Kiên Giang', today: '2026-12-03' })).toMatchObject({ ackDays: '1', remindHalf: true, escalateParentAfter: '1', progressType: 'none' });
    // What it sends is what they say.
    const sent = definitionFromForm({ ...blank, reference: '1/UBND', subject: 'V/v thử', progressType: 'none' }, null);
    expect(sent.ok && sent.definition.tracking).toMatchObject({ acknowledgeWithin: { type: 'workingDays', days: 2 }, reminders: { fractions: [0.75], workingDaysBefore: [1] } });
  });
});

describe('a directive that carries out an assignment', () => {
  const implementing = {
    implements: { directiveId: 'bo-tttt.2020.2841-btttt-thh', unitId: 'kg' },
    parent: { reference: '2841/BTTTT-THH', date: '2020-08-01', issuerName: 'Bộ Thông tin và Truyền thông' },
    subject: 'Thực hiện Công văn số 2841/BTTTT-THH ngày 01/08/2020 của Bộ Thông tin và Truyền thông về đẩy mạnh Bluezone',
    tasks: [{ text: 'Vận động người dân cài đặt.', due: { type: 'date' as const, date: '2020-08-26' } }],
    targets: [{ text: '60% người dùng điện thoại thông minh', value: 60, unit: 'percent' as const, metric: 'smartphoneUsers', due: '2020-08-26' }],
    deadlines: [{ text: 'Báo cáo kết quả.', due: '2020-08-27' }],
    reportBy: '2020-08-27',
    metrics: [{ key: 'installs', label: 'Lượt cài đặt', cumulative: true }],
    rates: [],
    issued: [],
  };
  const form = formFromImplementing(implementing, { place: 'Kiên Giang', today: '2020-08-19' });

  it("starts from the parent's content for the unit, the report day already earlier, and keeps the link", () => {
    expect(form).toMatchObject({
      subject: implementing.subject,
      date: '19/08/2020',
      reportType: 'date',
      reportDate: '27/08/2020',
      tasks: [{ text: 'Vận động người dân cài đặt.', assignees: [], dueType: 'date', dueDate: '26/08/2020' }],
      targets: [{ value: '60', unit: 'percent', due: '26/08/2020' }],
      deadlines: [{ text: 'Báo cáo kết quả.', due: '27/08/2020', time: '' }],
      metrics: implementing.metrics,
      implements: { directiveId: 'bo-tttt.2020.2841-btttt-thh', unitId: 'kg', citation: '2841/BTTTT-THH ngày 01/08/2020 của Bộ Thông tin và Truyền thông' },
    });
  });

  it('sends the link with the definition, and none once the person removes it', () => {
    const values = { ...form, reference: '1119/UBND-KGVX', recipients: [{ text: 'UBND các huyện.', group: { type: 'level' as const, level: 'district', kinds: ['people_committee' as const] }, role: 'lead' as const, span: null }] };
    const built = definitionFromForm(values, null);
    expect(built.ok && built.definition.implements).toEqual({ directiveId: 'bo-tttt.2020.2841-btttt-thh', unitId: 'kg' });
    const unlinked = definitionFromForm({ ...values, implements: null }, null);
    expect(unlinked.ok && 'implements' in unlinked.definition).toBe(false);
  });
});
