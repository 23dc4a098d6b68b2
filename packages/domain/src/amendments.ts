import { isTerminal, type Actor, type AssignmentStatus } from './assignment';
import { DomainError } from './errors';
import { assertEndWithin, endOfDay } from './forwarding';

/**
 * Changes from above to a directive already running, as its workflows check them: the issuer
 * recalls it or moves its deadlines for every unit it reached; a unit sets an earlier report day for
 * the units it delivered to.
 */

/**
 * A report (or acknowledgement) day that a unit sets for the units below or the issuer for the whole
 * directive, as the workflows have always checked it: yyyy-MM-dd that Date.parse reads, its end not
 * before `now` and (when given) not after `latest`. Looser than `assertDayWithin` about the calendar
 * (2026-02-30 passes, as 2 March): what running workflows accept stays as it was.
 */
export function checkReportDay(day: string, latest: string | null, now: string, field = 'reportDate'): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) {
    throw new DomainError('INVALID_INPUT', 'The date must be yyyy-MM-dd', { field });
  }
  assertEndWithin(endOfDay(day), latest, now, field);
}

/** Who may move a directive's deadlines for every unit it reached: its issuer, while it is not recalled. */
export function checkDirectiveAmendment(
  directive: { readonly recalled: boolean; readonly issuerUnitId: string | null },
  actor: Actor,
  amendment: { readonly day: string; readonly reason: string; readonly field: 'reportDate' | 'acknowledgeDate' },
  now: string,
): void {
  if (directive.recalled) throw new DomainError('ILLEGAL_TRANSITION', 'The directive is recalled');
  if (directive.issuerUnitId !== null && actor.unitId !== directive.issuerUnitId) throw new DomainError('OUT_OF_SCOPE', 'Only the issuer amends deadlines');
  checkReportDay(amendment.day, null, now, amendment.field);
  if (amendment.reason.trim().length === 0) throw new DomainError('INVALID_INPUT', 'An amendment needs a reason', { field: 'reason' });
}

/**
 * A report day a unit sets for every unit it delivered to: only the unit itself, while its
 * assignment is open and it has units below, a day no later than its own report deadline. `plan` is
 * null while the assignment is still being set up.
 */
export function checkChildDeadline(
  status: AssignmentStatus,
  below: { readonly children: number; readonly plan: { readonly reportBy: string | null } | null },
  actor: Actor,
  reportDate: string,
  now: string,
): void {
  if (actor.unitId !== status.unitId) throw new DomainError('NOT_ASSIGNEE', 'Only the unit itself sets deadlines for the units it delivered to');
  if (isTerminal(status.state)) throw new DomainError('ILLEGAL_TRANSITION', `The assignment is ${status.state}`);
  if (below.children === 0) throw new DomainError('ILLEGAL_TRANSITION', 'No units below to give a deadline to');
  if (!below.plan) throw new DomainError('UNAVAILABLE', 'The assignment is still being set up; try again');
  checkReportDay(reportDate, below.plan.reportBy, now);
}

/** Who may recall a directive: its issuer (any unit until the plan names it), once, with a reason. */
export function checkDirectiveRecall(directive: { readonly recalled: boolean; readonly issuerUnitId: string | null }, actor: Actor, reason: string): void {
  if (directive.recalled) throw new DomainError('ILLEGAL_TRANSITION', 'The directive is already recalled');
  if (directive.issuerUnitId !== null && actor.unitId !== directive.issuerUnitId) throw new DomainError('OUT_OF_SCOPE', 'Only the issuer recalls');
  if (reason.trim().length === 0) throw new DomainError('INVALID_INPUT', 'A recall needs a reason');
}

/**
 * Who may end a directive's periodic reports (kết thúc báo cáo định kỳ, "cho đến khi có chỉ đạo
 * khác" answered): its issuer, once, while it is not recalled, with a reason for the units.
 */
export function checkEndProgressReports(
  directive: { readonly recalled: boolean; readonly issuerUnitId: string | null; readonly progressEndedAt: string | null },
  actor: Actor,
  reason: string,
): void {
  if (directive.recalled) throw new DomainError('ILLEGAL_TRANSITION', 'The directive is recalled');
  if (directive.issuerUnitId !== null && actor.unitId !== directive.issuerUnitId) throw new DomainError('OUT_OF_SCOPE', 'Only the issuer ends the periodic reports');
  if (directive.progressEndedAt !== null) throw new DomainError('ILLEGAL_TRANSITION', 'The periodic reports have already ended', { endedAt: directive.progressEndedAt });
  if (reason.trim().length === 0) throw new DomainError('INVALID_INPUT', 'Ending the periodic reports needs a reason', { field: 'reason' });
}
