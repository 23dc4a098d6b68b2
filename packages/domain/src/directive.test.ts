import { describe, expect, it } from 'vitest';
import { citedDirective, directiveIdOf, documentKindOf, documentKindOfReference, groupIncludes, planAssignments, resolveGroup, roleOf, type Directive, type RecipientGroup } from './directive';
import { THREE_LEVEL_SCHEME, TWO_LEVEL_SCHEME, buildHierarchy, type Unit } from './hierarchy';
import { DIRECTIVE_1119 } from './seed/directive-1119';
import { KIEN_GIANG_SCHEME, kienGiangUnits } from './seed/kien-giang-2020';
import { codeOf } from './test-support';

function unit(id: string, level: string, parentId: string | null, kind: Unit['kind'] = 'people_committee'): Unit {
  return { id, name: id, level, kind, parentId };
}

describe('citedDirective', () => {
  const d2841 = { id: 'mic.2020.2841', reference: '2841/BTTTT-THH', date: '2020-08-01' };
  const d1119 = { id: 'kg.2020.1119', reference: '1119/UBND-KGVX', date: '2020-08-19' };
  const d1119of2021 = { id: 'kg.2021.1119', reference: '1119/UBND-KGVX', date: '2021-07-02' };

  it('finds the directive a citation names, by its reference written with other spaces or case, and its date', () => {
    expect(citedDirective({ reference: '2841/btttt-thh', date: '2020-08-01' }, [d1119, d2841])).toBe(d2841);
    expect(citedDirective({ reference: '1119 /UBND-KGVX', date: '2020-08-19' }, [d1119, d1119of2021])).toBe(d1119);
  });

  it('finds none when the date differs, and none rather than a guess when a citation without a date fits two years', () => {
    expect(citedDirective({ reference: '2841/BTTTT-THH', date: '2020-08-02' }, [d2841])).toBeNull();
    expect(citedDirective({ reference: '1119/UBND-KGVX', date: null }, [d1119, d1119of2021])).toBeNull();
    expect(citedDirective({ reference: '1119/UBND-KGVX', date: null }, [d1119])).toBe(d1119);
  });
});

describe('documentKindOf', () => {
  it('reads back each stored kind, and a missing or unknown one as a công văn', () => {
    expect(documentKindOf('chi_thi')).toBe('chi_thi');
    expect(documentKindOf('cong_dien')).toBe('cong_dien');
    expect(documentKindOf(null)).toBe('cong_van');
    expect(documentKindOf('nghi_quyet')).toBe('cong_van');
  });
});

describe('documentKindOfReference', () => {
  it('reads the kind from the abbreviation after the number', () => {
    expect(documentKindOfReference('18/CT-UBND')).toBe('chi_thi');
    expect(documentKindOfReference('86/KH-UBND')).toBe('ke_hoach');
    expect(documentKindOfReference('245/TB-VP')).toBe('thong_bao');
    expect(documentKindOfReference('2150/QĐ-UBND')).toBe('quyet_dinh');
    expect(documentKindOfReference('2150/QD-UBND')).toBe('quyet_dinh');
    expect(documentKindOfReference('08/CĐ-UBND')).toBe('cong_dien');
  });

  it('gives null for a công văn, whose reference names only the body and its drafting unit', () => {
    expect(documentKindOfReference('1119/UBND-KGVX')).toBeNull();
    expect(documentKindOfReference('2790/BTTTT-THH')).toBeNull();
    expect(documentKindOfReference('12')).toBeNull();
  });
});

/** Two provinces so that "outside the issuer's area" can be expressed. */
const TWO_PROVINCES = buildHierarchy(THREE_LEVEL_SCHEME, [
  unit('a', 'province', null),
  unit('a.dept', 'province', 'a', 'department'),
  unit('a.d1', 'district', 'a'),
  unit('a.d1.c1', 'commune', 'a.d1'),
  unit('a.d1.c2', 'commune', 'a.d1'),
  unit('a.d2', 'district', 'a'),
  unit('a.d2.c3', 'commune', 'a.d2'),
  unit('b', 'province', null),
  unit('b.d1', 'district', 'b'),
  unit('b.d1.c1', 'commune', 'b.d1'),
]);

const DISTRICTS: RecipientGroup = { type: 'level', level: 'district', kinds: ['people_committee'] };
const COMMUNES: RecipientGroup = { type: 'level', level: 'commune', kinds: ['people_committee'] };

