import { describe, expect, it } from 'vitest';
import type { AssignmentState } from './assignment';
import { planAssignments } from './directive';
import { buildHierarchy, childrenOf } from './hierarchy';
import { progressBelow, progressByChild, statusCounts, type AssignmentRef } from './progress';
import { DIRECTIVE_1119 } from './seed/directive-1119';
import { KG, KIEN_GIANG_ID, KIEN_GIANG_SCHEME, kienGiangUnits } from './seed/kien-giang-2020';

const units = kienGiangUnits();
const h = buildHierarchy(KIEN_GIANG_SCHEME, units);
const plan = planAssignments(h, DIRECTIVE_1119);
const districts = units.filter((u) => u.level === 'district');
const rachGia = districts.find((d) => d.name.endsWith('Rạch Giá'))!;
const haTien = districts.find((d) => d.name.endsWith('Hà Tiên'))!;
const rachGiaCommunes = childrenOf(h, rachGia.id);

function refs(acknowledged: ReadonlySet<string>): AssignmentRef[] {
  return plan.map((a) => ({ unitId: a.unitId, state: (acknowledged.has(a.unitId) ? 'acknowledged' : 'issued') as AssignmentState }));
}

describe('progressByChild at the province for the 1119 plan', () => {
  it('lists every child of the province, each with its own state and the count below it', () => {
    const rows = progressByChild(h, KIEN_GIANG_ID, refs(new Set()));
    expect(rows.map((r) => r.unitId)).toEqual(childrenOf(h, KIEN_GIANG_ID).map((u) => u.id));
    for (const row of rows) expect(row.own, row.unitId).toBe('issued');
    const rg = rows.find((r) => r.unitId === rachGia.id)!;
    expect(rg.name).toBe(rachGia.name);
    expect(rg.below).toEqual({ total: 12, acknowledged: 0 });
    expect(rows.find((r) => r.unitId === haTien.id)!.below).toEqual({ total: 7, acknowledged: 0 });
    expect(rows.find((r) => r.unitId === KG.soTTTT)!.below).toEqual({ total: 0, acknowledged: 0 });
    const totalBelowDistricts = rows.filter((r) => districts.some((d) => d.id === r.unitId)).reduce((n, r) => n + r.below.total, 0);
    expect(totalBelowDistricts).toBe(145);
  });

  it('separates a child’s own state from the acknowledgements below it', () => {
    const acked = new Set([haTien.id, rachGiaCommunes[0]!.id, rachGiaCommunes[1]!.id, rachGiaCommunes[2]!.id, KG.soTTTT]);
    const rows = progressByChild(h, KIEN_GIANG_ID, refs(acked));
    const rg = rows.find((r) => r.unitId === rachGia.id)!;
    expect(rg.own).toBe('issued');
    expect(rg.below).toEqual({ total: 12, acknowledged: 3 });
    const ht = rows.find((r) => r.unitId === haTien.id)!;
    expect(ht.own).toBe('acknowledged');
    expect(ht.below).toEqual({ total: 7, acknowledged: 0 });
    expect(rows.find((r) => r.unitId === KG.soTTTT)!.own).toBe('acknowledged');
  });

  it('at a district, lists its communes with nothing below them', () => {
    const acked = new Set([rachGiaCommunes[0]!.id]);
    const rows = progressByChild(h, rachGia.id, refs(acked));
    expect(rows).toHaveLength(12);
    expect(rows[0]).toEqual({ unitId: rachGiaCommunes[0]!.id, name: rachGiaCommunes[0]!.name, own: 'acknowledged', below: { total: 0, acknowledged: 0 } });
    expect(rows.slice(1).every((r) => r.own === 'issued')).toBe(true);
  });

  it('leaves out children with no assignment in their subtree', () => {
    const onlyRachGiaCommunes = refs(new Set()).filter((a) => rachGiaCommunes.some((c) => c.id === a.unitId));
    const rows = progressByChild(h, KIEN_GIANG_ID, onlyRachGiaCommunes);
    expect(rows).toEqual([{ unitId: rachGia.id, name: rachGia.name, own: null, below: { total: 12, acknowledged: 0 } }]);
    expect(progressByChild(h, KIEN_GIANG_ID, [])).toEqual([]);
  });

  it('ignores assignments outside the parent’s subtree', () => {
    const rows = progressByChild(h, haTien.id, refs(new Set(rachGiaCommunes.map((c) => c.id))));
    expect(rows.every((r) => r.own === 'issued')).toBe(true);
    expect(rows).toHaveLength(7);
  });

  it('rejects an unknown parent', () => {
    expect(() => progressByChild(h, 'nope', [])).toThrow();
  });
});

