import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSingleSignOn } from '@chidao/api';
import { DEMO_PASSWORD, hashPassword } from '@chidao/db';
import { useTestStore } from '@chidao/db/test-store';
import { DEFAULT_AUTH_POLICY, kienGiangUnits } from '@chidao/domain';
import { createIntakePool } from '@chidao/intake';
import { startTestOidcProvider, type TestOidcProvider } from '@chidao/testing/oidc-provider';
import { createHttpServer } from './http';
import { testFileStore } from '@chidao/api/testing';

// Single sign-on through a real OpenID Connect provider (oidc-provider) on the loopback, and the real
// HTTP server: the whole code flow with PKCE as a browser follows it, and what must be refused.

const store = useTestStore({ units: kienGiangUnits(), demoUsers: true });
const intake = createIntakePool();
const PROVINCE = 'kg';
const UNIT = 'kg.rach-gia.p-vinh-thanh';
const SECRET_ENV = 'CHIDAO_TEST_OIDC_SECRET';

let server: Server;
let base: string;
let provider: TestOidcProvider;

/** A browser: one cookie jar per origin, redirects followed by hand (so each step can be seen). */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();
  private jar(url: URL): Map<string, string> {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    this.jars.set(url.origin, jar);
    return jar;
  }
  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }
  async fetch(href: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(href);
    const jar = this.jar(url);
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1);
      if (/max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(pair!.slice(0, eq));
      else jar.set(pair!.slice(0, eq), value);
    }
    return response;
  }
  async trpc(type: 'query' | 'mutation', path: string, input?: unknown): Promise<Response> {
    if (type === 'query') return this.fetch(`${base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`);
    return this.fetch(`${base}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': this.cookie(base, 'chidao_csrf') ?? '', 'idempotency-key': randomUUID() },
      body: JSON.stringify(input),
    });
  }
  async me(): Promise<string | null> {
    const body = (await (await this.trpc('query', 'session.me')).json()) as { result: { data: { id: string } | null } };
    return body.result.data?.id ?? null;
  }
}

/**
 * Starts a sign-in for the province and goes through the provider (its login form when the browser
 * has no session there yet): the callback URL it sends the browser back to, not yet followed.
 */
async function throughProvider(browser: Browser, login: string, password = 'mật khẩu tỉnh'): Promise<string> {
  await browser.fetch(`${base}/trpc/session.me`); // the visitor's CSRF cookie, as a page load gives it
  let location = `${base}/auth/oidc/start?unit=${PROVINCE}`;
  for (let hops = 0; ; hops++) {
    if (hops > 12) throw new Error('too many steps');
    const response = await browser.fetch(location);
    if (response.status === 200) {
      // The provider's login form.
      expect(new URL(location).origin).toBe(provider.issuer);
      const posted = await browser.fetch(location, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login, password }).toString(),
      });
      expect(posted.status, await posted.clone().text()).toBeGreaterThanOrEqual(300);
      location = new URL(posted.headers.get('location')!, location).href;
    } else {
      expect(response.status, await response.clone().text()).toBeGreaterThanOrEqual(300);
      location = new URL(response.headers.get('location')!, location).href;
    }
    if (location.startsWith(`${base}/auth/oidc/callback`)) return location;
  }
}

/** Where the callback's page sends the browser on (its meta refresh). */
async function callback(browser: Browser, url: string): Promise<string> {
  const response = await browser.fetch(url);
  expect(response.status).toBe(200);
  const match = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(await response.text());
  return match![1]!;
}

const linked = { subject: 'sub-0001', login: 'nguyen.van.a', password: 'mật khẩu tỉnh', email: 'a@kg.gov.vn', emailVerified: true };
const other = { subject: 'sub-0002', login: 'tran.thi.b', password: 'mật khẩu tỉnh' };
const byEmail = { subject: 'sub-0003', login: 'le.van.c', password: 'mật khẩu tỉnh', email: 'c@kg.gov.vn', emailVerified: true };
const unverified = { subject: 'sub-0004', login: 'pham.van.d', password: 'mật khẩu tỉnh', email: 'd@kg.gov.vn', emailVerified: false };

let admin: Browser;

async function setProvider(settings: { passwordSignIn: boolean; linkByVerifiedEmail?: boolean }) {
  const response = await admin.trpc('mutation', 'admin.setIdentityProvider', {
    unitId: PROVINCE,
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecretRef: `env:${SECRET_ENV}`,
    passwordSignIn: settings.passwordSignIn,
    linkByVerifiedEmail: settings.linkByVerifiedEmail ?? false,
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json() as Promise<{ result: { data: Record<string, unknown> } }>;
}

async function account(id: string, email: string | null) {
  await store.repos.administration.save(
    { id, username: id.slice(2), displayName: 'Người Thử', unitId: UNIT, grants: [{ role: 'officer', unitId: UNIT, directiveId: null }], email },
    true,
    { actor: null, action: 'user.create', entityType: 'user', entityId: id },
  );
  await store.repos.credentials.setPassword(id, await hashPassword('mật khẩu cục bộ đủ dài'), new Date().toISOString());
}

beforeAll(async () => {
  let port = 0;
  server = createHttpServer({
    context: {
      repos: store.repos,
      temporal: { client: undefined as unknown as Client, taskQueue: 'unused' },
      intake,
      files: testFileStore(),
      devSignIn: true,
      auth: { policy: DEFAULT_AUTH_POLICY, now: () => new Date() },
    },
    cookies: { secure: false, trustProxy: false },
    rateLimits: { perSession: { burst: 1_000, perMinute: 1_000 }, perAddress: { burst: 1_000, perMinute: 1_000 } },
    sso: createSingleSignOn({ env: { get [SECRET_ENV]() { return provider.clientSecret; } } }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  provider = await startTestOidcProvider({ redirectUris: [`${base}/auth/oidc/callback`], identities: [linked, other, byEmail, unverified] });

  admin = new Browser();
  await admin.trpc('query', 'session.me');
  expect((await admin.trpc('mutation', 'session.signIn', { username: 'ct.kg', password: DEMO_PASSWORD })).status).toBe(200);
  await setProvider({ passwordSignIn: true });
  await account('u.sso-a', null);
  await account('u.sso-c', null);
  await account('u.sso-d', null);
  // c and d have verified addresses in the app; only c's provider says its e-mail is verified.
  await store.db.prisma.contactPoint.createMany({
    data: [
      { userId: 'u.sso-c', channel: 'email', address: 'c@kg.gov.vn', verifiedAt: new Date() },
      { userId: 'u.sso-d', channel: 'email', address: 'd@kg.gov.vn', verifiedAt: new Date() },
    ],
  });
  const linkedAnswer = await admin.trpc('mutation', 'admin.linkSubject', { userId: 'u.sso-a', subject: linked.subject });
  expect(linkedAnswer.status, await linkedAnswer.clone().text()).toBe(200);
});

afterAll(async () => {
  await provider?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await intake.close();
});

describe('single sign-on through the province\'s provider', () => {
  it('offers the province on the sign-in page, and never returns the client secret', async () => {
    const visitor = new Browser();
    const options = (await (await visitor.trpc('query', 'session.signInOptions')).json()) as { result: { data: unknown } };
    expect(options.result.data).toEqual({ providers: [{ unitId: PROVINCE, name: expect.any(String), passwordSignIn: true }] });
    const listed = await (await admin.trpc('query', 'admin.identityProviders')).text();
    expect(listed).toContain(`env:${SECRET_ENV}`);
    expect(listed).not.toContain(provider.clientSecret);
  });

  it('signs the linked account in with the session a password sign-in makes, audited', async () => {
    const browser = new Browser();
    const callbackUrl = await throughProvider(browser, linked.login);
    expect(await callback(browser, callbackUrl)).toBe('/');
    expect(browser.cookie(base, 'chidao_session')).toBeTruthy();
    expect(browser.cookie(base, 'chidao_oidc')).toBeUndefined();
    expect(await browser.me()).toBe('u.sso-a');
    // The session's CSRF token works for a mutation, as after a password sign-in.
    expect((await browser.trpc('mutation', 'session.signOut', {})).status).toBe(200);
    const entries = await store.repos.audit.forEntity('user', 'u.sso-a');
    expect(entries.filter((e) => e.action === 'session.sign_in').at(-1)).toMatchObject({ actorUserId: 'u.sso-a', after: { by: 'oidc', issuer: provider.issuer } });
  });

  it('refuses the same callback replayed: the sign-in under way is used once', async () => {
    const browser = new Browser();
    const callbackUrl = await throughProvider(browser, linked.login);
    expect(await callback(browser, callbackUrl)).toBe('/');
    const sessions = await store.db.prisma.userSession.count({ where: { userId: 'u.sso-a' } });
    const fresh = new Browser();
    expect(await callback(fresh, callbackUrl)).toBe('/?sso_error=SSO_REFUSED&sso_reason=state');
    expect(await callback(browser, callbackUrl)).toBe('/?sso_error=SSO_REFUSED&sso_reason=state');
    expect(await store.db.prisma.userSession.count({ where: { userId: 'u.sso-a' } })).toBe(sessions);
  });

  it('refuses a replayed authorization code even with a fresh sign-in under way: the provider takes a code once', async () => {
    const browser = new Browser();
    const first = await throughProvider(browser, linked.login);
    expect(await callback(browser, first)).toBe('/');
    // A new sign-in in the same browser; its state is known, the old code is sent with it.
    const second = new URL(await throughProvider(browser, linked.login));
    const replay = new URL(first);
    replay.searchParams.set('state', second.searchParams.get('state')!);
    expect(await callback(browser, replay.href)).toBe('/?sso_error=SSO_REFUSED&sso_reason=provider');
  });

  it('refuses a wrong state, and the sign-in under way is gone after it', async () => {
    const browser = new Browser();
    const callbackUrl = new URL(await throughProvider(browser, linked.login));
    const good = callbackUrl.href;
    callbackUrl.searchParams.set('state', 'not-the-state');
    expect(await callback(browser, callbackUrl.href)).toBe('/?sso_error=SSO_REFUSED&sso_reason=state');
    expect(await callback(browser, good)).toBe('/?sso_error=SSO_REFUSED&sso_reason=state');
    expect(await browser.me()).toBeNull();
  });

  it('refuses a tampered ID token (another subject under the provider\'s signature)', async () => {
    const browser = new Browser();
    // The provider signs in `other`; the token is rewritten to name the linked subject (same length).
    const callbackUrl = await throughProvider(browser, other.login);
    provider.tamperNextIdToken(linked.subject);
    expect(await callback(browser, callbackUrl)).toBe('/?sso_error=SSO_REFUSED&sso_reason=provider');
    expect(await browser.me()).toBeNull();
  });

  it('refuses an unknown subject, and creates nothing', async () => {
    const users = await store.db.prisma.user.count();
    const links = await store.db.prisma.oidcLink.count();
    const browser = new Browser();
    expect(await callback(browser, await throughProvider(browser, other.login))).toBe('/?sso_error=SSO_REFUSED&sso_reason=subject_unknown');
    expect(await browser.me()).toBeNull();
    expect(await store.db.prisma.user.count()).toBe(users);
    expect(await store.db.prisma.oidcLink.count()).toBe(links);
  });

  it('links by e-mail only where the province allows it, and only an address both sides verified', async () => {
    // Off: an existing account with the same verified address is not enough.
    let browser = new Browser();
    expect(await callback(browser, await throughProvider(browser, byEmail.login))).toBe('/?sso_error=SSO_REFUSED&sso_reason=subject_unknown');
    await setProvider({ passwordSignIn: true, linkByVerifiedEmail: true });
    // The provider does not vouch for d's address: refused.
    browser = new Browser();
    expect(await callback(browser, await throughProvider(browser, unverified.login))).toBe('/?sso_error=SSO_REFUSED&sso_reason=subject_unknown');
    browser = new Browser();
    expect(await callback(browser, await throughProvider(browser, byEmail.login))).toBe('/');
    expect(await browser.me()).toBe('u.sso-c');
    expect(await store.repos.singleSignOn.link(provider.issuer, byEmail.subject)).toMatchObject({ userId: 'u.sso-c', linkedBy: null });
    await setProvider({ passwordSignIn: true, linkByVerifiedEmail: false });
  });

  it('refuses password sign-in, typed, where the province turned local passwords off', async () => {
    const signIn = async (password: string) => {
      const browser = new Browser();
      await browser.trpc('query', 'session.me');
      const response = await browser.trpc('mutation', 'session.signIn', { username: 'sso-a', password });
      return { status: response.status, code: ((await response.json()) as { error?: { data?: { domainCode?: string } } }).error?.data?.domainCode ?? null };
    };
    expect(await signIn('mật khẩu cục bộ đủ dài')).toEqual({ status: 200, code: null });
    await setProvider({ passwordSignIn: false });
    try {
      expect(await signIn('mật khẩu cục bộ đủ dài')).toEqual({ status: 403, code: 'PASSWORD_SIGN_IN_DISABLED' });
      // A wrong password still says only that: the refusal tells nothing to who does not know the password.
      expect(await signIn('sai mật khẩu')).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
      // Another province's accounts are untouched (the demo chair of Kiên Giang is in it; An Giang's is not seeded here).
      const options = (await (await new Browser().trpc('query', 'session.signInOptions')).json()) as { result: { data: { providers: Array<{ passwordSignIn: boolean }> } } };
      expect(options.result.data.providers).toEqual([expect.objectContaining({ passwordSignIn: false })]);
      // Single sign-on still works.
      const browser = new Browser();
      expect(await callback(browser, await throughProvider(browser, linked.login))).toBe('/');
      expect(await browser.me()).toBe('u.sso-a');
    } finally {
      await setProvider({ passwordSignIn: true });
    }
  });

  it('refuses starting a sign-in for a province without a provider', async () => {
    const browser = new Browser();
    const response = await browser.fetch(`${base}/auth/oidc/start?unit=kg.rach-gia`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('/?sso_error=SSO_NOT_CONFIGURED');
  });
});
