import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTIVE_1119, KG, buildHierarchy, kienGiangUnits, planAssignments, THREE_LEVEL_SCHEME } from '@chidao/domain';
import { assignmentWorkflowId } from '@chidao/workflows';
import { eventually } from '@chidao/testing';
import { DEMO_PASSWORD } from '@chidao/db';
import { gatedClient, type ContextDeps } from './index';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { signedInAs, testAuth, testBrowser } from './testing';
import { refusedWith, rejection, shapeOf } from './test-support';

const taskQueue = 'api-test';
const RACH_GIA = 'kg.rach-gia';
const VINH_THANH_VAN = 'kg.rach-gia.p-vinh-thanh-van';
const VINH_THANH = 'kg.rach-gia.p-vinh-thanh';
const HA_TIEN_COMMUNE = 'kg.ha-tien.p-dong-ho';
const planned = planAssignments(buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits()), DIRECTIVE_1119).length;

let harness: EngineHarness;
let base: ContextDeps;

/** A caller for a signed-in demo user (or signed out with null), with a session as sign-in makes one. */
function callerFor(userId: string | null, overrides: Partial<ContextDeps> = {}) {
  return signedInAs({ ...base, ...overrides }, userId);
}
const chairOf = (unitId: string) => callerFor(`u.${unitId}`);

beforeAll(async () => {
  harness = await startEngineHarness(taskQueue);
  base = harness.deps;
});

afterAll(async () => {
  await harness?.stop();
});

describe('session', () => {
  it('lists the demo accounts and signs in with one and the demo password', async () => {
    const caller = testBrowser(base).caller;
    expect(await caller.session.me()).toBeNull();
    const accounts = await caller.session.demoAccounts();
    expect(accounts.find((a) => a.unitId === VINH_THANH_VAN)?.username).toBe(`ct.${VINH_THANH_VAN}`);
    // Kiên Giang 2020's committees ended with 30/6/2025: the list can say so beside each.
    expect(accounts.find((a) => a.unitId === VINH_THANH_VAN)?.unitValidTo).toBe('2025-06-30');
    await caller.session.signIn({ username: `ct.${VINH_THANH_VAN}`, password: DEMO_PASSWORD });
    expect((await caller.session.me())?.unitId).toBe(VINH_THANH_VAN);
  });

  it('refuses signed-out calls with UNAUTHORIZED', async () => {
    expect(await rejection(callerFor(null).assignments.mine())).toEqual({ code: 'UNAUTHORIZED', domainCode: 'NOT_SIGNED_IN' });
  });

  it('offers no demo accounts, and lets none sign in, when demo mode is off', async () => {
    const caller = testBrowser({ ...base, devSignIn: false }).caller;
    expect(await caller.session.demoAccounts()).toEqual([]);
    expect((await rejection(caller.session.signIn({ username: `ct.${VINH_THANH_VAN}`, password: DEMO_PASSWORD }))).domainCode).toBe(
      'INVALID_CREDENTIALS',
    );
    // A session made while demo mode was on is worth nothing once it is off.
    const earlier = callerFor(`u.${VINH_THANH_VAN}`, { devSignIn: false });
    expect(await earlier.session.me()).toBeNull();
    expect((await rejection(earlier.assignments.mine())).domainCode).toBe('NOT_SIGNED_IN');
  });

  it('rejects malformed input with a typed error', async () => {
    const result = await rejection(callerFor(null).session.signIn({ username: '', password: 'x' }));
    expect(result).toEqual({ code: 'BAD_REQUEST', domainCode: 'INVALID_INPUT' });
  });
});

