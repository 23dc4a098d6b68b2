import { describe, expect, it } from 'vitest';
import type { RoleGrant } from './access';
import { planAssignments } from './directive';
import { buildHierarchy } from './hierarchy';
import { DIRECTIVE_1119 } from './seed/directive-1119';
import { planReorganisation } from './reorganisation';
import { KIEN_GIANG_SCHEME, kienGiangUnits } from './seed/kien-giang-2020';
import { codeOf } from './test-support';
import { checkEffectiveDate, checkResolution, checkUnitCode, checkUnitName, dayBefore, planUnitChange, type LegalBasis, type UnitChange } from './unit-administration';

const hierarchy = buildHierarchy(KIEN_GIANG_SCHEME, kienGiangUnits());
const grant = (role: RoleGrant['role'], unitId: string): RoleGrant => ({ role, unitId, directiveId: null });
const systemAdmin = [grant('system_admin', 'kg')];
const rachGiaAdmin = [grant('province_admin', 'kg.rach-gia')];
const LEGAL: LegalBasis = { resolution: 'Nghị quyết số 1685/NQ-UBTVQH15', effectiveFrom: '2024-01-01' };
const plan = (change: UnitChange, grants = rachGiaAdmin, legal = LEGAL) => planUnitChange(hierarchy, grants, change, legal);
const detailsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { details?: Record<string, unknown> }).details;
  }
  return undefined;
};

describe('the fields of a change', () => {
  it('reads names, codes, resolutions and dates, and refuses what is not one', () => {
    expect(checkUnitName('  UBND   phường  Vĩnh Thanh ')).toBe('UBND phường Vĩnh Thanh');
    expect(codeOf(() => checkUnitName('x'))).toBe('INVALID_INPUT');
    expect(codeOf(() => checkUnitName('a'.repeat(201)))).toBe('INVALID_INPUT');
    expect(codeOf(() => checkUnitName('UBND\u0000xã'))).toBe('INVALID_INPUT');
    expect(checkUnitCode(' 30742 ')).toBe('30742');
    expect(checkUnitCode('')).toBeUndefined();
    expect(codeOf(() => checkUnitCode('3074A'))).toBe('INVALID_INPUT');
    expect(checkResolution(' Nghị quyết số  1685/NQ-UBTVQH15 ')).toBe('Nghị quyết số 1685/NQ-UBTVQH15');
    expect(codeOf(() => checkResolution('Nghị quyết của tỉnh'))).toBe('INVALID_INPUT');
    expect(codeOf(() => checkResolution(`1/NQ ${'a'.repeat(300)}`))).toBe('INVALID_INPUT');
    expect(checkEffectiveDate('2025-07-01')).toBe('2025-07-01');
    for (const bad of ['2025-02-30', '01/07/2025', '1999-12-31', '2025-7-1']) expect(codeOf(() => checkEffectiveDate(bad))).toBe('INVALID_INPUT');
    expect(dayBefore('2025-07-01')).toBe('2025-06-30');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });
});

