import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KG, localDateOf, type Directive } from '@chidao/domain';
import { assignmentWorkflowId, directiveSnapshotQuery, directiveWorkflowId } from '@chidao/workflows';
import { eventually } from '@chidao/testing';
import { domainCodeOf } from './index';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { issueDirective } from './services';
import { signedInAs } from './testing';
import { refusedWith } from './test-support';

/**
 * Forwarding (chuyển giao xuống cấp dưới) and reassigning (giao lại) through the API, on the real
 * engine: a directive to the district chairs only; Rạch Giá hands it to two of its wards with its
 * own instructions and deadline, then moves one ward's task to another ward.
 */
const RACH_GIA = 'kg.rach-gia';
const VINH_THANH_VAN = 'kg.rach-gia.p-vinh-thanh-van';
const VINH_THANH = 'kg.rach-gia.p-vinh-thanh';
const AN_HOA = 'kg.rach-gia.p-an-hoa';
const HA_TIEN_COMMUNE = 'kg.ha-tien.p-dong-ho';
const KIEN_HAI = 'kg.kien-hai';

const DAY = 86_400_000;
/** A day (yyyy-MM-dd, Asia/Ho_Chi_Minh) `n` days from now. */
const inDays = (n: number) => localDateOf(new Date(Date.now() + n * DAY).toISOString());

