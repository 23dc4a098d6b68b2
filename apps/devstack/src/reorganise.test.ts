import { describe, expect, it } from 'vitest';
import { anGiang2025Units, vietnam2025 } from '@chidao/admin-units';
import { DIRECTIVE_1119, NATIONAL_THREE_LEVEL_SCHEME, buildHierarchy, kienGiangUnits, planAssignments, planReorganisation, THREE_LEVEL_SCHEME } from '@chidao/domain';
import { describePlan, parseReorganiseArgs, successionFor } from './reorganise';

describe('npm run reorganise', () => {
  it('reads its arguments, and says what is wrong with them', () => {
    expect(parseReorganiseArgs(['kg.2020.1119-ubnd-kgvx', '--into', '91'])).toEqual({ directiveId: 'kg.2020.1119-ubnd-kgvx', into: '91', basis: null, oldCodes: null, apply: false });
    expect(parseReorganiseArgs(['d', '--into', '91', '--old-codes', '30733-31199', '--basis', 'NQ 1654', '--apply'])).toMatchObject({ oldCodes: { from: '30733', to: '31199' }, basis: 'NQ 1654', apply: true });
    expect(() => parseReorganiseArgs(['d'])).toThrow('--into is required');
    expect(() => parseReorganiseArgs(['d', '--into', '911'])).toThrow('two digits');
    expect(() => parseReorganiseArgs(['d', '--into', '91', '--apply'])).toThrow('--apply needs --basis');
    expect(() => parseReorganiseArgs(['d', '--into', '91', '--old-codes', '1-2'])).toThrow('FROM-TO');
    expect(() => parseReorganiseArgs(['d', 'e', '--into', '91'])).toThrow('name one directive');
    expect(() => parseReorganiseArgs(['d', '--into', '91', '--force'])).toThrow('unknown option --force');
  });

  it('plans 1119 from the database’s units, and prints it in words', () => {
    const hierarchy = buildHierarchy(NATIONAL_THREE_LEVEL_SCHEME, [...kienGiangUnits(), ...anGiang2025Units()]);
    const succession = successionFor(hierarchy, DIRECTIVE_1119.issuerUnitId, { into: '91', oldCodes: { from: '30733', to: '31199' } }, vietnam2025());
    const planned = planAssignments(buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits()), DIRECTIVE_1119);
    const plan = planReorganisation(succession, planned.map((p) => ({ unitId: p.unitId, parentUnitId: p.parentUnitId, state: 'acknowledged', latest: null })));
    const text = describePlan(plan, (id) => hierarchy.units.get(id)?.name ?? id);
    expect(text).toMatch(/^Đơn vị mới nhận nhiệm vụ: \d+\n/);
    expect(text).toContain('UBND phường Rạch Giá ← 9 đơn vị: ');
    expect(text).toContain('Chờ cơ quan ban hành quyết định: ');
    expect(text).toMatch(/UBND phường Vĩnh Bảo: không có trong danh sách trước 01\/7\/2025 dưới tên này/);
    expect(text).toContain('Kết thúc (đơn vị không còn): ');
  });

  it('needs the new province in the database first', () => {
    const hierarchy = buildHierarchy(NATIONAL_THREE_LEVEL_SCHEME, kienGiangUnits());
    expect(() => successionFor(hierarchy, DIRECTIVE_1119.issuerUnitId, { into: '91', oldCodes: null }, vietnam2025())).toThrow('run `npm run units -- 91` first');
  });
});