describe('a commune chair', () => {
  const chair = () => chairOf(VINH_THANH_VAN);

  it('sees the task 1119/UBND-KGVX gave their commune', async () => {
    const mine = await chair().assignments.mine();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ unitId: VINH_THANH_VAN, state: 'issued', directive: { reference: '1119/UBND-KGVX' } });
    expect(mine[0]?.tasks.map((t) => t.id)).toEqual(['t1']);
  });

  it('sees when acknowledgement is due and how it stands', async () => {
    const [assignment] = await eventually(async () => {
      const mine = await chair().assignments.mine();
      expect(mine[0]?.deadline).not.toBeNull();
      return mine;
    });
    const issued = Date.parse(assignment!.issuedAt);
    expect(assignment!.deadline?.kind).toBe('acknowledge');
    // One working day: the end of the next working day after the day of issue, never before it.
    expect(Date.parse(assignment!.deadline!.at)).toBeGreaterThan(issued);
    expect(['within', 'dueSoon']).toContain(assignment!.standing?.kind);
  });

  it('finds the task by words of the directive, with or without marks, and by how it stands, a page at a time', async () => {
    const found = await chair().assignments.search({ query: 'bluezone 1119' });
    expect(found).toMatchObject({ total: 1, page: 1, pages: 1, directives: [{ id: DIRECTIVE_1119.id, reference: '1119/UBND-KGVX' }] });
    expect(found.items[0]?.unitId).toBe(VINH_THANH_VAN);
    expect((await chair().assignments.search({ query: 'trien khai' })).total).toBe((await chair().assignments.search({ query: 'triển khai' })).total);
    expect((await chair().assignments.search({ query: 'covid' })).total).toBe(0);
    expect((await chair().assignments.search({ state: 'reported' })).total).toBe(0);
    expect((await chair().assignments.search({ standing: 'doneOnTime' })).total).toBe(0);
    expect((await chair().assignments.search({ directiveId: DIRECTIVE_1119.id, page: 5, pageSize: 1 })).page).toBe(1);
  });

  it("cannot acknowledge another commune's assignment, and learns nothing about it", async () => {
    const other = assignmentWorkflowId(DIRECTIVE_1119.id, VINH_THANH);
    const missing = assignmentWorkflowId(DIRECTIVE_1119.id, 'kg.nowhere');
    expect(await rejection(chair().assignments.acknowledge({ assignmentId: other }))).toEqual(
      await rejection(chair().assignments.acknowledge({ assignmentId: missing })),
    );
    expect((await chairOf(VINH_THANH).assignments.mine())[0]?.state).toBe('issued');
  });

  it("cannot read the district's overview", async () => {
    const result = await rejection(chair().directives.overview({ directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA }));
    expect(result).toEqual({ code: 'NOT_FOUND', domainCode: 'UNIT_NOT_FOUND' });
  });

  it('acknowledges, and the district chair sees "1 of 12" move', async () => {
    const district = chairOf(RACH_GIA);
    const before = await district.directives.overview({ directiveId: DIRECTIVE_1119.id });
    expect(before.below).toEqual({ total: 12, acknowledged: 0 });

    const [assignment] = await chair().assignments.mine();
    const acknowledged = await chair().assignments.acknowledge({ assignmentId: assignment!.id });
    expect(acknowledged.state).toBe('acknowledged');
    expect(acknowledged.acknowledgedBy).toBe(`u.${VINH_THANH_VAN}`);

    const after = await district.directives.overview({ directiveId: DIRECTIVE_1119.id });
    expect(after.below).toEqual({ total: 12, acknowledged: 1 });
    expect(after.children.find((c) => c.id === VINH_THANH_VAN)?.own).toBe('acknowledged');
    expect(after.children.find((c) => c.id === VINH_THANH)?.own).toBe('issued');
  });

  it('acknowledging twice is refused with ALREADY_ACKNOWLEDGED', async () => {
    const [assignment] = await chair().assignments.mine();
    expect(await rejection(chair().assignments.acknowledge({ assignmentId: assignment!.id }))).toEqual({
      code: 'CONFLICT',
      domainCode: 'ALREADY_ACKNOWLEDGED',
    });
  });
});

