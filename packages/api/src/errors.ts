import { TRPCError } from '@trpc/server';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { DomainError, ERROR_CODES, isErrorCode, type ErrorCategory, type ErrorCode } from '@chidao/domain';

const TRPC_CODE: Record<ErrorCategory, TRPCError['code']> = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  CONFLICT: 'CONFLICT',
  BAD_REQUEST: 'BAD_REQUEST',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.category], message: error.message, cause: error });
}

/** Finds the domain failure inside a Temporal failure chain (update rejected by a validator, etc.). */
function domainFailureOf(error: unknown): (ApplicationFailure & { type: ErrorCode }) | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure && isErrorCode(e.type)) return e as ApplicationFailure & { type: ErrorCode };
  }
  return null;
}

/**
 * The wrong fields a workflow's refusal names (a report's `details.fields`, workflows/failures.ts puts
 * the DomainError's details first), so a client can mark them; nothing else of its details goes on.
 */
function fieldsDetail(failure: ApplicationFailure): { fields?: unknown } {
  const [details] = failure.details ?? [];
  const fields = typeof details === 'object' && details !== null ? (details as { fields?: unknown }).fields : undefined;
  return fields === undefined ? {} : { fields };
}

/** gRPC's DEADLINE_EXCEEDED status, as Temporal's client passes it on. */
const DEADLINE_EXCEEDED = 4;

/** True when `error` (or a cause of it) is a call to Temporal cut off by its deadline (update-gate.ts). */
export function isEngineTimeout(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (e instanceof DomainError) return e.code === 'ENGINE_UNAVAILABLE';
    if ((e as { code?: unknown }).code === DEADLINE_EXCEEDED) return true;
  }
  return false;
}

/** Temporal did not answer in time: retry later, with the same key. */
export const engineUnavailable = (message: string) => new DomainError('ENGINE_UNAVAILABLE', message, { retryAfterSeconds: 5 });

/**
 * Turns what a workflow call threw into a DomainError the API can map: a rejected update keeps its
 * domain code; a missing workflow means the assignment does not exist.
 */
export function fromTemporal(error: unknown, context: Record<string, unknown> = {}): DomainError {
  if (error instanceof DomainError) return error;
  if (isEngineTimeout(error)) return new DomainError('ENGINE_UNAVAILABLE', 'Temporal did not answer in time', { ...context, retryAfterSeconds: 5 });
  const failure = domainFailureOf(error);
  if (failure) {
    const message = error instanceof Error && error.cause instanceof Error ? error.cause.message : failure.type;
    return new DomainError(failure.type, message, { ...fieldsDetail(failure), ...context });
  }
  if (error instanceof WorkflowNotFoundError) {
    return new DomainError('ASSIGNMENT_NOT_FOUND', 'The assignment workflow does not exist', context);
  }
  return new DomainError('UNAVAILABLE', error instanceof Error ? error.message : String(error), context);
}

export { ERROR_CODES };
