import { DomainError } from './errors';

/**
 * Sign-in rules as pure functions of stored facts and `now`: when a session has expired, when a
 * sign-in must wait, which passwords are acceptable. Instants are ISO strings, as elsewhere in the domain.
 */

export interface SessionPolicy {
  /** A session unused for this long ends. */
  readonly idleTimeoutMs: number;
  /** A session ends this long after sign-in, however busy. */
  readonly absoluteTimeoutMs: number;
}

export interface ThrottlePolicy {
  /** Failures older than this no longer count. */
  readonly windowMs: number;
  /** Failures within the window, for one username, after which sign-in for it waits. */
  readonly maxFailuresPerAccount: number;
  /** Failures within the window, from one address (any usernames), after which it waits. */
  readonly maxFailuresPerAddress: number;
}

export interface AuthPolicy {
  readonly session: SessionPolicy;
  readonly throttle: ThrottlePolicy;
}

const MINUTE = 60_000;

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  session: { idleTimeoutMs: 30 * MINUTE, absoluteTimeoutMs: 12 * 60 * MINUTE },
  throttle: { windowMs: 15 * MINUTE, maxFailuresPerAccount: 5, maxFailuresPerAddress: 20 },
};

export type SessionStatus = 'active' | 'idle_expired' | 'expired';

/** Whether a session still holds at `now`: not idle too long, not past its absolute lifetime. */
export function sessionStatus(
  session: { readonly createdAt: string; readonly lastSeenAt: string },
  now: string,
  policy: SessionPolicy,
): SessionStatus {
  const at = Date.parse(now);
  if (at - Date.parse(session.createdAt) >= policy.absoluteTimeoutMs) return 'expired';
  if (at - Date.parse(session.lastSeenAt) >= policy.idleTimeoutMs) return 'idle_expired';
  return 'active';
}

/** When a session started at `createdAt` ends at the latest (the cookie's lifetime). */
export function sessionDeadline(createdAt: string, policy: SessionPolicy): string {
  return new Date(Date.parse(createdAt) + policy.absoluteTimeoutMs).toISOString();
}

export type ThrottleDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Whether a sign-in may be tried now, given the failed attempts (ISO instants) recorded for the
 * username and for the address. A blocked caller waits until enough failures leave the window. A
 * failure stamped after `now` counts: another request, sent at the same moment, read the clock later.
 */
export function signInThrottle(
  failures: { readonly account: readonly string[]; readonly address: readonly string[] },
  now: string,
  policy: ThrottlePolicy,
): ThrottleDecision {
  const at = Date.parse(now);
  const wait = (instants: readonly string[], max: number): number => {
    const recent = instants
      .map((i) => Date.parse(i))
      .filter((t) => at - t < policy.windowMs)
      .sort((a, b) => a - b);
    if (recent.length < max) return 0;
    // Allowed again once only max - 1 failures remain inside the window.
    const freeing = recent[recent.length - max]!;
    return freeing + policy.windowMs - at;
  };
  const retryAfterMs = Math.max(wait(failures.account, policy.maxFailuresPerAccount), wait(failures.address, policy.maxFailuresPerAddress));
  return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
}

function tooManyAttempts(retryAfterMs: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new DomainError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/** Throws TOO_MANY_ATTEMPTS with the wait in whole seconds when the decision blocks. */
export function assertSignInAllowed(decision: ThrottleDecision): void {
  if (!decision.allowed) throw tooManyAttempts(decision.retryAfterMs);
}

/**
 * The TOO_MANY_ATTEMPTS error for a sign-in the store refused to reserve, having counted `failures`
 * (it applies the same limits in the same statement as it records the attempt). Should the two ever
 * disagree at the window's edge, the wait is a second.
 */
export function signInRefusal(failures: Parameters<typeof signInThrottle>[0], now: string, policy: ThrottlePolicy): DomainError {
  const decision = signInThrottle(failures, now, policy);
  return tooManyAttempts(decision.allowed ? 1_000 : decision.retryAfterMs);
}

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase; bounded so hashing cannot be made expensive. */
export const PASSWORD_MAX_LENGTH = 256;

/** Usernames are compared trimmed and in lower case. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Throws WEAK_PASSWORD for a password too short, too long, or equal to the username. */
export function assertAcceptablePassword(password: string, username: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new DomainError('WEAK_PASSWORD', `A password has ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`, {
      minLength: PASSWORD_MIN_LENGTH,
    });
  }
  if (normaliseUsername(password) === normaliseUsername(username)) {
    throw new DomainError('WEAK_PASSWORD', 'The password may not be the username', { minLength: PASSWORD_MIN_LENGTH });
  }
}
