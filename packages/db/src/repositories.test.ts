import { existsSync, readFileSync } from 'node:fs';
import {
  childrenOf,
  DIRECTIVE_1119,
  DomainError,
  KG,
  kienGiangUnits,
  planAssignments,
  type Directive,
  type PlannedAssignment,
  type Unit,
} from '@chidao/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './client';
import { createRepositories } from './repositories';
import { DISPATCH_1119_TEXT_PATH, seedReferenceData } from './seed';
import { createTestDatabase } from './testing';
import { useTestStore } from './test-store';

const store = useTestStore({ units: kienGiangUnits(), demoUsers: true });
let plan: PlannedAssignment[];

const WORKFLOW_1119 = `directive:${DIRECTIVE_1119.id}`;
const assignmentId = (directiveId: string, unitId: string): string => `directive:${directiveId}/unit:${unitId}`;
const RACH_GIA = 'kg.rach-gia';
const ISSUED_AT = '2020-08-19T02:00:00.000Z';
/** How the seed directive is named wherever it is shown. */
const HEADER_1119 = {
  id: DIRECTIVE_1119.id,
  reference: '1119/UBND-KGVX',
  subject: DIRECTIVE_1119.subject,
  date: '2020-08-19',
  issuerUnitId: 'kg',
  issuerName: 'Ủy ban nhân dân tỉnh Kiên Giang',
  kind: 'cong_van',
};

beforeAll(async () => {
  const { repos } = store;
  await repos.directives.save(DIRECTIVE_1119, WORKFLOW_1119);
  plan = planAssignments(await repos.units.hierarchy(), DIRECTIVE_1119);
  for (const p of plan) {
    await repos.assignments.recordIssued({
      id: assignmentId(DIRECTIVE_1119.id, p.unitId),
      directiveId: DIRECTIVE_1119.id,
      unitId: p.unitId,
      parentUnitId: p.parentUnitId,
      taskIds: [...p.taskIds],
      issuedAt: ISSUED_AT,
      version: 1,
    });
  }
});

const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);