describe('the province', () => {
  it('sees acknowledgements per district and its own departments', async () => {
    await chairOf(HA_TIEN_COMMUNE).assignments.acknowledge({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, HA_TIEN_COMMUNE) });
    const overview = await chairOf(KG.province).directives.overview({ directiveId: DIRECTIVE_1119.id });
    expect(overview.own).toBeNull();
    expect(overview.below).toEqual({ total: planned, acknowledged: 2 });
    const byId = new Map(overview.children.map((c) => [c.id, c]));
    expect(byId.get(RACH_GIA)).toMatchObject({ own: 'issued', below: { total: 12, acknowledged: 1 } });
    expect(byId.get('kg.ha-tien')).toMatchObject({ own: 'issued', below: { total: 7, acknowledged: 1 } });
    expect(byId.get(KG.soTTTT)).toMatchObject({ own: 'issued', below: { total: 0, acknowledged: 0 } });
    expect(overview.children.filter((c) => c.level === 'district')).toHaveLength(15);
  });

  it('finds its directives by number or subject and by date, a bounded page at a time', async () => {
    const province = chairOf(KG.province);
    const all = await province.directives.search({});
    expect(all.total).toBe((await province.directives.list()).length);
    const found = await province.directives.search({ query: '1119 bluezone' });
    expect(found.items.map((d) => d.id)).toEqual([DIRECTIVE_1119.id]);
    expect((await province.directives.search({ from: '2020-08-19', to: '2020-08-19' })).items.map((d) => d.id)).toContain(DIRECTIVE_1119.id);
    expect((await province.directives.search({ from: '2020-08-20' })).items.map((d) => d.id)).not.toContain(DIRECTIVE_1119.id);
    expect((await rejection(province.directives.search({ pageSize: 51 }))).domainCode).toBe('INVALID_INPUT');
    // A commune reads the directive but does not compile it: the home page's list leaves it out.
    expect((await chairOf(VINH_THANH).directives.search({ compiledOnly: true })).total).toBe(0);
    expect((await province.directives.search({ compiledOnly: true })).items.map((d) => d.id)).toContain(DIRECTIVE_1119.id);
  });

  it('drills down to a district', async () => {
    const overview = await chairOf(KG.province).directives.overview({ directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA });
    expect(overview.children).toHaveLength(12);
    expect(overview.own?.state).toBe('issued');
    expect(overview.hasUnitsBelow).toBe(true);
    expect(overview.delivery).toBeNull();
  });

  it('lists units as officials do: committees by place name in Vietnamese order, then departments; one form of names', async () => {
    const overview = await chairOf(KG.province).directives.overview({ directiveId: DIRECTIVE_1119.id });
    expect(overview.unit.name).toBe('UBND tỉnh Kiên Giang');
    const kinds = overview.children.map((c) => c.kind);
    expect(kinds.indexOf('people_committee')).toBe(0);
    expect(kinds.lastIndexOf('people_committee')).toBe(14);
    const places = overview.children.slice(0, 15).map((c) => c.name);
    expect(places.slice(0, 5)).toEqual(['UBND huyện An Biên', 'UBND huyện An Minh', 'UBND huyện Châu Thành', 'UBND huyện Giang Thành', 'UBND huyện Giồng Riềng']);
    expect(places.indexOf('UBND thành phố Hà Tiên')).toBe(places.indexOf('UBND huyện Gò Quao') + 1);
  });

  it("a commune's page has no units below it to speak of", async () => {
    const overview = await chairOf(VINH_THANH).directives.overview({ directiveId: DIRECTIVE_1119.id });
    expect(overview).toMatchObject({ hasUnitsBelow: false, delivery: null, children: [] });
  });
});

describe('operators', () => {
  it('get a link from each directive to its workflow in the Temporal Web UI, when one is configured', async () => {
    const [without] = await chairOf(KG.province).directives.list();
    expect(without?.workflowUrl).toBeNull();
    const withUi = callerFor(`u.${KG.province}`, { temporalUi: { url: 'http://127.0.0.1:8233/', namespace: 'default' } });
    const [linked] = await withUi.directives.list();
    expect(linked?.workflowUrl).toBe('http://127.0.0.1:8233/namespaces/default/workflows/directive%3Akg.2020.1119-ubnd-kgvx');
  });

  it('only an operator (the system administrator) gets it: a district chair does not', async () => {
    const ui = { temporalUi: { url: 'http://127.0.0.1:8233/', namespace: 'default' } };
    const district = callerFor(`u.${RACH_GIA}`, ui);
    const listed = await district.directives.list();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((d) => d.workflowUrl === null)).toBe(true);
    expect((await district.directives.overview({ directiveId: DIRECTIVE_1119.id })).directive.workflowUrl).toBeNull();
  });
});

