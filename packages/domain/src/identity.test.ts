import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  assertAcceptablePassword,
  assertSignInAllowed,
  DEFAULT_AUTH_POLICY,
  normaliseUsername,
  sessionDeadline,
  sessionStatus,
  signInRefusal,
  signInThrottle,
} from './identity';

const MIN = 60_000;
const t0 = Date.parse('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * MIN).toISOString();
const session = DEFAULT_AUTH_POLICY.session;
const throttle = DEFAULT_AUTH_POLICY.throttle;

describe('sessions', () => {
  it('end after 30 idle minutes', () => {
    const s = { createdAt: at(0), lastSeenAt: at(10) };
    expect(sessionStatus(s, at(39), session)).toBe('active');
    expect(sessionStatus(s, at(40), session)).toBe('idle_expired');
  });

  it('end 12 hours after sign-in however busy', () => {
    const s = { createdAt: at(0), lastSeenAt: at(12 * 60 - 1) };
    expect(sessionStatus(s, at(12 * 60 - 0.5), session)).toBe('active');
    expect(sessionStatus(s, at(12 * 60), session)).toBe('expired');
    expect(sessionDeadline(at(0), session)).toBe(at(12 * 60));
  });
});

describe('sign-in throttling', () => {
  const failures = (minutes: number[]) => minutes.map(at);

  it('allows four failures for an account, then waits until the oldest leaves the window', () => {
    expect(signInThrottle({ account: failures([0, 1, 2, 3]), address: [] }, at(4), throttle)).toEqual({ allowed: true });
    const blocked = signInThrottle({ account: failures([0, 1, 2, 3, 4]), address: [] }, at(5), throttle);
    expect(blocked).toEqual({ allowed: false, retryAfterMs: 10 * MIN });
    expect(signInThrottle({ account: failures([0, 1, 2, 3, 4]), address: [] }, at(15), throttle)).toEqual({ allowed: true });
  });

  it('counts 20 failures per address, whatever the usernames', () => {
    const twenty = failures([...Array(20).keys()].map((i) => i * 0.5));
    expect(signInThrottle({ account: [], address: twenty.slice(1) }, at(10), throttle).allowed).toBe(true);
    expect(signInThrottle({ account: [], address: twenty }, at(10), throttle)).toEqual({ allowed: false, retryAfterMs: 5 * MIN });
  });

  it('ignores failures outside the window, and counts those stamped a moment after now (sent at the same time)', () => {
    expect(signInThrottle({ account: failures([-30, -20, -16, -15, 1, 2]), address: [] }, at(0), throttle).allowed).toBe(true);
    expect(signInThrottle({ account: failures([-1, -0.5, 0, 0.001, 0.002]), address: [] }, at(0), throttle)).toEqual({ allowed: false, retryAfterMs: 14 * MIN });
  });

  it('refuses with TOO_MANY_ATTEMPTS and the wait in seconds', () => {
    try {
      assertSignInAllowed({ allowed: false, retryAfterMs: 1500 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('TOO_MANY_ATTEMPTS');
      expect((error as DomainError).details).toEqual({ retryAfterSeconds: 2 });
    }
    expect(() => assertSignInAllowed({ allowed: true })).not.toThrow();
  });

  it('words a refusal the store made with the wait the failures it counted give, at least a second', () => {
    const counted = { account: failures([0, 1, 2, 3, 4]), address: [] };
    expect(signInRefusal(counted, at(5), throttle)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 10 * 60 } });
    expect(signInRefusal({ account: [], address: [] }, at(5), throttle)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 1 } });
  });
});

describe('passwords', () => {
  it('have at least ten characters and are not the username', () => {
    expect(() => assertAcceptablePassword('short', 'ct.kg')).toThrow(DomainError);
    expect(() => assertAcceptablePassword('CT.KG.RACH-GIA', 'ct.kg.rach-gia')).toThrow(DomainError);
    expect(() => assertAcceptablePassword('x'.repeat(257), 'ct.kg')).toThrow(DomainError);
    expect(() => assertAcceptablePassword('mật khẩu dài đủ', 'ct.kg')).not.toThrow();
  });

  it('compare usernames trimmed and in lower case', () => {
    expect(normaliseUsername('  CT.KG ')).toBe('ct.kg');
  });
});
