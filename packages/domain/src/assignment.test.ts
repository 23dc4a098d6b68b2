import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from './errors';
import {
  ASSIGNMENT_ACTIONS,
  ASSIGNMENT_STATES,
  OPEN_STATES,
  acknowledge,
  assertCanAcknowledge,
  availableActions,
  isTerminal,
  newAssignment,
  partiesOf,
  transition,
  type AssignmentAction,
  type AssignmentActionType,
  type AssignmentState,
  type AssignmentStatus,
  type RoleActor,
} from './assignment';
import { codeOf } from './test-support';

const DIRECTIVE = 'kg.2020.1119-ubnd-kgvx';
const ISSUED_AT = '2020-08-19T08:00:00+07:00';
const NOW = '2020-08-19T09:30:00+07:00';
const commune = 'kg.rach-gia.p-vinh-thanh-van';
const clerk = { userId: 'u-42', unitId: commune };

describe('assignment lifecycle', () => {
  it('starts issued and unacknowledged', () => {
    expect(ASSIGNMENT_STATES[0]).toBe('issued');
    expect(newAssignment(DIRECTIVE, commune, ISSUED_AT)).toEqual({
      directiveId: DIRECTIVE,
      unitId: commune,
      state: 'issued',
      issuedAt: ISSUED_AT,
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
  });

  it('acknowledge moves issued → acknowledged, recording time and user', () => {
    const issued = newAssignment(DIRECTIVE, commune, ISSUED_AT);
    const acked = acknowledge(issued, clerk, NOW);
    expect(acked).toEqual({
      directiveId: DIRECTIVE,
      unitId: commune,
      state: 'acknowledged',
      issuedAt: ISSUED_AT,
      acknowledgedAt: NOW,
      acknowledgedBy: 'u-42',
    });
  });

  it('does not mutate its input', () => {
    const issued = newAssignment(DIRECTIVE, commune, ISSUED_AT);
    const snapshot = structuredClone(issued);
    const frozen: AssignmentStatus = Object.freeze({ ...issued });
    const acked = acknowledge(frozen, clerk, NOW);
    acknowledge(issued, clerk, NOW);
    expect(issued).toEqual(snapshot);
    expect(acked).not.toBe(frozen);
    expect(frozen.state).toBe('issued');
  });

  it('refuses a user acting for another unit with NOT_ASSIGNEE', () => {
    const issued = newAssignment(DIRECTIVE, commune, ISSUED_AT);
    const districtClerk = { userId: 'u-7', unitId: 'kg.rach-gia' };
    expect(codeOf(() => acknowledge(issued, districtClerk, NOW))).toBe('NOT_ASSIGNEE');
    expect(codeOf(() => assertCanAcknowledge(issued, districtClerk))).toBe('NOT_ASSIGNEE');
    expect(issued.state).toBe('issued');
  });

  it('refuses a second acknowledgement with ALREADY_ACKNOWLEDGED and keeps the first', () => {
    const acked = acknowledge(newAssignment(DIRECTIVE, commune, ISSUED_AT), clerk, NOW);
    expect(codeOf(() => acknowledge(acked, { userId: 'u-43', unitId: commune }, '2020-08-20T10:00:00+07:00'))).toBe(
      'ALREADY_ACKNOWLEDGED',
    );
    expect(acked.acknowledgedBy).toBe('u-42');
    expect(acked.acknowledgedAt).toBe(NOW);
  });

  it('assertCanAcknowledge passes for the assignee of an issued assignment', () => {
    expect(() => assertCanAcknowledge(newAssignment(DIRECTIVE, commune, ISSUED_AT), clerk)).not.toThrow();
  });

  it('maps its errors to FORBIDDEN and CONFLICT', () => {
    const issued = newAssignment(DIRECTIVE, commune, ISSUED_AT);
    try {
      acknowledge(issued, { userId: 'x', unitId: 'kg' }, NOW);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).category).toBe('FORBIDDEN');
    }
    try {
      acknowledge(acknowledge(issued, clerk, NOW), clerk, NOW);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).category).toBe('CONFLICT');
    }
  });
});

