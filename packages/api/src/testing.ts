import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskFileStore, type FileStore } from '@chidao/files';
import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_AUTH_POLICY, type AuthPolicy } from '@chidao/domain';
import { createContext, type ContextDeps, type RequestTransport } from './context';
import { createFilesCaller } from './files';
import { createCaller } from './root';
import { hashToken, type AuthSettings } from './sessions';

/**
 * Test helpers: in-process callers that go through the same context, sessions and CSRF rules as the
 * HTTP host, with a cookie jar instead of a browser.
 */

/** A clock tests can move. */
export function testClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export function testAuth(overrides: { policy?: AuthPolicy; now?: () => Date } = {}): AuthSettings {
  return { policy: overrides.policy ?? DEFAULT_AUTH_POLICY, now: overrides.now ?? (() => new Date()) };
}

export interface Jar {
  session: string | null;
  csrf: string | null;
}

export interface BrowserOptions {
  /** Client address; a fresh one per browser by default, so throttling by address stays per test. */
  readonly address?: string;
  /** What the page sends as `x-csrf-token`: the cookie's value (default), nothing, or a given value. */
  readonly csrfHeader?: 'cookie' | 'none' | { readonly value: string };
  readonly sameOrigin?: boolean;
  readonly jar?: Jar;
  /**
   * The `Idempotency-Key` each call sends: by default a fresh one per call (each call a new user
   * action); a fixed value, null (none), or a function asked per call to replay retries.
   */
  readonly idempotencyKey?: string | null | (() => string | null);
}

let addresses = 0;
const freshAddress = () => {
  const n = addresses++;
  return `198.18.${Math.floor(n / 250) % 256}.${(n % 250) + 1}`;
};

/** A browser at the API: keeps the cookies the API sets, and sends the CSRF header as the web app does. */
export function testBrowser(deps: ContextDeps, options: BrowserOptions = {}, prepare?: () => Promise<void>) {
  const jar: Jar = options.jar ?? { session: null, csrf: randomBytes(16).toString('base64url') };
  const address = options.address ?? freshAddress();
  const requestIds: string[] = [];
  const transport = (): RequestTransport => {
    const id = randomUUID();
    requestIds.push(id);
    const header = options.csrfHeader ?? 'cookie';
    return {
      id,
      address,
      userAgent: 'vitest',
      sessionToken: jar.session,
      csrfCookie: jar.csrf,
      csrfHeader: header === 'cookie' ? jar.csrf : header === 'none' ? null : header.value,
      sameOrigin: options.sameOrigin ?? true,
      idempotencyKey:
        options.idempotencyKey === undefined ? randomUUID() : typeof options.idempotencyKey === 'function' ? options.idempotencyKey() : options.idempotencyKey,
      issue(cookies) {
        jar.session = cookies?.sessionToken ?? null;
        jar.csrf = cookies?.csrfToken ?? randomBytes(16).toString('base64url');
      },
    };
  };
  const context = async () => {
    await prepare?.();
    return createContext(deps, transport());
  };
  // `files`: the downloads (files.ts), as the host calls them for GET /files/….
  return { jar, address, requestIds, caller: createCaller(context), files: createFilesCaller(context) };
}

/**
 * A caller signed in as `userId` (null: a visitor) without a password: the session is stored the way
 * sign-in stores one. For tests of procedures other than sign-in.
 */
export function signedInAs(deps: ContextDeps, userId: string | null, options: Omit<BrowserOptions, 'jar'> = {}) {
  return signedInBrowser(deps, userId, options).caller;
}

/** As signedInAs, with the file downloads beside the procedures (`files`). */
export function signedInBrowser(deps: ContextDeps, userId: string | null, options: Omit<BrowserOptions, 'jar'> = {}) {
  if (userId === null) return testBrowser(deps, options);
  const jar: Jar = { session: randomBytes(32).toString('base64url'), csrf: randomBytes(32).toString('base64url') };
  const session = { token: jar.session!, csrf: jar.csrf! };
  let stored: Promise<void> | undefined;
  const store = () => {
    const now = deps.auth.now().toISOString();
    stored ??= deps.repos.sessions.create({
      id: randomUUID(),
      userId,
      tokenHash: hashToken(session.token),
      csrfHash: hashToken(session.csrf),
      createdAt: now,
      lastSeenAt: now,
      address: null,
      userAgent: 'vitest',
    });
    return stored;
  };
  return testBrowser(deps, { ...options, jar }, store);
}

/**
 * A file store of its own for a test (uploaded files, a directive's original): the disk store of
 * production in a fresh temporary folder, which the system's temporary-files cleaning removes.
 */
export function testFileStore(): FileStore {
  return diskFileStore(mkdtempSync(join(tmpdir(), 'chidao-test-files-')));
}