function directive(overrides: Partial<Directive>): Directive {
  return {
    id: 'a.2020.1-ubnd',
    reference: '1/UBND',
    issuerUnitId: 'a',
    place: 'A',
    date: '2020-01-02',
    subject: 'V/v thử',
    urgency: null,
    recipients: [
      { text: 'Chủ tịch UBND các huyện', group: DISTRICTS },
      { text: 'Chủ tịch UBND các xã', group: COMMUNES },
    ],
    tasks: [{ id: 't1', text: 'Làm', assignees: [DISTRICTS, COMMUNES] }],
    targets: [],
    deadlines: [],
    coordinatorUnitId: null,
    signer: { capacity: 'CHỦ TỊCH', name: 'X' },
    copiesTo: [],
    ...overrides,
  };
}

describe('directiveIdOf', () => {
  it('derives issuer.year.slug', () => {
    expect(directiveIdOf('kg', '2020-08-19', '1119/UBND-KGVX')).toBe('kg.2020.1119-ubnd-kgvx');
    expect(directiveIdOf(DIRECTIVE_1119.issuerUnitId, DIRECTIVE_1119.date, DIRECTIVE_1119.reference)).toBe('kg.2020.1119-ubnd-kgvx');
  });

  it('separates the same number in different years', () => {
    expect(directiveIdOf('kg', '2021-01-05', '1119/UBND-KGVX')).not.toBe(directiveIdOf('kg', '2020-08-19', '1119/UBND-KGVX'));
  });

  it('rejects a bad date or an empty reference', () => {
    expect(codeOf(() => directiveIdOf('kg', '19/8/2020', '1119/UBND-KGVX'))).toBe('INVALID_DIRECTIVE');
    expect(codeOf(() => directiveIdOf('kg', '2020-08-19', ' / '))).toBe('INVALID_DIRECTIVE');
  });
});

describe('resolveGroup', () => {
  it('resolves a level group inside the issuer subtree only', () => {
    expect(resolveGroup(TWO_PROVINCES, 'a', COMMUNES).map((u) => u.id)).toEqual(['a.d1.c1', 'a.d1.c2', 'a.d2.c3']);
    expect(resolveGroup(TWO_PROVINCES, 'a.d1', COMMUNES).map((u) => u.id)).toEqual(['a.d1.c1', 'a.d1.c2']);
  });

  it('filters a level group by kind', () => {
    const depts: RecipientGroup = { type: 'level', level: 'province', kinds: ['department'] };
    expect(resolveGroup(TWO_PROVINCES, 'a', depts).map((u) => u.id)).toEqual(['a.dept']);
  });

  it('rejects named units outside the issuer area, or the issuer itself, with INVALID_DIRECTIVE', () => {
    expect(codeOf(() => resolveGroup(TWO_PROVINCES, 'a', { type: 'units', unitIds: ['b.d1'] }))).toBe('INVALID_DIRECTIVE');
    expect(codeOf(() => resolveGroup(TWO_PROVINCES, 'a.d1', { type: 'units', unitIds: ['a.d2.c3'] }))).toBe('INVALID_DIRECTIVE');
    expect(codeOf(() => resolveGroup(TWO_PROVINCES, 'a', { type: 'units', unitIds: ['a'] }))).toBe('INVALID_DIRECTIVE');
  });

  it('groupIncludes answers membership', () => {
    expect(groupIncludes(TWO_PROVINCES, 'a', DISTRICTS, 'a.d2')).toBe(true);
    expect(groupIncludes(TWO_PROVINCES, 'a', DISTRICTS, 'b.d1')).toBe(false);
    expect(groupIncludes(TWO_PROVINCES, 'a', DISTRICTS, 'a.d1.c1')).toBe(false);
  });
});

