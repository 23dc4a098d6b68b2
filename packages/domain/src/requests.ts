import { isTerminal, type Actor, type AssignmentStatus } from './assignment';
import { DomainError } from './errors';

/**
 * Requests that travel between an assignee and the unit that assigned it, while the assignment runs:
 * a deadline extension (gia hạn) the assignee asks for and the assigner decides, and an explanation
 * (giải trình) the assigner or issuer asks of a late unit, which the unit answers.
 */

export interface ExtensionRequest {
  readonly number: number;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly reason: string;
  /** The report deadline asked for, yyyy-MM-dd (the end of that day, Asia/Ho_Chi_Minh). */
  readonly proposedDate: string;
  readonly state: 'pending' | 'approved' | 'rejected';
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly decisionNote?: string;
}

export interface ExplanationRequest {
  readonly number: number;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly question: string;
  readonly answer?: string;
  readonly answeredBy?: string;
  readonly answeredAt?: string;
}

const MAX_TEXT = 4_000;

function text(value: string, field: string): string {
  const trimmed = value.normalize('NFC').trim();
  if (trimmed.length === 0) throw new DomainError('INVALID_INPUT', `${field} is required`, { field });
  if (trimmed.length > MAX_TEXT) throw new DomainError('INVALID_INPUT', `${field} is too long`, { field });
  return trimmed;
}

function assertOpen(status: AssignmentStatus): void {
  if (isTerminal(status.state)) {
    throw new DomainError('ILLEGAL_TRANSITION', `The assignment is ${status.state}`, { from: status.state });
  }
}

const isAssigner = (status: AssignmentStatus, actor: Actor) =>
  actor.unitId === status.assignerUnitId || actor.unitId === status.issuerUnitId;

/** The assignee asks to move its report deadline to a later day, with a reason; one request at a time. */
export function requestExtension(
  status: AssignmentStatus,
  history: readonly ExtensionRequest[],
  actor: Actor,
  input: { reason: string; proposedDate: string },
  currentDeadline: string | null,
  now: string,
  closesAt: string | null = null,
): ExtensionRequest {
  if (actor.unitId !== status.unitId) throw new DomainError('NOT_ASSIGNEE', 'Only the assignee asks for an extension');
  assertOpen(status);
  // Provinces' rule: an extension is asked N working days before the deadline at the latest.
  if (closesAt !== null && Date.parse(now) > Date.parse(closesAt)) {
    throw new DomainError('EXTENSION_WINDOW_CLOSED', `Extension requests closed at ${closesAt}`, { closedAt: closesAt });
  }
  if (history.some((r) => r.state === 'pending')) {
    throw new DomainError('ILLEGAL_TRANSITION', 'An extension request is already waiting for a decision');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.proposedDate) || Number.isNaN(Date.parse(input.proposedDate))) {
    throw new DomainError('INVALID_INPUT', 'The proposed date must be yyyy-MM-dd', { field: 'proposedDate' });
  }
  // The end of the proposed day must fall after the deadline in force.
  const proposedEnd = Date.parse(`${input.proposedDate}T23:59:59.999+07:00`);
  if (currentDeadline !== null && proposedEnd <= Date.parse(currentDeadline)) {
    throw new DomainError('INVALID_INPUT', 'An extension must move the deadline later', { field: 'proposedDate' });
  }
  return {
    number: history.length + 1,
    requestedBy: actor.userId,
    requestedAt: now,
    reason: text(input.reason, 'reason'),
    proposedDate: input.proposedDate,
    state: 'pending',
  };
}

/** The assigning unit approves or rejects the pending extension request. */
export function decideExtension(
  status: AssignmentStatus,
  history: readonly ExtensionRequest[],
  actor: Actor,
  input: { approve: boolean; note?: string },
  now: string,
): ExtensionRequest {
  if (!isAssigner(status, actor)) throw new DomainError('OUT_OF_SCOPE', 'Only the assigning unit decides an extension');
  assertOpen(status);
  const pending = history.find((r) => r.state === 'pending');
  if (!pending) throw new DomainError('ILLEGAL_TRANSITION', 'No extension request is waiting');
  return decided(pending, actor, input, now);
}

/** A waiting request decided: approved, or rejected with the reason a rejection needs; a note kept if given. */
function decided<T extends { readonly state: 'pending' | 'approved' | 'rejected' }>(pending: T, actor: Actor, input: { approve: boolean; note?: string }, now: string): T {
  if (!input.approve && (input.note ?? '').trim().length === 0) {
    throw new DomainError('INVALID_INPUT', 'A rejection needs a reason', { field: 'note' });
  }
  return {
    ...pending,
    state: input.approve ? 'approved' : 'rejected',
    decidedBy: actor.userId,
    decidedAt: now,
    ...(input.note && input.note.trim() ? { decisionNote: text(input.note, 'note') } : {}),
  };
}

