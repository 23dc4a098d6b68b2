import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  THREE_LEVEL_SCHEME,
  TWO_LEVEL_SCHEME,
  ancestorsOf,
  buildHierarchy,
  childrenOf,
  committeeLevelBelow,
  descendantsOf,
  getUnit,
  isWithin,
  levelIndex,
  placeUnits,
  unitValidOn,
  type LevelScheme,
  type Unit,
} from './hierarchy';
import { codeOf } from './test-support';

function unit(id: string, level: string, parentId: string | null, kind: Unit['kind'] = 'people_committee'): Unit {
  return { id, name: `UBND ${id}`, level, kind, parentId };
}

/** p → (d1 → c1, c2), (d2 → c3), dept at province level under p. */
const SMALL: Unit[] = [
  unit('p', 'province', null),
  unit('p.dept', 'province', 'p', 'department'),
  unit('p.d1', 'district', 'p'),
  unit('p.d1.c1', 'commune', 'p.d1'),
  unit('p.d1.c2', 'commune', 'p.d1'),
  unit('p.d2', 'district', 'p'),
  unit('p.d2.c3', 'commune', 'p.d2'),
];

describe('buildHierarchy validation', () => {
  it('accepts a well-formed three-level tree', () => {
    const h = buildHierarchy(THREE_LEVEL_SCHEME, SMALL);
    expect(h.units.size).toBe(SMALL.length);
    expect(h.roots).toEqual(['p']);
  });

  it('rejects duplicate ids', () => {
    const units = [...SMALL, unit('p.d1.c1', 'commune', 'p.d2')];
    expect(codeOf(() => buildHierarchy(THREE_LEVEL_SCHEME, units))).toBe('INVALID_HIERARCHY');
    // The error names the offending unit so an operator can find it.
    try {
      buildHierarchy(THREE_LEVEL_SCHEME, units);
    } catch (error) {
      expect((error as DomainError).details).toMatchObject({ unitId: 'p.d1.c1' });
    }
  });

  it('rejects unknown parents', () => {
    const units = [...SMALL, unit('p.d9.c9', 'commune', 'p.d9')];
    expect(codeOf(() => buildHierarchy(THREE_LEVEL_SCHEME, units))).toBe('INVALID_HIERARCHY');
  });

  it('rejects unknown levels', () => {
    const units = [...SMALL, unit('p.d1.hamlet', 'hamlet', 'p.d1')];
    expect(codeOf(() => buildHierarchy(THREE_LEVEL_SCHEME, units))).toBe('INVALID_HIERARCHY');
  });

  it('rejects a child above its parent level', () => {
    const units = [...SMALL, unit('p.d1.c1.x', 'district', 'p.d1.c1')];
    expect(codeOf(() => buildHierarchy(THREE_LEVEL_SCHEME, units))).toBe('INVALID_HIERARCHY');
    // A province-level unit under a district is just as wrong.
    const units2 = [...SMALL, unit('p.d1.prov', 'province', 'p.d1')];
    expect(codeOf(() => buildHierarchy(THREE_LEVEL_SCHEME, units2))).toBe('INVALID_HIERARCHY');
  });

  it('allows a child at the same level as its parent (a department under its committee)', () => {
    const h = buildHierarchy(THREE_LEVEL_SCHEME, SMALL);
    expect(getUnit(h, 'p.dept').parentId).toBe('p');
  });

  it('rejects cycles', () => {
    const twoCycle = [...SMALL, unit('a', 'district', 'b'), unit('b', 'district', 'a')];
    expect(codeOf(() => buildHierarchy(THREE_LEVEL_SCHEME, twoCycle))).toBe('INVALID_HIERARCHY');
    const selfLoop = [...SMALL, unit('s', 'commune', 's')];
    expect(codeOf(() => buildHierarchy(THREE_LEVEL_SCHEME, selfLoop))).toBe('INVALID_HIERARCHY');
    const onlyCycle = [unit('a', 'commune', 'c'), unit('b', 'commune', 'a'), unit('c', 'commune', 'b')];
    expect(codeOf(() => buildHierarchy(THREE_LEVEL_SCHEME, onlyCycle))).toBe('INVALID_HIERARCHY');
  });

  it('rejects schemes with fewer than two levels', () => {
    const one: LevelScheme = { id: 'one', levels: ['province'] };
    expect(codeOf(() => buildHierarchy(one, [unit('p', 'province', null)]))).toBe('INVALID_HIERARCHY');
    const none: LevelScheme = { id: 'none', levels: [] };
    expect(codeOf(() => buildHierarchy(none, []))).toBe('INVALID_HIERARCHY');
  });

  it('maps INVALID_HIERARCHY to BAD_REQUEST', () => {
    try {
      buildHierarchy({ id: 'one', levels: ['x'] }, []);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).category).toBe('BAD_REQUEST');
    }
  });
});

