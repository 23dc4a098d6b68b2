import type { Client } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@chidao/db';
import { useTestStore } from '@chidao/db/test-store';
import { DEFAULT_AUTH_POLICY, kienGiangUnits } from '@chidao/domain';
import { createIntakePool } from '@chidao/intake';
import { domainCodeOf, retryAfterOf, type ContextDeps } from './index';
import { signedInAs, testBrowser, testClock, testFileStore, type BrowserOptions } from './testing';
import { refusedWith } from './test-support';

// Sign-in, sessions, CSRF, throttling and password change, in process (the HTTP-level checks are in
// apps/server). No workflow runs here: none of these procedures talks to Temporal.

const MINUTE = 60_000;
const store = useTestStore({ units: kienGiangUnits(), demoUsers: true });

/** Deps with a clock of their own, so moving it affects only the test that does. */
function depsWith(clock = testClock(), overrides: Partial<ContextDeps> = {}): ContextDeps {
  return {
    repos: store.repos,
    temporal: { client: undefined as unknown as Client, taskQueue: 'unused' },
    intake: createIntakePool(),
    files: testFileStore(),
    devSignIn: true,
    auth: { policy: DEFAULT_AUTH_POLICY, now: clock.now },
    ...overrides,
  };
}

/** A browser of its own, signed in with a demo account and the demo password. */
async function signedIn(deps: ContextDeps, username: string, options?: BrowserOptions) {
  const browser = testBrowser(deps, options);
  await browser.caller.session.signIn({ username, password: DEMO_PASSWORD });
  return browser;
}

async function failure(promise: Promise<unknown>) {
  const trpc = await refusedWith(promise);
  return { code: trpc.code, domainCode: domainCodeOf(trpc), message: trpc.message, retryAfter: retryAfterOf(trpc) };
}

