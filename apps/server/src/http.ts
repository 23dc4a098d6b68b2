import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { appRouter, ATTACHMENT_BASE64_MAX, createContext, createSingleSignOn, IDEMPOTENCY_HEADER, retryAfterOf, SSO_CALLBACK_PATH, SSO_START_PATH, type ContextDeps, type SingleSignOn } from '@chidao/api';
import { DomainError } from '@chidao/domain';
import { batchRefusal, MAX_BATCH_CALLS, UPLOAD_PROCEDURES, type ErrorCode } from '@chidao/domain';
import { createRateLimiter, DEFAULT_RATE_LIMITS, setSecurityHeaders, WEB_CSP, type RateLimits } from './hardening';
import {
  clientAddress,
  CSRF_COOKIE,
  CSRF_HEADER,
  isHttps,
  isSameOrigin,
  readCookies,
  SESSION_COOKIE,
  sessionCookies,
  visitorCsrfCookie,
  type CookiePolicy,
} from './session';
import { FILES_PREFIX, serveFile } from './files';
import { serveWebFile } from './static';
import { answerReadiness, type Readiness } from './readiness';
import { createLog, errorFields, type Log } from './log';


export interface HttpDeps {
  readonly context: ContextDeps;
  readonly cookies: CookiePolicy;
  /** When set (https://chidao.example.gov.vn), the only Origin mutations are accepted from. */
  readonly publicOrigin?: string;
  /** Folder of the built web app, served with a fallback to index.html for client routes. */
  readonly webDist?: string;
  /** Mutations allowed per session and per address (DEFAULT_RATE_LIMITS when absent). */
  readonly rateLimits?: RateLimits;
  /** The rate limiter's clock, in ms (tests move it). */
  readonly clock?: () => number;
  /** Single sign-on through the provinces' identity providers (one per process: it caches their metadata). */
  readonly sso?: SingleSignOn;
  /** Where the access log and server faults go (JSON lines on stdout in production); silent when absent. */
  readonly log?: Log;
  /** What GET /readyz checks (PostgreSQL and Temporal in production); without it /readyz has nothing to check and answers ready. */
  readonly readiness?: Readiness;
}

/** The cookie binding a sign-in started at a provider to this browser: Lax, since the provider's redirect back is a cross-site navigation. */
export const SSO_BINDING_COOKIE = 'chidao_oidc';

/**
 * Largest request body tRPC reads (this many bytes still are); larger ones get 413 PAYLOAD_TOO_LARGE.
 * Room for a dispatch pasted in full. The README's table of guarantees states it; http.test.ts keeps
 * the two equal.
 */
export const MAX_BODY_BYTES = 512 * 1024;

/**
 * Largest body of a call to a procedure that takes a file (UPLOAD_PROCEDURES, each alone in its
 * request): a dispatch's PDF or scan of 2 MiB, a roster of 1 MiB, as base64. Every other request keeps
 * MAX_BODY_BYTES, so a body that large is read only where a file is expected.
 */
export const UPLOAD_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Largest body of attachments.upload: a report's attachment of ATTACHMENT_MAX_BYTES (a phone's photo,
 * a scanned PDF) as base64, with room for its name and the JSON around it.
 */
export const ATTACHMENT_BODY_BYTES = ATTACHMENT_BASE64_MAX + 16 * 1024;

/** The most calls one batched request may carry (the web app's client sends no more); see @chidao/domain. */
export { MAX_BATCH_CALLS };

interface RequestState {
  readonly id: string;
  readonly secure: boolean;
  /** Set-Cookie values by cookie name: a later write for the same cookie replaces the earlier one. */
  readonly setCookies: Map<string, string>;
}

const newToken = () => randomBytes(32).toString('base64url');
const header = (req: IncomingMessage, name: string): string | null => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
};

function writeCookies(res: ServerResponse, state: RequestState): void {
  if (!res.headersSent) res.setHeader('Set-Cookie', [...state.setCookies.values()]);
}