describe('renaming and adding', () => {
  it('renames a unit of the administrator’s tree, and refuses a name its parent already has', () => {
    const renamed = plan({ kind: 'rename', unitId: 'kg.rach-gia.p-vinh-thanh', name: 'UBND phường Vĩnh Thanh Mới' });
    expect(renamed.units).toEqual([expect.objectContaining({ id: 'kg.rach-gia.p-vinh-thanh', name: 'UBND phường Vĩnh Thanh Mới' })]);
    expect(renamed.basis).toBe('Nghị quyết số 1685/NQ-UBTVQH15, hiệu lực từ 01/01/2024');
    expect(detailsOf(() => plan({ kind: 'rename', unitId: 'kg.rach-gia.p-vinh-thanh', name: 'ubnd phường vĩnh quang' }))).toMatchObject({ field: 'name', reason: 'taken' });
    expect(detailsOf(() => plan({ kind: 'rename', unitId: 'kg.rach-gia.p-vinh-thanh', name: 'UBND phường Vĩnh Thanh' }))).toMatchObject({ reason: 'unchanged' });
  });

  it('reaches only the administrator’s tree, as if the rest did not exist', () => {
    expect(codeOf(() => plan({ kind: 'rename', unitId: 'kg.ha-tien.p-dong-ho', name: 'UBND phường Đông Hồ Mới' }))).toBe('UNIT_NOT_FOUND');
    expect(codeOf(() => plan({ kind: 'rename', unitId: 'nowhere', name: 'UBND xã Không Có' }))).toBe('UNIT_NOT_FOUND');
    expect(codeOf(() => plan({ kind: 'rename', unitId: 'kg.ha-tien.p-dong-ho', name: 'UBND phường Đông Hồ Mới' }, systemAdmin))).toBeUndefined();
    expect(codeOf(() => plan({ kind: 'add', parentId: 'kg.rach-gia', name: 'UBND xã Mới' }, [grant('chair', 'kg')]))).toBe('UNIT_NOT_FOUND');
  });

  it('refuses a unit not in force on the effective date', () => {
    expect(detailsOf(() => plan({ kind: 'rename', unitId: 'kg.rach-gia.p-vinh-thanh', name: 'UBND phường Vĩnh Thanh Mới' }, rachGiaAdmin, { ...LEGAL, effectiveFrom: '2025-07-01' }))).toMatchObject({
      reason: 'not-in-force',
    });
  });

  it('adds a commune under a district, at the level below it, from the effective date', () => {
    const added = plan({ kind: 'add', parentId: 'kg.rach-gia', name: 'UBND xã Phi Thông Mới', code: '31001' });
    expect(added.units).toEqual([
      { id: 'kg.rach-gia.ubnd-xa-phi-thong-moi', name: 'UBND xã Phi Thông Mới', level: 'commune', kind: 'people_committee', parentId: 'kg.rach-gia', code: '31001', validFrom: '2024-01-01' },
    ]);
    expect(added.created).toEqual(['kg.rach-gia.ubnd-xa-phi-thong-moi']);
    expect(codeOf(() => plan({ kind: 'add', parentId: 'kg.rach-gia.p-vinh-thanh', name: 'UBND tổ dân phố' }))).toBe('INVALID_INPUT');
    // A directive of before the effective date is not owed to it; one of after it is.
    const after = buildHierarchy(KIEN_GIANG_SCHEME, [...kienGiangUnits(), ...added.units]);
    expect(planAssignments(after, DIRECTIVE_1119).map((p) => p.unitId)).not.toContain('kg.rach-gia.ubnd-xa-phi-thong-moi');
    expect(planAssignments(after, { ...DIRECTIVE_1119, date: '2024-01-01' }).map((p) => p.unitId)).toContain('kg.rach-gia.ubnd-xa-phi-thong-moi');
  });
});

