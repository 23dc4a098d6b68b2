import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sessionDeadline, sessionStatus, type AuthPolicy } from '@chidao/domain';
import type { AuditEntryInput, Repositories, SessionRecord, SessionWithAccount } from '@chidao/db';

/**
 * Server-side sessions. The browser holds a random 256-bit token in an http-only cookie; the database
 * holds only its SHA-256, so neither a copy of the table nor a log of it signs anybody in. Each session
 * also has a CSRF token, readable by the page, that every mutation must echo in a header (the host
 * checks it against the cookie and against the session's stored hash).
 */

export interface AuthSettings {
  readonly policy: AuthPolicy;
  /** The clock sessions and throttling are judged by (tests move it). */
  readonly now: () => Date;
}

/** What the host writes into the response's cookies after a sign-in (or, with null, a sign-out). */
export interface IssuedCookies {
  readonly sessionToken: string;
  readonly csrfToken: string;
  /** The session's absolute lifetime: the cookie goes when the session would anyway. */
  readonly maxAgeSeconds: number;
}

/** The request's session as procedures see it. */
export interface SessionPort {
  /** The valid session presented with the request (resolved by `createContext`), or null. */
  readonly current: SessionRecord | null;
  /** Shorthand for `current?.userId ?? null`. */
  readonly userId: string | null;
  /**
   * The signed-in account and its grants, read in one query with the presented session (so a request
   * does not read them again); null once the request signed in or out.
   */
  readonly account: Omit<SessionWithAccount, 'session'> | null;
  /**
   * Signs the user in with a brand-new session: new token, new CSRF token. The session presented with
   * the request (if any) ends in the same transaction, so no token known before sign-in (a planted
   * cookie) is worth anything after it.
   */
  start(userId: string, audit: AuditEntryInput): Promise<SessionRecord>;
  /** Ends the current session (sign-out) and clears the cookies. */
  end(audit: AuditEntryInput): Promise<void>;
}

/** How stale a session's last-use time may get before a request writes it anew. */
export const TOUCH_EVERY_MS = 30_000;

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createSessions(deps: { readonly repos: Repositories; readonly auth: AuthSettings }) {
  const { repos, auth } = deps;
  const nowIso = () => auth.now().toISOString();

  return {
    /**
     * The live session for a cookie's token, or null. An expired one (idle or past its absolute
     * lifetime) is deleted, with an entry by the system; a live one is marked as used now.
     */
    async resolve(token: string | null, meta: { requestId: string; address: string | null }): Promise<SessionWithAccount | null> {
      if (!token || token.length > 200) return null;
      const found = await repos.sessions.withAccountByTokenHash(hashToken(token));
      if (!found) return null;
      const { session } = found;
      const now = nowIso();
      const status = sessionStatus(session, now, auth.policy.session);
      if (status !== 'active') {
        await repos.sessions.delete(session.id, {
          actor: null,
          action: 'session.expire',
          entityType: 'user',
          entityId: session.userId,
          before: { sessionId: session.id, createdAt: session.createdAt, lastSeenAt: session.lastSeenAt },
          after: { reason: status },
          requestId: meta.requestId,
          address: meta.address,
        });
        return null;
      }
      // Marked as used at most every TOUCH_EVERY_MS: a burst of requests is one write, not one each
      // (the idle limit is half an hour; the session may end up to that much before it).
      if (Date.parse(now) - Date.parse(session.lastSeenAt) < TOUCH_EVERY_MS) return found;
      await repos.sessions.touch(session.id, now);
      return { ...found, session: { ...session, lastSeenAt: now } };
    },

    /**
     * Double-submit check: the header equals the CSRF cookie, and for a signed-in request the token is
     * the one issued with its session (so a cookie planted from elsewhere does not pass either).
     */
    csrfMatches(session: SessionRecord | null, header: string | null, cookie: string | null): boolean {
      if (!header || !cookie || header.length > 200 || !sameText(header, cookie)) return false;
      return session === null || sameText(hashToken(header), session.csrfHash);
    },

    /** A fresh CSRF token for a visitor (not bound to a session; sign-in replaces it). */
    visitorCsrfToken: newToken,

    port(
      presented: SessionWithAccount | null,
      meta: { readonly address: string | null; readonly userAgent: string | null },
      issue: (cookies: IssuedCookies | null) => void,
    ): SessionPort {
      let current = presented?.session ?? null;
      let account: SessionPort['account'] = presented ? { user: presented.user, grants: presented.grants } : null;
      return {
        get current() {
          return current;
        },
        get userId() {
          return current?.userId ?? null;
        },
        get account() {
          return account;
        },
        async start(userId, audit) {
          const sessionToken = newToken();
          const csrfToken = newToken();
          const now = nowIso();
          const session: SessionRecord = {
            id: randomUUID(),
            userId,
            csrfHash: hashToken(csrfToken),
            createdAt: now,
            lastSeenAt: now,
            address: meta.address,
            userAgent: meta.userAgent?.slice(0, 500) ?? null,
          };
          await repos.sessions.create(
            { ...session, tokenHash: hashToken(sessionToken) },
            { replacing: current?.id ?? null, audit: { ...audit, after: { ...(audit.after as object), sessionId: session.id } } },
          );
          current = session;
          account = null;
          const deadline = Date.parse(sessionDeadline(now, auth.policy.session));
          issue({ sessionToken, csrfToken, maxAgeSeconds: Math.max(1, Math.floor((deadline - Date.parse(now)) / 1000)) });
          return session;
        },
        async end(audit) {
          if (current) await repos.sessions.delete(current.id, { ...audit, before: { sessionId: current.id } });
          current = null;
          account = null;
          issue(null);
        },
      };
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