/** The HTTP host: tRPC under /trpc, files to download under /files, the web app everywhere else; every response names its request id. */
export function createHttpServer(deps: HttpDeps): Server {
  const states = new WeakMap<IncomingMessage, RequestState>();
  const log = deps.log ?? createLog('SILENT');
  /** The API's context for a request, whether tRPC or a file download answers it. */
  const contextOf = (req: IncomingMessage, res: ServerResponse) => {
    const state = states.get(req)!;
    const cookies = readCookies(req);
    return createContext(deps.context, {
      id: state.id,
      address: clientAddress(req, deps.cookies),
      userAgent: header(req, 'user-agent'),
      sessionToken: cookies.get(SESSION_COOKIE) ?? null,
      csrfCookie: cookies.get(CSRF_COOKIE) ?? null,
      csrfHeader: header(req, CSRF_HEADER),
      sameOrigin: isSameOrigin(req, deps.cookies, deps.publicOrigin ?? null),
      idempotencyKey: header(req, IDEMPOTENCY_HEADER),
      issue(issued) {
        for (const [name, value] of sessionCookies(issued, state.secure, newToken)) state.setCookies.set(name, value);
        writeCookies(res, state);
      },
    });
  };
  const handler = (maxBodySize: number) => createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize,
    createContext: ({ req, res }) => contextOf(req, res),
    responseMeta({ errors }) {
      const retryAfter = errors.map(retryAfterOf).find((s) => s !== null);
      return retryAfter ? { headers: { 'retry-after': String(retryAfter) } } : {};
    },
    onError({ error, path, req }) {
      // The client sees the request id only; the log has the cause, under the same id.
      if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ requestId: states.get(req)?.id ?? null, procedure: path ?? null, ...errorFields(error.cause ?? error) }, 'request failed');
    },
  });
  const trpc = handler(MAX_BODY_BYTES);
  const trpcUpload = handler(UPLOAD_BODY_BYTES);
  const trpcAttachment = handler(ATTACHMENT_BODY_BYTES);
  const root = deps.webDist ? resolve(deps.webDist) : null;
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const perSession = createRateLimiter(limits.perSession, deps.clock);
  const perAddress = createRateLimiter(limits.perAddress, deps.clock);

  /**
   * Seconds until these `calls` mutations may go through, or null: per session (when there is one),
   * then per address. Each call counts: a batch is as many mutations as it carries.
   */
  const throttled = (req: IncomingMessage, calls: number): number | null => {
    const session = readCookies(req).get(SESSION_COOKIE);
    const bySession = session ? perSession.take(session, calls) : null;
    if (bySession !== null) return bySession;
    return perAddress.take(clientAddress(req, deps.cookies) ?? 'unknown', calls);
  };

  const sso = deps.sso ?? createSingleSignOn();
  /** The redirect URI registered at the providers: the public origin's, else this request's own origin. */
  const redirectUri = (req: IncomingMessage, state: RequestState) =>
    `${deps.publicOrigin ?? `${state.secure ? 'https' : 'http'}://${(header(req, 'host') ?? 'localhost').slice(0, 300)}`}${SSO_CALLBACK_PATH}`;
  const bindingCookie = (value: string | null, state: RequestState, maxAgeSeconds = 0) =>
    `${SSO_BINDING_COOKIE}=${value ?? ''}; Path=/auth/oidc; HttpOnly; SameSite=Lax${state.secure ? '; Secure' : ''}; Max-Age=${value === null ? 0 : maxAgeSeconds}`;

  /**
   * The two single sign-on routes. Each answers with a small page that moves on by itself rather than
   * an HTTP redirect where it lands in the app: the provider's redirect back is a cross-site
   * navigation, which carries no SameSite=Strict cookie, and the app's next page must be a same-site
   * navigation so the session's cookies go with its requests.
   */
  const singleSignOn = async (req: IncomingMessage, res: ServerResponse, url: URL, state: RequestState) => {
    const moveOn = (to: string) => {
      writeCookies(res, state);
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'", 'referrer-policy': 'no-referrer' })
        .end(`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${to}"><title>…</title><a href="${to}">…</a>`);
    };
    const failed = (error: unknown) => {
      const code = error instanceof DomainError ? error.code : 'UNAVAILABLE';
      if (!(error instanceof DomainError)) console.error(`server: request ${state.id} single sign-on failed`, error);
      const reason = error instanceof DomainError && typeof error.details.reason === 'string' ? `&sso_reason=${encodeURIComponent(error.details.reason)}` : '';
      moveOn(`/?sso_error=${code}${reason}`);
    };
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('Method not allowed');
      return;
    }
    try {
      if (url.pathname === SSO_START_PATH) {
        // Each start stores a pending sign-in: the address's mutation budget bounds them.
        const wait = perAddress.take(clientAddress(req, deps.cookies) ?? 'unknown', 1);
        if (wait !== null) throw new DomainError('RATE_LIMITED', 'Too many sign-ins started', { retryAfterSeconds: wait });
        const ctx = await contextOf(req, res);
        const started = await sso.begin(ctx, url.searchParams.get('unit') ?? '', redirectUri(req, state));
        state.setCookies.set(SSO_BINDING_COOKIE, bindingCookie(started.binding, state, started.maxAgeSeconds));
        writeCookies(res, state);
        res.writeHead(302, { location: started.url, 'cache-control': 'no-store' }).end();
        return;
      }
      // The binding goes whatever the outcome: a sign-in is tried once.
      state.setCookies.set(SSO_BINDING_COOKIE, bindingCookie(null, state));
      const ctx = await contextOf(req, res);
      await sso.complete(ctx, readCookies(req).get(SSO_BINDING_COOKIE) ?? null, new URL(url.pathname + url.search, redirectUri(req, state)), redirectUri(req, state));
      moveOn('/');
    } catch (error) {
      failed(error);
    }
  };

  const server = createServer((req, res) => {
    const state: RequestState = { id: randomUUID(), secure: deps.cookies.secure === 'auto' ? isHttps(req, deps.cookies) : deps.cookies.secure, setCookies: new Map() };
    states.set(req, state);
    res.setHeader('x-request-id', state.id);
    accessLog(log, req, res, state.id, clientAddress(req, deps.cookies));
    setSecurityHeaders(res, state.secure);
    // Every page and API answer hands a visitor a CSRF token to echo; sign-in replaces it with the session's.
    if (!readCookies(req).get(CSRF_COOKIE)) {
      state.setCookies.set(CSRF_COOKIE, visitorCsrfCookie(newToken(), state.secure));
      writeCookies(res, state);
    }

    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/trpc/')) {
      res.setHeader('cache-control', 'no-store');
      const calls = callsOf(url);
      // A path that does not decode is tRPC's to refuse; no call of it runs.
      if (calls !== null && calls.batch && batchRefusal(calls.paths) !== null) {
        refuse(res, calls, {
          httpStatus: 400,
          domainCode: 'BATCH_REFUSED',
          message: `A batch carries at most ${MAX_BATCH_CALLS} calls, and none of session.*, intake.* or a file upload`,
        });
        return;
      }
      // Mutations are POSTs (queries are GETs); each counts against its session and its address.
      const wait = req.method === 'POST' ? throttled(req, calls?.paths.length ?? 1) : null;
      if (wait !== null) {
        refuse(res, calls, { httpStatus: 429, domainCode: 'RATE_LIMITED', message: 'Too many changes in a short time', retryAfterSeconds: wait });
        return;
      }
      const upload = calls !== null && !calls.batch && calls.paths.length === 1 && UPLOAD_PROCEDURES.includes(calls.paths[0]!);
      (upload ? (calls.paths[0] === 'attachments.upload' ? trpcAttachment : trpcUpload) : trpc)(req, res);
      return;
    }
    if (url.pathname === SSO_START_PATH || url.pathname === SSO_CALLBACK_PATH) {
      void singleSignOn(req, res, url, state);
      return;
    }
    if (url.pathname.startsWith(FILES_PREFIX)) {
      void serveFile(req, res, url, () => contextOf(req, res), state.id, log);
      return;
    }
    // Alive: the process answers. It says nothing of the dependencies (a restart would not mend them).
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    // Ready: PostgreSQL and Temporal answer, each within its bound.
    if (url.pathname === '/readyz') {
      void answerReadiness(res, deps.readiness ?? { checks: {} }, state.id, (report) =>
        log.warn({ requestId: state.id, checks: report.checks, causes: Object.fromEntries(Object.entries(report.causes).map(([name, cause]) => [name, String(cause)])) }, 'not ready'),
      );
      return;
    }
    if (!root || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    serveWebFile(req, res, root, url.pathname, { 'content-security-policy': WEB_CSP });
  });
  // A client reuses an idle connection until the server closes it; with Node's default 5 s a request
  // sent as the server closes one is reset (ECONNRESET), and a browser does not retry a mutation on
  // its own. Idle connections stay longer than a client or proxy keeps them (60 s is common), and the
  // headers' time is longer still, as Node needs.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 5_000;
  return server;
}