// The lifecycle engine. A commune's assignment delivered by its district under the province's directive.
const district = 'kg.rach-gia';
const province = 'kg';
const parties = partiesOf(province, district);
const assignee: RoleActor = { userId: 'u-42', unitId: commune, role: 'assignee' };
const assigner: RoleActor = { userId: 'u-7', unitId: district, role: 'assigner' };
const issuer: RoleActor = { userId: 'u-1', unitId: province, role: 'issuer' };
const LATER = '2020-08-20T10:00:00+07:00';

const ACTIONS: Record<AssignmentActionType, AssignmentAction> = {
  acknowledge: { type: 'acknowledge' },
  start: { type: 'start' },
  submitReport: { type: 'submitReport' },
  accept: { type: 'accept' },
  return: { type: 'return', reason: 'Thiếu số liệu xã Phi Thông' },
  complete: { type: 'complete' },
  recall: { type: 'recall', reason: 'Văn bản bị thay thế' },
  reassign: { type: 'reassign', reason: 'Xã đã sáp nhập', toUnitId: 'kg.rach-gia.p-vinh-thanh' },
  succeed: { type: 'succeed', reason: 'Sắp xếp đơn vị hành chính theo Nghị quyết số 1654/NQ-UBTVQH15', toUnitId: 'an-giang.p-rach-gia' },
};
const ACTOR_FOR: Record<AssignmentActionType, RoleActor> = {
  acknowledge: assignee,
  start: assignee,
  submitReport: assignee,
  accept: assigner,
  return: assigner,
  complete: assigner,
  recall: issuer,
  reassign: assigner,
  succeed: issuer,
};