describe('progressBelow', () => {
  it('counts every assignment strictly below the unit', () => {
    expect(progressBelow(h, KIEN_GIANG_ID, refs(new Set()))).toEqual({ total: plan.length, acknowledged: 0 });
    expect(progressBelow(h, rachGia.id, refs(new Set()))).toEqual({ total: 12, acknowledged: 0 });
  });

  it('does not count the unit’s own assignment', () => {
    const acked = new Set([rachGia.id, rachGiaCommunes[5]!.id]);
    expect(progressBelow(h, rachGia.id, refs(acked))).toEqual({ total: 12, acknowledged: 1 });
    expect(progressBelow(h, KIEN_GIANG_ID, refs(acked))).toEqual({ total: plan.length, acknowledged: 2 });
  });

  it('is zero at a commune', () => {
    expect(progressBelow(h, rachGiaCommunes[0]!.id, refs(new Set()))).toEqual({ total: 0, acknowledged: 0 });
  });
});

describe('recalled and later states', () => {
  const c = rachGiaCommunes.map((u) => u.id);
  const withStates = (states: Record<string, AssignmentState>): AssignmentRef[] =>
    refs(new Set()).map((a) => (Object.hasOwn(states, a.unitId) ? { unitId: a.unitId, state: states[a.unitId]! } : a));

  it('counts every state after issued as acknowledged, except recalled, which leaves the total too', () => {
    const states = withStates({
      [c[0]!]: 'in_progress',
      [c[1]!]: 'reported',
      [c[2]!]: 'returned',
      [c[3]!]: 'accepted',
      [c[4]!]: 'completed',
      [c[5]!]: 'recalled',
      [c[6]!]: 'acknowledged',
    });
    expect(progressBelow(h, rachGia.id, states)).toEqual({ total: 11, acknowledged: 6 });
    expect(progressByChild(h, KIEN_GIANG_ID, states).find((r) => r.unitId === rachGia.id)!.below).toEqual({ total: 11, acknowledged: 6 });
  });

  it('does not count an assignment recalled before it was acknowledged as acknowledged', () => {
    expect(progressBelow(h, rachGia.id, withStates({ [c[0]!]: 'recalled' }))).toEqual({ total: 11, acknowledged: 0 });
  });

  it('leaves a reassigned assignment out of the total, like a recalled one (the new unit counts instead)', () => {
    expect(progressBelow(h, rachGia.id, withStates({ [c[0]!]: 'reassigned', [c[1]!]: 'acknowledged' }))).toEqual({ total: 11, acknowledged: 1 });
  });
});

describe('statusCounts', () => {
  it('counts each state and lists every state, zero included', () => {
    expect(statusCounts(['issued', 'issued', 'reported', 'recalled'])).toEqual({
      issued: 2,
      acknowledged: 0,
      in_progress: 0,
      reported: 1,
      returned: 0,
      accepted: 0,
      completed: 0,
      recalled: 1,
      reassigned: 0,
    });
    expect(Object.values(statusCounts([])).every((n) => n === 0)).toBe(true);
    expect(Object.values(statusCounts(refs(new Set()).map((a) => a.state))).reduce((a, b) => a + b, 0)).toBe(plan.length);
  });
});