describe('navigation', () => {
  const h = buildHierarchy(THREE_LEVEL_SCHEME, SMALL);
  const ids = (units: readonly Unit[]) => units.map((u) => u.id);

  it('childrenOf lists direct children only, in input order', () => {
    expect(ids(childrenOf(h, 'p'))).toEqual(['p.dept', 'p.d1', 'p.d2']);
    expect(ids(childrenOf(h, 'p.d1'))).toEqual(['p.d1.c1', 'p.d1.c2']);
    expect(childrenOf(h, 'p.d1.c1')).toEqual([]);
  });

  it('descendantsOf lists everything below, depth first, excluding the unit itself', () => {
    expect(ids(descendantsOf(h, 'p'))).toEqual(['p.dept', 'p.d1', 'p.d1.c1', 'p.d1.c2', 'p.d2', 'p.d2.c3']);
    expect(ids(descendantsOf(h, 'p.d2'))).toEqual(['p.d2.c3']);
    expect(descendantsOf(h, 'p.d2.c3')).toEqual([]);
  });

  it('ancestorsOf goes from the parent up to the root', () => {
    expect(ids(ancestorsOf(h, 'p.d1.c2'))).toEqual(['p.d1', 'p']);
    expect(ids(ancestorsOf(h, 'p.d2'))).toEqual(['p']);
    expect(ancestorsOf(h, 'p')).toEqual([]);
  });

  it('isWithin is true for the unit itself and anything below, false elsewhere', () => {
    expect(isWithin(h, 'p.d1', 'p.d1')).toBe(true);
    expect(isWithin(h, 'p.d1.c1', 'p.d1')).toBe(true);
    expect(isWithin(h, 'p.d1.c1', 'p')).toBe(true);
    expect(isWithin(h, 'p.d2.c3', 'p.d1')).toBe(false);
    expect(isWithin(h, 'p', 'p.d1')).toBe(false);
    expect(isWithin(h, 'p.d1', 'p.d1.c1')).toBe(false);
  });

  it('unknown units are UNIT_NOT_FOUND', () => {
    expect(codeOf(() => getUnit(h, 'nope'))).toBe('UNIT_NOT_FOUND');
    expect(codeOf(() => ancestorsOf(h, 'nope'))).toBe('UNIT_NOT_FOUND');
    expect(codeOf(() => isWithin(h, 'nope', 'p'))).toBe('UNIT_NOT_FOUND');
  });

  it('levelIndex follows the scheme', () => {
    expect(levelIndex(h, getUnit(h, 'p'))).toBe(0);
    expect(levelIndex(h, getUnit(h, 'p.dept'))).toBe(0);
    expect(levelIndex(h, getUnit(h, 'p.d1'))).toBe(1);
    expect(levelIndex(h, getUnit(h, 'p.d1.c1'))).toBe(2);
  });
});

