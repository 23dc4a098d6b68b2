import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTIVE_1119 } from '@chidao/domain';
import { reconcileSettled } from '@chidao/reconcile';
import { eventually } from '@chidao/testing';
import { assignmentWorkflowId } from '@chidao/workflows';
import { startEngineHarness, type EngineHarness } from './engine-harness';
import { domainCodeOf, type ContextDeps } from './index';
import { signedInAs, testAuth, testClock } from './testing';
import { refusedWith } from './test-support';

/**
 * Units from the administration screen, through the procedures, on the real engine with 1119
 * running on Kiên Giang: a province administrator renames a phường, adds a xã, previews a merger of
 * two phường into a new one and applies it; the tree and 1119's running assignments end up as the
 * preview said (the new phường carries the two's task on, each of them ends as moved to it with the
 * resolution as its reason), once however often the action is retried.
 */

const ADMIN = 'u.qt.kg';
const RACH_GIA_ADMIN = 'u.qt.rg';
const VINH_THANH = 'kg.rach-gia.p-vinh-thanh';
const MERGED = ['kg.rach-gia.p-vinh-quang', 'kg.rach-gia.p-vinh-hiep'];
const NEW_PHUONG = 'kg.rach-gia.ubnd-phuong-vinh-quang-hiep';
const RESOLUTION = 'Nghị quyết số 1685/NQ-UBTVQH15';
const LEGAL = { resolution: RESOLUTION, effectiveFrom: '2025-01-01' };
const MERGE = { kind: 'merge' as const, from: MERGED, into: { name: 'UBND phường Vĩnh Quang Hiệp', code: '30999' } };

let harness: EngineHarness;
const refusal = async (promise: Promise<unknown>) => domainCodeOf(await refusedWith(promise));
const admin = () => signedInAs(harness.deps, ADMIN);
const assignment = (unitId: string) => harness.repos.assignments.get(assignmentWorkflowId(DIRECTIVE_1119.id, unitId));

beforeAll(async () => {
  harness = await startEngineHarness('unit-administration-test');
  for (const [userId, unitId] of [
    [ADMIN, 'kg'],
    [RACH_GIA_ADMIN, 'kg.rach-gia'],
  ] as const) {
    await harness.repos.administration.save(
      { id: userId, username: userId.slice(2), displayName: 'Quản trị', unitId, grants: [{ role: 'province_admin', unitId, directiveId: null }], email: null },
      true,
      { actor: null, action: 'user.create', entityType: 'user', entityId: userId },
    );
  }
  // 1119 has reached the two phường.
  await eventually(async () => {
    for (const unitId of MERGED) expect(['issued', 'acknowledged', 'in_progress']).toContain((await assignment(unitId))?.state);
  }, 120_000);
}, 300_000);

afterAll(async () => {
  await harness?.stop();
});