const DIRECTIVE: Directive = {
  id: `kg.${inDays(0).slice(0, 4)}.45-ubnd-vx`,
  reference: '45/UBND-VX',
  issuerUnitId: KG.province,
  place: 'Kiên Giang',
  date: inDays(0),
  subject: 'V/v rà soát hộ nghèo',
  urgency: null,
  recipients: [{ text: 'Chủ tịch UBND các huyện, thành phố.', group: { type: 'level', level: 'district', kinds: ['people_committee'] } }],
  tasks: [{ id: 't1', text: 'Chỉ đạo các xã, phường rà soát và báo cáo.', assignees: [{ type: 'level', level: 'district', kinds: ['people_committee'] }] }],
  targets: [],
  deadlines: [{ text: `trước ngày ${inDays(30)}`, due: inDays(30) }],
  coordinatorUnitId: null,
  signer: { capacity: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
  copiesTo: [],
  metrics: [{ key: 'households', label: 'Số hộ đã rà soát', cumulative: true }],
};
const id = (unitId: string) => assignmentWorkflowId(DIRECTIVE.id, unitId);
const chairOf = (unitId: string) => signedInAs(harness.deps, `u.${unitId}`);
const INSTRUCTIONS = 'Các phường rà soát từng khu phố, báo cáo thành phố trước để tổng hợp.';

let harness: EngineHarness;

async function rejection(promise: Promise<unknown>): Promise<string | null> {
  return domainCodeOf(await refusedWith(promise));
}

beforeAll(async () => {
  harness = await startEngineHarness('forward-test');
  await issueDirective({ repos: harness.repos, client: harness.env.client, taskQueue: 'forward-test' }, DIRECTIVE);
  await eventually(async () => expect((await harness.repos.lifecycle.deadlinesOf(id(RACH_GIA)))?.reportBy).toBeTruthy());
  await eventually(async () => expect((await harness.repos.lifecycle.deadlinesOf(id(KIEN_HAI)))?.reportBy).toBeTruthy());
}, 600_000);

afterAll(async () => {
  await harness?.stop();
});

describe('forwarding to units below', () => {
  it("offers the district's wards, none holding the task yet", async () => {
    const below = await chairOf(RACH_GIA).directives.subordinates({ directiveId: DIRECTIVE.id, unitId: RACH_GIA });
    expect(below).toHaveLength(12);
    expect(below.every((u) => u.state === null)).toBe(true);
    expect(await chairOf(VINH_THANH_VAN).assignments.mine()).not.toContainEqual(expect.objectContaining({ directiveId: DIRECTIVE.id }));
  });

  it('delivers real assignments the wards see, with the district’s instructions and earlier deadline', async () => {
    const result = await chairOf(RACH_GIA).assignments.forward({
      assignmentId: id(RACH_GIA),
      units: [VINH_THANH_VAN, VINH_THANH],
      reportDate: inDays(20),
      acknowledgeDate: inDays(5),
      instructions: INSTRUCTIONS,
    });
    expect(result).toEqual({ forwarded: [VINH_THANH_VAN, VINH_THANH], already: [], reportDate: inDays(20) });

    const ward = await eventually(async () => {
      const mine = (await chairOf(VINH_THANH_VAN).assignments.mine()).find((a) => a.directiveId === DIRECTIVE.id);
      expect(mine?.deadline).toBeTruthy();
      return mine!;
    });
    expect(ward).toMatchObject({ id: id(VINH_THANH_VAN), parentUnitId: RACH_GIA, state: 'issued', instructions: INSTRUCTIONS, tasks: [{ id: 't1' }] });
    expect(ward.deadline).toEqual({ kind: 'acknowledge', at: `${inDays(5)}T16:59:59.999Z` });
    // The ward acknowledges its forwarded task like any other.
    expect((await chairOf(VINH_THANH_VAN).assignments.acknowledge({ assignmentId: id(VINH_THANH_VAN) })).deadline).toEqual({
      kind: 'report',
      at: `${inDays(20)}T16:59:59.999Z`,
    });

    // The district sees them below it, in its overview and its rollup.
    const overview = await chairOf(RACH_GIA).directives.overview({ directiveId: DIRECTIVE.id });
    // In the tree's order.
    expect(overview.children.map((c) => [c.id, c.own])).toEqual([
      [VINH_THANH, 'issued'],
      [VINH_THANH_VAN, 'acknowledged'],
    ]);
    expect((await chairOf(RACH_GIA).directives.rollup({ directiveId: DIRECTIVE.id })).rollup.expected).toBe(2);
    // The forwarding is on the district's record.
    const [entry] = await harness.repos.audit.forEntity('assignment', id(RACH_GIA));
    expect(entry).toMatchObject({ action: 'assignment.forward', actorUnitId: RACH_GIA, after: { forwarded: [VINH_THANH_VAN, VINH_THANH], instructions: INSTRUCTIONS } });
  });

  it('forwarding the same ward again changes nothing', async () => {
    expect(
      await chairOf(RACH_GIA).assignments.forward({ assignmentId: id(RACH_GIA), units: [VINH_THANH_VAN], reportDate: inDays(20), instructions: INSTRUCTIONS }),
    ).toEqual({ forwarded: [], already: [VINH_THANH_VAN], reportDate: inDays(20) });
    expect((await harness.repos.assignments.statesForDirective(DIRECTIVE.id, RACH_GIA)).map((s) => s.unitId)).toEqual([VINH_THANH_VAN, VINH_THANH].sort());
  });

  it('refuses with a typed error, changing nothing', async () => {
    const before = await harness.repos.assignments.statesForDirective(DIRECTIVE.id);
    const forward = (over: Record<string, unknown>, caller = chairOf(RACH_GIA)) =>
      rejection(caller.assignments.forward({ assignmentId: id(RACH_GIA), units: [AN_HOA], reportDate: inDays(20), instructions: INSTRUCTIONS, ...over }));
    // Not a unit below the district.
    expect(await forward({ units: [HA_TIEN_COMMUNE] })).toBe('UNIT_NOT_FOUND');
    expect(await forward({ units: [AN_HOA, 'kg'] })).toBe('UNIT_NOT_FOUND');
    // Later than what the district owes, in the past, or acknowledging after reporting.
    expect(await forward({ reportDate: inDays(31) })).toBe('INVALID_INPUT');
    expect(await forward({ reportDate: inDays(-1) })).toBe('INVALID_INPUT');
    expect(await forward({ acknowledgeDate: inDays(21) })).toBe('INVALID_INPUT');
    expect(await forward({ instructions: '   ' })).toBe('INVALID_INPUT');
    // A ward cannot forward the district's task; the district cannot forward another district's.
    expect(await forward({}, chairOf(VINH_THANH_VAN))).toBe('ASSIGNMENT_NOT_FOUND');
    expect(await rejection(chairOf(RACH_GIA).assignments.forward({ assignmentId: id(KIEN_HAI), units: 'all', reportDate: inDays(20), instructions: 'x' }))).toBe(
      'ASSIGNMENT_NOT_FOUND',
    );
    // A ward has nothing below it.
    expect(
      await rejection(chairOf(VINH_THANH_VAN).assignments.forward({ assignmentId: id(VINH_THANH_VAN), units: 'all', reportDate: inDays(10), instructions: 'x' })),
    ).toBe('ILLEGAL_TRANSITION');
    expect(await harness.repos.assignments.statesForDirective(DIRECTIVE.id)).toEqual(before);
  });
});

describe('reassigning', () => {
  it('the district moves a ward’s task to another ward: the old one ends, the new one carries on', async () => {
    const moved = await chairOf(RACH_GIA).assignments.reassign({ assignmentId: id(VINH_THANH), toUnitId: AN_HOA, reason: 'Phường Vĩnh Thanh giao nhầm, đúng là An Hòa.' });
    expect(moved).toEqual({ fromUnitId: VINH_THANH, toUnitId: AN_HOA, assignmentId: id(AN_HOA) });
    expect(await harness.repos.assignments.get(id(VINH_THANH))).toMatchObject({
      state: 'reassigned',
      reassignedToUnitId: AN_HOA,
      reassignReason: 'Phường Vĩnh Thanh giao nhầm, đúng là An Hòa.',
    });
    const fresh = await eventually(async () => {
      const mine = (await chairOf(AN_HOA).assignments.mine()).find((a) => a.directiveId === DIRECTIVE.id);
      expect(mine?.deadline).toBeTruthy();
      return mine!;
    });
    expect(fresh).toMatchObject({ parentUnitId: RACH_GIA, state: 'issued', reassignedFromUnitId: VINH_THANH, instructions: INSTRUCTIONS, tasks: [{ id: 't1' }] });
    expect((await harness.repos.lifecycle.deadlinesOf(id(AN_HOA)))?.reportBy).toBe(`${inDays(20)}T16:59:59.999Z`);
    // The old ward no longer sees a task to act on; the district's counts follow the new one.
    const overview = await chairOf(RACH_GIA).directives.overview({ directiveId: DIRECTIVE.id });
    expect(overview.children.map((c) => [c.id, c.own])).toEqual([
      [AN_HOA, 'issued'],
      [VINH_THANH, 'reassigned'],
      [VINH_THANH_VAN, 'acknowledged'],
    ]);
    expect(overview.below).toEqual({ total: 2, acknowledged: 1 });
    expect((await chairOf(RACH_GIA).directives.rollup({ directiveId: DIRECTIVE.id })).rollup.expected).toBe(2);
    const [entry] = await harness.repos.audit.forEntity('assignment', id(VINH_THANH));
    expect(entry).toMatchObject({ action: 'assignment.reassign', actorUnitId: RACH_GIA, before: { state: 'issued' }, after: { state: 'reassigned', toUnitId: AN_HOA } });
  });

  it('refuses illegal moves with a typed error, changing nothing', async () => {
    const before = await harness.repos.assignments.statesForDirective(DIRECTIVE.id);
    const reassign = (assignmentId: string, toUnitId: string, caller = chairOf(RACH_GIA)) =>
      rejection(caller.assignments.reassign({ assignmentId, toUnitId, reason: 'Sáp nhập.' }));
    // Already moved; to a unit that holds the task; to itself; outside the district.
    expect(await reassign(id(VINH_THANH), 'kg.rach-gia.p-vinh-quang')).toBe('ILLEGAL_TRANSITION');
    expect(await reassign(id(AN_HOA), VINH_THANH_VAN)).toBe('ILLEGAL_TRANSITION');
    expect(await reassign(id(AN_HOA), AN_HOA)).toBe('INVALID_INPUT');
    expect(await reassign(id(AN_HOA), HA_TIEN_COMMUNE)).toBe('UNIT_NOT_FOUND');
    // Only the assigning unit: not the ward itself, not the province above the district.
    expect(await reassign(id(AN_HOA), 'kg.rach-gia.p-vinh-quang', chairOf(AN_HOA))).toBe('ASSIGNMENT_NOT_FOUND');
    expect(await reassign(id(AN_HOA), 'kg.rach-gia.p-vinh-quang', chairOf(KG.province))).toBe('ASSIGNMENT_NOT_FOUND');
    // A district with wards still working under it is not moved.
    expect(await reassign(id(RACH_GIA), KG.soTTTT, chairOf(KG.province))).toBe('ILLEGAL_TRANSITION');
    expect(await harness.repos.assignments.statesForDirective(DIRECTIVE.id)).toEqual(before);
  });

  it('the issuer moves a top-level assignment, and the directive follows it', async () => {
    const moved = await chairOf(KG.province).assignments.reassign({ assignmentId: id(KIEN_HAI), toUnitId: KG.soTTTT, reason: 'Giao nhầm đơn vị.' });
    expect(moved.toUnitId).toBe(KG.soTTTT);
    await eventually(async () => expect((await harness.repos.assignments.get(id(KG.soTTTT)))?.parentUnitId).toBeNull());
    await eventually(async () =>
      expect((await harness.env.client.workflow.getHandle(directiveWorkflowId(DIRECTIVE.id)).query(directiveSnapshotQuery)).delivered).toContain(KG.soTTTT),
    );
    expect((await harness.env.client.workflow.getHandle(directiveWorkflowId(DIRECTIVE.id)).query(directiveSnapshotQuery)).delivered).not.toContain(KIEN_HAI);
  });
});
