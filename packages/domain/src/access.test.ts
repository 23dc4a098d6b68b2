import { describe, expect, it } from 'vitest';
import {
  isOperator,
  actingRole,
  actingUnitIds,
  assertCanRead,
  assertCanReadUnit,
  assertValidGrant,
  canActOn,
  canRead,
  canReadCompiledReport,
  canSeeDirective,
  mayIssueFrom,
  type RoleGrant,
} from './access';
import { DomainError } from './errors';
import { buildHierarchy, THREE_LEVEL_SCHEME, type Unit } from './hierarchy';

//            p
//     ┌──────┼───────┐
//     a      b      p.dept
//   ┌─┴─┐    │
//  a.x a.y  b.z
// and a second province q with q.r.
const u = (id: string, level: string, parentId: string | null, kind: Unit['kind'] = 'people_committee'): Unit => ({
  id,
  name: id,
  level,
  kind,
  parentId,
});
const hierarchy = buildHierarchy(THREE_LEVEL_SCHEME, [
  u('p', 'province', null),
  u('a', 'district', 'p'),
  u('b', 'district', 'p'),
  u('p.dept', 'province', 'p', 'department'),
  u('a.x', 'commune', 'a'),
  u('a.y', 'commune', 'a'),
  u('b.z', 'commune', 'b'),
  u('q', 'province', null),
  u('q.r', 'district', 'q'),
]);
const chair = (unitId: string): RoleGrant => ({ role: 'chair', unitId, directiveId: null });
const DIRECTIVE = 'p/2020/1119';

describe('acting', () => {
  it('is for the units where the user holds a unit role, not the ones below', () => {
    expect(canActOn([chair('a')], 'a')).toBe(true);
    expect(canActOn([chair('a')], 'a.x')).toBe(false);
    expect(canActOn([chair('a')], 'p')).toBe(false);
    expect(canActOn([{ role: 'coordinator', unitId: 'p.dept', directiveId: DIRECTIVE }], 'p.dept')).toBe(false);
    expect(canActOn([{ role: 'officer', unitId: 'a.x', directiveId: null }], 'a.x')).toBe(true);
  });

  it('names the highest role held at the unit', () => {
    const grants: RoleGrant[] = [{ role: 'officer', unitId: 'p', directiveId: null }, { role: 'province_leader', unitId: 'p', directiveId: null }];
    expect(actingRole(grants, 'p')).toBe('province_leader');
    expect(actingRole([...grants, chair('p')], 'p')).toBe('chair');
    expect(actingUnitIds([chair('a'), chair('b'), { role: 'officer', unitId: 'a', directiveId: null }])).toEqual(['a', 'b']);
  });
});

describe('issuing', () => {
  it('is for the leadership of a unit with units below it to address', () => {
    expect(mayIssueFrom(hierarchy, [chair('p')], 'p')).toBe(true);
    expect(mayIssueFrom(hierarchy, [{ role: 'vice_chair', unitId: 'a', directiveId: null }], 'a')).toBe(true);
    expect(mayIssueFrom(hierarchy, [{ role: 'province_leader', unitId: 'p', directiveId: null }], 'p')).toBe(true);
    // An officer drafts, a coordinator compiles; neither issues.
    expect(mayIssueFrom(hierarchy, [{ role: 'officer', unitId: 'p', directiveId: null }], 'p')).toBe(false);
    expect(mayIssueFrom(hierarchy, [{ role: 'coordinator', unitId: 'p', directiveId: DIRECTIVE }], 'p')).toBe(false);
    // A commune, or a department with no units of its own, has nobody to direct.
    expect(mayIssueFrom(hierarchy, [chair('a.x')], 'a.x')).toBe(false);
    expect(mayIssueFrom(hierarchy, [chair('p.dept')], 'p.dept')).toBe(false);
    // A district in a two-level branch is not a commune by name, yet it has no units below.
    expect(mayIssueFrom(hierarchy, [chair('q.r')], 'q.r')).toBe(false);
    expect(mayIssueFrom(hierarchy, [chair('a')], 'p')).toBe(false);
  });
});

