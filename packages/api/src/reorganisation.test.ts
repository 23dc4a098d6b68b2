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
/** Not in the list of 30/6/2025 under its 2020 name: the province decides where its task goes. */
const VINH_BAO = 'kg.rach-gia.p-vinh-bao';
const VINH_BAO_FIGURES = { installs: 700, adults15to60: 2_000, smartphoneUsers: 1_000 };
const BASIS = 'Nghị quyết số 1654/NQ-UBTVQH15 về sắp xếp các đơn vị hành chính cấp xã của tỉnh An Giang năm 2025, hiệu lực từ 01/07/2025';
const id = (unitId: string) => assignmentWorkflowId(DIRECTIVE_1119.id, unitId);
const figuresOf = (i: number) => ({ installs: 300 * (i + 1), adults15to60: 1_000 * (i + 1), smartphoneUsers: 500 * (i + 1) });
type Figures = ReturnType<typeof figuresOf>;
const add = (a: Figures, b: Figures): Figures => ({ installs: a.installs + b.installs, adults15to60: a.adults15to60 + b.adults15to60, smartphoneUsers: a.smartphoneUsers + b.smartphoneUsers });
const NINE_SUM = NINE.map((_, i) => figuresOf(i)).reduce(add);

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
  for (const [unitId, figures] of [...NINE.map((u, i) => [u, figuresOf(i)] as const), [VINH_BAO, VINH_BAO_FIGURES] as const]) {
    await chairOf(unitId).reports.submit({ assignmentId: id(unitId), figures, narrative: 'Số liệu đến ngày 30/6/2025.' });
    await chairOf('kg.rach-gia').reports.review({ assignmentId: id(unitId), version: 1, decision: 'accept' });
  }
  await eventually(async () => expect((await provinceRollup()).rollup.reported).toBe(NINE.length + 1), 60_000);
  before = await provinceRollup();
  plan = await apply();
}, 600_000);

afterAll(async () => {
  await harness?.stop();
});

