import {
  DIRECTIVE_1119,
  descendantsOf,
  isOwed,
  kienGiangUnits,
  planAssignments,
  rollUp,
  rollUpFromChildren,
  type Hierarchy,
  type UnitReportState,
} from '@chidao/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestStore } from './test-store';

/**
 * The rollup the database keeps per unit (rollup_node, by triggers) must equal the domain's rollUp
 * computed from every report, whatever the order and concurrency of the writes.
 */
const store = useTestStore({ units: kienGiangUnits(), demoUsers: false });
let hierarchy: Hierarchy;

const D = DIRECTIVE_1119;
const idOf = (unitId: string) => `directive:${D.id}/unit:${unitId}`;
const metrics = D.metrics ?? [];
const rates = D.rates ?? [];
const ISSUED_AT = '2020-08-19T02:00:00.000Z';

beforeAll(async () => {
  const { repos } = store;
  await repos.directives.save(D, `directive:${D.id}`);
  hierarchy = await repos.units.hierarchy();
  // Issued concurrently, as a fan-out does.
  await Promise.all(
    planAssignments(hierarchy, D).map((p) =>
      repos.assignments.recordIssued({ id: idOf(p.unitId), directiveId: D.id, unitId: p.unitId, parentUnitId: p.parentUnitId, taskIds: [...p.taskIds], issuedAt: ISSUED_AT, version: 1 }),
    ),
  );
});

/** The rollup from scratch, the way the API computed it before the aggregates existed. */
async function fromScratch(unitId: string) {
  const [states, reports] = await Promise.all([store.repos.assignments.statesForDirective(D.id, unitId), store.repos.reports.latestForDirective(D.id, unitId)]);
  const byUnit = new Map(reports.map((r) => [r.unitId, r]));
  const latest: UnitReportState[] = states
    .filter((s) => isOwed(s.state) && hierarchy.units.get(s.unitId)?.kind === 'people_committee')
    .map((s) => {
      const report = byUnit.get(s.unitId);
      return report ? { unitId: s.unitId, figures: report.figures, review: report.review } : { unitId: s.unitId, figures: null, review: 'none' };
    });
  return rollUp(hierarchy, unitId, latest, metrics, rates);
}

async function precomputed(unitId: string) {
  const children = await store.repos.rollups.childrenOf(D.id, unitId);
  return rollUpFromChildren(unitId, children.map((c) => ({ ...c, name: hierarchy.units.get(c.unitId)!.name })), metrics, rates);
}

const checked = ['kg', 'kg.rach-gia', 'kg.phu-quoc', 'kg.rach-gia.p-vinh-thanh-van', 'kg.so-tttt'];

async function expectSame() {
  for (const unitId of checked) expect(await precomputed(unitId), unitId).toEqual(await fromScratch(unitId));
}

const report = (unitId: string, version: number, figures: Record<string, number>) =>
  store.repos.reports.record({
    assignmentId: idOf(unitId),
    version,
    figures,
    narrative: '',
    final: false,
    correctionReason: null,
    period: null,
    submittedAt: ISSUED_AT,
    submittedBy: `u.${unitId}`,
  });

describe('precomputed rollup', () => {
  it('counts every expected committee before anyone reports', async () => {
    await expectSame();
    const kg = await precomputed('kg');
    expect(kg.expected).toBe(1 + 15 + 145 - 1); // every committee below the province, the province excluded
    expect(kg.reported).toBe(0);
  });

  it('equals the rollup from scratch after concurrent reports, corrections, reviews, a district report and a recall', async () => {
    const communes = descendantsOf(hierarchy, 'kg').filter((u) => u.level === 'commune');
    await Promise.all(
      communes.map((u, i) => report(u.id, 1, { installs: 100 + i, adults15to60: 1_000 + i * 3, smartphoneUsers: 700 + (i % 11) })),
    );
    await expectSame();
    // A correction of some, partial figures of others, a district reporting its own installs only.
    await Promise.all(communes.slice(0, 20).map((u, i) => report(u.id, 2, { installs: 500 + i, adults15to60: 1_000, smartphoneUsers: 800 })));
    await report('kg.rach-gia', 1, { installs: 9_999 });
    await expectSame();
    // Reviews: accept some, return others.
    await Promise.all(
      communes.slice(10, 60).map((u, i) =>
        store.repos.reports.review({ assignmentId: idOf(u.id), version: u.id === communes[10]!.id ? 2 : 1, review: i % 3 === 0 ? 'returned' : 'accepted', by: 'u.kg', at: ISSUED_AT, reason: null }),
      ),
    );
    await expectSame();
    // A recall takes a commune (and a district) out of what is expected.
    await store.repos.lifecycle.recordState({ id: idOf(communes[0]!.id), state: 'recalled', version: 5, acknowledgedAt: null, acknowledgedBy: null, closedAt: ISSUED_AT });
    await store.repos.lifecycle.recordState({ id: idOf('kg.phu-quoc'), state: 'recalled', version: 5, acknowledgedAt: null, acknowledgedBy: null, closedAt: ISSUED_AT });
    await expectSame();
    const kg = await precomputed('kg');
    expect(kg.reported).toBe(145 - 1 + 1); // the recalled commune drops out, Rạch Giá's own report counts
    // A reassigned commune drops out the same way; the unit its task went to counts once it reports.
    await store.repos.lifecycle.recordState({ id: idOf(communes[1]!.id), state: 'reassigned', version: 5, acknowledgedAt: null, acknowledgedBy: null, closedAt: ISSUED_AT });
    await expectSame();
    expect((await precomputed('kg')).reported).toBe(145 - 2 + 1);
    expect(kg.children.map((c) => c.unitId)).toContain('kg.rach-gia');
  });

  it('an acknowledgement changes no aggregate', async () => {
    const before = await precomputed('kg');
    await store.repos.lifecycle.recordState({ id: idOf('kg.rach-gia.p-vinh-thanh-van'), state: 'acknowledged', version: 2, acknowledgedAt: ISSUED_AT, acknowledgedBy: 'u.x', closedAt: null });
    expect(await precomputed('kg')).toEqual(before);
  });
});