describe('reading', () => {
  const cases: Array<[string, RoleGrant[], string, boolean]> = [
    ['own unit', [chair('a')], 'a', true],
    ['a child', [chair('a')], 'a.x', true],
    ['the parent', [chair('a')], 'p', false],
    ['a sibling', [chair('a')], 'b', false],
    ["a sibling's child", [chair('a')], 'b.z', false],
    ['a sibling commune', [chair('a.x')], 'a.y', false],
    ['another province', [chair('p')], 'q.r', false],
    ['an unknown unit', [chair('p')], 'nowhere', false],
    ['the province, as its leader', [{ role: 'province_leader', unitId: 'p', directiveId: null }], 'b.z', true],
    ['another province, as a leader', [{ role: 'province_leader', unitId: 'p', directiveId: null }], 'q', false],
    ['a department, as a leader placed in it', [{ role: 'province_leader', unitId: 'p.dept', directiveId: null }], 'a.y', true],
    ['no grants', [], 'a', false],
  ];
  for (const [what, grants, target, allowed] of cases) {
    it(`${allowed ? 'allows' : 'refuses'} ${what}`, () => {
      expect(canRead(hierarchy, grants, target)).toBe(allowed);
      expect(canRead(hierarchy, grants, target, DIRECTIVE)).toBe(allowed);
    });
  }

  it("lets a coordinator read every unit's part of its directive, and only of it", () => {
    const grants: RoleGrant[] = [chair('p.dept'), { role: 'coordinator', unitId: 'p.dept', directiveId: DIRECTIVE }];
    expect(canRead(hierarchy, grants, 'b.z', DIRECTIVE)).toBe(true);
    expect(canRead(hierarchy, grants, 'p', DIRECTIVE)).toBe(true);
    expect(canRead(hierarchy, grants, 'b.z', 'another')).toBe(false);
    expect(canRead(hierarchy, grants, 'b.z')).toBe(false);
    expect(canRead(hierarchy, grants, 'p.dept')).toBe(true);
  });

  it('refuses with UNIT_NOT_FOUND, the same as for a unit that does not exist', () => {
    const refusal = (target: string) => {
      try {
        assertCanReadUnit(hierarchy, [chair('a')], target);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as DomainError).code;
      }
      return null;
    };
    expect(refusal('b')).toBe('UNIT_NOT_FOUND');
    expect(refusal('nowhere')).toBe('UNIT_NOT_FOUND');
    expect(refusal('a.y')).toBeNull();
    expect(() => assertCanRead(hierarchy, 'a.x', 'a')).toThrow(DomainError);
  });
});

describe('directives', () => {
  const issuedBy = (issuerUnitId: string) => ({ id: DIRECTIVE, issuerUnitId });
  it('are seen down the line they were issued in', () => {
    expect(canSeeDirective(hierarchy, [chair('a.x')], issuedBy('p'))).toBe(true);
    expect(canSeeDirective(hierarchy, [chair('a.x')], issuedBy('a'))).toBe(true);
    expect(canSeeDirective(hierarchy, [chair('p')], issuedBy('a'))).toBe(true);
    expect(canSeeDirective(hierarchy, [chair('a.x')], issuedBy('b'))).toBe(false);
    expect(canSeeDirective(hierarchy, [chair('a.x')], issuedBy('a.y'))).toBe(false);
    expect(canSeeDirective(hierarchy, [chair('q')], issuedBy('p'))).toBe(false);
  });

  it('are seen by their coordinator', () => {
    const coordinator: RoleGrant = { role: 'coordinator', unitId: 'q.r', directiveId: DIRECTIVE };
    expect(canSeeDirective(hierarchy, [coordinator], issuedBy('b'))).toBe(true);
    expect(canSeeDirective(hierarchy, [coordinator], { id: 'other', issuerUnitId: 'b' })).toBe(false);
  });
});

describe('the compiled report', () => {
  const directive = { id: DIRECTIVE, issuerUnitId: 'p' };
  it('is read by the coordinator and by the issuer’s leadership, nobody else', () => {
    expect(canReadCompiledReport([{ role: 'coordinator', unitId: 'p.dept', directiveId: DIRECTIVE }], directive)).toBe(true);
    expect(canReadCompiledReport([{ role: 'coordinator', unitId: 'p.dept', directiveId: 'other' }], directive)).toBe(false);
    expect(canReadCompiledReport([chair('p')], directive)).toBe(true);
    expect(canReadCompiledReport([{ role: 'vice_chair', unitId: 'p', directiveId: null }], directive)).toBe(true);
    expect(canReadCompiledReport([{ role: 'province_leader', unitId: 'p', directiveId: null }], directive)).toBe(true);
    expect(canReadCompiledReport([{ role: 'officer', unitId: 'p', directiveId: null }], directive)).toBe(false);
    // Reading the whole tree is not enough: a district chair and the department's own chair are refused.
    expect(canReadCompiledReport([chair('a')], directive)).toBe(false);
    expect(canReadCompiledReport([chair('p.dept')], directive)).toBe(false);
  });
});

describe('grants', () => {
  it('name a directive exactly for a coordinator', () => {
    expect(() => assertValidGrant({ role: 'coordinator', unitId: 'p', directiveId: null })).toThrow(DomainError);
    expect(() => assertValidGrant({ role: 'chair', unitId: 'p', directiveId: DIRECTIVE })).toThrow(DomainError);
    expect(() => assertValidGrant({ role: 'mayor' as 'chair', unitId: 'p', directiveId: null })).toThrow(DomainError);
    expect(() => assertValidGrant({ role: 'coordinator', unitId: 'p', directiveId: DIRECTIVE })).not.toThrow();
  });
});

describe('isOperator', () => {
  it('is the system administrator only: chairs and leaders, however senior, are officials', () => {
    expect(isOperator([{ role: 'system_admin', unitId: 'kg', directiveId: null }])).toBe(true);
    expect(isOperator([{ role: 'province_leader', unitId: 'kg', directiveId: null }, { role: 'chair', unitId: 'kg', directiveId: null }])).toBe(false);
    expect(isOperator([])).toBe(false);
  });
});
