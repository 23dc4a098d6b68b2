import type { AddressInfo } from 'node:net';
import { Agent, get as httpGet, type Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@chidao/db';
import { useTestStore } from '@chidao/db/test-store';
import { DEFAULT_AUTH_POLICY, kienGiangUnits } from '@chidao/domain';
import { createIntakePool } from '@chidao/intake';
import { createLog } from './log';
import { createHttpServer, KEEP_ALIVE_MS, MAX_BATCH_CALLS, MAX_BODY_BYTES, UPLOAD_BODY_BYTES, type HttpDeps } from './http';
import { testFileStore } from '@chidao/api/testing';

// Sessions, cookies and CSRF through the real HTTP server, as a browser meets them.

const store = useTestStore({ units: kienGiangUnits(), demoUsers: true });
const servers: Server[] = [];

// Declared after the store, so it runs before the store is closed.
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const intake = createIntakePool();

/** What the server's API gets here: the test database, no Temporal, demo mode. */
const baseContext = (): HttpDeps['context'] => ({
  repos: store.repos,
  temporal: { client: undefined as unknown as Client, taskQueue: 'unused' },
  intake,
  files: testFileStore(),
  devSignIn: true,
  auth: { policy: DEFAULT_AUTH_POLICY, now: () => new Date() },
});

async function serve(overrides: Partial<HttpDeps> = {}): Promise<string> {
  const server = createHttpServer({
    context: baseContext(),
    cookies: { secure: 'auto', trustProxy: false },
    ...overrides,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Name → the whole Set-Cookie line, for each cookie a response sets. */
function setCookies(response: Response): Map<string, string> {
  return new Map(response.headers.getSetCookie().map((line) => [line.slice(0, line.indexOf('=')), line]));
}
const valueOf = (line: string | undefined) => line?.slice(line.indexOf('=') + 1).split(';')[0] ?? null;

/** A browser with a cookie jar, sending the CSRF header from the cookie as the web app does. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  private remember(response: Response): void {
    for (const [name, line] of setCookies(response)) {
      const value = valueOf(line) ?? '';
      if (/Max-Age=0/.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The Cookie header this browser sends (a stream opened by hand sends it too). */
  cookieHeaderForTests(): string {
    return this.cookieHeader();
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async query(path: string, input?: unknown): Promise<Response> {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await fetch(`${this.base}/trpc/${path}${query}`, { headers: { cookie: this.cookieHeader(), ...this.extraHeaders } });
    this.remember(response);
    return response;
  }

  async mutate(path: string, input: unknown, csrf: string | null = this.cookies.get('chidao_csrf') ?? null, headers: Record<string, string> = {}) {
    return this.post(path, JSON.stringify(input), csrf, headers);
  }

  /** A mutation whose body is given as it goes over the wire. */
  async post(path: string, body: string | undefined, csrf: string | null = this.cookies.get('chidao_csrf') ?? null, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.base}/trpc/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: this.cookieHeader(),
        ...(csrf === null ? {} : { 'x-csrf-token': csrf }),
        // Each call is a user action of its own, as in the web app.
        'idempotency-key': randomUUID(),
        ...this.extraHeaders,
        ...headers,
      },
      body,
    });
    this.remember(response);
    return response;
  }

  /** Several calls in one request, as tRPC's batching link sends them: a GET for queries, a POST for mutations. */
  async batch(method: 'GET' | 'POST', paths: readonly string[], inputs: readonly unknown[]): Promise<Response> {
    const body = JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input])));
    const url = `${this.base}/trpc/${paths.join(',')}?batch=1${method === 'GET' ? `&input=${encodeURIComponent(body)}` : ''}`;
    const csrf = this.cookies.get('chidao_csrf');
    const response = await fetch(url, {
      method,
      headers: {
        cookie: this.cookieHeader(),
        ...(method === 'POST' ? { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(csrf ? { 'x-csrf-token': csrf } : {}) } : {}),
        ...this.extraHeaders,
      },
      ...(method === 'POST' ? { body } : {}),
    });
    this.remember(response);
    return response;
  }

  async me(): Promise<{ id: string } | null> {
    const body = (await (await this.query('session.me')).json()) as { result: { data: { id: string } | null } };
    return body.result.data;
  }
}

/** A browser that has opened the page: it holds the CSRF cookie the server hands every visitor. */
async function visit(base: string, extraHeaders?: Record<string, string>): Promise<Browser> {
  const browser = new Browser(base, extraHeaders);
  await browser.query('session.me');
  return browser;
}

async function domainCode(response: Response): Promise<string | null> {
  const body = (await response.json()) as { error?: { data?: { domainCode?: string } } };
  return body.error?.data?.domainCode ?? null;
}

