import type { ServerResponse } from 'node:http';

/** Security headers and the mutation rate limiter of the HTTP host. */

/**
 * The web app's policy: only its own scripts, styles, fonts and API (Vite builds no inline script);
 * `data:` images for the empty favicon. Nothing may frame the app.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API answers are data, never documents: they may load nothing and be framed by nobody. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const PERMISSIONS = ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'bluetooth', 'serial', 'hid', 'interest-cohort']
  .map((feature) => `${feature}=()`)
  .join(', ');

/** Headers on every response; HSTS only when the request came over https. */
export function setSecurityHeaders(res: ServerResponse, secure: boolean): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('permissions-policy', PERMISSIONS);
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('content-security-policy', API_CSP);
  if (secure) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

export interface RateLimit {
  /** Mutations allowed at once (the bucket's size); each call of a batch is one. */
  readonly burst: number;
  /** Mutations allowed per minute after that (the refill). */
  readonly perMinute: number;
}

export interface RateLimits {
  readonly perSession: RateLimit;
  readonly perAddress: RateLimit;
}

/**
 * Generous for a person (a form submitted every second for half a minute), tight for a script. The
 * address limit is higher: an office behind one NAT shares it.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perSession: { burst: 30, perMinute: 60 },
  perAddress: { burst: 120, perMinute: 300 },
};

/** Token buckets by key, refilled by the clock given; kept in memory per process. */
export function createRateLimiter(limit: RateLimit, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limit.perMinute / 60_000;
  const refill = (bucket: { tokens: number; at: number }, t: number) => {
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
  };
  return {
    /**
     * Takes `count` tokens for `key` (one per call of a request), all or none: null when allowed, else
     * the whole seconds until that many are back (a count above the burst never is: keep bursts at
     * least MAX_BATCH_CALLS).
     */
    take(key: string, count = 1): number | null {
      const t = now();
      if (buckets.size > 10_000) {
        // Forget keys whose bucket has filled up again: they are as good as new.
        for (const [k, b] of buckets) {
          refill(b, t);
          if (b.tokens >= limit.burst) buckets.delete(k);
        }
      }
      const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t };
      refill(bucket, t);
      buckets.set(key, bucket);
      if (bucket.tokens >= count) {
        bucket.tokens -= count;
        return null;
      }
      return Math.max(1, Math.ceil((count - bucket.tokens) / perMs / 1000));
    },
  };
}
