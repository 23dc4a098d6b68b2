import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AN_GIANG_2025, anGiang2025Units, successionOf, vietnam2025 } from '@chidao/admin-units';
import { seedReferenceData } from '@chidao/db';
import { DIRECTIVE_1119, KG, kienGiangUnits, type ReorganisationPlan } from '@chidao/domain';
import { reconcileSettled } from '@chidao/reconcile';
import { eventually } from '@chidao/testing';
import { assignmentWorkflowId, directiveSnapshotQuery, directiveWorkflowId } from '@chidao/workflows';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { applyReorganisation } from './services';
import { signedInAs } from './testing';

/**
 * Directive 1119/UBND-KGVX running on Kiên Giang as it was in August 2020, carried through the map of
 * 1/7/2025 on the real engine: the nine old phường of Rạch Giá city report and Rạch Giá accepts;
 * then the reorganisation is applied. Phường Rạch Giá of An Giang takes over their task with their
 * figures summed, the nine end as moved to it, the districts whose communes all moved end, and the
 * province's rollup is unchanged to the unit. Reconciliation finds the workflows and the read model
 * in agreement.
 */
const NINE = ['vinh-thanh', 'vinh-quang', 'vinh-hiep', 'vinh-thanh-van', 'vinh-lac', 'an-hoa', 'an-binh', 'rach-soi', 'vinh-loi'].map((n) => `kg.rach-gia.p-${n}`);
const PHUONG_RACH_GIA = 'an-giang.p-rach-gia';
const BASIS = 'Nghị quyết số 1654/NQ-UBTVQH15 về sắp xếp các đơn vị hành chính cấp xã của tỉnh An Giang năm 2025, hiệu lực từ 01/07/2025';
const id = (unitId: string) => assignmentWorkflowId(DIRECTIVE_1119.id, unitId);
const figuresOf = (i: number) => ({ installs: 300 * (i + 1), adults15to60: 1_000 * (i + 1), smartphoneUsers: 500 * (i + 1) });

let harness: EngineHarness;
const chairOf = (unitId: string) => signedInAs(harness.deps, `u.${unitId}`);
const provinceRollup = () => chairOf(KG.province).directives.rollup({ directiveId: DIRECTIVE_1119.id });
let before: Awaited<ReturnType<typeof provinceRollup>>;
let plan: ReorganisationPlan;
const apply = () =>
  applyReorganisation(
    { repos: harness.repos, client: harness.env.client },
    {
      directiveId: DIRECTIVE_1119.id,
      succession: successionOf(kienGiangUnits(), vietnam2025().merges.get(AN_GIANG_2025.code)!, anGiang2025Units(), { oldCodes: { from: '30733', to: '31199' } }),
      basis: BASIS,
      by: `u.${KG.province}`,
    },
  );

beforeAll(async () => {
  harness = await startEngineHarness('reorganisation-test');
  // The new map beside the old one, with its chairs' accounts.
  await seedReferenceData(harness.repos, { units: anGiang2025Units(), demoUsers: true });
  for (const [i, unitId] of NINE.entries()) {
    await chairOf(unitId).reports.submit({ assignmentId: id(unitId), figures: figuresOf(i), narrative: 'Số liệu đến ngày 30/6/2025.' });
    await chairOf('kg.rach-gia').reports.review({ assignmentId: id(unitId), version: 1, decision: 'accept' });
  }
  await eventually(async () => expect((await provinceRollup()).rollup.reported).toBe(NINE.length), 60_000);
  before = await provinceRollup();
  plan = await apply();
}, 600_000);

afterAll(async () => {
  await harness?.stop();
});