/**
 * One line per request when its answer is sent (or the client went away first): the request id,
 * method, path (never the query string: tRPC queries carry their input there), status, duration and
 * the client's address.
 */
function accessLog(log: Log, req: IncomingMessage, res: ServerResponse, requestId: string, address: string | null): void {
  const started = process.hrtime.bigint();
  const path = (req.url ?? '/').split('?', 1)[0]!.slice(0, 512);
  res.once('close', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log.info(
      { requestId, method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10, address, completed: res.writableFinished },
      'request',
    );
  });
}

/** How long an idle keep-alive connection stays open. */
export const KEEP_ALIVE_MS = 65_000;

/** The calls a /trpc/ URL carries, read as tRPC reads them (a batch's paths are comma-separated, URL-encoded). */
function callsOf(url: URL): { readonly batch: boolean; readonly paths: readonly string[] } | null {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice('/trpc/'.length));
  } catch {
    return null;
  }
  const batch = url.searchParams.get('batch') === '1';
  return { batch, paths: batch ? path.split(',') : [path] };
}

/**
 * A refusal before tRPC runs anything, in tRPC's error shape (one per call of a batch), so the web app
 * reads its domain code like any error's.
 */
function refuse(
  res: ServerResponse,
  calls: ReturnType<typeof callsOf>,
  refusal: { readonly httpStatus: 400 | 429; readonly domainCode: ErrorCode; readonly message: string; readonly retryAfterSeconds?: number },
): void {
  const { httpStatus, domainCode, message, retryAfterSeconds = null } = refusal;
  const code = httpStatus === 400 ? 'BAD_REQUEST' : 'TOO_MANY_REQUESTS';
  const error = { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus, domainCode, retryAfterSeconds } } };
  const body = calls?.batch ? calls.paths.map(() => error) : error;
  res
    .writeHead(httpStatus, { 'content-type': 'application/json', ...(retryAfterSeconds === null ? {} : { 'retry-after': String(retryAfterSeconds) }) })
    .end(JSON.stringify(body));
}