describe('two-level scheme (since 1/7/2025)', () => {
  const units: Unit[] = [
    unit('ag', 'province', null),
    unit('ag.so-tttt', 'province', 'ag', 'department'),
    unit('ag.p-rach-gia', 'commune', 'ag'),
    unit('ag.x-phu-quoc', 'commune', 'ag'),
  ];
  const h = buildHierarchy(TWO_LEVEL_SCHEME, units);

  it('builds and navigates with the same code', () => {
    expect(childrenOf(h, 'ag').map((u) => u.id)).toEqual(['ag.so-tttt', 'ag.p-rach-gia', 'ag.x-phu-quoc']);
    expect(descendantsOf(h, 'ag')).toHaveLength(3);
    expect(ancestorsOf(h, 'ag.x-phu-quoc').map((u) => u.id)).toEqual(['ag']);
    expect(isWithin(h, 'ag.p-rach-gia', 'ag')).toBe(true);
    expect(levelIndex(h, getUnit(h, 'ag.p-rach-gia'))).toBe(1);
  });

  it('says which level of committees sits below: communes right below the province', () => {
    expect(committeeLevelBelow(h, 'ag')).toBe('commune');
    expect(committeeLevelBelow(buildHierarchy(THREE_LEVEL_SCHEME, SMALL), 'p')).toBe('district');
    expect(committeeLevelBelow(buildHierarchy(THREE_LEVEL_SCHEME, SMALL), 'p.d1')).toBe('commune');
    expect(committeeLevelBelow(h, 'ag.p-rach-gia')).toBeNull();
  });

  it('rejects the district level that the scheme no longer has', () => {
    expect(codeOf(() => buildHierarchy(TWO_LEVEL_SCHEME, [...units, unit('ag.h', 'district', 'ag')]))).toBe('INVALID_HIERARCHY');
  });

  it('rejects a province under a commune', () => {
    expect(codeOf(() => buildHierarchy(TWO_LEVEL_SCHEME, [...units, unit('ag.bad', 'province', 'ag.p-rach-gia')]))).toBe(
      'INVALID_HIERARCHY',
    );
  });
});

describe('a unit’s validity', () => {
  const ended: Unit = { ...unit('kg', 'province', null), validTo: '2025-06-30' };
  const begun: Unit = { ...unit('an-giang', 'province', null), validFrom: '2025-07-01' };

  it('holds on both of its ends and between, and always where it has none', () => {
    expect(unitValidOn(ended, '2020-08-19')).toBe(true);
    expect(unitValidOn(ended, '2025-06-30')).toBe(true);
    expect(unitValidOn(ended, '2025-07-01')).toBe(false);
    expect(unitValidOn(begun, '2025-06-30')).toBe(false);
    expect(unitValidOn(begun, '2025-07-01')).toBe(true);
    expect(unitValidOn(begun, '2026-12-07')).toBe(true);
    expect(unitValidOn({ validFrom: '2021-01-01', validTo: '2021-12-31' }, '2022-01-01')).toBe(false);
    expect(unitValidOn(unit('p', 'province', null), '1990-01-01')).toBe(true);
  });

  it('is refused in a tree when it is not a span of days', () => {
    expect(codeOf(() => buildHierarchy(TWO_LEVEL_SCHEME, [{ ...begun, validTo: '2025-06-30' }]))).toBe('INVALID_HIERARCHY');
    expect(codeOf(() => buildHierarchy(TWO_LEVEL_SCHEME, [{ ...begun, validFrom: '1/7/2025' }]))).toBe('INVALID_HIERARCHY');
    expect(buildHierarchy(TWO_LEVEL_SCHEME, [{ ...begun, validTo: '2025-07-01' }]).units.size).toBe(1);
  });
});

describe('placeUnits', () => {
  const tree = buildHierarchy(THREE_LEVEL_SCHEME, [
    { id: 'a', name: 'A', level: 'province', kind: 'people_committee', parentId: null },
    { id: 'a.d', name: 'D', level: 'district', kind: 'people_committee', parentId: 'a' },
    { id: 'a.d.c', name: 'C', level: 'commune', kind: 'people_committee', parentId: 'a.d' },
    { id: 'b', name: 'B', level: 'province', kind: 'people_committee', parentId: null },
    { id: 'b.x', name: 'X', level: 'commune', kind: 'people_committee', parentId: 'b' },
  ]);

  it('hangs a unit of another province under the unit a directive placed it', () => {
    const placed = placeUnits(tree, [{ unitId: 'b.x', parentId: 'a' }]);
    expect(childrenOf(placed, 'a').map((u) => u.id)).toEqual(['a.d', 'b.x']);
    expect(childrenOf(placed, 'b')).toEqual([]);
    // The map itself is unchanged.
    expect(childrenOf(tree, 'b').map((u) => u.id)).toEqual(['b.x']);
  });

  it('is the same tree without placements, and ignores units it does not hold', () => {
    expect(placeUnits(tree, [])).toBe(tree);
    expect(placeUnits(tree, [{ unitId: 'nowhere', parentId: 'a' }])).toBe(tree);
  });
});