describe('1119 through the map of 1/7/2025', () => {
  it('gives Phường Rạch Giá one assignment for the nine, their accepted figures summed as its first report', async () => {
    expect(plan.successors.find((s) => s.unitId === PHUONG_RACH_GIA)?.from).toEqual(expect.arrayContaining(NINE));
    const sum = (key: 'installs' | 'adults15to60' | 'smartphoneUsers') => NINE.reduce((n, _, i) => n + figuresOf(i)[key], 0);
    await eventually(async () => {
      const [successor] = (await chairOf(PHUONG_RACH_GIA).assignments.mine()).filter((a) => a.directiveId === DIRECTIVE_1119.id);
      expect(successor).toMatchObject({ unitId: PHUONG_RACH_GIA, state: 'accepted', succeedsUnitIds: expect.arrayContaining(NINE) });
    }, 120_000);
    const [latest] = await harness.repos.reports.latestForDirective(DIRECTIVE_1119.id).then((all) => all.filter((r) => r.unitId === PHUONG_RACH_GIA));
    expect(latest).toMatchObject({ version: 1, review: 'accepted', figures: { installs: sum('installs'), adults15to60: sum('adults15to60'), smartphoneUsers: sum('smartphoneUsers') } });
  });

  it('ends each of the nine as moved to Phường Rạch Giá, with the resolution as the reason, and the districts whose communes all moved', async () => {
    await eventually(async () => {
      for (const unitId of NINE) {
        expect(await harness.repos.assignments.get(id(unitId))).toMatchObject({ state: 'reassigned', reassignedToUnitId: PHUONG_RACH_GIA, reassignReason: BASIS });
      }
      for (const unitId of plan.ending) expect((await harness.repos.assignments.get(id(unitId)))?.state).toBe('recalled');
    }, 120_000);
    expect(plan.ending.length).toBeGreaterThan(0);
    // Rạch Giá keeps its assignment while Phường Vĩnh Bảo (not in the list under that name) waits for the province's decision.
    expect(plan.waiting).toContain('kg.rach-gia');
    expect(plan.decisions).toContainEqual(expect.objectContaining({ unitId: 'kg.rach-gia.p-vinh-bao', reason: 'not-listed' }));
    expect(['recalled', 'reassigned', 'completed']).not.toContain((await harness.repos.assignments.get(id('kg.rach-gia')))?.state);
    // The directive passes recalls and amendments to the new phường from now on.
    const snapshot = await harness.env.client.workflow.getHandle(directiveWorkflowId(DIRECTIVE_1119.id)).query(directiveSnapshotQuery);
    expect(snapshot.delivered).toContain(PHUONG_RACH_GIA);
  });

  it('leaves the province’s totals unchanged to the unit, with Phường Rạch Giá among its rows', async () => {
    await eventually(async () => {
      const after = await provinceRollup();
      expect(after.rollup.figures).toEqual(before.rollup.figures);
      expect(after.rollup.rates).toEqual(before.rollup.rates);
      expect(after.rollup.reported).toBe(1);
      expect(after.rollup.children.find((c) => c.unitId === PHUONG_RACH_GIA)?.figures).toEqual(before.rollup.figures);
    }, 120_000);
  });

  it('lets the new phường’s chair report on, and the province sees it', async () => {
    const next = { installs: 20_000, adults15to60: 45_000, smartphoneUsers: 22_500 };
    await chairOf(PHUONG_RACH_GIA).reports.submit({ assignmentId: id(PHUONG_RACH_GIA), figures: next, narrative: 'Số liệu của phường sau sắp xếp.' });
    await eventually(async () => expect((await provinceRollup()).rollup.figures).toEqual(next), 60_000);
  });

  it('records the move in the audit trail with its legal basis, once however often it is applied', async () => {
    await apply();
    const entries = await harness.repos.audit.forEntity('directive', DIRECTIVE_1119.id);
    const moves = entries.filter((e) => e.action === 'directive.reorganise');
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ actorUserId: `u.${KG.province}`, after: expect.objectContaining({ basis: BASIS }) });
  });

  it('passes reconciliation: the workflows and the read model agree, successors included', async () => {
    const result = await reconcileSettled({ client: harness.env.client, db: harness.db, repos: harness.repos }, DIRECTIVE_1119.id, 60_000);
    expect(result.differences).toEqual([]);
  });
});
