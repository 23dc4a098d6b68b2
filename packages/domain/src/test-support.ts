// Shared by the domain's tests only; nothing in the package imports it.
import { expect } from 'vitest';
import { newAssignment, partiesOf, type AssignmentStatus } from './assignment';
import { DomainError, type ErrorCode } from './errors';

/** The domain code `fn` throws (failing on any other kind of error), or undefined when it does not throw. */
export function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  return undefined;
}

/**
 * A district of Kiên Giang and one of its wards on a Monday, for the rules about what a district does
 * with a task it was given (forward it, move its deadlines).
 */
export const DISTRICT = 'kg.rach-gia';
export const COMMUNE = 'kg.rach-gia.p-vinh-thanh-van';
export const NOW = '2026-12-07T09:00:00+07:00';
/** The district owes its report by the end of Friday 18/12/2026. */
export const REPORT_BY = '2026-12-18T16:59:59.999Z';
/** The district's assignment from the province, acknowledged. */
export const district: AssignmentStatus = { ...newAssignment('d', DISTRICT, '2026-12-04T10:00:00+07:00', partiesOf('kg', null)), state: 'acknowledged' };
/** The district's chair. */
export const chair = { userId: 'u.kg.rach-gia', unitId: DISTRICT };
