import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BLUEZONE_METRICS,
  BLUEZONE_RATES,
  buildHierarchy,
  descendantsOf,
  directiveIdOf,
  earlierDeadline,
  KG,
  localDateOf,
  MINISTRY_2020_ID,
  nationalThreeLevelTree,
  type Directive,
} from '@chidao/domain';
import { seedReferenceData } from '@chidao/db';
import { eventually } from '@chidao/testing';
import { assignmentWorkflowId } from '@chidao/workflows';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import type { DirectiveDefinition } from './routers/issuance';
import { issueDirective } from './services';
import { signedInAs } from './testing';
import { rejection } from './test-support';

/**
 * Directive chains (issue 25) on the real engine: 2841/BTTTT-THH from the ministry to the
 * provinces of the national tree of 2020, cut to Kiên Giang (the whole tree's 10,600 communes take
 * the benchmark's minutes to deliver: apps/bench); Kiên Giang issues its own from its assignment (the
 * issue's 1119; numbered 1120 here, since the harness holds the seed's 1119 already), Rạch Giá its own to its wards; the wards report, Rạch Giá and Kiên Giang each confirm the figures
 * their rollup gives, and the ministry sees Kiên Giang's figure equal the wards' sum. A correction
 * at a ward reaches the ministry only once both have confirmed it.
 */
const TASK_QUEUE = 'chains-test';
const RACH_GIA = 'kg.rach-gia';
const HA_TIEN = 'kg.ha-tien';
const DAY = 86_400_000;
const today = () => localDateOf(new Date().toISOString());
const inDays = (n: number) => localDateOf(new Date(Date.now() + n * DAY).toISOString());

const PROVINCE_CHAIRS = { type: 'level', level: 'province', kinds: ['people_committee'] } as const;
/**
 * Dated as in 2020 (the three-level units ended on 30/6/2025: nothing can be issued by them later),
 * with its report deadline still ahead, so the days the implementing directives take off it show.
 */
const D2841: Directive = {
  id: directiveIdOf(MINISTRY_2020_ID, '2020-08-01', '2841/BTTTT-THH'),
  reference: '2841/BTTTT-THH',
  issuerUnitId: MINISTRY_2020_ID,
  place: 'Hà Nội',
  date: '2020-08-01',
  subject: 'V/v đẩy mạnh triển khai ứng dụng Bluezone',
  urgency: null,
  recipients: [{ text: 'UBND các tỉnh, thành phố trực thuộc Trung ương.', group: PROVINCE_CHAIRS }],
  tasks: [{ id: 't1', text: 'Chỉ đạo các địa phương vận động người dân cài đặt ứng dụng Bluezone.', assignees: [PROVINCE_CHAIRS] }],
  targets: [],
  deadlines: [{ text: `Báo cáo kết quả về Bộ trước ngày ${inDays(30)}.`, due: inDays(30) }],
  coordinatorUnitId: null,
  signer: { capacity: 'KT. BỘ TRƯỞNG / THỨ TRƯỞNG', name: 'Nguyễn Huy Dũng' },
  copiesTo: [],
  metrics: BLUEZONE_METRICS,
  rates: BLUEZONE_RATES,
};

let harness: EngineHarness;
const chairOf = (unitId: string) => signedInAs(harness.deps, `u.${unitId}`);