/**
 * The assigner or issuer asks a unit to explain: one past a deadline unanswered, or one behind target
 * by its latest report before any deadline (`late`).
 */
export function requestExplanation(
  status: AssignmentStatus,
  history: readonly ExplanationRequest[],
  actor: Actor,
  question: string,
  late: boolean,
  now: string,
): ExplanationRequest {
  if (!isAssigner(status, actor)) throw new DomainError('OUT_OF_SCOPE', 'Only the assigning or issuing unit asks for an explanation');
  assertOpen(status);
  if (!late) throw new DomainError('ILLEGAL_TRANSITION', 'An explanation is asked only of a unit past its deadline or behind target');
  if (history.some((r) => r.answer === undefined)) {
    throw new DomainError('ILLEGAL_TRANSITION', 'An explanation request is still unanswered');
  }
  return { number: history.length + 1, requestedBy: actor.userId, requestedAt: now, question: text(question, 'question') };
}

/** The unit answers the open explanation request. */
export function answerExplanation(
  status: AssignmentStatus,
  history: readonly ExplanationRequest[],
  actor: Actor,
  answer: string,
  now: string,
): ExplanationRequest {
  if (actor.unitId !== status.unitId) throw new DomainError('NOT_ASSIGNEE', 'Only the unit asked answers');
  const open = history.find((r) => r.answer === undefined);
  if (!open) throw new DomainError('ILLEGAL_TRANSITION', 'No explanation request is waiting for an answer');
  return { ...open, answer: text(answer, 'answer'), answeredBy: actor.userId, answeredAt: now };
}

/**
 * Đề nghị điều chỉnh: the assignee asks the issuer to change one of its tasks (its content or deadline,
 * in words) or to drop it for this unit (not its to do, already done elsewhere), with a reason; the
 * issuer decides. A dropped task is no longer owed by the unit: it leaves its statistics and no longer
 * keeps it chased. One request per task waits at a time.
 */
export interface AdjustmentRequest {
  readonly number: number;
  readonly taskId: string;
  readonly kind: 'change' | 'drop';
  readonly reason: string;
  /** For a change: what the unit proposes instead. */
  readonly proposal?: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly state: 'pending' | 'approved' | 'rejected';
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly decisionNote?: string;
}

export function requestAdjustment(
  status: AssignmentStatus,
  history: readonly AdjustmentRequest[],
  actor: Actor,
  input: { taskId: string; kind: 'change' | 'drop'; reason: string; proposal?: string },
  taskIds: readonly string[],
  now: string,
): AdjustmentRequest {
  if (actor.unitId !== status.unitId) throw new DomainError('NOT_ASSIGNEE', 'Only the assignee asks to adjust its task');
  assertOpen(status);
  if (!taskIds.includes(input.taskId)) throw new DomainError('INVALID_INPUT', `Task ${input.taskId} is not this unit's`, { field: 'taskId' });
  if (input.kind !== 'change' && input.kind !== 'drop') throw new DomainError('INVALID_INPUT', 'An adjustment changes or drops the task', { field: 'kind' });
  if (history.some((r) => r.taskId === input.taskId && r.state === 'pending')) {
    throw new DomainError('ILLEGAL_TRANSITION', 'A request to adjust this task is already waiting for a decision');
  }
  if (history.some((r) => r.taskId === input.taskId && r.kind === 'drop' && r.state === 'approved')) {
    throw new DomainError('ILLEGAL_TRANSITION', 'The task was already dropped for this unit');
  }
  return {
    number: history.length + 1,
    taskId: input.taskId,
    kind: input.kind,
    reason: text(input.reason, 'reason'),
    ...(input.kind === 'change' ? { proposal: text(input.proposal ?? '', 'proposal') } : {}),
    requestedBy: actor.userId,
    requestedAt: now,
    state: 'pending',
  };
}

/** The issuing unit approves or rejects a waiting adjustment request; a rejection needs a reason. */
export function decideAdjustment(
  status: AssignmentStatus,
  history: readonly AdjustmentRequest[],
  actor: Actor,
  input: { number: number; approve: boolean; note?: string },
  now: string,
): AdjustmentRequest {
  if (status.issuerUnitId === undefined || actor.unitId !== status.issuerUnitId) throw new DomainError('OUT_OF_SCOPE', 'Only the issuing unit decides an adjustment');
  assertOpen(status);
  const pending = history.find((r) => r.number === input.number && r.state === 'pending');
  if (!pending) throw new DomainError('ILLEGAL_TRANSITION', `No adjustment request ${input.number} is waiting`);
  return decided(pending, actor, input, now);
}

/** The tasks dropped for the unit by approved requests. */
export const droppedTasks = (history: readonly AdjustmentRequest[]): string[] =>
  history.filter((r) => r.kind === 'drop' && r.state === 'approved').map((r) => r.taskId);