describe('reports and their review', () => {
  const assignmentId = assignmentWorkflowId(DIRECTIVE_1119.id, VINH_THANH);
  const figures = { installs: 1_200, adults15to60: 9_000, smartphoneUsers: 6_000 };

  it('a commune reports figures; the district returns them with a reason; a correction is a new version', async () => {
    const commune = chairOf(VINH_THANH);
    const first = await commune.reports.submit({ assignmentId, figures, narrative: 'Đã triển khai đến từng khu phố.' });
    expect(first).toMatchObject({ version: 1, review: 'pending', figures });
    // An acknowledgement that arrives after the report (a colleague's phone, queued offline) asks for
    // what is already so: told so, not refused, and the report stands.
    expect(await rejection(commune.assignments.acknowledge({ assignmentId }))).toEqual({ code: 'CONFLICT', domainCode: 'ALREADY_ACKNOWLEDGED' });
    // 1,200 of 6,000 smartphone users is 20%, far behind the 60% target: the district is told.
    const atRisk = (await chairOf(RACH_GIA).escalations.inbox()).filter((e) => e.unitId === VINH_THANH);
    expect(atRisk.map((e) => [e.reason, e.level])).toEqual([['behind_target', 'parent']]);

    const invalid = await rejection(
      commune.reports.submit({ assignmentId, figures: { ...figures, installs: 1_000 }, narrative: 'Số liệu giảm.' }),
    );
    expect(invalid).toEqual({ code: 'BAD_REQUEST', domainCode: 'INVALID_REPORT' });
    // The refusal names the wrong field as a path into the input, so any client marks it (data.fields).
    const refused = await refusedWith(commune.reports.submit({ assignmentId, figures: { ...figures, installs: 1_000 }, narrative: 'Số liệu giảm.' }));
    expect(shapeOf(refused).data).toMatchObject({ domainCode: 'INVALID_REPORT', fields: [{ path: ['figures', 'installs'], code: 'DECREASED' }] });

    const returned = await chairOf(RACH_GIA).reports.review({ assignmentId, version: 1, decision: 'return', reason: 'Thiếu số liệu khu phố 3.' });
    expect(returned).toMatchObject({ review: 'returned', reviewReason: 'Thiếu số liệu khu phố 3.' });

    const corrected = await commune.reports.submit({
      assignmentId,
      figures: { ...figures, installs: 1_100 },
      narrative: 'Đã rà soát lại.',
      correction: { reason: 'Trùng lặp 100 lượt cài đặt.' },
    });
    expect(corrected).toMatchObject({ version: 2, correctionReason: 'Trùng lặp 100 lượt cài đặt.' });
    expect((await commune.reports.history({ assignmentId })).map((r) => [r.version, r.review])).toEqual([
      [1, 'returned'],
      [2, 'pending'],
    ]);
  });

  it("the district's rollup sums its communes' latest figures and flags what is not yet accepted", async () => {
    const rollup = await chairOf(RACH_GIA).directives.rollup({ directiveId: DIRECTIVE_1119.id });
    expect(rollup.rollup.figures).toMatchObject({ installs: 1_100, adults15to60: 9_000 });
    expect(rollup.rollup.pendingReview).toBe(true);
    expect(rollup.rollup.reported).toBe(1);
    expect(rollup.rollup.expected).toBe(12);
    await chairOf(RACH_GIA).reports.review({ assignmentId, version: 2, decision: 'accept' });
    const accepted = await chairOf(RACH_GIA).directives.rollup({ directiveId: DIRECTIVE_1119.id });
    expect(accepted.rollup.pendingReview).toBe(false);
    expect(accepted.rollup.children.find((c) => c.unitId === VINH_THANH)?.rank).toBe(1);
  });

  it("the timeline merges people's actions with the workflow's own", async () => {
    const timeline = await chairOf(RACH_GIA).assignments.timeline({ assignmentId });
    expect(timeline[0]?.kind).toBe('issued');
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['report.submit', 'report.return', 'report.accept']));
  });
});

describe('many acknowledgements at once', () => {
  it('are each taken, in turn, by a server that lets one update at a time through to Temporal', async () => {
    const oneAtATime = gatedClient({ connection: harness.env.connection, namespace: harness.env.namespace ?? 'default', updatesInFlight: 1 });
    const temporal = { client: oneAtATime, taskQueue };
    const communes = ['kg.phu-quoc.tt-duong-dong', 'kg.phu-quoc.tt-an-thoi', 'kg.phu-quoc.x-cua-can', 'kg.phu-quoc.x-ganh-dau'];
    const answers = await Promise.all(
      communes.map((unitId) => callerFor(`u.${unitId}`, { temporal }).assignments.acknowledge({ assignmentId: assignmentWorkflowId(DIRECTIVE_1119.id, unitId) })),
    );
    expect(answers.map((a) => [a.unitId, a.state, a.acknowledgedBy])).toEqual(communes.map((unitId) => [unitId, 'acknowledged', `u.${unitId}`]));
    const overview = await chairOf(KG.province).directives.overview({ directiveId: DIRECTIVE_1119.id, unitId: 'kg.phu-quoc' });
    expect(overview.below.acknowledged).toBe(communes.length);
  });
});

// Last: the directive it stores has no workflow, which no test before it should meet.
describe('a directive just issued', () => {
  it('says how far a directive just issued has been delivered, while its workflow has not yet reached every unit', async () => {
    // Stored as issuing stores it, before its workflow delivers anything: no unit has it yet.
    const undelivered = { ...DIRECTIVE_1119, id: 'kg.2020.1119b-ubnd-kgvx', reference: '1119b/UBND-KGVX' };
    await harness.repos.directives.insert(undelivered, 'directive:kg.2020.1119b-ubnd-kgvx');
    const overview = await chairOf(KG.province).directives.overview({ directiveId: undelivered.id });
    expect(overview.delivery).toEqual({ delivered: 0, planned });
    expect(overview.children).toEqual([]);
    const district = await chairOf(KG.province).directives.overview({ directiveId: undelivered.id, unitId: RACH_GIA });
    expect(district.delivery).toEqual({ delivered: 0, planned: 12 });
  });
});
