import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTIVE_1119, KG, localDateOf, type Directive } from '@chidao/domain';
import { assignmentWorkflowId } from '@chidao/workflows';
import { eventually } from '@chidao/testing';
import { domainCodeOf } from './index';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { issueDirective } from './services';
import { signedInAs, signedInBrowser } from './testing';
import { refusedWith } from './test-support';

/**
 * Tasks tracked one by one, with roles that change duties (QĐ 42/2014/QĐ-TTg), through the API on the
 * real engine. A provincial directive of three tasks: t1 to Sở GD&ĐT and a ward (due in three working
 * days), t2 led by Sở TT&TT with Đài PT-TH cooperating, t3 ongoing ("thường xuyên") for Sở GD&ĐT with
 * Báo Kiên Giang and another ward told for information, t4 for Sở TT&TT and the ward, due two days
 * before it was entered.
 */
const WARD = 'kg.rach-gia.p-vinh-thanh-van';
const INFO_WARD = 'kg.rach-gia.p-vinh-thanh';
const DAY = 86_400_000;
const inDays = (n: number) => localDateOf(new Date(Date.now() + n * DAY).toISOString());
const units = (...unitIds: string[]) => ({ type: 'units' as const, unitIds });

const DIRECTIVE: Directive = {
  id: `kg.${inDays(0).slice(0, 4)}.77-ubnd-vx`,
  reference: '77/UBND-VX',
  issuerUnitId: KG.province,
  place: 'Kiên Giang',
  date: inDays(0),
  subject: 'V/v tuyên truyền cài đặt ứng dụng',
  urgency: null,
  recipients: [{ text: 'Các sở, ngành, đơn vị có tên.', group: units(KG.soGDDT, KG.soTTTT, KG.daiPTTH, KG.baoKienGiang, WARD, INFO_WARD) }],
  tasks: [
    { id: 't1', text: 'Triển khai cài đặt trong trường học và khu phố.', assignees: [units(KG.soGDDT, WARD)], due: { type: 'workingDays', days: 3 } },
    { id: 't2', text: 'Tuyên truyền trên báo, đài.', assignees: [units(KG.soTTTT, KG.daiPTTH)], roles: { [KG.daiPTTH]: 'cooperating' } },
    { id: 't3', text: 'Thường xuyên cập nhật tình hình.', assignees: [units(KG.soGDDT, KG.baoKienGiang, INFO_WARD)], roles: { [KG.baoKienGiang]: 'info', [INFO_WARD]: 'info' }, due: { type: 'none' } },
    // Entered from a paper dispatch two days late: already overdue when it arrives.
    { id: 't4', text: 'Báo cáo nhanh số liệu ban đầu.', assignees: [units(KG.soTTTT, WARD)], due: { type: 'date', date: inDays(-2) } },
  ],
  targets: [],
  deadlines: [{ text: 'Báo cáo trong 30 ngày', due: inDays(30) }],
  coordinatorUnitId: null,
  signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Nguyễn Văn A' },
  copiesTo: [],
};
const id = (unitId: string) => assignmentWorkflowId(DIRECTIVE.id, unitId);
const chairOf = (unitId: string) => signedInAs(harness.deps, `u.${unitId}`);
const mineOf = async (unitId: string) => (await chairOf(unitId).assignments.mine()).find((a) => a.directiveId === DIRECTIVE.id)!;
/** This month, as the statistics page opens on: from its first day to its last. */
const thisMonth = () => {
  const today = inDays(0);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${today.slice(0, 8)}01`, to: `${today.slice(0, 8)}${String(last).padStart(2, '0')}` };
};

let harness: EngineHarness;

beforeAll(async () => {
  harness = await startEngineHarness('tasks-test');
  await issueDirective({ repos: harness.repos, client: harness.env.client, taskQueue: 'tasks-test' }, DIRECTIVE);
  for (const unitId of [KG.soGDDT, KG.soTTTT, KG.daiPTTH, KG.baoKienGiang, WARD, INFO_WARD]) {
    await eventually(async () => expect((await harness.repos.lifecycle.deadlinesOf(id(unitId)))?.acknowledgeBy).toBeTruthy());
  }
}, 600_000);

afterAll(async () => {
  await harness?.stop();
});

describe('roles change duties', () => {
  it('shows each unit its role on each task and the task’s own deadline', async () => {
    const gd = await mineOf(KG.soGDDT);
    expect(gd.role).toBe('lead');
    expect(gd.tasks.map((t) => [t.id, t.role])).toEqual([
      ['t1', 'lead'],
      ['t3', 'lead'],
    ]);
    // t1 is due three working days after receipt, before the report; t3 is ongoing.
    expect(Date.parse(gd.tasks[0]!.due!)).toBeLessThan(Date.parse(gd.reportBy!));
    expect(gd.tasks[1]!.due).toBeNull();
    expect((await mineOf(KG.daiPTTH)).role).toBe('cooperating');
    expect((await mineOf(KG.baoKienGiang)).role).toBe('info');
  });

  it('asks a unit told for information to acknowledge only: no report deadline, and a report is refused', async () => {
    expect((await harness.repos.lifecycle.deadlinesOf(id(KG.baoKienGiang)))?.reportBy).toBeNull();
    expect((await harness.repos.lifecycle.deadlinesOf(id(KG.soGDDT)))?.reportBy).not.toBeNull();
    await chairOf(KG.baoKienGiang).assignments.acknowledge({ assignmentId: id(KG.baoKienGiang) });
    const refused = await refusedWith(chairOf(KG.baoKienGiang).reports.submit({ assignmentId: id(KG.baoKienGiang), figures: {}, narrative: 'Đã biết.' }));
    expect(domainCodeOf(refused)).toBe('ILLEGAL_TRANSITION');
    expect((await harness.repos.reports.history(id(KG.baoKienGiang))).length).toBe(0);
  });

  it('neither awaits nor ranks a ward told for information in the province’s rollup', async () => {
    const rollup = await chairOf(KG.province).directives.rollup({ directiveId: DIRECTIVE.id, unitId: KG.province });
    // Of the two wards, only the one that leads a task owes a report.
    expect(rollup.rollup.expected).toBe(1);
  });

  it('passes a cooperating unit’s contribution to the lead, which sees it on its own page', async () => {
    await chairOf(KG.daiPTTH).reports.submit({ assignmentId: id(KG.daiPTTH), figures: {}, narrative: '', tasks: { t2: { done: true, note: 'Đã phát 5 bản tin trên sóng truyền hình.' } } });
    const contributions = await chairOf(KG.soTTTT).reports.contributions({ assignmentId: id(KG.soTTTT) });
    expect(contributions).toEqual([
      {
        taskId: 't2',
        text: 'Tuyên truyền trên báo, đài.',
        units: [expect.objectContaining({ unitId: KG.daiPTTH, done: true, note: 'Đã phát 5 bản tin trên sóng truyền hình.', version: 1 })],
      },
    ]);
    // Sở GD&ĐT leads no task with a cooperating unit.
    expect(await chairOf(KG.soGDDT).reports.contributions({ assignmentId: id(KG.soGDDT) })).toEqual([]);
  });

  it('refuses a mark for a task the unit does not have, and keeps nothing of it', async () => {
    const refused = await refusedWith(chairOf(WARD).reports.submit({ assignmentId: id(WARD), figures: {}, narrative: '', tasks: { t2: { done: true } } }));
    expect(domainCodeOf(refused)).toBe('INVALID_REPORT');
    expect((await harness.repos.reports.history(id(WARD))).length).toBe(0);
  });
});

describe('the statistics a chair reads', () => {
  beforeAll(async () => {
    // Sở GD&ĐT: t1 done (accepted by the province), t3 still open; the ward has not reported.
    const sent = await chairOf(KG.soGDDT).reports.submit({
      assignmentId: id(KG.soGDDT),
      figures: {},
      narrative: 'Đã triển khai tại 120 trường.',
      tasks: { t1: { done: true, note: '120 trường' }, t3: { done: false } },
    });
    expect(sent.tasks).toEqual({ t1: { done: true, note: '120 trường' }, t3: { done: false } });
    await chairOf(KG.province).reports.review({ assignmentId: id(KG.soGDDT), version: sent.version, decision: 'accept' });
  });

  it('counts each lead task once, in one bucket, by unit and by task, adding up to the total', async () => {
    const stats = await chairOf(KG.province).statistics.tasks({ ...thisMonth(), scope: 'issued', directiveId: DIRECTIVE.id });
    // Lead tasks only: Sở GD&ĐT t1 and t3, the ward's t1 and t4, Sở TT&TT's t2 and t4.
    expect(stats.total.official).toEqual({ doneOnTime: 1, doneLate: 0, notDoneWithin: 2, notDoneOverdue: 2, noDeadline: 1 });
    expect(stats.total.total).toBe(6);
    expect(Object.fromEntries(stats.byUnit.map((u) => [u.unitId, u.counts.total]))).toEqual({ [KG.soGDDT]: 2, [KG.soTTTT]: 2, [WARD]: 2 });
    expect(Object.fromEntries(stats.byTask.map((t) => [t.taskId, t.counts.total]))).toEqual({ t1: 2, t2: 1, t3: 1, t4: 2 });
    for (const rows of [stats.byUnit, stats.byTask]) {
      expect(rows.reduce((sum, r) => sum + r.counts.total, 0)).toBe(stats.total.total);
      expect(rows.reduce((sum, r) => sum + r.counts.official.doneOnTime, 0)).toBe(stats.total.official.doneOnTime);
    }
    // Across every directive the province issued (1119 is delivered in this engine too), the breakdowns still add up.
    const everything = await chairOf(KG.province).statistics.tasks({ ...thisMonth(), scope: 'issued' });
    expect(everything.total.total).toBeGreaterThan(stats.total.total);
    for (const rows of [everything.byUnit, everything.byTask]) {
      expect(rows.reduce((sum, r) => sum + r.counts.total, 0)).toBe(everything.total.total);
      expect(rows.reduce((sum, r) => sum + r.counts.official.notDoneWithin, 0)).toBe(everything.total.official.notDoneWithin);
    }
  });

  it('drills down to the tasks behind a figure', async () => {
    const done = await chairOf(KG.province).statistics.tasks({ ...thisMonth(), directiveId: DIRECTIVE.id, only: { bucket: 'doneOnTime' } });
    expect(done.tasks).toEqual([expect.objectContaining({ unitId: KG.soGDDT, taskId: 't1', provisional: false, standing: { kind: 'doneOnTime' } })]);
    const ward = await chairOf(KG.province).statistics.tasks({ ...thisMonth(), directiveId: DIRECTIVE.id, only: { unitId: WARD } });
    expect(ward.tasks.map((t) => [t.taskId, t.standing.kind])).toEqual([
      ['t1', expect.stringMatching(/^(within|dueSoon)$/)],
      ['t4', 'overdue'],
    ]);
  });

  it('gives a unit its own figures as a receiver, and refuses a unit it may not read', async () => {
    const own = await chairOf(KG.soTTTT).statistics.tasks({ ...thisMonth(), scope: 'received', directiveId: DIRECTIVE.id });
    expect(own.total.total).toBe(2);
    expect(own.total.official.notDoneOverdue).toBe(1);
    const refused = await refusedWith(chairOf(KG.soGDDT).statistics.tasks({ ...thisMonth(), unitId: KG.soTTTT }));
    expect(domainCodeOf(refused)).toBe('UNIT_NOT_FOUND');
    const longer = await refusedWith(chairOf(KG.province).statistics.tasks({ from: '2020-01-01', to: '2021-06-30' }));
    expect(domainCodeOf(longer)).toBe('INVALID_INPUT');
  });

  it('writes the same figures into the XLSX sheet in the official layout', async () => {
    const file = await signedInBrowser(harness.deps, `u.${KG.province}`).files.statistics({ ...thisMonth(), scope: 'issued', directiveId: DIRECTIVE.id });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Theo đơn vị')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(rows.find((r) => r[1] === 'Tổng cộng')).toEqual(['', 'Tổng cộng', 6, 1, 0, 2, 2, 1]);
    expect(file.filename).toMatch(/^thong-ke-nhiem-vu-.*\.xlsx$/);
  });
});

describe('the urging document', () => {
  it('drafts from the overdue list, issues it, and each named unit sees it on its task', async () => {
    const draft = await chairOf(KG.province).urging.draft({ directiveId: DIRECTIVE.id });
    // In the order of the map of units: the ward (under Rạch Giá) before the Sở.
    expect(draft.tasks.map((t) => [t.unitId, t.taskId])).toEqual([
      [WARD, 't4'],
      [KG.soTTTT, 't4'],
    ]);
    expect(draft.recipients.map((r) => r.unitId)).toEqual([WARD, KG.soTTTT]);
    expect(draft.body).toContain('Nhiệm vụ "Báo cáo nhanh số liệu ban đầu." tại Văn bản số 77/UBND-VX');
    expect(draft.respondBy > draft.today).toBe(true);

    const before = (await harness.repos.urgings.forIssuer(KG.province)).length;
    // A task that is not overdue cannot be named, and nothing is recorded.
    const refused = await refusedWith(
      chairOf(KG.province).urging.issue({
        reference: '125/UBND-VP',
        subject: draft.subject,
        body: draft.body,
        respondBy: draft.respondBy,
        items: [{ directiveId: DIRECTIVE.id, unitId: KG.soGDDT, taskId: 't1' }],
      }),
    );
    expect(domainCodeOf(refused)).toBe('INVALID_INPUT');
    expect(await harness.repos.urgings.forIssuer(KG.province)).toHaveLength(before);

    const edited = `${draft.body}\nĐề nghị gửi báo cáo qua hệ thống.`;
    const issued = await chairOf(KG.province).urging.issue({
      reference: '125/UBND-VP',
      subject: draft.subject,
      body: edited,
      respondBy: draft.respondBy,
      items: draft.tasks.map((t) => ({ directiveId: t.directiveId, unitId: t.unitId, taskId: t.taskId })),
    });
    expect(issued).toMatchObject({ named: 2, units: 2 });
    const stored = await harness.repos.urgings.get(issued.id);
    expect(stored).toMatchObject({ reference: '125/UBND-VP', body: edited, respondBy: draft.respondBy });

    const ward = await mineOf(WARD);
    expect(ward.urging).toEqual({ at: issued.issuedAt, reference: '125/UBND-VP', respondBy: draft.respondBy });
    const timeline = await chairOf(WARD).assignments.timeline({ assignmentId: id(WARD) });
    expect(timeline).toContainEqual(expect.objectContaining({ kind: 'assignment.urged', detail: expect.objectContaining({ reference: '125/UBND-VP', taskId: 't4' }) }));
    // Sở GD&ĐT was not named.
    expect((await mineOf(KG.soGDDT)).urging).toBeNull();
  });

  it('is its issuing unit’s leadership’s only', async () => {
    expect(domainCodeOf(await refusedWith(chairOf(WARD).urging.draft({ unitId: KG.province })))).toBe('UNIT_NOT_FOUND');
    expect(domainCodeOf(await refusedWith(chairOf(KG.soTTTT).urging.draft({ unitId: KG.province })))).toBe('UNIT_NOT_FOUND');
  });
});

describe('giải trình before a deadline', () => {
  it('lets the district ask a commune behind target to explain, before any deadline passed', async () => {
    const commune = 'kg.rach-gia.p-an-hoa';
    const assignment = assignmentWorkflowId(DIRECTIVE_1119.id, commune);
    await eventually(async () => expect((await harness.repos.lifecycle.deadlinesOf(assignment))?.reportBy).toBeTruthy());
    // Nobody may be asked before it is late or behind.
    const early = await refusedWith(chairOf('kg.rach-gia').assignments.requestExplanation({ assignmentId: assignment, question: 'Vì sao chậm?' }));
    expect(domainCodeOf(early)).toBe('ILLEGAL_TRANSITION');
    // 10 installs for 1,000 smartphone users: far behind the 60% of 1119.
    await chairOf(commune).reports.submit({ assignmentId: assignment, figures: { installs: 10, adults15to60: 2_000, smartphoneUsers: 1_000 }, narrative: '' });
    const overview = await chairOf('kg.rach-gia').directives.overview({ directiveId: DIRECTIVE_1119.id });
    expect(overview.children.find((c) => c.id === commune)).toMatchObject({ atRisk: true });
    expect(overview.children.find((c) => c.id === 'kg.rach-gia.p-vinh-bao')).toMatchObject({ atRisk: false });
    const asked = await chairOf('kg.rach-gia').assignments.requestExplanation({ assignmentId: assignment, question: 'Vì sao tỷ lệ cài đặt thấp?' });
    expect(asked.number).toBe(1);
  });

  it('tells the assignee until when an extension may be asked', async () => {
    const requests = await chairOf(KG.soGDDT).assignments.requests({ assignmentId: id(KG.soGDDT) });
    const reportBy = (await harness.repos.lifecycle.deadlinesOf(id(KG.soGDDT)))!.reportBy!;
    // Three working days before the report deadline of 30 days on.
    expect(requests.extensionsCloseAt).not.toBeNull();
    expect(Date.parse(requests.extensionsCloseAt!)).toBeLessThan(Date.parse(reportBy));
    expect(Date.parse(requests.extensionsCloseAt!)).toBeGreaterThan(Date.now());
  });
});

describe('a role travels with the task', () => {
  it('keeps a cooperating role when the province reassigns the task to another unit', async () => {
    await chairOf(KG.province).assignments.reassign({ assignmentId: id(KG.daiPTTH), toUnitId: KG.soDuLich, reason: 'Sở Du lịch phối hợp thay Đài PT-TH' });
    await eventually(async () => expect((await harness.repos.lifecycle.deadlinesOf(id(KG.soDuLich)))?.acknowledgeBy).toBeTruthy());
    const moved = await mineOf(KG.soDuLich);
    expect(moved.role).toBe('cooperating');
    // Still a contributor to Sở TT&TT, not a lead of its own: its task is not counted as one.
    const contributions = await chairOf(KG.soTTTT).reports.contributions({ assignmentId: id(KG.soTTTT) });
    expect(contributions[0]!.units.map((u) => u.unitId)).toContain(KG.soDuLich);
  });
});

describe('đề nghị điều chỉnh', () => {
  it('the ward asks to drop a task, the province approves, and the task leaves what the ward owes', async () => {
    const asked = await chairOf(WARD).assignments.requestAdjustment({ assignmentId: id(WARD), taskId: 't4', kind: 'drop', reason: 'Phường đã gửi số liệu qua Phòng Văn hóa thành phố.' });
    expect(asked).toMatchObject({ number: 1, taskId: 't4', kind: 'drop', state: 'pending' });
    // A second request on the same task waits for the first.
    expect(domainCodeOf(await refusedWith(chairOf(WARD).assignments.requestAdjustment({ assignmentId: id(WARD), taskId: 't4', kind: 'drop', reason: 'Nhắc lại' })))).toBe('ILLEGAL_TRANSITION');
    // Only the issuer decides: the ward's own chair cannot, nor can a Sở.
    expect(domainCodeOf(await refusedWith(chairOf(KG.soTTTT).assignments.decideAdjustment({ assignmentId: id(WARD), number: 1, approve: true })))).toBe('ASSIGNMENT_NOT_FOUND');
    const list = await chairOf(KG.province).directives.adjustments({ directiveId: DIRECTIVE.id });
    expect(list).toEqual([expect.objectContaining({ unitId: WARD, taskId: 't4', state: 'pending', taskText: 'Báo cáo nhanh số liệu ban đầu.' })]);

    const before = await chairOf(KG.province).statistics.tasks({ ...thisMonth(), directiveId: DIRECTIVE.id });
    const decided = await chairOf(KG.province).assignments.decideAdjustment({ assignmentId: id(WARD), number: 1, approve: true });
    expect(decided).toMatchObject({ state: 'approved' });
    const ward = await mineOf(WARD);
    expect(ward.tasks.find((t) => t.id === 't4')).toMatchObject({ dropped: true });
    const after = await chairOf(KG.province).statistics.tasks({ ...thisMonth(), directiveId: DIRECTIVE.id });
    expect(after.total.total).toBe(before.total.total - 1);
    expect(after.total.official.notDoneOverdue).toBe(before.total.official.notDoneOverdue - 1);
    expect((await chairOf(KG.province).urging.draft({ directiveId: DIRECTIVE.id })).tasks.map((t) => t.unitId)).not.toContain(WARD);
    // Dropped once, it cannot be asked again.
    expect(domainCodeOf(await refusedWith(chairOf(WARD).assignments.requestAdjustment({ assignmentId: id(WARD), taskId: 't4', kind: 'change', reason: 'x', proposal: 'y' })))).toBe('ILLEGAL_TRANSITION');
  });

  it('a change is proposed in words, and a rejection gives its reason', async () => {
    const asked = await chairOf(KG.soGDDT).assignments.requestAdjustment({ assignmentId: id(KG.soGDDT), taskId: 't1', kind: 'change', reason: 'Học sinh đang nghỉ hè.', proposal: 'Lùi hạn đến khi năm học bắt đầu.' });
    expect(domainCodeOf(await refusedWith(chairOf(KG.province).assignments.decideAdjustment({ assignmentId: id(KG.soGDDT), number: asked.number, approve: false })))).toBe('INVALID_INPUT');
    const rejected = await chairOf(KG.province).assignments.decideAdjustment({ assignmentId: id(KG.soGDDT), number: asked.number, approve: false, note: 'Triển khai ngay với giáo viên.' });
    expect(rejected).toMatchObject({ state: 'rejected', decisionNote: 'Triển khai ngay với giáo viên.', proposal: 'Lùi hạn đến khi năm học bắt đầu.' });
    expect((await chairOf(KG.soGDDT).assignments.requests({ assignmentId: id(KG.soGDDT) })).adjustments).toEqual([expect.objectContaining({ number: asked.number, state: 'rejected' })]);
  });
});