describe('sign-in', () => {
  it('takes a username and the password, and refuses a wrong one or an unknown account alike', async () => {
    const browser = testBrowser(depsWith());
    expect(await failure(browser.caller.session.signIn({ username: 'ct.kg.rach-gia', password: 'wrong password' }))).toEqual(
      await failure(browser.caller.session.signIn({ username: 'ct.nobody', password: 'wrong password' })),
    );
    expect((await failure(browser.caller.session.signIn({ username: 'ct.kg.rach-gia', password: 'x' }))).domainCode).toBe('INVALID_CREDENTIALS');
    const user = await browser.caller.session.signIn({ username: '  CT.KG.Rach-Gia ', password: DEMO_PASSWORD });
    expect(user).toMatchObject({ id: 'u.kg.rach-gia', unitId: 'kg.rach-gia' });
    expect(await browser.caller.session.me()).toMatchObject({ unitId: 'kg.rach-gia', roles: [{ role: 'chair', unitId: 'kg.rach-gia' }], mayIssue: true });
  });

  it('says whether the user may issue: a district chair directs its communes, a commune chair has nobody below', async () => {
    const commune = await signedIn(depsWith(), 'ct.kg.rach-gia.p-vinh-thanh-van');
    expect(await commune.caller.session.me()).toMatchObject({ roles: [{ role: 'chair' }], mayIssue: false });
  });

  it('records who signed in, from which request and address, in the audit trail', async () => {
    const browser = await signedIn(depsWith(), 'ct.kg.an-bien', { address: '203.0.113.7' });
    const entries = await store.repos.audit.forEntity('user', 'u.kg.an-bien');
    const signIn = entries.find((e) => e.action === 'session.sign_in');
    expect(signIn).toMatchObject({ actorUserId: 'u.kg.an-bien', actorUnitId: 'kg.an-bien', address: '203.0.113.7', before: null });
    expect(browser.requestIds).toContain(signIn?.requestId);
    expect((signIn?.after as { sessionId: string }).sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores only a hash of the session token', async () => {
    const browser = await signedIn(depsWith(), 'ct.kg.ha-tien');
    const rows = await store.db.prisma.userSession.findMany({ where: { userId: 'u.kg.ha-tien' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(browser.jar.session!);
    expect(JSON.stringify(rows)).not.toContain(browser.jar.session!);
    expect(JSON.stringify(rows)).not.toContain(browser.jar.csrf!);
  });
});

describe('session fixation', () => {
  it('a token planted before sign-in is worth nothing after it', async () => {
    const deps = depsWith();
    // The attacker signs in with an account of their own and plants that session's cookies in the victim's browser.
    const attacker = await signedIn(deps, 'ct.kg.kien-hai');
    const planted = { ...attacker.jar };
    const victim = testBrowser(deps, { jar: { ...planted } });
    expect((await victim.caller.session.me())?.id).toBe('u.kg.kien-hai');

    await victim.caller.session.signIn({ username: 'ct.kg.phu-quoc', password: DEMO_PASSWORD });
    expect(victim.jar.session).not.toBe(planted.session);
    expect(victim.jar.csrf).not.toBe(planted.csrf);
    expect((await victim.caller.session.me())?.id).toBe('u.kg.phu-quoc');
    // The planted session ended with the sign-in, so the attacker cannot ride the victim's new one either.
    expect(await testBrowser(deps, { jar: { ...planted } }).caller.session.me()).toBeNull();
  });

  it('a made-up token signs nobody in', async () => {
    const browser = testBrowser(depsWith(), { jar: { session: 'made-up-token', csrf: 'c' } });
    expect(await browser.caller.session.me()).toBeNull();
    expect((await failure(browser.caller.assignments.mine())).domainCode).toBe('NOT_SIGNED_IN');
  });
});

describe('CSRF', () => {
  it('refuses a mutation without the token in the header, or with a wrong one', async () => {
    const deps = depsWith();
    const none = testBrowser(deps, { csrfHeader: 'none' });
    expect(await failure(none.caller.session.signIn({ username: 'ct.kg.giang-thanh', password: DEMO_PASSWORD }))).toMatchObject({
      code: 'FORBIDDEN',
      domainCode: 'CSRF_REJECTED',
    });
    const wrong = testBrowser(deps, { csrfHeader: { value: 'guessed' } });
    expect((await failure(wrong.caller.session.signIn({ username: 'ct.kg.giang-thanh', password: DEMO_PASSWORD }))).domainCode).toBe(
      'CSRF_REJECTED',
    );
    expect((await failure(testBrowser(deps, { sameOrigin: false }).caller.session.signOut())).domainCode).toBe('CSRF_REJECTED');
    // Queries change nothing and need no token.
    expect(await none.caller.session.me()).toBeNull();
  });

  it("needs the session's own token once signed in, not just a cookie that matches the header", async () => {
    const deps = depsWith();
    const browser = await signedIn(deps, 'ct.kg.giang-thanh');
    // A cookie planted from elsewhere (another subdomain), echoed by a forged page: cookie and header agree, but not with the session.
    const forged = testBrowser(deps, { jar: { session: browser.jar.session, csrf: 'planted' } });
    expect((await failure(forged.caller.session.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: 'another password' }))).domainCode).toBe(
      'CSRF_REJECTED',
    );
    expect(await browser.caller.session.signOut()).toEqual({ ok: true });
  });
});

describe('expiry', () => {
  it('ends a session after 30 idle minutes, and says so in the audit trail', async () => {
    const clock = testClock();
    const browser = await signedIn(depsWith(clock), 'ct.kg.chau-thanh');
    clock.advance(29 * MINUTE);
    expect((await browser.caller.session.me())?.id).toBe('u.kg.chau-thanh');
    clock.advance(29 * MINUTE);
    expect((await browser.caller.session.me())?.id).toBe('u.kg.chau-thanh');
    clock.advance(30 * MINUTE);
    expect(await browser.caller.session.me()).toBeNull();
    expect((await failure(browser.caller.directives.list())).domainCode).toBe('NOT_SIGNED_IN');
    const expired = (await store.repos.audit.forEntity('user', 'u.kg.chau-thanh')).filter((e) => e.action === 'session.expire');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ actorUserId: null, after: { reason: 'idle_expired' } });
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    const clock = testClock();
    const browser = await signedIn(depsWith(clock), 'ct.kg.tan-hiep');
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      clock.advance(20 * MINUTE);
      expect((await browser.caller.session.me())?.id).toBe('u.kg.tan-hiep');
    }
    clock.advance(20 * MINUTE);
    expect(await browser.caller.session.me()).toBeNull();
    expect((await store.repos.audit.forEntity('user', 'u.kg.tan-hiep')).at(-1)).toMatchObject({ action: 'session.expire', after: { reason: 'expired' } });
  });

  it('follows the configured policy', async () => {
    const clock = testClock();
    const policy = { ...DEFAULT_AUTH_POLICY, session: { idleTimeoutMs: 5 * MINUTE, absoluteTimeoutMs: 60 * MINUTE } };
    const browser = await signedIn({ ...depsWith(clock), auth: { policy, now: clock.now } }, 'ct.kg.hon-dat');
    clock.advance(5 * MINUTE);
    expect(await browser.caller.session.me()).toBeNull();
  });
});

describe('throttling', () => {
  it('makes an account wait after five failures, even with the right password, and says how long', async () => {
    const clock = testClock();
    const deps = depsWith(clock);
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE);
      const browser = testBrowser(deps); // a new address each time: the account's count is what stops it
      expect((await failure(browser.caller.session.signIn({ username: 'ct.kg.an-minh', password: `guess ${i}` }))).domainCode).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    const blocked = await failure(testBrowser(deps).caller.session.signIn({ username: 'ct.kg.an-minh', password: DEMO_PASSWORD }));
    expect(blocked).toMatchObject({ code: 'TOO_MANY_REQUESTS', domainCode: 'TOO_MANY_ATTEMPTS', retryAfter: 11 * 60 });
    clock.advance(11 * MINUTE);
    expect(await testBrowser(deps).caller.session.signIn({ username: 'ct.kg.an-minh', password: DEMO_PASSWORD })).toMatchObject({
      id: 'u.kg.an-minh',
    });
  });

  it('makes an address wait after twenty failures, whatever the usernames; other addresses go on', async () => {
    const deps = depsWith();
    for (let i = 0; i < 20; i++) {
      const guesser = testBrowser(deps, { address: '198.51.100.20' });
      expect((await failure(guesser.caller.session.signIn({ username: `ct.guess-${i}`, password: 'password' }))).domainCode).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    const blocked = await failure(testBrowser(deps, { address: '198.51.100.20' }).caller.session.signIn({ username: 'ct.kg.vinh-thuan', password: DEMO_PASSWORD }));
    expect(blocked.domainCode).toBe('TOO_MANY_ATTEMPTS');
    expect(await testBrowser(deps, { address: '198.51.100.21' }).caller.session.signIn({ username: 'ct.kg.vinh-thuan', password: DEMO_PASSWORD })).toMatchObject({
      id: 'u.kg.vinh-thuan',
    });
  });
});