describe('a merger', () => {
  const three = ['kg.rach-gia.p-vinh-thanh', 'kg.rach-gia.p-vinh-quang', 'kg.rach-gia.p-vinh-hiep'];

  it('ends the merged units the day before, makes the new one under their parent, and moves their tasks to it', () => {
    const merged = plan({ kind: 'merge', from: three, into: { name: 'UBND phường Vĩnh Quang Thanh', code: '30999' } });
    const id = 'kg.rach-gia.ubnd-phuong-vinh-quang-thanh';
    expect(merged.created).toEqual([id]);
    expect(merged.ended).toEqual(three);
    expect(merged.units.filter((u) => u.validTo === '2023-12-31').map((u) => u.id)).toEqual(three);
    expect(merged.units.find((u) => u.id === id)).toMatchObject({ parentId: 'kg.rach-gia', level: 'commune', validFrom: '2024-01-01' });
    expect(merged.succession).toEqual(three.map((oldUnitId) => ({ kind: 'moves', oldUnitId, oldCode: '', to: id })));
    expect(merged.basis).toContain('→ UBND phường Vĩnh Quang Thanh');
    // The engine's own plan: one successor takes the three running assignments over.
    const held = three.map((unitId) => ({ unitId, parentUnitId: 'kg.rach-gia', state: 'in_progress' as const, latest: null }));
    expect(planReorganisation(merged.succession, held).successors).toEqual([expect.objectContaining({ unitId: id, from: three, parentUnitId: 'kg.rach-gia' })]);
  });

  it('merges into an existing unit, and its name may be one of the merged units’', () => {
    const merged = plan({ kind: 'merge', from: three.slice(1), into: { unitId: three[0]! } });
    expect(merged.created).toEqual([]);
    expect(merged.succession.map((s) => s.kind === 'moves' && s.to)).toEqual([three[0], three[0]]);
    expect(plan({ kind: 'merge', from: three, into: { name: 'UBND phường Vĩnh Thanh' } }).created).toEqual(['kg.rach-gia.ubnd-phuong-vinh-thanh']);
  });

  it('moves what stood below merged districts to the unit they became', () => {
    const merged = plan({ kind: 'merge', from: ['kg.rach-gia', 'kg.ha-tien'], into: { name: 'UBND thành phố Rạch Giá – Hà Tiên' } }, systemAdmin);
    const moved = merged.units.filter((u) => u.parentId === 'kg.ubnd-thanh-pho-rach-gia-ha-tien');
    expect(moved.map((u) => u.id)).toContain('kg.ha-tien.p-dong-ho');
    expect(moved.length).toBe(hierarchy.children.get('kg.rach-gia')!.length + hierarchy.children.get('kg.ha-tien')!.length);
  });

  it('refuses cycles, repeats, strangers and mixed levels', () => {
    expect(detailsOf(() => plan({ kind: 'merge', from: three, into: { unitId: three[0]! } }))).toMatchObject({ reason: 'cycle' });
    expect(detailsOf(() => plan({ kind: 'merge', from: ['kg.rach-gia'], into: { unitId: 'kg.rach-gia.p-vinh-thanh' } }, systemAdmin))).toMatchObject({ reason: 'level' });
    expect(detailsOf(() => plan({ kind: 'merge', from: [three[0]!, three[0]!], into: { name: 'UBND phường Mới' } }))).toMatchObject({ reason: 'repeated' });
    expect(detailsOf(() => plan({ kind: 'merge', from: [three[0]!], into: { name: 'UBND phường Mới' } }))).toMatchObject({ reason: 'count' });
    expect(detailsOf(() => plan({ kind: 'merge', from: [three[0]!, 'kg.ha-tien.p-dong-ho'], into: { name: 'UBND phường Mới' } }, systemAdmin))).toMatchObject({ reason: 'not-siblings' });
    expect(codeOf(() => plan({ kind: 'merge', from: [three[0]!, 'kg.ha-tien.p-dong-ho'], into: { name: 'UBND phường Mới' } }))).toBe('UNIT_NOT_FOUND');
    expect(detailsOf(() => plan({ kind: 'merge', from: three, into: { name: 'UBND phường An Hòa' } }))).toMatchObject({ reason: 'taken' });
    expect(detailsOf(() => plan({ kind: 'merge', from: ['kg.rach-gia', 'kg.ha-tien'], into: { unitId: 'kg.rach-gia.p-vinh-thanh' } }, systemAdmin))).toMatchObject({ field: 'into' });
  });
});

describe('a split', () => {
  it('ends the unit and leaves where its tasks go to each directive’s issuer', () => {
    const split = plan({ kind: 'split', from: 'kg.rach-gia.x-phi-thong', into: [{ name: 'UBND xã Phi Thông A' }, { unitId: 'kg.rach-gia.p-rach-soi' }] });
    expect(split.created).toEqual(['kg.rach-gia.ubnd-xa-phi-thong-a']);
    expect(split.succession).toEqual([{ kind: 'split', oldUnitId: 'kg.rach-gia.x-phi-thong', oldCode: '', to: ['kg.rach-gia.ubnd-xa-phi-thong-a', 'kg.rach-gia.p-rach-soi'] }]);
    const held = [{ unitId: 'kg.rach-gia.x-phi-thong', parentUnitId: 'kg.rach-gia', state: 'in_progress' as const, latest: null }];
    expect(planReorganisation(split.succession, held).decisions).toEqual([expect.objectContaining({ unitId: 'kg.rach-gia.x-phi-thong', reason: 'split' })]);
  });

  it('refuses a split into fewer than two, into itself, twice the same name, or of a unit with units below it', () => {
    expect(detailsOf(() => plan({ kind: 'split', from: 'kg.rach-gia.x-phi-thong', into: [{ name: 'UBND xã A' }] }))).toMatchObject({ reason: 'count' });
    expect(detailsOf(() => plan({ kind: 'split', from: 'kg.rach-gia.x-phi-thong', into: [{ name: 'UBND xã A' }, { unitId: 'kg.rach-gia.x-phi-thong' }] }))).toMatchObject({ reason: 'cycle' });
    expect(detailsOf(() => plan({ kind: 'split', from: 'kg.rach-gia.x-phi-thong', into: [{ name: 'UBND xã A' }, { name: 'ubnd xã a' }] }))).toMatchObject({ reason: 'taken' });
    expect(detailsOf(() => plan({ kind: 'split', from: 'kg.rach-gia', into: [{ name: 'UBND A' }, { name: 'UBND B' }] }, systemAdmin))).toMatchObject({ reason: 'has-units' });
  });
});
