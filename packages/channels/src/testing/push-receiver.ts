/// <reference path="./http_ece.d.ts" />
import { createECDH, createPublicKey, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import { createServer } from 'node:https';
import ece from 'http_ece';
import type { PushTarget } from '../channel';
import { BodyTooLarge, Listener, readBody } from './http';
import { Recorder } from './recorder';
import { selfSignedCertificate } from './self-signed';

/**
 * A Web Push service on the loopback, playing the part of FCM or Mozilla's autopush for tests: it
 * hands out subscriptions as a browser's PushManager would, and on each push checks what a real
 * service checks (VAPID, RFC 8292; TTL, Urgency and Topic, RFC 8030; the 4096-byte limit) and
 * decrypts the payload as the browser would (aes128gcm, RFC 8291), so a test sees what the device
 * would show.
 *
 * It speaks HTTPS with a self-signed certificate (web-push only speaks HTTPS): give `ca` to the
 * push channel (createPushChannel's `ca`), or write it to a file named by NODE_EXTRA_CA_CERTS for
 * a process started by the test.
 */

export interface ReceivedPush {
  readonly subscriptionId: string;
  /** The decrypted payload, parsed as JSON (the text when it is not JSON). */
  readonly payload: unknown;
  readonly headers: { readonly ttl: number; readonly urgency: string | null; readonly topic: string | null };
  /** The VAPID JWT's claims. */
  readonly vapid: { readonly sub: string; readonly aud: string; readonly exp: number; readonly publicKey: string };
  readonly receivedAt: Date;
}

export interface RefusedPush {
  readonly subscriptionId: string;
  readonly status: number;
  readonly reason: string;
}

export interface TestPushSubscription extends PushTarget {
  readonly id: string;
}

export interface PushReceiver {
  readonly origin: string;
  /** The receiver's certificate (PEM), to trust as a CA. */
  readonly ca: string;
  readonly received: readonly ReceivedPush[];
  /** Pushes answered with an error, and why (a wrong VAPID signature, an expired subscription…). */
  readonly refused: readonly RefusedPush[];
  readonly counts: { readonly received: number; readonly refused: number };
  /**
   * A new subscription, as PushSubscription.toJSON() gives it. With `applicationServerKey`, only
   * pushes signed with that VAPID key are accepted (403 otherwise), as browsers bind them.
   */
  subscribe(options?: { applicationServerKey?: string }): TestPushSubscription;
  /** The subscription is gone (the user revoked permission): 410 from now on. */
  expire(subscriptionId: string): void;
  /** The next `n` pushes are answered `status` (429, 500, 413…), with these headers (Retry-After). */
  failNext(n: number, status: number, headers?: Record<string, string>): void;
  /** Forgets what was received so far (counts stay: they are totals). */
  clear(): void;
  waitFor(predicate?: (push: ReceivedPush) => boolean, timeoutMs?: number): Promise<ReceivedPush>;
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** RFC 8030 §5: a push service must accept at least 4096 bytes; FCM and autopush refuse more (413). */
const MAX_BODY = 4096;
/** RFC 8292 §2: a JWT that expires more than 24 hours ahead is refused. */
const MAX_EXP_AHEAD_S = 24 * 3600;
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);

interface Subscription {
  readonly ecdh: ECDH;
  readonly auth: Buffer;
  readonly applicationServerKey: string | null;
  expired: boolean;
}

export async function startPushReceiver(options: { port?: number; host?: string; /** Keep at most this many pushes (the oldest go first). Default 10 000. */ keep?: number } = {}): Promise<PushReceiver> {
  const host = options.host ?? '127.0.0.1';
  const { cert, key } = selfSignedCertificate('chidao push receiver');
  const subscriptions = new Map<string, Subscription>();
  const recorder = new Recorder<ReceivedPush>('push', (p) => `${p.subscriptionId}: ${JSON.stringify(p.payload)}`, options.keep);
  const refused: RefusedPush[] = [];
  let failures: { left: number; status: number; headers: Record<string, string> } = { left: 0, status: 0, headers: {} };
  let delivered = 0;
  let refusedCount = 0;

  const server = createServer({ cert, key }, (req, res) => {
    const match = /^\/push\/([A-Za-z0-9-]{1,64})$/.exec(req.url ?? '');
    const id = match?.[1] ?? '';
    const refuse = (status: number, reason: string, headers: Record<string, string> = {}) => {
      refusedCount += 1;
      refused.push({ subscriptionId: id, status, reason });
      if (refused.length > 10_000) refused.shift();
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(reason);
    };
    if (req.method !== 'POST' || !match) return refuse(404, 'not a push endpoint');
    readBody(req, MAX_BODY)
      .then((body) => {
        const subscription = subscriptions.get(id);
        if (!subscription) return refuse(404, 'no such subscription');
        if (subscription.expired) return refuse(410, 'subscription expired');
        if (failures.left > 0) {
          failures.left -= 1;
          return refuse(failures.status, `failing on purpose (${failures.status})`, failures.headers);
        }
        const vapid = checkVapid(req.headers.authorization, `https://${host}:${listener.address.port}`, subscription.applicationServerKey);
        if (typeof vapid === 'string') return refuse(vapid.startsWith('403') ? 403 : 401, vapid);
        const ttl = Number(req.headers.ttl);
        if (req.headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0) return refuse(400, 'TTL header missing or not a non-negative integer');
        const urgency = header(req.headers.urgency);
        if (urgency !== null && !URGENCIES.has(urgency)) return refuse(400, `unknown Urgency ${urgency}`);
        const topic = header(req.headers.topic);
        if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return refuse(400, 'Topic must be at most 32 base64url characters');
        if (header(req.headers['content-encoding']) !== 'aes128gcm') return refuse(400, 'Content-Encoding must be aes128gcm');
        let text: string;
        try {
          text = ece.decrypt(body, { version: 'aes128gcm', privateKey: subscription.ecdh, authSecret: subscription.auth }).toString('utf8');
        } catch (error) {
          return refuse(400, `payload does not decrypt: ${String(error)}`);
        }
        let payload: unknown = text;
        try {
          payload = JSON.parse(text);
        } catch {
          // Not JSON: kept as text.
        }
        delivered += 1;
        res.writeHead(201, { Location: `/message/${delivered}`, 'Content-Length': 0 });
        res.end();
        recorder.add({ subscriptionId: id, payload, headers: { ttl, urgency, topic }, vapid, receivedAt: new Date() });
      })
      .catch((error: unknown) => {
        if (error instanceof BodyTooLarge) refuse(413, `payload over ${MAX_BODY} bytes`);
        else refuse(400, String(error));
      });
  });
  const listener = new Listener(server, options.port ?? 0, host);
  await listener.start();

  return {
    get origin() {
      return `https://${host}:${listener.address.port}`;
    },
    ca: cert,
    get received() {
      return recorder.items;
    },
    refused,
    get counts() {
      return { received: delivered, refused: refusedCount };
    },
    subscribe(subscribeOptions = {}) {
      const id = randomUUID();
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      subscriptions.set(id, { ecdh, auth, applicationServerKey: subscribeOptions.applicationServerKey ?? null, expired: false });
      return {
        id,
        endpoint: `https://${host}:${listener.address.port}/push/${id}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
      };
    },
    expire(subscriptionId) {
      const subscription = subscriptions.get(subscriptionId);
      if (subscription) subscription.expired = true;
    },
    failNext(n, status, headers = {}) {
      failures = { left: n, status, headers };
    },
    waitFor: (predicate, timeoutMs) => recorder.waitFor(predicate, timeoutMs),
    clear: () => {
      recorder.clear();
      refused.length = 0;
    },
    get running() {
      return listener.running;
    },
    start: () => listener.start(),
    stop: () => listener.stop(),
  };
}

function header(value: string | string[] | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * The VAPID claims of `Authorization: vapid t=<JWT>, k=<public key>` when the JWT is signed
 * (ES256) by that key, is for this push service (aud) and has not expired; else why not, starting
 * with the status to answer.
 */
function checkVapid(authorization: string | undefined, origin: string, boundKey: string | null): ReceivedPush['vapid'] | string {
  if (!authorization?.startsWith('vapid ')) return '401 Authorization is not "vapid t=…, k=…"';
  const params = new Map<string, string>();
  for (const part of authorization.slice('vapid '.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const token = params.get('t');
  const k = params.get('k');
  if (!token || !k) return '401 vapid t= or k= missing';
  const publicKey = Buffer.from(k, 'base64url');
  if (publicKey.length !== 65 || publicKey[0] !== 4) return '401 k is not an uncompressed P-256 public key';
  const [head, body, signature] = token.split('.');
  if (head === undefined || body === undefined || signature === undefined) return '401 t is not a JWT';
  let header: { alg?: string };
  let claims: { aud?: string; exp?: number; sub?: string };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return '401 the JWT does not parse';
  }
  if (header.alg !== 'ES256') return `401 JWT alg is ${String(header.alg)}, not ES256`;
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: publicKey.subarray(1, 33).toString('base64url'), y: publicKey.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const signed = verify('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!signed) return '401 the JWT signature does not verify with k';
  if (claims.aud !== origin) return `401 JWT aud is ${String(claims.aud)}, not ${origin}`;
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now) return '401 JWT expired';
  if (claims.exp > now + MAX_EXP_AHEAD_S + 60) return '401 JWT exp more than 24 hours ahead';
  if (typeof claims.sub !== 'string' || !(claims.sub.startsWith('mailto:') || claims.sub.startsWith('https:'))) return '401 JWT sub must be a mailto: or https: URL';
  if (boundKey !== null && boundKey !== k) return '403 the subscription belongs to another VAPID key';
  return { sub: claims.sub, aud: claims.aud, exp: claims.exp, publicKey: k };
}