const credentials = (unit: string) => ({ username: `ct.${unit}`, password: DEMO_PASSWORD });

describe('every response', () => {
  it('names its request, and hands a visitor a CSRF token to echo', async () => {
    const base = await serve();
    const response = await fetch(`${base}/healthz`);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const csrf = setCookies(response).get('chidao_csrf');
    expect(csrf).toMatch(/^chidao_csrf=[\w-]{43}; Path=\/; SameSite=Strict$/);
    expect(csrf).not.toMatch(/HttpOnly/);
  });

  it('keeps an idle connection open for 65 s and says so, so a client never sends on one the server is closing', async () => {
    const base = await serve();
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) =>
      httpGet(`${base}/healthz`, { agent: new Agent({ keepAlive: true }) }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      }).on('error', reject),
    );
    expect(headers['keep-alive']).toBe(`timeout=${KEEP_ALIVE_MS / 1000}`);
    expect(headers.connection).toBe('keep-alive');
  });
});

describe('sign-in over HTTP', () => {
  it('sets an http-only, SameSite=Strict session cookie, and a new CSRF token bound to the session', async () => {
    const browser = await visit(await serve());
    const visitorCsrf = browser.cookies.get('chidao_csrf');
    const response = await browser.mutate('session.signIn', credentials('kg.rach-gia'));
    expect(response.status).toBe(200);
    const cookies = setCookies(response);
    expect(cookies.get('chidao_session')).toMatch(/^chidao_session=[\w-]{43}; Path=\/; SameSite=Strict; HttpOnly; Max-Age=43200$/);
    expect(cookies.get('chidao_csrf')).toMatch(/^chidao_csrf=[\w-]{43}; Path=\/; SameSite=Strict; Max-Age=43200$/);
    expect(browser.cookies.get('chidao_csrf')).not.toBe(visitorCsrf);
    expect((await browser.me())?.id).toBe('u.kg.rach-gia');
    // The request id the client saw is the one the audit trail recorded.
    const entry = (await store.repos.audit.forEntity('user', 'u.kg.rach-gia')).find((e) => e.action === 'session.sign_in');
    expect(entry?.requestId).toBe(response.headers.get('x-request-id'));
    expect(entry?.address).toBe('127.0.0.1');
  });

  it('marks cookies Secure over https (behind a trusted proxy) or when configured', async () => {
    const proxied = await visit(await serve({ cookies: { secure: 'auto', trustProxy: 1 } }), { 'x-forwarded-proto': 'https' });
    const response = await proxied.mutate('session.signIn', credentials('kg.ha-tien'));
    expect(setCookies(response).get('chidao_session')).toMatch(/; Secure/);
    const always = await fetch(`${await serve({ cookies: { secure: true, trustProxy: false } })}/healthz`);
    expect(setCookies(always).get('chidao_csrf')).toMatch(/; Secure$/);
    const plain = await fetch(`${await serve()}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookies(plain).get('chidao_csrf')).not.toMatch(/Secure/);
  });

  it('answers 429 with Retry-After once an account is throttled', async () => {
    const base = await serve();
    for (let i = 0; i < 5; i++) {
      const guesser = await visit(base);
      expect((await guesser.mutate('session.signIn', { username: 'ct.kg.go-quao', password: `guess number ${i}` })).status).toBe(401);
    }
    const browser = await visit(base);
    const response = await browser.mutate('session.signIn', credentials('kg.go-quao'));
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await domainCode(response)).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('sign-ins sent at once', () => {
  /** A server whose address limit stays out of the way: the account's limit is the one under test. */
  const serveForAccounts = () =>
    serve({
      context: {
        repos: store.repos,
        temporal: { client: undefined as unknown as Client, taskQueue: 'unused' },
        intake,
        files: testFileStore(),
        devSignIn: true,
        auth: { policy: { ...DEFAULT_AUTH_POLICY, throttle: { ...DEFAULT_AUTH_POLICY.throttle, maxFailuresPerAddress: 1_000 } }, now: () => new Date() },
      },
    });
  /** Passwords checked for `username`: each check is one recorded attempt. */
  const checked = (username: string) => store.db.prisma.signInAttempt.count({ where: { username } });

  it('check at most five passwords of an account in twelve requests at once; the rest get 429', async () => {
    const base = await serveForAccounts();
    const username = 'ct.kg.chau-thanh';
    const statuses = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const guesser = await visit(base);
        return (await guesser.mutate('session.signIn', { username, password: `guess number ${i}` })).status;
      }),
    );
    expect(await checked(username)).toBe(5);
    expect(statuses.sort()).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
  });

  it('in one batched POST are refused before any runs: the right password twelfth signs nobody in', async () => {
    const base = await serveForAccounts();
    const username = 'ct.kg.tan-hiep';
    const browser = await visit(base);
    const passwords = [...Array.from({ length: 11 }, (_, i) => `guess number ${i}`), DEMO_PASSWORD];
    const response = await browser.batch(
      'POST',
      passwords.map(() => 'session.signIn'),
      passwords.map((password) => ({ username, password })),
    );
    expect(response.status).toBe(400);
    expect(setCookies(response).has('chidao_session')).toBe(false);
    expect(await checked(username)).toBe(0);
    expect(await browser.me()).toBeNull();
  });
});

describe('behind a trusted proxy', () => {
  /** The address the audit trail recorded for `unit`'s chair's last sign-in. */
  const signedInFrom = async (unit: string) =>
    (await store.repos.audit.forEntity('user', `u.${unit}`)).filter((e) => e.action === 'session.sign_in').at(-1)?.address;
  const signIn = async (base: string, unit: string, forwardedFor: string) => {
    const browser = await visit(base, { 'x-forwarded-for': forwardedFor });
    return browser.mutate('session.signIn', credentials(unit));
  };

  it('take the client address from the right of X-Forwarded-For: what a client puts on the left changes nothing', async () => {
    // The test is the proxy (127.0.0.1); it appended the client's address to what the client sent.
    const base = await serve({ cookies: { secure: 'auto', trustProxy: 1 } });
    expect((await signIn(base, 'kg.giong-rieng', '6.6.6.6, 203.0.113.8')).status).toBe(200);
    expect(await signedInFrom('kg.giong-rieng')).toBe('203.0.113.8');
    // Two proxies: the client is the second entry from the right.
    const twoHops = await serve({ cookies: { secure: 'auto', trustProxy: 2 } });
    expect((await signIn(twoHops, 'kg.giong-rieng', '6.6.6.6, 203.0.113.9, 10.0.0.2')).status).toBe(200);
    expect(await signedInFrom('kg.giong-rieng')).toBe('203.0.113.9');
    // Proxies named by address: every trusted one is skipped from the right, the first other is the client.
    const named = await serve({ cookies: { secure: 'auto', trustProxy: ['127.0.0.1', '10.0.0.2'] } });
    expect((await signIn(named, 'kg.giong-rieng', '6.6.6.6, 203.0.113.10, 10.0.0.2')).status).toBe(200);
    expect(await signedInFrom('kg.giong-rieng')).toBe('203.0.113.10');
    // Not trusted: the header is nobody's word.
    expect((await signIn(await serve(), 'kg.giong-rieng', '203.0.113.11')).status).toBe(200);
    expect(await signedInFrom('kg.giong-rieng')).toBe('127.0.0.1');
  });

  it('throttle sign-ins per address however the client rotates the left of X-Forwarded-For', async () => {
    const base = await serve({ cookies: { secure: 'auto', trustProxy: 1 } });
    for (let i = 0; i < DEFAULT_AUTH_POLICY.throttle.maxFailuresPerAddress; i++) {
      const guesser = await visit(base, { 'x-forwarded-for': `10.9.${i}.1, 198.51.100.77` });
      expect((await guesser.mutate('session.signIn', { username: `ct.rotating-${i}`, password: 'a guess at it' })).status).toBe(401);
    }
    const response = await signIn(base, 'kg.rach-gia.p-vinh-thanh', '10.9.99.1, 198.51.100.77');
    expect([response.status, await domainCode(response)]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
  });

  it('take the scheme from the right of X-Forwarded-Proto, as many hops in', async () => {
    const secureCookie = async (trustProxy: HttpDeps['cookies']['trustProxy'], proto: string) =>
      /; Secure/.test(setCookies(await fetch(`${await serve({ cookies: { secure: 'auto', trustProxy } })}/healthz`, { headers: { 'x-forwarded-proto': proto } })).get('chidao_csrf') ?? '');
    expect(await secureCookie(1, 'https')).toBe(true);
    // The client claimed https; the proxy it reached over http said so after it.
    expect(await secureCookie(1, 'https, http')).toBe(false);
    expect(await secureCookie(1, 'http, https')).toBe(true);
    expect(await secureCookie(2, 'https, http')).toBe(true);
    expect(await secureCookie(false, 'https')).toBe(false);
  });
});

describe('CSRF over HTTP', () => {
  it('refuses a mutation without the token, with a wrong one, or without the cookie', async () => {
    const browser = await visit(await serve());
    const none = await browser.mutate('session.signIn', credentials('kg.kien-luong'), null);
    expect(none.status).toBe(403);
    expect(await domainCode(none)).toBe('CSRF_REJECTED');
    const wrong = await browser.mutate('session.signIn', credentials('kg.kien-luong'), 'guessed-token');
    expect(await domainCode(wrong)).toBe('CSRF_REJECTED');
    const cookieless = new Browser(browser.base);
    expect(await domainCode(await cookieless.mutate('session.signIn', credentials('kg.kien-luong'), 'anything'))).toBe('CSRF_REJECTED');
    expect(await browser.me()).toBeNull();
  });

  it('refuses a signed-in mutation whose token is not its session’s, even if cookie and header agree', async () => {
    const browser = await visit(await serve());
    await browser.mutate('session.signIn', credentials('kg.kien-luong'));
    const forged = await browser.mutate('session.signOut', {}, 'planted', {
      cookie: `chidao_session=${browser.cookies.get('chidao_session')}; chidao_csrf=planted`,
    });
    expect(await domainCode(forged)).toBe('CSRF_REJECTED');
    expect((await browser.me())?.id).toBe('u.kg.kien-luong');
  });

  it('refuses a mutation another site starts, token or not', async () => {
    const browser = await visit(await serve());
    expect(await domainCode(await browser.mutate('session.signIn', credentials('kg.kien-luong'), undefined, { origin: 'https://evil.example' }))).toBe(
      'CSRF_REJECTED',
    );
    expect(await domainCode(await browser.mutate('session.signIn', credentials('kg.kien-luong'), undefined, { 'sec-fetch-site': 'cross-site' }))).toBe(
      'CSRF_REJECTED',
    );
    const sameSite = await browser.mutate('session.signIn', credentials('kg.kien-luong'), undefined, {
      origin: browser.base,
      'sec-fetch-site': 'same-origin',
    });
    expect(sameSite.status).toBe(200);
  });

  it('accepts only the configured public origin when one is set', async () => {
    const browser = await visit(await serve({ publicOrigin: 'https://chidao.example.gov.vn' }));
    expect(await domainCode(await browser.mutate('session.signIn', credentials('kg.phu-quoc'), undefined, { origin: browser.base }))).toBe(
      'CSRF_REJECTED',
    );
    expect((await browser.mutate('session.signIn', credentials('kg.phu-quoc'), undefined, { origin: 'https://chidao.example.gov.vn' })).status).toBe(200);
  });
});

describe('session fixation over HTTP', () => {
  it('a planted session cookie is replaced at sign-in and ends', async () => {
    const base = await serve();
    const attacker = await visit(base);
    await attacker.mutate('session.signIn', credentials('kg.an-minh'));
    const planted = new Map(attacker.cookies);

    const victim = new Browser(base);
    for (const [k, v] of planted) victim.cookies.set(k, v);
    const response = await victim.mutate('session.signIn', credentials('kg.vinh-thuan'));
    expect(response.status).toBe(200);
    expect(victim.cookies.get('chidao_session')).not.toBe(planted.get('chidao_session'));
    expect((await victim.me())?.id).toBe('u.kg.vinh-thuan');
    expect(await attacker.me()).toBeNull();
  });
});

describe('sign-out over HTTP', () => {
  it('clears the cookie and ends the session on the server', async () => {
    const browser = await visit(await serve());
    await browser.mutate('session.signIn', credentials('kg.u-minh-thuong'));
    const token = browser.cookies.get('chidao_session');
    // As the web app sends it: no body at all.
    const response = await browser.mutate('session.signOut', undefined);
    expect(response.status).toBe(200);
    expect(setCookies(response).get('chidao_session')).toMatch(/^chidao_session=; .*Max-Age=0/);
    expect(browser.cookies.has('chidao_session')).toBe(false);
    const replay = new Browser(browser.base);
    replay.cookies.set('chidao_session', token!);
    expect(await replay.me()).toBeNull();
  });
});

/** The README's line (a row of its table of guarantees) that holds `text`. */
function readmeRow(text: string): string | undefined {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  return readme.split('\n').find((line) => line.includes(text));
}

/** A built web app in miniature: an index page and a hashed asset, as Vite leaves them. */
function webDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chidao-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  return dir;
}

describe('security headers', () => {
  it('forbid inline scripts, framing, sniffing and needless features on the web app', async () => {
    const base = await serve({ webDist: webDist() });
    for (const path of ['/', '/assignments/some-client-route', '/assets/index-abc.js']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('permissions-policy')).toContain('camera=()');
      // Plain http: no HSTS (it would pin a name that may not have https).
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('give API answers a policy that loads nothing, and send HSTS only over https', async () => {
    const plain = await fetch(`${await serve()}/trpc/session.me`);
    expect(plain.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const proxied = await fetch(`${await serve({ cookies: { secure: 'auto', trustProxy: 1 } })}/trpc/session.me`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(proxied.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    const always = await fetch(`${await serve({ cookies: { secure: true, trustProxy: false } })}/healthz`);
    expect(always.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
  });
});

/** A raw GET (fetch would decode the body and hide Content-Encoding): status, headers and the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

describe('the web app files', () => {
  /** webDist() with the build's compressed copies beside the asset and the page, and a stray source map. */
  function compressedDist(): string {
    const dir = webDist();
    for (const name of ['index.html', join('assets', 'index-abc.js')]) {
      const text = readFileSync(join(dir, name));
      writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
      writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
    }
    writeFileSync(join(dir, 'assets', 'index-abc.js.map'), '{"version":3,"sources":["secret.ts"]}');
    return dir;
  }

  it('are sent brotli to a browser that takes it, gzip to one that takes only gzip, as they are otherwise', async () => {
    const base = await serve({ webDist: compressedDist() });
    const asset = `${base}/assets/index-abc.js`;
    const cases = [
      { accept: 'gzip, deflate, br, zstd', encoding: 'br', decode: brotliDecompressSync },
      { accept: 'br;q=1.0, gzip;q=0.8', encoding: 'br', decode: brotliDecompressSync },
      { accept: 'gzip, deflate', encoding: 'gzip', decode: gunzipSync },
      { accept: 'gzip, br;q=0', encoding: 'gzip', decode: gunzipSync },
      { accept: 'identity', encoding: undefined, decode: (b: Buffer) => b },
      { accept: '', encoding: undefined, decode: (b: Buffer) => b },
      { accept: '*;q=0, identity', encoding: undefined, decode: (b: Buffer) => b },
    ];
    for (const { accept, encoding, decode } of cases) {
      const response = await rawGet(asset, accept === '' ? {} : { 'accept-encoding': accept });
      expect(response.status, accept).toBe(200);
      expect(response.headers['content-encoding'], accept).toBe(encoding);
      expect(response.headers.vary, accept).toBe('Accept-Encoding');
      expect(response.headers['content-type'], accept).toBe('text/javascript; charset=utf-8');
      expect(response.headers['cache-control'], accept).toBe('public, max-age=31536000, immutable');
      expect(Number(response.headers['content-length']), accept).toBe(response.body.length);
      expect(decode(response.body).toString(), accept).toBe('console.log(1)');
    }
    // The page (and a client route, which is the page) is compressed too, and always revalidated.
    for (const path of ['/', '/some/client/route']) {
      const page = await rawGet(`${base}${path}`, { 'accept-encoding': 'gzip, br' });
      expect(page.headers['content-encoding']).toBe('br');
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(page.body).toString()).toContain('/assets/index-abc.js');
    }
  });

  it('send the service worker and the manifest with their types, revalidated on every visit', async () => {
    const dir = webDist();
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("push", () => {})');
    writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"Theo dõi chỉ đạo"}');
    const base = await serve({ webDist: dir });
    const worker = await rawGet(`${base}/sw.js`, {});
    expect(worker.status).toBe(200);
    expect(worker.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // A phone that kept an old sw.js for a year would keep the old release's precache for a year.
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.body.toString()).toContain('push');
    const manifest = await rawGet(`${base}/manifest.webmanifest`, {});
    expect(manifest.headers['content-type']).toBe('application/manifest+json');
    expect(manifest.headers['cache-control']).toBe('no-cache');
    expect(JSON.parse(manifest.body.toString())).toEqual({ name: 'Theo dõi chỉ đạo' });
  });

  it('never include a source map, and nothing outside the folder', async () => {
    const dir = compressedDist();
    const base = await serve({ webDist: dir });
    for (const accept of ['br', 'identity']) {
      const map = await rawGet(`${base}/assets/index-abc.js.map`, { 'accept-encoding': accept });
      expect(map.status).toBe(404);
      expect(map.body.toString()).not.toContain('secret.ts');
    }
    // A sibling folder whose name begins with the web app's (".../chidao-web-x2" beside ".../chidao-web-x").
    mkdirSync(`${dir}2`);
    writeFileSync(join(`${dir}2`, 'private.txt'), 'not for the web');
    const sibling = await rawGet(`${base}/..%2F${dir.split('/').pop()}2/private.txt`, {});
    expect(sibling.body.toString()).not.toContain('not for the web');
  });
});

describe('a web app folder without the app', () => {
  it('answers 503 with how to build it, and the API stays up (a deploy replacing dist/ must not end the process)', async () => {
    const dir = webDist();
    const base = await serve({ webDist: dir });
    rmSync(join(dir, 'index.html'));
    const page = await rawGet(`${base}/`, {});
    expect(page.status).toBe(503);
    expect(page.body.toString()).toContain('npm run build:web');
    // Still answering: the first answer did not end the process.
    expect((await rawGet(`${base}/some/client/route`, {})).status).toBe(503);
  });
});

describe('request size', () => {
  it('refuses a body over the limit with a typed 413, and reads nothing of it', async () => {
    const browser = await visit(await serve());
    const response = await browser.mutate('session.signIn', { username: 'ct.kg.hon-dat', password: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
    const text = await response.text();
    expect(JSON.parse(text).error.data.domainCode).toBe('PAYLOAD_TOO_LARGE');
    expect(text).not.toMatch(/stack|at \//);
    // The procedure never ran: no sign-in attempt was counted.
    expect(await store.db.prisma.signInAttempt.count({ where: { username: 'ct.kg.hon-dat' } })).toBe(0);
  });

  it('draws the line at exactly MAX_BODY_BYTES: a byte more is 413, the limit itself is read', async () => {
    const browser = await visit(await serve());
    /** A sign-in body of exactly `bytes` bytes (its password far too long, so nothing is checked). */
    const body = (bytes: number) => {
      const frame = JSON.stringify({ username: 'ct.kg.hon-dat', password: '' });
      return JSON.parse(`${frame.slice(0, -2)}${'x'.repeat(bytes - Buffer.byteLength(frame))}"}`) as unknown;
    };
    expect(Buffer.byteLength(JSON.stringify(body(MAX_BODY_BYTES)))).toBe(MAX_BODY_BYTES);
    const over = await browser.mutate('session.signIn', body(MAX_BODY_BYTES + 1));
    expect([over.status, await domainCode(over)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const at = await browser.mutate('session.signIn', body(MAX_BODY_BYTES));
    expect([at.status, await domainCode(at)]).toEqual([400, 'INVALID_INPUT']);
  });

  it('reads a file-sized body only for a procedure that takes a file, alone in its request', async () => {
    const browser = await visit(await serve());
    expect((await browser.mutate('session.signIn', credentials('kg'))).status).toBe(200);
    const file = (bytes: number) => ({ issuerUnitId: 'kg', file: { name: 'scan.pdf', base64: 'A'.repeat(bytes) } });
    // Past the common limit, within the upload one: read, and refused for what it is (no PDF).
    const upload = await browser.mutate('intake.parse', file(MAX_BODY_BYTES * 2));
    expect([upload.status, await domainCode(upload)]).toEqual([400, 'UNSUPPORTED_FILE']);
    const sameBodyElsewhere = await browser.mutate('session.signIn', { username: 'x', password: 'A'.repeat(MAX_BODY_BYTES * 2) });
    expect([sameBodyElsewhere.status, await domainCode(sameBodyElsewhere)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const tooBig = await browser.mutate('intake.parse', file(UPLOAD_BODY_BYTES));
    expect([tooBig.status, await domainCode(tooBig)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('is the limit the README promises', () => {
    expect(readmeRow('413 `PAYLOAD_TOO_LARGE`')).toContain(`A body over ${MAX_BODY_BYTES / 1024} KiB`);
    expect(readmeRow('413 `PAYLOAD_TOO_LARGE`')).toContain(`${UPLOAD_BODY_BYTES / 1024} KiB for a procedure that takes a file`);
  });
});

describe('batched requests', () => {
  /** Each call's answer in a batch: its domain code, or 'ok'. */
  async function answers(response: Response): Promise<string[]> {
    const body = (await response.json()) as Array<{ error?: { data?: { domainCode?: string } } }>;
    return body.map((item) => item.error?.data?.domainCode ?? 'ok');
  }
  const markSeen = (n: number) => Array.from({ length: n }, () => 'escalations.markSeen');
  const unknownEscalations = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `no-such-escalation-${i}` }));

  it(`carry at most MAX_BATCH_CALLS (${MAX_BATCH_CALLS}) calls: one more is refused whole with 400 before any runs`, async () => {
    const browser = await visit(await serve());
    await browser.mutate('session.signIn', credentials('kg.an-bien'));
    const lists = (n: number) => Array<string>(n).fill('directives.list');
    expect(await answers(await browser.batch('GET', lists(MAX_BATCH_CALLS), []))).toEqual(Array(MAX_BATCH_CALLS).fill('ok'));
    const over = await browser.batch('GET', lists(MAX_BATCH_CALLS + 1), []);
    expect(over.status).toBe(400);
    expect(await answers(over)).toEqual(Array(MAX_BATCH_CALLS + 1).fill('BATCH_REFUSED'));
    const mutations = await browser.batch('POST', markSeen(MAX_BATCH_CALLS + 1), unknownEscalations(MAX_BATCH_CALLS + 1));
    expect(await answers(mutations)).toEqual(Array(MAX_BATCH_CALLS + 1).fill('BATCH_REFUSED'));
    // A comma written as %2C is still a comma to tRPC.
    const encoded = await fetch(`${browser.base}/trpc/${lists(MAX_BATCH_CALLS + 1).join('%2C')}?batch=1`);
    expect(encoded.status).toBe(400);
  });

  it('may not hold a session.* or intake.* call, not even alone', async () => {
    const browser = await visit(await serve());
    const signIn = await browser.batch('POST', ['session.signIn'], [credentials('kg.an-minh')]);
    expect(signIn.status).toBe(400);
    expect(await answers(signIn)).toEqual(['BATCH_REFUSED']);
    expect(await browser.me()).toBeNull();
    await browser.mutate('session.signIn', credentials('kg.an-minh'));
    expect((await browser.batch('GET', ['directives.list', 'session.me'], [])).status).toBe(400);
    expect((await browser.batch('POST', ['intake.parse'], [{ text: 'Công văn' }])).status).toBe(400);
    expect((await browser.batch('GET', ['directives.list', 'assignments.mine'], [])).status).toBe(200);
  });

  it('are limited as the README says', () => {
    expect(readmeRow('`BATCH_REFUSED` for every call')).toContain(`A batched request of more than ${MAX_BATCH_CALLS} calls`);
  });

  it('count each mutation against the rate limits: a batch of four takes four', async () => {
    const base = await serve({ rateLimits: { perSession: { burst: 100, perMinute: 100 }, perAddress: { burst: 5, perMinute: 1 } }, clock: () => 0 });
    const visitor = await visit(base);
    expect(await answers(await visitor.batch('POST', markSeen(4), unknownEscalations(4)))).toEqual(Array(4).fill('NOT_SIGNED_IN'));
    // One token is left: a batch of two is refused whole, a single call passes.
    const refused = await visitor.batch('POST', markSeen(2), unknownEscalations(2));
    expect(refused.status).toBe(429);
    expect(await answers(refused)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect((await visitor.mutate('escalations.markSeen', { id: 'no-such-escalation' })).status).toBe(401);
    expect((await visitor.mutate('escalations.markSeen', { id: 'no-such-escalation' })).status).toBe(429);
  });
});

describe('deeply nested input', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('gets 400 INVALID_INPUT, 10,000 levels deep, from a signed-in mutation too; the server goes on', async () => {
    const browser = await visit(await serve());
    await browser.mutate('session.signIn', credentials('kg.hon-dat'));
    for (const path of ['escalations.markSeen', 'session.signIn']) {
      const response = await browser.post(path, `{"id":${nested(10_000)}}`);
      expect([path, response.status, await domainCode(response)]).toEqual([path, 400, 'INVALID_INPUT']);
    }
    const query = await browser.query('directives.overview', JSON.parse(`{"directiveId":${nested(1_000)}}`));
    expect([query.status, await domainCode(query)]).toEqual([400, 'INVALID_INPUT']);
    // Nothing was claimed under the idempotency key, and the session still works.
    expect(await store.db.prisma.idempotencyKey.count({ where: { accountId: 'u.kg.hon-dat' } })).toBe(0);
    expect((await browser.me())?.id).toBe('u.kg.hon-dat');
  });
});

describe('rate limits on mutations', () => {
  /** A server with these limits, on a clock the test moves. */
  async function limited(rateLimits: NonNullable<HttpDeps['rateLimits']>) {
    let now = 0;
    const base = await serve({ rateLimits, clock: () => now });
    return {
      base,
      advance(ms: number) {
        now += ms;
      },
    };
  }

  it('answer 429 with Retry-After past the limit per session, and let the session go on later', async () => {
    const { base, advance } = await limited({ perSession: { burst: 3, perMinute: 6 }, perAddress: { burst: 100, perMinute: 100 } });
    const browser = await visit(base);
    expect((await browser.mutate('session.signIn', credentials('kg.giang-thanh'))).status).toBe(200);
    // Signed in: three changes pass (each refused by the rules, which is still a change attempted).
    for (let i = 0; i < 3; i++) expect((await browser.mutate('escalations.markSeen', { id: 'no-such-escalation' })).status).toBe(404);
    const refused = await browser.mutate('escalations.markSeen', { id: 'no-such-escalation' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(await domainCode(refused)).toBe('RATE_LIMITED');
    // Reading is not limited.
    expect((await browser.me())?.id).toBe('u.kg.giang-thanh');
    // Another session from the same address is not held back by this one.
    const other = await visit(base);
    expect((await other.mutate('session.signIn', credentials('kg.kien-hai'))).status).toBe(200);
    advance(10_000);
    expect((await browser.mutate('escalations.markSeen', { id: 'no-such-escalation' })).status).toBe(404);
  });

  it('answer 429 past the limit per address, for visitors too', async () => {
    const { base, advance } = await limited({ perSession: { burst: 100, perMinute: 100 }, perAddress: { burst: 2, perMinute: 1 } });
    const browser = await visit(base);
    expect((await browser.mutate('session.signOut', {})).status).toBe(200);
    expect((await browser.mutate('session.signOut', {})).status).toBe(200);
    const refused = await browser.mutate('session.signOut', {});
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    // A batch gets one error per call, in tRPC's shape.
    const batch = await fetch(`${base}/trpc/escalations.markSeen,escalations.markSeen?batch=1`, { method: 'POST', body: '{}' });
    expect(batch.status).toBe(429);
    expect(((await batch.json()) as unknown[]).length).toBe(2);
    advance(60_000);
    expect((await browser.mutate('session.signOut', {})).status).toBe(200);
  });
});

describe('server faults', () => {
  it('answer with the request id only: no stack, no cause, no internal message', async () => {
    const failing = {
      ...store.repos,
      users: { ...store.repos.users, listDemo: () => Promise.reject(new Error('secret detail: connection to 10.0.0.7:5432 refused')) },
    };
    const logged: Array<Record<string, unknown>> = [];
    const base = await serve({
      log: createLog('INFO', { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) }),
      context: {
        repos: failing,
        temporal: { client: undefined as unknown as Client, taskQueue: 'unused' },
        intake,
        files: testFileStore(),
        devSignIn: true,
        auth: { policy: DEFAULT_AUTH_POLICY, now: () => new Date() },
      },
    });
    const response = await fetch(`${base}/trpc/session.demoAccounts`);
    expect(response.status).toBe(500);
    const text = await response.text();
    const id = response.headers.get('x-request-id')!;
    expect(JSON.parse(text).error).toEqual({
      message: `Request ${id} failed`,
      code: -32603,
      data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, path: 'session.demoAccounts', domainCode: null, retryAfterSeconds: null, requestId: id },
    });
    expect(text).not.toContain('secret');
    // The operator's log has the cause under the same id.
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'request failed', requestId: id, err: expect.objectContaining({ message: expect.stringContaining('secret detail') }) }),
    );
  });
});

describe('the bell over server-sent events', () => {
  it('streams the unread count, and again when a notification arrives', async () => {
    const { createInboxFeed } = await import('@chidao/db');
    const feed = await createInboxFeed(store.url);
    try {
      const base = await serve({ context: { ...baseContext(), notificationFeed: feed } });
      const browser = new Browser(base);
      await browser.query('session.me');
      expect((await browser.mutate('session.signIn', credentials('kg.tan-hiep'))).status).toBe(200);
      const controller = new AbortController();
      const response = await fetch(`${base}/trpc/notifications.live`, { headers: { cookie: browser.cookieHeaderForTests(), accept: 'text/event-stream' }, signal: controller.signal });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      /** The `data:` of the next event that carries one. */
      const nextData = async (): Promise<unknown> => {
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) throw new Error('the stream ended');
          buffer += value;
          const line = buffer.split('\n').find((l) => l.startsWith('data: ') && l.includes('unread'));
          if (line) return JSON.parse(line.slice('data: '.length));
        }
      };
      expect(await nextData()).toEqual({ unread: 0 });
      // A notification for this person, as the dispatcher writes it (its NOTIFY at commit wakes the stream).
      const [event] = await store.db.prisma.$queryRaw<Array<{ id: bigint }>>`
        INSERT INTO notification_event (key, kind, at, directive_id, unit_id) VALUES ('test:sse', 'task.new', now(), 'd', 'kg.tan-hiep') RETURNING id`;
      await store.repos.notifications.expand([String(event!.id)], [
        { eventId: String(event!.id), userId: 'u.kg.tan-hiep', kind: 'task.new', at: new Date().toISOString(), directiveId: 'd', assignmentId: null, unitId: 'kg.tan-hiep', data: {}, urgent: false, deliveries: [] },
      ]);
      expect(await nextData()).toEqual({ unread: 1 });
      controller.abort();
    } finally {
      await feed.close();
    }
  });
});
