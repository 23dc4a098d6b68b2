import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from './errors';
import { ASSIGNMENT_STATES, acknowledge, assertCanAcknowledge, newAssignment, type AssignmentStatus } from './assignment';

function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  return undefined;
}

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
