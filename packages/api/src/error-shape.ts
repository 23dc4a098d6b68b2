import type { TRPCError } from '@trpc/server';
import { DomainError, reportFieldErrors, type ErrorCode, type ReportFieldCode } from '@chidao/domain';

// What a client reads from an error: the error formatter in trpc.ts puts these in `error.data`.

/** The domain code a client reads from `error.data.domainCode`: input that fails its schema is INVALID_INPUT. */
export function domainCodeOf(error: TRPCError): ErrorCode | null {
  const cause = error.cause;
  if (cause instanceof DomainError) return cause.code;
  // A body that is not JSON, or input that fails its schema, is invalid input alike.
  if (error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR') return 'INVALID_INPUT';
  if (error.code === 'PAYLOAD_TOO_LARGE') return 'PAYLOAD_TOO_LARGE';
  return null;
}

/** Seconds to wait before asking again, when the error says so (TOO_MANY_ATTEMPTS). */
export function retryAfterOf(error: TRPCError): number | null {
  const cause = error.cause;
  const value = cause instanceof DomainError ? cause.details.retryAfterSeconds : undefined;
  return typeof value === 'number' ? value : null;
}

/**
 * Which fields of the input were wrong, for a form to mark: the domain's `details.fields` when it is
 * a list of `{path, code}` (a directive's problems), a refused report's fields as paths into its
 * input (`reportFieldErrors`), else the schema's issues; null otherwise.
 */
export function fieldsOf(error: TRPCError): Array<{ path: Array<string | number>; code: string }> | null {
  const cause = error.cause;
  if (cause instanceof DomainError && Array.isArray(cause.details.fields)) return cause.details.fields as Array<{ path: Array<string | number>; code: string }>;
  if (cause instanceof DomainError && cause.code === 'INVALID_REPORT' && isRecord(cause.details.fields)) {
    return reportFieldErrors(cause.details.fields as Record<string, ReportFieldCode>).map((f) => ({ path: [...f.path], code: f.code }));
  }
  if (error.code === 'BAD_REQUEST' && cause && 'issues' in cause && Array.isArray(cause.issues)) {
    return (cause.issues as Array<{ path: PropertyKey[]; code: string }>).map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code }));
  }
  return null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A request that failed before it had a context (its session could not be read: the database is
 * down). It carries the request's id so the error body still names it, as every server fault's does.
 */
export class RequestContextError extends Error {
  override readonly name = 'RequestContextError';
  constructor(
    readonly requestId: string,
    cause: unknown,
  ) {
    super(`Request ${requestId}: its session could not be read`, { cause });
  }
}

/** The request id of an error raised before the request had a context, or null. */
export function requestIdOfError(error: TRPCError): string | null {
  return error.cause instanceof RequestContextError ? error.cause.requestId : null;
}