describe('units', () => {
  it('round-trip the Kiên Giang seed: 1 province, 26 provincial agencies, 15 districts, 145 communes', async () => {
    const all = await store.repos.units.all();
    expect([...all].sort(byId)).toEqual([...kienGiangUnits()].sort(byId));
    const count = (pick: (u: Unit) => boolean): number => all.filter(pick).length;
    expect(count((u) => u.parentId === null)).toBe(1);
    expect(count((u) => u.level === 'province' && u.parentId !== null)).toBe(26);
    expect(count((u) => u.level === 'district')).toBe(15);
    expect(count((u) => u.level === 'commune')).toBe(145);
    expect(all).toHaveLength(187);
  });

  it('store the materialised path and depth', async () => {
    const rows = await store.db.prisma.unit.findMany({ where: { id: { in: [KG.province, RACH_GIA, `${RACH_GIA}.p-vinh-thanh-van`] } }, orderBy: { depth: 'asc' } });
    expect(rows.map((r) => [r.path, r.depth])).toEqual([
      ['kg', 0],
      ['kg/kg.rach-gia', 1],
      ['kg/kg.rach-gia/kg.rach-gia.p-vinh-thanh-van', 2],
    ]);
  });

  it('build the hierarchy once per repositories object', async () => {
    const hierarchy = await store.repos.units.hierarchy();
    expect(hierarchy.roots).toEqual(['kg']);
    expect(childrenOf(hierarchy, KG.province)).toHaveLength(41);
    expect(await store.repos.units.hierarchy()).toBe(hierarchy);
  });

  it('get one unit, or null', async () => {
    expect(await store.repos.units.get(KG.soTTTT)).toMatchObject({ name: 'Sở Thông tin và Truyền thông', kind: 'department', parentId: 'kg' });
    expect(await store.repos.units.get('nowhere')).toBeNull();
  });

  it('reject a unit whose parent is unknown', async () => {
    const orphan: Unit = { id: 'x.orphan', name: 'Orphan', level: 'commune', kind: 'people_committee', parentId: 'x.none' };
    await expect(store.repos.units.upsertMany([orphan])).rejects.toMatchObject({ code: 'INVALID_HIERARCHY' });
  });

  it('move a unit with its subtree, keeping paths consistent', async () => {
    const scratch = await createTestDatabase();
    const scratchDb = createDb(scratch.url);
    try {
      const r = createRepositories(scratchDb);
      await seedReferenceData(r, { units: kienGiangUnits(), demoUsers: false });
      const district = (await r.units.get(RACH_GIA))!;
      await r.units.upsertMany([{ ...district, parentId: KG.soTTTT, level: 'district' }]);
      const commune = await scratchDb.prisma.unit.findUniqueOrThrow({ where: { id: `${RACH_GIA}.p-vinh-thanh-van` } });
      expect([commune.path, commune.depth]).toEqual([`kg/${KG.soTTTT}/${RACH_GIA}/${RACH_GIA}.p-vinh-thanh-van`, 3]);
      const hierarchy = await r.units.hierarchy();
      expect(hierarchy.units.get(RACH_GIA)?.parentId).toBe(KG.soTTTT);
    } finally {
      await scratchDb.close();
      await scratch.drop();
    }
  });

  it('keep a unit’s official code and days, and a province of the two-level map beside the 2020 one', async () => {
    const anGiang: Unit[] = [
      { id: 'an-giang', name: 'Ủy ban nhân dân tỉnh An Giang', level: 'province', kind: 'people_committee', parentId: null, code: '91', validFrom: '2025-07-01' },
      { id: 'an-giang.p-rach-gia', name: 'UBND phường Rạch Giá', level: 'commune', kind: 'people_committee', parentId: 'an-giang', code: '30742', validFrom: '2025-07-01' },
    ];
    const scratch = await createTestDatabase();
    const scratchDb = createDb(scratch.url);
    try {
      const r = createRepositories(scratchDb);
      await seedReferenceData(r, { units: [...kienGiangUnits(), ...anGiang], demoUsers: false });
      expect(await r.units.get('an-giang.p-rach-gia')).toEqual(anGiang[1]);
      const hierarchy = await r.units.hierarchy();
      expect(hierarchy.roots).toEqual(expect.arrayContaining(['kg', 'an-giang']));
      // A commune right below its province: no district level in between.
      expect(childrenOf(hierarchy, 'an-giang').map((u) => u.code)).toEqual(['30742']);
      expect((await r.units.get(KG.soTTTT))?.code).toBeUndefined();
      // Each day read back as written, whatever the server's time zone: the last day of Kiên Giang, the first of An Giang.
      expect(hierarchy.units.get('kg')).toMatchObject({ validTo: '2025-06-30' });
      expect(hierarchy.units.get('kg')?.validFrom).toBeUndefined();
      expect(hierarchy.units.get('an-giang')).toMatchObject({ validFrom: '2025-07-01' });
      // Seeding again with the days changed updates them, and an end taken away is open again.
      const { validTo: _, ...reopened } = kienGiangUnits()[0]!;
      await r.units.upsertMany([{ ...anGiang[0]!, validTo: '2030-12-31' }, reopened]);
      expect(await r.units.get('an-giang')).toMatchObject({ validFrom: '2025-07-01', validTo: '2030-12-31' });
      expect((await r.units.get('kg'))?.validTo).toBeUndefined();
    } finally {
      await scratchDb.close();
      await scratch.drop();
    }
  });
});

describe('users', () => {
  it('has one demo chair per unit, ordered by the tree, with names by kind', async () => {
    const demo = await store.repos.users.listDemo();
    expect(demo).toHaveLength(187);
    expect(demo[0]).toEqual({
      id: 'u.kg',
      username: 'ct.kg',
      displayName: 'Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang',
      unitId: 'kg',
      unitName: 'Ủy ban nhân dân tỉnh Kiên Giang',
      demo: true,
    });
    const rachGia = demo.findIndex((u) => u.unitId === RACH_GIA);
    expect(demo[rachGia + 1]?.unitId.startsWith(`${RACH_GIA}.`)).toBe(true);
    expect(demo.find((u) => u.unitId === KG.soTTTT)?.displayName).toBe('Thủ trưởng Sở Thông tin và Truyền thông');
    expect(demo.find((u) => u.unitId === RACH_GIA)?.displayName).toBe('Chủ tịch UBND thành phố Rạch Giá');
  });

  it('gets one user with the unit name', async () => {
    expect(await store.repos.users.get(`u.${KG.soTTTT}`)).toMatchObject({ username: `ct.${KG.soTTTT}`, unitName: 'Sở Thông tin và Truyền thông' });
    expect(await store.repos.users.get('u.nobody')).toBeNull();
  });

  it('seeding again changes nothing', async () => {
    const before = await store.repos.users.listDemo();
    expect(await seedReferenceData(store.repos, { units: kienGiangUnits(), demoUsers: true })).toEqual({ units: 187, users: 187 });
    expect(await store.repos.users.listDemo()).toEqual(before);
    expect(await store.repos.units.all()).toHaveLength(187);
  });
});

