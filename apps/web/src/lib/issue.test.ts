import { describe, expect, it } from 'vitest';
import { definitionFromForm, fieldOfProblem, formFromDraft, quote, type Draft } from './issue';

const span = (start: number, end: number) => ({ start, end });
const SOURCE = 'Số: 12/UBND-VP ... Công an tỉnh ... trước 16 giờ ngày 04/9/2020';

const draft: Draft = {
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
  unrecognized: [{ text: 'Công an tỉnh', span: span(19, 31) }],
  spans: {
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
    expect(d.tracking.escalation.steps.map((s) => s.afterWorkingDays)).toEqual([0, 2, 2]);
    expect(d.sourceText).toBe(SOURCE);
  });

  it("names a server problem's path as the form's field", () => {
    expect(fieldOfProblem(['tasks', 0, 'assignees', 1])).toBe('tasks.0.assignees.1');
    expect(fieldOfProblem(['tracking', 'acknowledgeWithin'])).toBe('ackDays');
    expect(fieldOfProblem(['signer', 'name'])).toBe('signerName');
  });
});