describe('planAssignments', () => {
  it('rejects a directive with no recipients', () => {
    expect(codeOf(() => planAssignments(TWO_PROVINCES, directive({ recipients: [] })))).toBe('INVALID_DIRECTIVE');
  });

  it('rejects a recipient group naming a unit outside the issuer subtree', () => {
    const d = directive({ recipients: [{ text: 'x', group: { type: 'units', unitIds: ['a.d1', 'b.d1'] } }] });
    expect(codeOf(() => planAssignments(TWO_PROVINCES, d))).toBe('INVALID_DIRECTIVE');
  });

  it('rejects a task naming a unit outside the issuer subtree', () => {
    const d = directive({ tasks: [{ id: 't1', text: 'x', assignees: [{ type: 'units', unitIds: ['b.d1.c1'] }] }] });
    expect(codeOf(() => planAssignments(TWO_PROVINCES, d))).toBe('INVALID_DIRECTIVE');
  });

  it('rejects a 1119-like dispatch that names a unit of another province', () => {
    const h = buildHierarchy(KIEN_GIANG_SCHEME, [...kienGiangUnits(), unit('ag', 'province', null), unit('ag.so-tttt', 'province', 'ag', 'department')]);
    const d: Directive = {
      ...DIRECTIVE_1119,
      recipients: [...DIRECTIVE_1119.recipients, { text: 'Sở TT&TT An Giang', group: { type: 'units', unitIds: ['ag.so-tttt'] } }],
    };
    expect(codeOf(() => planAssignments(h, d))).toBe('INVALID_DIRECTIVE');
    // The unchanged dispatch plans fine on the same tree and ignores the other province.
    expect(planAssignments(h, DIRECTIVE_1119).some((a) => a.unitId.startsWith('ag'))).toBe(false);
  });

  it('rejects an unknown issuer', () => {
    expect(codeOf(() => planAssignments(TWO_PROVINCES, directive({ issuerUnitId: 'zz' })))).toBe('UNIT_NOT_FOUND');
  });

  it('delivers communes directly when their district is not a recipient', () => {
    const plan = planAssignments(TWO_PROVINCES, directive({ recipients: [{ text: 'xã', group: COMMUNES }] }));
    expect(plan.map((a) => [a.unitId, a.parentUnitId])).toEqual([
      ['a.d1.c1', null],
      ['a.d1.c2', null],
      ['a.d2.c3', null],
    ]);
  });

  it('counts a unit named by two recipient lines once', () => {
    const d = directive({
      recipients: [
        { text: 'huyện', group: DISTRICTS },
        { text: 'huyện 1', group: { type: 'units', unitIds: ['a.d1'] } },
      ],
    });
    expect(planAssignments(TWO_PROVINCES, d).map((a) => a.unitId)).toEqual(['a.d1', 'a.d2']);
  });

  it('plans a district-issued directive for its own communes only', () => {
    const plan = planAssignments(TWO_PROVINCES, directive({ issuerUnitId: 'a.d1' }));
    expect(plan).toEqual([
      { unitId: 'a.d1.c1', parentUnitId: null, taskIds: ['t1'] },
      { unitId: 'a.d1.c2', parentUnitId: null, taskIds: ['t1'] },
    ]);
  });

  it('works on a two-level tree', () => {
    const h = buildHierarchy(TWO_LEVEL_SCHEME, [
      unit('ag', 'province', null),
      unit('ag.so-tttt', 'province', 'ag', 'department'),
      unit('ag.x1', 'commune', 'ag'),
      unit('ag.x2', 'commune', 'ag'),
    ]);
    const d = directive({
      issuerUnitId: 'ag',
      recipients: [
        { text: 'Sở', group: { type: 'level', level: 'province', kinds: ['department'] } },
        { text: 'xã', group: COMMUNES },
      ],
      tasks: [
        { id: 't1', text: 'chung', assignees: [COMMUNES, { type: 'units', unitIds: ['ag.so-tttt'] }] },
        { id: 't2', text: 'Sở', assignees: [{ type: 'units', unitIds: ['ag.so-tttt'] }] },
      ],
    });
    expect(planAssignments(h, d)).toEqual([
      { unitId: 'ag.so-tttt', parentUnitId: null, taskIds: ['t1', 't2'] },
      { unitId: 'ag.x1', parentUnitId: null, taskIds: ['t1'] },
      { unitId: 'ag.x2', parentUnitId: null, taskIds: ['t1'] },
    ]);
  });
});

describe('roleOf', () => {
  const tasks = [
    { id: 't1', text: '', assignees: [] },
    { id: 't2', text: '', assignees: [], roles: { b: 'lead', c: 'info' } as const },
  ];

  it('takes the task entry, then the directive entry, then lead', () => {
    const d = { tasks, roles: { b: 'cooperating', d: 'info' } as const };
    expect(roleOf(d, 'b', 't2')).toBe('lead');
    expect(roleOf(d, 'b', 't1')).toBe('cooperating');
    expect(roleOf(d, 'b')).toBe('cooperating');
    expect(roleOf(d, 'c', 't2')).toBe('info');
    expect(roleOf(d, 'c')).toBe('lead');
    expect(roleOf(d, 'a', 'no-such-task')).toBe('lead');
    expect(roleOf({ tasks }, 'toString')).toBe('lead');
  });

  it('keeps directives without the new fields valid', () => {
    const { metrics: _m, rates: _r, keyTask: _k, roles: _o, ...plain } = DIRECTIVE_1119;
    const old: Directive = plain;
    expect(roleOf(old, 'kg.so-tttt')).toBe('lead');
  });
});
