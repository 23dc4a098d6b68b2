/**
 * The one table of domain error codes. Workflows reject with these codes, the API maps them to
 * tRPC codes, and the web app chooses its message by code (never by message text).
 */
export const ERROR_CODES = {
  UNIT_NOT_FOUND: 'NOT_FOUND',
  DIRECTIVE_NOT_FOUND: 'NOT_FOUND',
  ASSIGNMENT_NOT_FOUND: 'NOT_FOUND',
  USER_NOT_FOUND: 'NOT_FOUND',
  ESCALATION_NOT_FOUND: 'NOT_FOUND',
  NOT_ASSIGNEE: 'FORBIDDEN',
  OUT_OF_SCOPE: 'FORBIDDEN',
  /** What the installation shares (the calendar) is kept by its system administrator only. */
  NOT_ADMINISTRATOR: 'FORBIDDEN',
  NOT_SIGNED_IN: 'UNAUTHORIZED',
  /** Unknown account or wrong password: one code for both, so sign-in reveals no usernames. */
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  /** Too many failed sign-ins for the account or from the address; `details.retryAfterSeconds`. */
  TOO_MANY_ATTEMPTS: 'TOO_MANY_REQUESTS',
  /** A mutation without the CSRF token of its session, or from another origin. */
  CSRF_REJECTED: 'FORBIDDEN',
  WEAK_PASSWORD: 'BAD_REQUEST',
  ILLEGAL_TRANSITION: 'CONFLICT',
  ALREADY_ACKNOWLEDGED: 'CONFLICT',
  /** An extension asked for after requests closed, N working days before the deadline; `details.closedAt`. */
  EXTENSION_WINDOW_CLOSED: 'CONFLICT',
  DIRECTIVE_CONFLICT: 'CONFLICT',
  INVALID_HIERARCHY: 'BAD_REQUEST',
  INVALID_DIRECTIVE: 'BAD_REQUEST',
  INVALID_INPUT: 'BAD_REQUEST',
  INVALID_REPORT: 'BAD_REQUEST',
  /** A mutation without a usable `Idempotency-Key` (one per user action, reused on its retries). */
  IDEMPOTENCY_KEY_REQUIRED: 'BAD_REQUEST',
  /** The idempotency key was used before for another procedure or another input. */
  IDEMPOTENCY_KEY_REUSED: 'CONFLICT',
  /** An earlier attempt with the same key is still running; `details.retryAfterSeconds`. */
  REQUEST_IN_PROGRESS: 'CONFLICT',
  /** Too many changes from this session or address in a short time; `details.retryAfterSeconds`. */
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  /** A batched request with more calls than MAX_BATCH_CALLS, or holding a call that goes alone (session.*, intake.*). */
  BATCH_REFUSED: 'BAD_REQUEST',
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** Text intake could not read as a công văn (no number, date or recipients). */
  NOT_A_DISPATCH: 'BAD_REQUEST',
  /** An uploaded file intake does not read (.doc, .pdf, not UTF-8, a broken .docx). */
  UNSUPPORTED_FILE: 'BAD_REQUEST',
  /** A dispatch (its file, its archive's parts or its text) larger than intake reads. */
  DOCUMENT_TOO_LARGE: 'BAD_REQUEST',
  /** A dispatch intake would not finish reading within its time and memory (nesting, a DTD, too many parts). */
  DOCUMENT_TOO_COMPLEX: 'BAD_REQUEST',
  /** Every intake thread is busy and the queue full; `details.retryAfterSeconds`. */
  INTAKE_BUSY: 'UNAVAILABLE',
  UNAVAILABLE: 'UNAVAILABLE',
  /** A contact's one-time code that does not match (the contact stays unverified). */
  CODE_WRONG: 'BAD_REQUEST',
  /** No code to enter: it expired, was entered wrong too often, or none was sent; ask for a new one. */
  CODE_EXPIRED: 'BAD_REQUEST',
  /** Too many codes sent to one contact within the hour; `details.retryAfterSeconds`. */
  TOO_MANY_CODES: 'TOO_MANY_REQUESTS',
  /** The installation does not send through this channel (not configured), or the address refused the code. */
  CHANNEL_UNAVAILABLE: 'BAD_REQUEST',
  /**
   * The workflow engine did not answer within the API's deadline (no worker running, Temporal down or
   * overloaded); `details.retryAfterSeconds`. Retrying with the same Idempotency-Key has one effect.
   */
  ENGINE_UNAVAILABLE: 'UNAVAILABLE',
  /** A roster file with errors is never imported in part: the dry run lists them by row and column. */
  ROSTER_HAS_ERRORS: 'BAD_REQUEST',
  /** An activation or reset code that is unknown, used or expired: one answer for all three. */
  ACCOUNT_CODE_INVALID: 'BAD_REQUEST',
  /** The account's province signs in through its identity provider only (single sign-on). */
  PASSWORD_SIGN_IN_DISABLED: 'FORBIDDEN',
  /** The province has no identity provider configured. */
  SSO_NOT_CONFIGURED: 'BAD_REQUEST',
  /**
   * A sign-in through the provider refused: `details.reason` is state (no such sign-in under way, or
   * another state), provider (the code or ID token refused: tampered, replayed, expired), or
   * subject_unknown / account_inactive / other_province (no account of the province for that person).
   */
  SSO_REFUSED: 'UNAUTHORIZED',
  /** The provider's subject is linked to another account already. */
  SSO_SUBJECT_TAKEN: 'CONFLICT',
  /** A province's settings saved by someone else since they were read; `details.version` is what stands now. */
  SETTINGS_CHANGED: 'CONFLICT',
  /** A report attachment whose content is none of the allowed types (a photo, an XLSX list, a PDF), whatever its name says. */
  ATTACHMENT_TYPE_NOT_ALLOWED: 'BAD_REQUEST',
  /** One file larger than an attachment may be; `details.maxBytes`. */
  ATTACHMENT_TOO_LARGE: 'BAD_REQUEST',
  /** The report carries as many attachments, or as many bytes of them, as it may; `details.maxFiles` or `maxBytes`. */
  ATTACHMENT_LIMIT_REACHED: 'BAD_REQUEST',
  /** The malware scan found a signature in the file (`details.signature`): it is kept, recorded and never served. */
  ATTACHMENT_INFECTED: 'BAD_REQUEST',
  /** The malware scan gave no verdict (the scanner down or too slow); upload it again later. */
  ATTACHMENT_SCAN_FAILED: 'UNAVAILABLE',
  ATTACHMENT_NOT_FOUND: 'NOT_FOUND',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorCategory = (typeof ERROR_CODES)[ErrorCode];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** A broken business rule. `message` is for logs and operators; users see text chosen by `code`. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get category(): ErrorCategory {
    return ERROR_CODES[this.code];
  }
}
