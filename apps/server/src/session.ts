import type { IncomingMessage } from 'node:http';
import type { IssuedCookies } from '@chidao/api';
import { forwarded, type TrustProxy } from './proxy';

/** Cookie names: the session's token (http-only) and the CSRF token the page echoes in `x-csrf-token`. */
export const SESSION_COOKIE = 'chidao_session';
export const CSRF_COOKIE = 'chidao_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface CookiePolicy {
  /** Add `Secure`: always, never, or when the request came over https ('auto'). */
  readonly secure: boolean | 'auto';
  /** Which proxies' X-Forwarded-For / X-Forwarded-Proto entries to believe (see proxy.ts). */
  readonly trustProxy: TrustProxy;
}

export function readCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (out.has(name)) continue; // the first is the most specific path; ours are all Path=/
    try {
      out.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // a malformed value is no value
    }
  }
  return out;
}

export function isHttps(req: IncomingMessage, policy: CookiePolicy): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  return forwarded(req, policy.trustProxy).proto === 'https';
}

export function clientAddress(req: IncomingMessage, policy: CookiePolicy): string | null {
  return forwarded(req, policy.trustProxy).address;
}

/**
 * The Set-Cookie values for a sign-in (session and its CSRF token) or a sign-out (session cleared, a
 * fresh visitor CSRF token). SameSite=Strict: the browser sends neither on a request another site starts.
 */
export function sessionCookies(issued: IssuedCookies | null, secure: boolean, visitorCsrf: () => string): Map<string, string> {
  const flags = `Path=/; SameSite=Strict${secure ? '; Secure' : ''}`;
  const cookies = new Map<string, string>();
  if (issued) {
    cookies.set(SESSION_COOKIE, `${SESSION_COOKIE}=${issued.sessionToken}; ${flags}; HttpOnly; Max-Age=${issued.maxAgeSeconds}`);
    cookies.set(CSRF_COOKIE, `${CSRF_COOKIE}=${issued.csrfToken}; ${flags}; Max-Age=${issued.maxAgeSeconds}`);
  } else {
    cookies.set(SESSION_COOKIE, `${SESSION_COOKIE}=; ${flags}; HttpOnly; Max-Age=0`);
    cookies.set(CSRF_COOKIE, `${CSRF_COOKIE}=${visitorCsrf()}; ${flags}`);
  }
  return cookies;
}

export function visitorCsrfCookie(token: string, secure: boolean): string {
  return `${CSRF_COOKIE}=${token}; Path=/; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/**
 * Whether a request comes from our own pages: a browser names the site that started it in
 * Sec-Fetch-Site and Origin. Requests without either (curl, tests) rely on the CSRF token alone.
 */
export function isSameOrigin(req: IncomingMessage, policy: CookiePolicy, publicOrigin: string | null): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (publicOrigin !== null) return origin === publicOrigin;
  const host = req.headers.host;
  return host !== undefined && origin === `${isHttps(req, policy) ? 'https' : 'http'}://${host}`;
}