describe('directives', () => {
  it('round-trip the whole directive', async () => {
    expect(await store.repos.directives.get(DIRECTIVE_1119.id)).toEqual(DIRECTIVE_1119);
    expect(await store.repos.directives.get('nothing')).toBeNull();
  });

  it('list summaries with counts', async () => {
    const [summary] = await store.repos.directives.list();
    expect(summary).toEqual({
      ...HEADER_1119,
      workflowId: WORKFLOW_1119,
      assignmentCount: plan.length,
      acknowledgedCount: 0,
    });
  });

  it('save again as an update, and refuse a workflow id taken by another directive', async () => {
    await store.repos.directives.save(DIRECTIVE_1119, WORKFLOW_1119);
    const other: Directive = { ...DIRECTIVE_1119, id: 'kg.2020.other' };
    const error = await store.repos.directives.save(other, WORKFLOW_1119).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'DIRECTIVE_CONFLICT' });
  });

  it('ship the dispatch text the seed directive comes from', () => {
    expect(existsSync(DISPATCH_1119_TEXT_PATH)).toBe(true);
    expect(readFileSync(DISPATCH_1119_TEXT_PATH, 'utf8')).toContain('Số: 1119 /UBND-KGVX');
  });
});

describe('assignments', () => {
  const districtId = assignmentId(DIRECTIVE_1119.id, RACH_GIA);

  it('an urging that names a unit for two tasks of one directive tells it once: one notice to its people, both tasks on its timeline', async () => {
    const { repos, db } = store;
    const urgingId = 'urging-two-tasks';
    await repos.urgings.record({
      id: urgingId,
      issuerUnitId: KG.province,
      reference: '125/UBND-VP',
      subject: 'Đôn đốc thực hiện Công văn 1119/UBND-KGVX',
      body: 'Đề nghị UBND thành phố Rạch Giá khẩn trương thực hiện.',
      respondBy: '2020-08-28',
      items: ['t1', 't9'].map((taskId) => ({ assignmentId: districtId, directiveId: DIRECTIVE_1119.id, unitId: RACH_GIA, taskId })),
      issuedBy: 'u.kg',
      issuedAt: '2020-08-25T02:00:00.000Z',
    });
    const timeline = await db.prisma.assignmentEvent.findMany({ where: { assignmentId: districtId, kind: 'assignment.urged' } });
    expect(timeline.map((e) => (e.data as { taskId: string }).taskId).sort()).toEqual(['t1', 't9']);
    const notices = await db.prisma.$queryRaw<Array<{ key: string }>>`
      SELECT key FROM notification_event WHERE kind = 'assignment.urged' AND assignment_id = ${districtId}`;
    expect(notices.map((n) => n.key)).toEqual([`urged:${urgingId}:${districtId}`]);
  });

  it('give the view of one assignment, with its tasks and directive', async () => {
    const view = await store.repos.assignments.get(districtId);
    expect(view).toMatchObject({
      id: districtId,
      directiveId: DIRECTIVE_1119.id,
      unitId: RACH_GIA,
      unitName: 'UBND thành phố Rạch Giá',
      parentUnitId: null,
      state: 'issued',
      issuedAt: ISSUED_AT,
      acknowledgedAt: null,
      acknowledgedBy: null,
      version: 1,
      directive: HEADER_1119,
    });
    expect(view?.tasks.map((t) => t.id)).toEqual(['t1', 't9']);
    expect(view?.tasks[0]).toEqual({ ...DIRECTIVE_1119.tasks[0], role: 'lead', dropped: false });
    expect(view?.role).toBe('lead');
    expect(await store.repos.assignments.get('directive:none/unit:none')).toBeNull();
  });

  it('recordIssued is idempotent and never goes back in version', async () => {
    const input = {
      id: districtId,
      directiveId: DIRECTIVE_1119.id,
      unitId: RACH_GIA,
      parentUnitId: null,
      taskIds: ['t1'],
      issuedAt: '2020-08-20T00:00:00.000Z',
      version: 1,
    };
    await store.repos.assignments.recordIssued(input);
    expect(await store.repos.assignments.get(districtId)).toMatchObject({ issuedAt: ISSUED_AT, version: 1 });
    expect((await store.repos.assignments.get(districtId))?.tasks.map((t) => t.id)).toEqual(['t1', 't9']);
  });

  it('recordState ignores stale and repeated versions', async () => {
    const ack = { id: districtId, state: 'acknowledged' as const, acknowledgedAt: '2020-08-19T03:04:05.678Z', acknowledgedBy: 'u.kg.rach-gia' };
    expect(await store.repos.assignments.recordState({ ...ack, version: 3 })).toBe(true);
    expect(await store.repos.assignments.recordState({ ...ack, state: 'issued', acknowledgedAt: null, acknowledgedBy: null, version: 2 })).toBe(false);
    expect(await store.repos.assignments.recordState({ ...ack, version: 3 })).toBe(false);
    expect(await store.repos.assignments.get(districtId)).toMatchObject({
      state: 'acknowledged',
      acknowledgedAt: '2020-08-19T03:04:05.678Z',
      acknowledgedBy: 'u.kg.rach-gia',
      version: 3,
    });
    // A late retry of the issuing step does not undo the acknowledgement.
    await store.repos.assignments.recordIssued({
      id: districtId,
      directiveId: DIRECTIVE_1119.id,
      unitId: RACH_GIA,
      parentUnitId: null,
      taskIds: ['t1', 't9'],
      issuedAt: ISSUED_AT,
      version: 1,
    });
    expect(await store.repos.assignments.get(districtId)).toMatchObject({ state: 'acknowledged', version: 3 });
    expect(await store.repos.assignments.recordState({ ...ack, id: 'directive:none/unit:none', version: 9 })).toBe(false);
  });

  it('recordState converges under concurrent writers', async () => {
    const id = assignmentId(DIRECTIVE_1119.id, KG.soGDDT);
    const versions = [7, 4, 12, 5, 9, 11, 6, 10, 8, 13, 2, 3];
    const results = await Promise.all(
      versions.map((version) =>
        store.repos.assignments.recordState({ id, state: 'acknowledged', acknowledgedAt: ISSUED_AT, acknowledgedBy: `v${version}`, version }),
      ),
    );
    expect(results.some(Boolean)).toBe(true);
    expect(await store.repos.assignments.get(id)).toMatchObject({ version: 13, acknowledgedBy: 'v13' });
  });

  it('recordStateChange writes the state and resolves only the open escalations it answers, in one statement', async () => {
    const id = assignmentId(DIRECTIVE_1119.id, KG.soDuLich);
    const raise = (reason: 'acknowledge_overdue' | 'report_overdue', step: number) =>
      store.repos.escalations.raise({
        id: `${id}#${reason}#${step}`,
        directiveId: DIRECTIVE_1119.id,
        assignmentId: id,
        unitId: KG.soDuLich,
        recipientUnitId: 'kg',
        level: 'province',
        reason,
        raisedAt: ISSUED_AT,
        dueAt: ISSUED_AT,
      });
    await raise('acknowledge_overdue', 1);
    await raise('acknowledge_overdue', 2);
    await raise('report_overdue', 1);
    await store.repos.escalations.resolve(`${id}#acknowledge_overdue#1`, 'u.kg', '2020-08-19T05:00:00.000Z');
    const change = {
      id,
      state: 'acknowledged' as const,
      version: 4,
      acknowledgedAt: '2020-08-19T06:00:00.000Z',
      acknowledgedBy: 'u.kg.so-yte',
      closedAt: null,
      resolve: { reasons: ['acknowledge_overdue' as const], by: 'u.kg.so-yte', at: '2020-08-19T06:00:00.000Z' },
    };
    await store.repos.lifecycle.recordStateChange(change);
    await store.repos.lifecycle.recordStateChange(change); // a retry changes nothing more
    expect(await store.repos.assignments.get(id)).toMatchObject({ state: 'acknowledged', version: 4, acknowledgedBy: 'u.kg.so-yte', acknowledgedAt: '2020-08-19T06:00:00.000Z' });
    const byStep = Object.fromEntries((await store.repos.escalations.forAssignment(id)).map((e) => [e.id.slice(id.length + 1), [e.state, e.resolvedBy, e.resolvedAt]]));
    expect(byStep).toEqual({
      'acknowledge_overdue#1': ['resolved', 'u.kg', '2020-08-19T05:00:00.000Z'],
      'acknowledge_overdue#2': ['resolved', 'u.kg.so-yte', '2020-08-19T06:00:00.000Z'],
      'report_overdue#1': ['open', null, null],
    });
    // An older version does not overwrite the state.
    await store.repos.lifecycle.recordStateChange({ ...change, state: 'issued', version: 3, acknowledgedAt: null, acknowledgedBy: null, resolve: { ...change.resolve, reasons: [] } });
    expect(await store.repos.assignments.get(id)).toMatchObject({ state: 'acknowledged', version: 4 });
    // Back to unacknowledged for the counts checked below.
    await store.repos.lifecycle.recordStateChange({ ...change, state: 'issued', version: 5, acknowledgedAt: null, acknowledgedBy: null, resolve: { ...change.resolve, reasons: [] } });
  });

  it('list a unit\'s assignments newest directive first, with their tasks', async () => {
    const later: Directive = { ...DIRECTIVE_1119, id: 'kg.2020.1200-ubnd-kgvx', reference: '1200/UBND-KGVX', date: '2020-09-01' };
    await store.repos.directives.save(later, `directive:${later.id}`);
    await store.repos.assignments.recordIssued({
      id: assignmentId(later.id, RACH_GIA),
      directiveId: later.id,
      unitId: RACH_GIA,
      parentUnitId: null,
      taskIds: ['t9'],
      issuedAt: '2020-09-01T01:00:00.000Z',
      version: 1,
    });
    const mine = await store.repos.assignments.forUnit(RACH_GIA);
    expect(mine.map((a) => [a.directive.reference, a.tasks.map((t) => t.id)])).toEqual([
      ['1200/UBND-KGVX', ['t9']],
      ['1119/UBND-KGVX', ['t1', 't9']],
    ]);
    const communeTasks = (await store.repos.assignments.forUnit(`${RACH_GIA}.p-vinh-thanh-van`)).map((a) => a.tasks.map((t) => t.id));
    expect(communeTasks).toEqual([['t1']]);
  });

  it('states within a district are exactly its communes\' assignments', async () => {
    const hierarchy = await store.repos.units.hierarchy();
    const communes = childrenOf(hierarchy, RACH_GIA).map((u) => u.id);
    const within = await store.repos.assignments.statesForDirective(DIRECTIVE_1119.id, RACH_GIA);
    expect(within.map((s) => s.unitId).sort()).toEqual([...communes].sort());
    expect(within.every((s) => s.state === 'issued')).toBe(true);

    const all = await store.repos.assignments.statesForDirective(DIRECTIVE_1119.id);
    expect(all).toHaveLength(plan.length);
    expect(all.find((s) => s.unitId === RACH_GIA)?.state).toBe('acknowledged');
    expect(await store.repos.assignments.statesForDirective(DIRECTIVE_1119.id, 'nowhere')).toEqual([]);
    // The province sees every assignment below it.
    expect(await store.repos.assignments.statesForDirective(DIRECTIVE_1119.id, KG.province)).toHaveLength(plan.length);
  });

  it('count acknowledgements in the directive summary', async () => {
    const summary = (await store.repos.directives.list()).find((d) => d.id === DIRECTIVE_1119.id);
    expect(summary).toMatchObject({ assignmentCount: plan.length, acknowledgedCount: 2 });
  });
});