describe('1119 through the map of 1/7/2025', () => {
  it('gives Phường Rạch Giá one assignment for the nine, their accepted figures summed as its first report', async () => {
    expect(plan.successors.find((s) => s.unitId === PHUONG_RACH_GIA)?.from).toEqual(expect.arrayContaining(NINE));
    await eventually(async () => {
      const [successor] = (await chairOf(PHUONG_RACH_GIA).assignments.mine()).filter((a) => a.directiveId === DIRECTIVE_1119.id);
      expect(successor).toMatchObject({ unitId: PHUONG_RACH_GIA, state: 'accepted', succeedsUnitIds: expect.arrayContaining(NINE) });
    }, 120_000);
    const [latest] = (await harness.repos.reports.latestForDirective(DIRECTIVE_1119.id)).filter((r) => r.unitId === PHUONG_RACH_GIA);
    expect(latest).toMatchObject({ version: 1, review: 'accepted', figures: NINE_SUM });
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
      // The new phường, and Vĩnh Bảo still under Rạch Giá while it waits.
      expect(after.rollup.reported).toBe(2);
      expect(after.rollup.children.find((c) => c.unitId === PHUONG_RACH_GIA)?.figures).toEqual(NINE_SUM);
      expect(after.rollup.children.find((c) => c.unitId === 'kg.rach-gia')?.figures).toEqual(VINH_BAO_FIGURES);
    }, 120_000);
  });

  it('lists Phường Rạch Giá in the province’s table of units with its state, and the province drills down to it', async () => {
    const overview = await chairOf(KG.province).directives.overview({ directiveId: DIRECTIVE_1119.id });
    expect(overview.children.find((c) => c.id === PHUONG_RACH_GIA)).toMatchObject({ name: 'UBND phường Rạch Giá', own: 'accepted' });
    expect(overview.children.find((c) => c.id === 'kg.ha-tien')).toMatchObject({ own: 'recalled' });
    // Its delivery is long over, though the reorganised tree plans units it never reached.
    expect(overview.delivery).toBeNull();
    const drilled = await chairOf(KG.province).directives.overview({ directiveId: DIRECTIVE_1119.id, unitId: PHUONG_RACH_GIA });
    expect(drilled.own).toMatchObject({ unitId: PHUONG_RACH_GIA, succeedsUnitIds: expect.arrayContaining(NINE) });
    // Rạch Giá's own page no longer counts the nine below it.
    expect((await chairOf('kg.rach-gia').directives.overview({ directiveId: DIRECTIVE_1119.id })).children.map((c) => c.id)).not.toContain(PHUONG_RACH_GIA);
  });

  it('lists what waits for the province’s decision, with the new units it may choose', async () => {
    const pending = await chairOf(KG.province).reorganisation.pending({ directiveId: DIRECTIVE_1119.id });
    const vinhBao = pending.find((d) => d.unitId === VINH_BAO)!;
    expect(vinhBao).toMatchObject({ basis: BASIS, reason: 'not-listed', unitName: expect.stringContaining('Vĩnh Bảo') });
    expect(vinhBao.choices.map((c) => c.id)).toContain(PHUONG_RACH_GIA);
    expect(vinhBao.choices.length).toBe(102);
    expect(pending.map((d) => d.unitId)).toEqual(plan.decisions.map((d) => d.unitId));
    // Not a district chair's to decide.
    await expect(chairOf('kg.rach-gia').reorganisation.pending({ directiveId: DIRECTIVE_1119.id })).rejects.toThrow();
  });

  it('carries out the decision: Vĩnh Bảo joins Phường Rạch Giá with its figures, and Rạch Giá, with nothing left below it, ends', async () => {
    const result = await chairOf(KG.province).reorganisation.decide({ directiveId: DIRECTIVE_1119.id, basis: BASIS, unitId: VINH_BAO, toUnitId: PHUONG_RACH_GIA });
    expect(result).toEqual({ successors: 0, joins: 1, ending: ['kg.rach-gia'] });
    await eventually(async () => {
      expect(await harness.repos.assignments.get(id(VINH_BAO))).toMatchObject({ state: 'reassigned', reassignedToUnitId: PHUONG_RACH_GIA, reassignReason: BASIS });
      expect((await harness.repos.assignments.get(id('kg.rach-gia')))?.state).toBe('recalled');
      const [latest] = (await harness.repos.reports.latestForDirective(DIRECTIVE_1119.id)).filter((r) => r.unitId === PHUONG_RACH_GIA);
      expect(latest).toMatchObject({ version: 2, review: 'accepted', figures: add(NINE_SUM, VINH_BAO_FIGURES) });
      expect((await provinceRollup()).rollup.figures).toEqual(before.rollup.figures);
    }, 120_000);
    expect((await harness.repos.assignments.get(id(PHUONG_RACH_GIA)))?.succeedsUnitIds).toEqual(expect.arrayContaining([...NINE, VINH_BAO]));
    expect((await chairOf(KG.province).reorganisation.pending({ directiveId: DIRECTIVE_1119.id })).map((d) => d.unitId)).not.toContain(VINH_BAO);
    // Decided once: again, or to a unit of the old map, is refused and changes nothing.
    await expect(chairOf(KG.province).reorganisation.decide({ directiveId: DIRECTIVE_1119.id, basis: BASIS, unitId: VINH_BAO, toUnitId: PHUONG_RACH_GIA })).rejects.toThrow();
    const waiting = plan.decisions.find((d) => d.unitId !== VINH_BAO)!.unitId;
    await expect(chairOf(KG.province).reorganisation.decide({ directiveId: DIRECTIVE_1119.id, basis: BASIS, unitId: waiting, toUnitId: 'kg.ha-tien.p-dong-ho' })).rejects.toThrow();
  });

  it('lets the new phường’s chair report on, and the province sees it', async () => {
    const next = { installs: 20_000, adults15to60: 45_000, smartphoneUsers: 22_500 };
    await chairOf(PHUONG_RACH_GIA).reports.submit({ assignmentId: id(PHUONG_RACH_GIA), figures: next, narrative: 'Số liệu của phường sau sắp xếp.' });
    await eventually(async () => expect((await provinceRollup()).rollup.children.find((c) => c.unitId === PHUONG_RACH_GIA)?.figures).toEqual(next), 60_000);
  });

  it('records the move and the decision in the audit trail with its legal basis, once however often it is applied', async () => {
    await apply();
    const entries = await harness.repos.audit.forEntity('directive', DIRECTIVE_1119.id);
    const moves = entries.filter((e) => e.action === 'directive.reorganise');
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ actorUserId: `u.${KG.province}`, after: expect.objectContaining({ basis: BASIS }) });
    expect(entries.filter((e) => e.action === 'directive.reorganise.decide')).toEqual([
      expect.objectContaining({ actorUserId: `u.${KG.province}`, after: { unitId: VINH_BAO, toUnitId: PHUONG_RACH_GIA, basis: BASIS } }),
    ]);
  });

  it('passes reconciliation: the workflows and the read model agree, successors included', async () => {
    const result = await reconcileSettled({ client: harness.env.client, db: harness.db, repos: harness.repos }, DIRECTIVE_1119.id, 60_000);
    expect(result.differences).toEqual([]);
  });
});
