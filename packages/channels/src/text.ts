import { createHash } from 'node:crypto';

/**
 * Small text helpers the adapters share: bounding what a caller hands us (a title or a body can come
 * from a directive pasted in full) and escaping what goes into HTML.
 */

/** Upper bounds on an OutgoingMessage; longer text is cut (see `bounded`), a longer key or link refused. */
export const LIMITS = {
  /** An e-mail subject past ~200 characters is cut by every mail client anyway. */
  title: 200,
  /** A digest of many lines fits; a whole directive does not belong in a notification. */
  body: 10_000,
  /** Deep links are short (`https://host/#/assignments/<id>`); anything longer is a bug upstream. */
  link: 2_048,
  /** The outbox's keys are short ids; the bound keeps Message-ID lines and provider ids sane. */
  key: 200,
} as const;

/**
 * `text` cut to at most `max` characters (code points, so a Vietnamese letter or an emoji is never
 * split in half), ending in "…" when it was cut.
 */
export function bounded(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  if (max <= 1) return points.slice(0, max).join('');
  return `${points.slice(0, max - 1).join('').trimEnd()}…`;
}

/** One line: line breaks and tabs become spaces, runs of spaces one (for subjects, SMS, titles). */
export function oneLine(text: string): string {
  return text.split(/\s+/).filter((part) => part.length > 0).join(' ');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe inside element content and inside a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** An absolute http(s) URL, or null: a link that goes into an href or a message must not be `javascript:`. */
export function httpUrl(link: string): URL | null {
  if (link.length > LIMITS.link) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * A provider-side id derived from the delivery key: the key itself when it is short and plain,
 * else a hash of it. The same key always gives the same id, so a retry is recognised as a retry.
 */
export function providerIdFor(key: string, maxLength: number): string {
  if (key.length <= maxLength && /^[A-Za-z0-9_.:-]+$/.test(key)) return key;
  return `h-${createHash('sha256').update(key).digest('base64url')}`.slice(0, maxLength);
}
