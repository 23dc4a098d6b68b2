import { isErrorCode, type ErrorCode } from '@chidao/domain';

/** The i18n key of the message for an error: by the domain code the API attached, never by its text. */
export type ErrorMessageKey = `errors.codes.${ErrorCode}` | 'errors.network' | 'errors.unknown';

function dataOf(error: unknown): Record<string, unknown> | null {
  if (typeof error !== 'object' || error === null || !('data' in error)) return null;
  const data = (error as { data: unknown }).data;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
}

/** The domain code a tRPC error carries in `data.domainCode` (see the API's error formatter). */
export function domainCodeOf(error: unknown): ErrorCode | null {
  const code = dataOf(error)?.domainCode;
  return isErrorCode(code) ? code : null;
}

/** A TRPCClientError without server data never reached the server (offline, server down). */
function isNetworkError(error: unknown): boolean {
  return error instanceof Error && error.name === 'TRPCClientError' && dataOf(error) === null;
}

export function errorMessageKey(error: unknown): ErrorMessageKey {
  const code = domainCodeOf(error);
  if (code) return `errors.codes.${code}`;
  return isNetworkError(error) ? 'errors.network' : 'errors.unknown';
}

export function isSignedOutError(error: unknown): boolean {
  return domainCodeOf(error) === 'NOT_SIGNED_IN';
}

/** Worth asking again: the server was unreachable or said it is unavailable, or the error is not a domain rule. */
export function isTransient(error: unknown): boolean {
  const code = domainCodeOf(error);
  return code === null || code === 'UNAVAILABLE' || code === 'ENGINE_UNAVAILABLE';
}
