import { DomainError } from './errors';
import { instantMs } from './calendar';

/**
 * A person's contact points (an e-mail address, a phone number for SMS, a phone number on Zalo) and
 * the one-time code that proves each is theirs before anything is sent to it.
 */

export const CONTACT_CHANNELS = ['email', 'sms', 'zalo'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

// Local part and domain of the common, deliverable shape (no quoted local parts, no IP literals);
// linear: no nested quantifiers.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
// Vietnamese mobile numbers: 0 or +84 or 84, then a 3, 5, 7, 8 or 9 prefix and eight digits.
const VN_MOBILE = /^(?:\+?84|0)([35789]\d{8})$/;

/**
 * The address in the one form it is stored and sent in: an e-mail address lower-cased, a phone
 * number as 84xxxxxxxxx. Anything else is refused with a typed error naming the field.
 */
export function normalizeContact(channel: ContactChannel, address: unknown): string {
  if (typeof address !== 'string' || address.length > 254) throw new DomainError('INVALID_INPUT', 'The address is missing or too long', { field: 'address' });
  const trimmed = address.trim();
  if (channel === 'email') {
    if (!EMAIL.test(trimmed) || trimmed.includes('..')) throw new DomainError('INVALID_INPUT', `Not an e-mail address: ${trimmed}`, { field: 'address' });
    return trimmed.toLowerCase();
  }
  const digits = trimmed.replace(/[\s.-]/g, '');
  const m = VN_MOBILE.exec(digits);
  if (!m) throw new DomainError('INVALID_INPUT', `Not a Vietnamese mobile number: ${trimmed}`, { field: 'address' });
  return `84${m[1]}`;
}

/** The rules of the one-time code. */
export const CODE_POLICY = {
  /** Digits in a code. */
  digits: 6,
  /** How long a code is good for. */
  validMinutes: 10,
  /** Wrong entries before the code is void (a new one must be asked for). */
  maxWrongEntries: 5,
  /** Codes sent to one contact within an hour. */
  maxCodesPerHour: 3,
} as const;

const HOUR_MS = 3_600_000;

/**
 * Whether another code may be sent now, given when the earlier ones were: at most
 * `CODE_POLICY.maxCodesPerHour` an hour. When not, how many seconds until one may.
 */
export function codeThrottle(sentAt: readonly string[], now: string): { readonly allowed: true; readonly recent: string[] } | { readonly allowed: false; readonly retryAfterSeconds: number } {
  const nowMs = instantMs(now);
  const recent = sentAt.filter((s) => nowMs - Date.parse(s) < HOUR_MS).sort();
  if (recent.length < CODE_POLICY.maxCodesPerHour) return { allowed: true, recent: [...recent, new Date(nowMs).toISOString()] };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(recent[0]!) + HOUR_MS - nowMs) / 1000)) };
}

export type CodeCheck = 'verified' | 'wrong' | 'expired' | 'no_code';

/** The outcome of entering a code: compared by hash, within its time, within its wrong entries. */
export function checkCode(
  stored: { readonly codeHash: string | null; readonly codeExpiresAt: string | null; readonly codeAttempts: number },
  givenHash: string,
  now: string,
): CodeCheck {
  if (!stored.codeHash || !stored.codeExpiresAt || stored.codeAttempts >= CODE_POLICY.maxWrongEntries) return 'no_code';
  if (instantMs(now) >= Date.parse(stored.codeExpiresAt)) return 'expired';
  return constantTimeEqual(stored.codeHash, givenHash) ? 'verified' : 'wrong';
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