describe('throttling requests sent at once', () => {
  /** How many passwords were checked for `username`: each check is one recorded attempt. */
  const checked = (where: { username: string } | { address: string }) => store.db.prisma.signInAttempt.count({ where });
  const outcome = (promise: Promise<unknown>) => promise.then(() => 'signed in', (e: unknown) => (e instanceof TRPCError ? domainCodeOf(e) : String(e)));

  it('checks at most five of twelve guesses at one account sent at once, then refuses the right password', async () => {
    const deps = depsWith();
    const username = 'ct.kg.go-quao';
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => outcome(testBrowser(deps).caller.session.signIn({ username, password: `guess number ${i}` }))),
    );
    expect(await checked({ username })).toBe(5);
    expect(outcomes.filter((o) => o === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'TOO_MANY_ATTEMPTS')).toHaveLength(7);
    expect(await outcome(testBrowser(deps).caller.session.signIn({ username, password: DEMO_PASSWORD }))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('checks at most twenty guesses from one address sent at once, whatever the usernames', async () => {
    const deps = depsWith();
    const address = '198.51.100.40';
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, (_, i) => outcome(testBrowser(deps, { address }).caller.session.signIn({ username: `ct.at-once-${i}`, password: 'password' }))),
    );
    expect(await checked({ address })).toBe(20);
    expect(outcomes.filter((o) => o === 'TOO_MANY_ATTEMPTS')).toHaveLength(5);
  });
});

describe('password change', () => {
  it('needs the current password, refuses a weak one, and ends the other sessions only', async () => {
    const deps = depsWith();
    const here = testBrowser(deps);
    const elsewhere = testBrowser(deps);
    await here.caller.session.signIn({ username: 'ct.kg.u-minh-thuong', password: DEMO_PASSWORD });
    await elsewhere.caller.session.signIn({ username: 'ct.kg.u-minh-thuong', password: DEMO_PASSWORD });

    expect((await failure(here.caller.session.changePassword({ currentPassword: 'not it at all', newPassword: 'a new long password' }))).domainCode).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await failure(here.caller.session.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: 'short' }))).domainCode).toBe(
      'WEAK_PASSWORD',
    );
    expect(await here.caller.session.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: 'mật khẩu mới đủ dài' })).toEqual({
      ok: true,
      endedSessions: 1,
    });
    expect((await here.caller.session.me())?.id).toBe('u.kg.u-minh-thuong');
    expect(await elsewhere.caller.session.me()).toBeNull();

    const fresh = testBrowser(deps);
    expect((await failure(fresh.caller.session.signIn({ username: 'ct.kg.u-minh-thuong', password: DEMO_PASSWORD }))).domainCode).toBe(
      'INVALID_CREDENTIALS',
    );
    await fresh.caller.session.signIn({ username: 'ct.kg.u-minh-thuong', password: 'mật khẩu mới đủ dài' });
    const change = (await store.repos.audit.forEntity('user', 'u.kg.u-minh-thuong')).find((e) => e.action === 'user.change_password');
    expect(change).toMatchObject({ actorUserId: 'u.kg.u-minh-thuong', before: null });
    expect(JSON.stringify(change)).not.toMatch(/argon2/);
  });

  it('is refused to a visitor', async () => {
    const visitor = signedInAs(depsWith(), null);
    expect((await failure(visitor.session.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: 'whatever it is' }))).domainCode).toBe(
      'NOT_SIGNED_IN',
    );
  });
});

describe('sign-out', () => {
  it('deletes the session, so its token is worthless even if kept, and records it', async () => {
    const deps = depsWith();
    const browser = await signedIn(deps, 'ct.kg.giong-rieng');
    const kept = { ...browser.jar };
    await browser.caller.session.signOut();
    expect(browser.jar.session).toBeNull();
    expect(await testBrowser(deps, { jar: kept }).caller.session.me()).toBeNull();
    expect(await store.db.prisma.userSession.count({ where: { userId: 'u.kg.giong-rieng' } })).toBe(0);
    expect((await store.repos.audit.forEntity('user', 'u.kg.giong-rieng')).map((e) => e.action)).toEqual(['session.sign_in', 'session.sign_out']);
  });
});