describe('units from the administration screen', () => {
  it('shows the administrator the tree of its own province only', async () => {
    const tree = await admin().units.tree();
    expect(tree[0]).toMatchObject({ id: 'kg', depth: 0 });
    expect(tree.map((u) => u.id)).toContain(VINH_THANH);
    const rachGia = await signedInAs(harness.deps, RACH_GIA_ADMIN).units.tree();
    expect(rachGia[0]!.id).toBe('kg.rach-gia');
    expect(rachGia.map((u) => u.id)).not.toContain('kg.ha-tien.p-dong-ho');
    expect(await refusal(signedInAs(harness.deps, `u.${VINH_THANH}`).units.tree())).toBe('NOT_ADMINISTRATOR');
  });

  it('renames a unit with its legal basis, in the audit trail', async () => {
    const renamed = await admin().units.applyChange({ change: { kind: 'rename', unitId: VINH_THANH, name: 'UBND phường Vĩnh Thanh Mới' }, legal: LEGAL });
    expect(renamed).toMatchObject({ applied: true, kind: 'rename', directiveCount: 0 });
    expect((await admin().units.tree()).find((u) => u.id === VINH_THANH)?.name).toBe('UBND phường Vĩnh Thanh Mới');
    const [entry] = (await harness.repos.audit.forEntity('unit', VINH_THANH)).filter((e) => e.action === 'unit.rename');
    expect(entry).toMatchObject({ actorUserId: ADMIN, actorRole: 'province_admin', after: expect.objectContaining({ resolution: RESOLUTION, effectiveFrom: '2025-01-01' }) });
  });

  it('adds a unit under a parent, and refuses what lies outside the administrator’s tree', async () => {
    const added = await admin().units.applyChange({ change: { kind: 'add', parentId: 'kg.rach-gia', name: 'UBND xã Phi Thông Mới' }, legal: LEGAL });
    expect(added.created).toEqual([{ id: 'kg.rach-gia.ubnd-xa-phi-thong-moi', name: 'UBND xã Phi Thông Mới' }]);
    expect((await admin().units.tree()).find((u) => u.id === 'kg.rach-gia.ubnd-xa-phi-thong-moi')).toMatchObject({ parentId: 'kg.rach-gia', level: 'commune', validFrom: '2025-01-01' });
    const rachGia = signedInAs(harness.deps, RACH_GIA_ADMIN);
    expect(await refusal(rachGia.units.applyChange({ change: { kind: 'rename', unitId: 'kg.ha-tien.p-dong-ho', name: 'UBND phường Đông Hồ Mới' }, legal: LEGAL }))).toBe('UNIT_NOT_FOUND');
    expect(await refusal(rachGia.units.applyChange({ change: { kind: 'add', parentId: 'kg.rach-gia', name: 'UBND xã Không Số' }, legal: { ...LEGAL, resolution: 'nghị quyết' } }))).toBe('INVALID_INPUT');
  });

  it('merges two phường into a new one: the tree and 1119’s running assignments end up as the preview said', async () => {
    const preview = await admin().units.preview({ change: MERGE, legal: LEGAL });
    expect(preview.created).toEqual([{ id: NEW_PHUONG, name: 'UBND phường Vĩnh Quang Hiệp' }]);
    expect(preview.ended.map((u) => u.id)).toEqual(MERGED);
    const planned = preview.directives.find((d) => d.directiveId === DIRECTIVE_1119.id)!;
    expect(planned.successors).toEqual([{ unit: { id: NEW_PHUONG, name: 'UBND phường Vĩnh Quang Hiệp' }, from: expect.arrayContaining(MERGED.map((id) => expect.objectContaining({ id }))) }]);
    expect(planned.decisions).toEqual([]);
    // The preview wrote nothing.
    expect((await admin().units.tree()).map((u) => u.id)).not.toContain(NEW_PHUONG);

    const key = 'unit-merge-key-0000000001';
    const retrying = signedInAs(harness.deps, ADMIN, { idempotencyKey: key });
    const applied = await retrying.units.applyChange({ change: MERGE, legal: LEGAL });
    expect(applied).toMatchObject({ applied: true, basis: preview.basis, created: preview.created, ended: preview.ended });
    expect(applied.directives.find((d) => d.directiveId === DIRECTIVE_1119.id)?.successors).toEqual(planned.successors);
    // The same action retried is answered as it was; the same change as a new action is refused: the two have ended.
    expect(await retrying.units.applyChange({ change: MERGE, legal: LEGAL })).toEqual(applied);
    expect(await refusal(admin().units.applyChange({ change: MERGE, legal: LEGAL }))).toBe('INVALID_INPUT');

    const tree = await admin().units.tree();
    expect(tree.find((u) => u.id === NEW_PHUONG)).toMatchObject({ parentId: 'kg.rach-gia', code: '30999', validFrom: '2025-01-01' });
    for (const unitId of MERGED) expect(tree.find((u) => u.id === unitId)?.validTo).toBe('2024-12-31');

    await eventually(async () => {
      for (const unitId of MERGED) expect(await assignment(unitId)).toMatchObject({ state: 'reassigned', reassignedToUnitId: NEW_PHUONG, reassignReason: preview.basis });
      expect(await assignment(NEW_PHUONG)).toMatchObject({ unitId: NEW_PHUONG, parentUnitId: 'kg.rach-gia', succeedsUnitIds: expect.arrayContaining(MERGED) });
    }, 120_000);
    const audit = (await harness.repos.audit.forEntity('unit', NEW_PHUONG)).filter((e) => e.action === 'unit.merge');
    expect(audit).toHaveLength(1);
    expect((await harness.repos.audit.forEntity('directive', DIRECTIVE_1119.id)).filter((e) => e.action === 'directive.reorganise')).toHaveLength(1);
  });

  it('finishes a merger whose process died after writing the units, from its audit entry, once', async () => {
    const pair = ['kg.rach-gia.p-an-hoa', 'kg.rach-gia.p-an-binh'];
    const merge = { kind: 'merge' as const, from: pair, into: { name: 'UBND phường An Hòa Bình' } };
    const target = 'kg.rach-gia.ubnd-phuong-an-hoa-binh';
    const clock = testClock();
    const deps: ContextDeps = { ...harness.deps, auth: testAuth({ now: clock.now }) };
    const died = new Error('process died');
    // Dies once the units and the audit entry are written: before any directive is told, and before its answer is stored.
    const dying: ContextDeps = {
      ...deps,
      repos: {
        ...deps.repos,
        reorganisations: { ...deps.repos.reorganisations, record: () => Promise.reject(died) },
        idempotency: { ...deps.repos.idempotency, release: async () => undefined, complete: () => Promise.reject(died) },
      },
    };
    const key = 'unit-merge-dies-000000001';
    await expect(signedInAs(dying, ADMIN, { idempotencyKey: key }).units.applyChange({ change: merge, legal: LEGAL })).rejects.toThrow();
    expect((await admin().units.tree()).find((u) => u.id === target)).toBeDefined();
    for (const unitId of pair) expect((await assignment(unitId))?.state).not.toBe('reassigned');

    clock.advance(31_000);
    const retried = await signedInAs(deps, ADMIN, { idempotencyKey: key }).units.applyChange({ change: merge, legal: LEGAL });
    expect(retried).toMatchObject({ applied: false, created: [{ id: target, name: 'UBND phường An Hòa Bình' }] });
    await eventually(async () => {
      for (const unitId of pair) expect(await assignment(unitId)).toMatchObject({ state: 'reassigned', reassignedToUnitId: target });
    }, 120_000);
    expect((await harness.repos.audit.forEntity('unit', target)).filter((e) => e.action === 'unit.merge')).toHaveLength(1);
  });

  it('splits a xã: its task waits for the issuer’s choice among the new units', async () => {
    const split = { kind: 'split' as const, from: 'kg.rach-gia.x-phi-thong', into: [{ name: 'UBND xã Phi Thông A' }, { name: 'UBND xã Phi Thông B' }] };
    const preview = await admin().units.preview({ change: split, legal: LEGAL });
    const planned = preview.directives.find((d) => d.directiveId === DIRECTIVE_1119.id)!;
    expect(planned.decisions).toEqual([{ unit: expect.objectContaining({ id: 'kg.rach-gia.x-phi-thong' }), reason: 'split', choices: preview.created }]);
    await admin().units.applyChange({ change: split, legal: LEGAL });
    const pending = await signedInAs(harness.deps, 'u.kg').reorganisation.pending({ directiveId: DIRECTIVE_1119.id });
    expect(pending).toContainEqual(expect.objectContaining({ unitId: 'kg.rach-gia.x-phi-thong', reason: 'split', basis: preview.basis, choices: preview.created }));
  });

  it('passes reconciliation afterwards: the workflows and the read model agree, successors included', async () => {
    const result = await reconcileSettled({ client: harness.env.client, db: harness.db, repos: harness.repos }, DIRECTIVE_1119.id, 60_000);
    expect(result.differences).toEqual([]);
  });
});