/** The issuing form's definition from chains.draft: what a unit sends after checking the prefilled form. */
function definitionFrom(
  draft: Awaited<ReturnType<ReturnType<typeof chairOf>['chains']['draft']>>,
  fields: Pick<DirectiveDefinition, 'reference' | 'place' | 'date' | 'recipients'> & { assignees: DirectiveDefinition['recipients'][number]['group'] },
): DirectiveDefinition {
  return {
    reference: fields.reference,
    place: fields.place,
    date: fields.date,
    subject: draft.subject,
    urgency: null,
    recipients: fields.recipients,
    tasks: draft.tasks.map((t) => ({ text: t.text, assignees: [fields.assignees], ...(t.due ? { due: t.due } : {}) })),
    targets: draft.targets,
    deadlines: draft.deadlines,
    coordinatorUnitId: null,
    signer: { capacity: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
    copiesTo: ['Như trên'],
    keyTask: false,
    metrics: draft.metrics,
    rates: draft.rates,
    tracking: draft.reportBy ? { reportBy: { type: 'date', date: draft.reportBy } } : {},
    implements: draft.implements,
  };
}

/** The People's Committees of a level, as the issuing form sends them. */
const chairsOf = (level: string) => ({ type: 'level' as const, level, kinds: ['people_committee' as const] });
const DISTRICT_CHAIRS = chairsOf('district');
const COMMUNE_CHAIRS = chairsOf('commune');
let kg1120 = '';
let rg245 = '';
let wards: string[] = [];
/** Each ward's report: installs differ, the rest the same. */
const wardFigures = (i: number) => ({ installs: 1_000 + 10 * i, adults15to60: 8_000, smartphoneUsers: 5_000 });
const sum = (key: 'installs' | 'adults15to60' | 'smartphoneUsers', rows: ReadonlyArray<Record<string, number>>) => rows.reduce((n, r) => n + r[key]!, 0);

beforeAll(async () => {
  harness = await startEngineHarness(TASK_QUEUE);
  // The ministry above Kiên Giang: the national tree of 2020 (same ids) cut to this one province.
  const tree = nationalThreeLevelTree();
  const whole = buildHierarchy(tree.scheme, tree.units);
  const keep = new Set([tree.issuerUnitId, tree.compilerUnitId, KG.province, ...descendantsOf(whole, KG.province).map((u) => u.id)]);
  await seedReferenceData(harness.repos, { units: tree.units.filter((u) => keep.has(u.id)), demoUsers: true });
  await issueDirective({ repos: harness.repos, client: harness.env.client, taskQueue: TASK_QUEUE }, D2841);
  await eventually(async () => expect((await harness.repos.lifecycle.deadlinesOf(assignmentWorkflowId(D2841.id, KG.province)))?.reportBy).toBeTruthy());
}, 600_000);

afterAll(async () => {
  await harness?.stop();
});

describe('a chain of directives, ministry → province → district → wards', () => {
  it('Kiên Giang issues its directive from its assignment: prefilled, deadlines earlier, linked', async () => {
    const kg = chairOf(KG.province);
    const assignmentId = assignmentWorkflowId(D2841.id, KG.province);
    const draft = await kg.chains.draft({ assignmentId });
    expect(draft.subject).toMatch(/^Thực hiện Công văn số 2841\/BTTTT-THH ngày 01\/08\/2020 của .*Thông tin và Truyền thông về đẩy mạnh triển khai ứng dụng Bluezone$/);
    expect(draft.implements).toEqual({ directiveId: D2841.id, unitId: KG.province });
    expect(draft.tasks.map((t) => t.text)).toEqual([D2841.tasks[0]!.text]);
    expect(draft.metrics).toEqual(BLUEZONE_METRICS);
    const calendar = await harness.repos.calendar.load();
    const own = (await harness.repos.lifecycle.deadlinesOf(assignmentId))!.reportBy!;
    expect(draft.reportBy).toBe(earlierDeadline(calendar, localDateOf(own), today()));
    expect(draft.reportBy! < localDateOf(own)).toBe(true);
    expect(draft.deadlines.map((d) => d.due)).toEqual([earlierDeadline(calendar, inDays(30), today())]);

    // Another district may not claim Kiên Giang's assignment; nobody may claim one that does not exist.
    // The harness holds the seed's 1119/UBND-KGVX already (unlinked): this one is numbered 1120.
    const definition = definitionFrom(draft, { reference: '1120/UBND-KGVX', place: 'Kiên Giang', date: '2020-08-19', recipients: [{ text: 'Chủ tịch UBND các huyện, thành phố.', group: DISTRICT_CHAIRS }], assignees: DISTRICT_CHAIRS });
    expect(await rejection(chairOf(HA_TIEN).directives.issue({ ...definition, recipients: [{ text: 'Chủ tịch UBND các xã, phường.', group: COMMUNE_CHAIRS }], tasks: [{ text: 'Triển khai.', assignees: [COMMUNE_CHAIRS] }] }))).toEqual({
      code: 'BAD_REQUEST',
      domainCode: 'INVALID_DIRECTIVE',
    });
    const wrong = await chairOf(HA_TIEN).directives.preview({ ...definition, recipients: [{ text: 'Chủ tịch UBND các xã, phường.', group: COMMUNE_CHAIRS }], tasks: [{ text: 'Triển khai.', assignees: [COMMUNE_CHAIRS] }] });
    expect(wrong.problems).toEqual([{ path: ['implements'], code: 'NOT_PARENT_HOLDER' }]);
    const missing = await kg.directives.preview({ ...definition, implements: { directiveId: 'bo-tttt.2020.9999-btttt', unitId: KG.province } });
    expect(missing.problems).toEqual([{ path: ['implements'], code: 'PARENT_NOT_FOUND' }]);

    const issued = await kg.directives.issue(definition);
    kg1120 = issued.directiveId;
    const page = await kg.directives.overview({ directiveId: kg1120 });
    expect(page.implements).toMatchObject({ directiveId: D2841.id, unitId: KG.province, reference: '2841/BTTTT-THH', date: D2841.date });
    await eventually(async () => expect(await harness.repos.assignments.holders(kg1120, [RACH_GIA])).toHaveLength(1));
  });

  it('Rạch Giá issues its own to its wards, from its assignment of Kiên Giang’s', async () => {
    const rg = chairOf(RACH_GIA);
    const draft = await rg.chains.draft({ assignmentId: assignmentWorkflowId(kg1120, RACH_GIA) });
    expect(draft.subject).toMatch(/^Thực hiện Công văn số 1120\/UBND-KGVX ngày 19\/08\/2020 của Ủy ban nhân dân tỉnh Kiên Giang/);
    const issued = await rg.directives.issue(
      definitionFrom(draft, { reference: '245/UBND-VP', place: 'Rạch Giá', date: '2020-08-20', recipients: [{ text: 'Chủ tịch UBND các phường, xã.', group: COMMUNE_CHAIRS }], assignees: COMMUNE_CHAIRS }),
    );
    rg245 = issued.directiveId;
    await eventually(async () => {
      wards = (await harness.repos.assignments.statesForDirective(rg245)).map((s) => s.unitId);
      expect(wards.length).toBeGreaterThan(5);
    });
  });

  it('the ministry sees which province issued its directive, when, and drills down the chain', async () => {
    const ministry = chairOf(MINISTRY_2020_ID);
    const below = await ministry.chains.below({ directiveId: D2841.id });
    expect(below).toEqual([
      { unitId: KG.province, name: expect.any(String), implementing: [expect.objectContaining({ directiveId: kg1120, reference: '1120/UBND-KGVX', date: '2020-08-19', overdue: 0 })] },
    ]);
    const next = await ministry.chains.below({ directiveId: kg1120, unitId: KG.province });
    expect(next.find((u) => u.unitId === RACH_GIA)?.implementing).toEqual([expect.objectContaining({ directiveId: rg245, reference: '245/UBND-VP' })]);
    expect(next.find((u) => u.unitId === HA_TIEN)?.implementing).toEqual([]);
    // A district sees nothing of its neighbours' directives.
    expect(await rejection(chairOf(HA_TIEN).chains.below({ directiveId: kg1120, unitId: RACH_GIA }))).toMatchObject({ domainCode: 'UNIT_NOT_FOUND' });
  });

  it("the wards report; Rạch Giá then Kiên Giang confirm; the ministry's figure for Kiên Giang is the wards' sum", async () => {
    const reports = wards.map((_, i) => wardFigures(i));
    for (const [i, ward] of wards.entries()) {
      await chairOf(ward).reports.submit({ assignmentId: assignmentWorkflowId(rg245, ward), figures: reports[i]!, narrative: 'Đã vận động từng khu phố.' });
    }
    const expected = { installs: sum('installs', reports), adults15to60: sum('adults15to60', reports), smartphoneUsers: sum('smartphoneUsers', reports) };

    const rgAssignment = assignmentWorkflowId(kg1120, RACH_GIA);
    const rgDraft = await chairOf(RACH_GIA).chains.fromRollup({ assignmentId: rgAssignment });
    expect(rgDraft).toMatchObject({ implementing: { directiveId: rg245 }, figures: expected, missing: [], reported: wards.length, changed: true, correction: false, lastVersion: null });
    // Nothing goes up before the unit confirms.
    const kgAssignment = assignmentWorkflowId(D2841.id, KG.province);
    expect((await chairOf(KG.province).chains.fromRollup({ assignmentId: kgAssignment }))!.reported).toBe(0);
    await chairOf(RACH_GIA).reports.submit({ assignmentId: rgAssignment, figures: rgDraft!.figures, narrative: 'Tổng hợp từ báo cáo của các phường, xã.' });

    const kgDraft = await chairOf(KG.province).chains.fromRollup({ assignmentId: kgAssignment });
    expect(kgDraft).toMatchObject({ implementing: { directiveId: kg1120 }, figures: expected, changed: true });
    expect((await chairOf(MINISTRY_2020_ID).directives.rollup({ directiveId: D2841.id })).rollup.reported).toBe(0);
    await chairOf(KG.province).reports.submit({ assignmentId: kgAssignment, figures: kgDraft!.figures, narrative: 'Tổng hợp từ các huyện, thành phố.' });

    const national = await chairOf(MINISTRY_2020_ID).directives.rollup({ directiveId: D2841.id });
    expect(national.rollup.children.find((c) => c.unitId === KG.province)?.figures).toEqual(expected);
    expect(national.rollup.figures).toEqual(expected);
    // Sent: nothing new to confirm.
    expect(await chairOf(KG.province).chains.fromRollup({ assignmentId: kgAssignment })).toMatchObject({ changed: false, lastVersion: 1 });
  });

  it('a correction at a ward reaches the ministry after both confirmations, not before', async () => {
    const ward = wards[0]!;
    const before = wardFigures(0);
    await chairOf(ward).reports.submit({
      assignmentId: assignmentWorkflowId(rg245, ward),
      figures: { ...before, installs: before.installs - 100 },
      narrative: 'Rà soát lại.',
      correction: { reason: 'Trùng 100 lượt cài đặt.' },
    });
    const ministryFigure = async () => (await chairOf(MINISTRY_2020_ID).directives.rollup({ directiveId: D2841.id })).rollup.children.find((c) => c.unitId === KG.province)!.figures.installs!;
    const sent = await ministryFigure();

    const rgAssignment = assignmentWorkflowId(kg1120, RACH_GIA);
    const rgDraft = (await chairOf(RACH_GIA).chains.fromRollup({ assignmentId: rgAssignment }))!;
    expect(rgDraft).toMatchObject({ changed: true, correction: true, lastVersion: 1 });
    expect(rgDraft.figures.installs).toBe(sent - 100);
    // A running total that goes down is a correction: without its reason the ordinary report's rules refuse it.
    expect(await rejection(chairOf(RACH_GIA).reports.submit({ assignmentId: rgAssignment, figures: rgDraft.figures, narrative: 'Cập nhật.' }))).toEqual({
      code: 'BAD_REQUEST',
      domainCode: 'INVALID_REPORT',
    });
    expect(await ministryFigure()).toBe(sent);
    await chairOf(RACH_GIA).reports.submit({ assignmentId: rgAssignment, figures: rgDraft.figures, narrative: 'Cập nhật.', correction: { reason: 'Phường điều chỉnh số liệu.' } });
    expect(await ministryFigure()).toBe(sent);

    const kgAssignment = assignmentWorkflowId(D2841.id, KG.province);
    const kgDraft = (await chairOf(KG.province).chains.fromRollup({ assignmentId: kgAssignment }))!;
    expect(kgDraft).toMatchObject({ changed: true, correction: true, lastVersion: 1 });
    await chairOf(KG.province).reports.submit({ assignmentId: kgAssignment, figures: kgDraft.figures, narrative: 'Cập nhật.', correction: { reason: 'Rạch Giá điều chỉnh số liệu.' } });
    expect(await ministryFigure()).toBe(sent - 100);
    expect((await chairOf(KG.province).reports.history({ assignmentId: kgAssignment })).map((r) => r.version)).toEqual([1, 2]);
  });
});