/** An assignment in `state`, as the lifecycle would have left it. */
function inState(state: AssignmentState): AssignmentStatus {
  const base = newAssignment(DIRECTIVE, commune, ISSUED_AT, parties);
  const acked = { ...base, acknowledgedAt: NOW, acknowledgedBy: 'u-42' };
  switch (state) {
    case 'issued':
      return base;
    case 'acknowledged':
      return { ...acked, state };
    case 'in_progress':
      return { ...acked, state, startedAt: NOW };
    case 'reported':
      return { ...acked, state, reportedAt: NOW };
    case 'returned':
      return { ...acked, state, reportedAt: NOW, returnedAt: NOW, returnReason: 'Thiếu số liệu' };
    case 'accepted':
      return { ...acked, state, reportedAt: NOW, acceptedAt: NOW };
    case 'completed':
      return { ...acked, state, reportedAt: NOW, acceptedAt: NOW, completedAt: NOW };
    case 'recalled':
      return { ...base, state, recalledAt: NOW, recallReason: 'Thu hồi' };
    case 'reassigned':
      return { ...base, state, reassignedAt: NOW, reassignedTo: 'kg.rach-gia.p-vinh-thanh', reassignReason: 'Giao nhầm' };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Every state × action, with the right actor: the next state, or the refusal. Written out by hand
 * rather than read from TRANSITIONS so the table checks the code instead of repeating it.
 */
const X = 'ILLEGAL_TRANSITION';
const EXPECTED: Record<AssignmentState, Record<AssignmentActionType, AssignmentState | ErrorCode>> = {
  issued:       { acknowledge: 'acknowledged',        start: 'in_progress', submitReport: 'reported', accept: X,          return: X,          complete: X,           recall: 'recalled', reassign: 'reassigned', succeed: 'reassigned' },
  acknowledged: { acknowledge: 'ALREADY_ACKNOWLEDGED', start: 'in_progress', submitReport: 'reported', accept: X,          return: X,          complete: X,           recall: 'recalled', reassign: 'reassigned', succeed: 'reassigned' },
  in_progress:  { acknowledge: 'ALREADY_ACKNOWLEDGED', start: X,             submitReport: 'reported', accept: X,          return: X,          complete: X,           recall: 'recalled', reassign: 'reassigned', succeed: 'reassigned' },
  reported:     { acknowledge: 'ALREADY_ACKNOWLEDGED', start: X,             submitReport: 'reported', accept: 'accepted', return: 'returned', complete: X,           recall: 'recalled', reassign: 'reassigned', succeed: 'reassigned' },
  returned:     { acknowledge: 'ALREADY_ACKNOWLEDGED', start: X,             submitReport: 'reported', accept: X,          return: X,          complete: X,           recall: 'recalled', reassign: 'reassigned', succeed: 'reassigned' },
  accepted:     { acknowledge: 'ALREADY_ACKNOWLEDGED', start: X,             submitReport: 'reported', accept: X,          return: X,          complete: 'completed', recall: 'recalled', reassign: 'reassigned', succeed: 'reassigned' },
  completed:    { acknowledge: 'ALREADY_ACKNOWLEDGED', start: X,             submitReport: X,          accept: X,          return: X,          complete: X,           recall: X,          reassign: X,          succeed: X },
  recalled:     { acknowledge: X,                     start: X,             submitReport: X,          accept: X,          return: X,          complete: X,           recall: X,          reassign: X,          succeed: X },
  reassigned:   { acknowledge: X,                     start: X,             submitReport: X,          accept: X,          return: X,          complete: X,           recall: X,          reassign: X,          succeed: X },
};

const CASES = ASSIGNMENT_STATES.flatMap((from) => ASSIGNMENT_ACTIONS.map((action) => ({ from, action, expected: EXPECTED[from][action] })));

describe('transition: every state × action', () => {
  it('covers all 9 states and 9 actions', () => {
    expect(ASSIGNMENT_STATES).toEqual(['issued', 'acknowledged', 'in_progress', 'reported', 'returned', 'accepted', 'completed', 'recalled', 'reassigned']);
    expect([...ASSIGNMENT_ACTIONS].sort()).toEqual(Object.keys(ACTIONS).sort());
    expect(CASES).toHaveLength(81);
  });

  it.each(CASES.filter((c) => (ASSIGNMENT_STATES as readonly string[]).includes(c.expected)))(
    '$from --$action--> $expected, without touching the input',
    ({ from, action, expected }) => {
      const before = deepFreeze(inState(from));
      const snapshot = structuredClone(before);
      const after = transition(before, ACTIONS[action], ACTOR_FOR[action], LATER);
      expect(after.state).toBe(expected);
      expect(after).not.toBe(before);
      expect(before).toEqual(snapshot);
      // Nothing but the state and the action's own records changes.
      expect(after).toMatchObject({ directiveId: DIRECTIVE, unitId: commune, issuedAt: ISSUED_AT, ...parties });
    },
  );

  it.each(CASES.filter((c) => !(ASSIGNMENT_STATES as readonly string[]).includes(c.expected)))(
    '$from --$action--> refused with $expected',
    ({ from, action, expected }) => {
      const before = deepFreeze(inState(from));
      let caught: unknown;
      try {
        transition(before, ACTIONS[action], ACTOR_FOR[action], LATER);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      const error = caught as DomainError;
      expect(error.code).toBe(expected);
      expect(error.category).toBe('CONFLICT');
      if (expected === 'ILLEGAL_TRANSITION') expect(error.details).toEqual({ from, action });
    },
  );

  it('availableActions agrees with the table for every role', () => {
    for (const state of ASSIGNMENT_STATES) {
      const legal = ASSIGNMENT_ACTIONS.filter((a) => (ASSIGNMENT_STATES as readonly string[]).includes(EXPECTED[state][a]));
      const byRole = (['assignee', 'assigner', 'issuer'] as const).flatMap((role) => availableActions(state, role));
      expect(byRole.sort(), state).toEqual([...legal].sort());
    }
    expect(availableActions('issued', 'assignee')).toEqual(['acknowledge', 'start', 'submitReport']);
    expect(availableActions('reported', 'assigner')).toEqual(['accept', 'return', 'reassign']);
    expect(availableActions('completed', 'issuer')).toEqual([]);
  });
});

describe('transition: what each step records', () => {
  it('walks issued → acknowledged → in_progress → reported → returned → reported → accepted → completed', () => {
    let s = newAssignment(DIRECTIVE, commune, ISSUED_AT, parties);
    s = transition(s, { type: 'acknowledge' }, assignee, '2020-08-19T10:00:00+07:00');
    expect(s).toMatchObject({ state: 'acknowledged', acknowledgedAt: '2020-08-19T10:00:00+07:00', acknowledgedBy: 'u-42' });
    s = transition(s, { type: 'start' }, { ...assignee, userId: 'u-43' }, '2020-08-19T11:00:00+07:00');
    expect(s).toMatchObject({ state: 'in_progress', startedAt: '2020-08-19T11:00:00+07:00', acknowledgedBy: 'u-42' });
    s = transition(s, { type: 'submitReport' }, assignee, '2020-08-20T09:00:00+07:00');
    expect(s).toMatchObject({ state: 'reported', reportedAt: '2020-08-20T09:00:00+07:00' });
    s = transition(s, { type: 'return', reason: '  Thiếu số liệu ấp 3  ' }, assigner, '2020-08-20T10:00:00+07:00');
    expect(s).toMatchObject({ state: 'returned', returnedAt: '2020-08-20T10:00:00+07:00', returnReason: 'Thiếu số liệu ấp 3' });
    s = transition(s, { type: 'submitReport' }, assignee, '2020-08-20T15:00:00+07:00');
    expect(s).toMatchObject({ state: 'reported', reportedAt: '2020-08-20T15:00:00+07:00', returnReason: 'Thiếu số liệu ấp 3' });
    s = transition(s, { type: 'accept' }, assigner, '2020-08-21T08:00:00+07:00');
    expect(s).toMatchObject({ state: 'accepted', acceptedAt: '2020-08-21T08:00:00+07:00' });
    s = transition(s, { type: 'complete' }, assigner, '2020-08-24T08:00:00+07:00');
    expect(s).toMatchObject({ state: 'completed', completedAt: '2020-08-24T08:00:00+07:00' });
    expect(isTerminal(s.state)).toBe(true);
  });

  it('reporting straight from issued counts as acknowledgement (reporting proves receipt)', () => {
    const s = transition(newAssignment(DIRECTIVE, commune, ISSUED_AT, parties), { type: 'submitReport' }, assignee, LATER);
    expect(s).toMatchObject({ state: 'reported', acknowledgedAt: LATER, acknowledgedBy: 'u-42', reportedAt: LATER });
    const started = transition(newAssignment(DIRECTIVE, commune, ISSUED_AT, parties), { type: 'start' }, assignee, LATER);
    expect(started).toMatchObject({ state: 'in_progress', acknowledgedAt: LATER, acknowledgedBy: 'u-42' });
  });

  it('keeps the first acknowledgement when a later action follows it', () => {
    const s = transition(inState('acknowledged'), { type: 'submitReport' }, { ...assignee, userId: 'u-99' }, LATER);
    expect(s).toMatchObject({ acknowledgedAt: NOW, acknowledgedBy: 'u-42' });
  });

  it('recall records when and why, from any open state', () => {
    for (const from of OPEN_STATES) {
      const s = transition(inState(from), { type: 'recall', reason: ' Văn bản bị thay thế ' }, issuer, LATER);
      expect(s, from).toMatchObject({ state: 'recalled', recalledAt: LATER, recallReason: 'Văn bản bị thay thế' });
    }
  });

  it('reassign records when, why and to whom, from any open state', () => {
    for (const from of OPEN_STATES) {
      const s = transition(inState(from), { type: 'reassign', reason: ' Xã đã sáp nhập ', toUnitId: 'kg.rach-gia.p-vinh-thanh' }, assigner, LATER);
      expect(s, from).toMatchObject({ state: 'reassigned', reassignedAt: LATER, reassignedTo: 'kg.rach-gia.p-vinh-thanh', reassignReason: 'Xã đã sáp nhập' });
      expect(isTerminal(s.state)).toBe(true);
    }
    // To the same unit, or to nobody: INVALID_INPUT.
    for (const toUnitId of [commune, '']) {
      expect(codeOf(() => transition(inState('acknowledged'), { type: 'reassign', reason: 'x', toUnitId }, assigner, LATER))).toBe('INVALID_INPUT');
    }
  });

  it('newAssignment records the assigner and issuer only when given', () => {
    expect(newAssignment(DIRECTIVE, commune, ISSUED_AT, parties)).toMatchObject({ assignerUnitId: district, issuerUnitId: province });
    expect(Object.keys(newAssignment(DIRECTIVE, commune, ISSUED_AT))).not.toContain('assignerUnitId');
    // A unit the directive reaches directly is assigned by the issuer.
    expect(partiesOf(province, null)).toEqual({ assignerUnitId: province, issuerUnitId: province });
  });
});

describe('transition: who may act', () => {
  const otherCommune: RoleActor = { userId: 'u-50', unitId: 'kg.rach-gia.p-vinh-thanh', role: 'assignee' };
  const code = (state: AssignmentState, action: AssignmentActionType, actor: RoleActor, status = inState(state)): ErrorCode | undefined =>
    codeOf(() => transition(status, ACTIONS[action], actor, LATER));

  it.each(['acknowledge', 'start', 'submitReport'] as const)('%s: only the assignee unit; anyone else gets NOT_ASSIGNEE', (action) => {
    const from: AssignmentState = action === 'acknowledge' ? 'issued' : 'acknowledged';
    expect(code(from, action, otherCommune)).toBe('NOT_ASSIGNEE');
    expect(code(from, action, assigner)).toBe('NOT_ASSIGNEE');
    expect(code(from, action, issuer)).toBe('NOT_ASSIGNEE');
    // The right unit claiming the wrong capacity is refused too.
    expect(code(from, action, { ...assignee, role: 'assigner' })).toBe('NOT_ASSIGNEE');
  });

  it.each(['accept', 'return', 'complete'] as const)('%s: only the assigner unit acting as assigner; others get OUT_OF_SCOPE', (action) => {
    const from: AssignmentState = action === 'complete' ? 'accepted' : 'reported';
    expect(code(from, action, assignee)).toBe('OUT_OF_SCOPE');
    expect(code(from, action, issuer)).toBe('OUT_OF_SCOPE');
    expect(code(from, action, { ...issuer, role: 'assigner' })).toBe('OUT_OF_SCOPE');
    expect(code(from, action, { ...assigner, unitId: 'kg.ha-tien' })).toBe('OUT_OF_SCOPE');
    expect(code(from, action, { ...assigner, role: 'issuer' })).toBe('OUT_OF_SCOPE');
    expect(code(from, action, assigner)).toBeUndefined();
  });

  it('reassign: only the assigner acting as assigner', () => {
    expect(code('acknowledged', 'reassign', assignee)).toBe('OUT_OF_SCOPE');
    expect(code('acknowledged', 'reassign', issuer)).toBe('OUT_OF_SCOPE');
    expect(code('acknowledged', 'reassign', { ...assigner, unitId: 'kg.ha-tien' })).toBe('OUT_OF_SCOPE');
    expect(code('acknowledged', 'reassign', assigner)).toBeUndefined();
  });

  it('recall: only the issuer acting as issuer', () => {
    expect(code('reported', 'recall', assignee)).toBe('OUT_OF_SCOPE');
    expect(code('reported', 'recall', assigner)).toBe('OUT_OF_SCOPE');
    expect(code('reported', 'recall', { ...assigner, role: 'issuer' })).toBe('OUT_OF_SCOPE');
    expect(code('reported', 'recall', issuer)).toBeUndefined();
  });

  it('when the issuer delivered the assignment itself, its unit is assigner and issuer', () => {
    const direct = { ...inState('reported'), ...partiesOf(province, null) };
    expect(transition(direct, { type: 'accept' }, { ...issuer, role: 'assigner' }, LATER).state).toBe('accepted');
    expect(transition(direct, ACTIONS.recall, issuer, LATER).state).toBe('recalled');
  });

  it('fails closed: without recorded parties, no assigner or issuer action is possible', () => {
    const { assignerUnitId: _a, issuerUnitId: _i, ...bare } = inState('reported');
    expect(code('reported', 'accept', assigner, bare)).toBe('OUT_OF_SCOPE');
    expect(code('reported', 'recall', issuer, bare)).toBe('OUT_OF_SCOPE');
    expect(transition(bare, { type: 'submitReport' }, assignee, LATER).state).toBe('reported');
  });

  it('checks the actor before the state, so outsiders learn nothing about the assignment', () => {
    expect(code('completed', 'acknowledge', otherCommune)).toBe('NOT_ASSIGNEE');
    expect(code('completed', 'accept', assignee)).toBe('OUT_OF_SCOPE');
    expect(code('recalled', 'recall', assigner)).toBe('OUT_OF_SCOPE');
  });
});

describe('transition: reasons', () => {
  it.each([
    ['return', 'reported', assigner],
    ['recall', 'in_progress', issuer],
    ['reassign', 'acknowledged', assigner],
  ] as const)('%s needs a non-blank reason (INVALID_INPUT)', (type, from, actor) => {
    for (const reason of ['', '   ', '\n\t']) {
      const before = deepFreeze(inState(from));
      expect(codeOf(() => transition(before, { type, reason, toUnitId: 'kg.rach-gia.p-vinh-thanh' } as AssignmentAction, actor, LATER)), JSON.stringify(reason)).toBe('INVALID_INPUT');
      expect(before.state).toBe(from);
    }
  });

  it('an unknown action type is INVALID_INPUT', () => {
    for (const type of ['approve', 'toString', '__proto__']) {
      expect(codeOf(() => transition(inState('reported'), { type } as unknown as AssignmentAction, assigner, LATER)), type).toBe('INVALID_INPUT');
    }
  });

  it('an illegal move is refused as such even with a blank reason', () => {
    expect(codeOf(() => transition(inState('issued'), { type: 'return', reason: '' }, assigner, LATER))).toBe('ILLEGAL_TRANSITION');
  });
});

describe('states', () => {
  it('completed, recalled and reassigned are terminal; the rest are open', () => {
    expect(ASSIGNMENT_STATES.filter((s) => isTerminal(s))).toEqual(['completed', 'recalled', 'reassigned']);
    expect([...OPEN_STATES]).toEqual(ASSIGNMENT_STATES.filter((s) => !isTerminal(s)));
  });

  it('acknowledge() and assertCanAcknowledge() agree with transition', () => {
    expect(codeOf(() => acknowledge(inState('in_progress'), clerk, NOW))).toBe('ALREADY_ACKNOWLEDGED');
    expect(codeOf(() => assertCanAcknowledge(inState('recalled'), clerk))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => assertCanAcknowledge(inState('acknowledged'), clerk))).toBe('ALREADY_ACKNOWLEDGED');
    expect(acknowledge(inState('issued'), clerk, LATER)).toEqual(transition(inState('issued'), { type: 'acknowledge' }, assignee, LATER));
  });
});
