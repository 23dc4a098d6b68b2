import { createHash } from 'node:crypto';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import webpush from 'web-push';
import { TransientChannelError, type Channel, type OutgoingMessage, type PushTarget, type SendOutcome } from './channel';
import { retryAfterMs } from './http-client';
import { bounded, httpUrl, LIMITS, oneLine } from './text';

/**
 * Web Push (RFC 8030) to the browser's push service, signed with our VAPID key (RFC 8292), the
 * payload encrypted for the subscription (RFC 8291, aes128gcm) — all three done by web-push.
 */

export interface VapidKeys {
  /** mailto:ops@… or https://…: whom the push service may contact about our traffic. */
  readonly subject: string;
  /** base64url, the uncompressed P-256 point (65 bytes): the browser's applicationServerKey. */
  readonly publicKey: string;
  /** base64url, 32 bytes. */
  readonly privateKey: string;
}

export interface PushChannelOptions {
  readonly vapid: VapidKeys;
  /** How long the push service keeps a message for a device that is offline. Default 24 h. */
  readonly ttlSeconds?: number;
  /** A push service that does not answer within this fails the send as transient. Default 10 s. */
  readonly timeoutMs?: number;
  /** CA certificates (PEM) to trust besides Node's own: the local push receiver's, in tests. */
  readonly ca?: string | readonly string[];
}

/** The payload the service worker shows: `tag` makes a repeated message replace the first on the device. */
export interface PushPayload {
  readonly title: string;
  readonly body: string;
  readonly link: string;
  readonly tag: string;
}

/**
 * Push services take 4096 bytes of encrypted body; aes128gcm adds 86 bytes of header, 16 of tag
 * and 1 of padding delimiter. Staying under 3000 bytes of JSON leaves room to spare.
 */
const MAX_PAYLOAD_BYTES = 3000;

/** New VAPID keys (base64url), once per deployment: the public one goes to browsers, both to VAPID_* variables. */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}

/** RFC 8030 Topic for a key: ≤ 32 base64url characters, so a second message with the key replaces an undelivered first. */
export function topicFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

/** The JSON the device gets, cut to fit: the body first, then the title. */
export function pushPayload(message: Pick<OutgoingMessage, 'key' | 'title' | 'body' | 'link'>): string {
  let title = bounded(oneLine(message.title), LIMITS.title);
  let body = bounded(message.body, 1000);
  const size = () => Buffer.byteLength(JSON.stringify({ title, body, link: message.link, tag: message.key } satisfies PushPayload));
  while (size() > MAX_PAYLOAD_BYTES && body.length > 1) body = bounded(body, Math.floor(Array.from(body).length / 2));
  while (size() > MAX_PAYLOAD_BYTES && title.length > 1) title = bounded(title, Math.floor(Array.from(title).length / 2));
  return JSON.stringify({ title, body, link: message.link, tag: message.key } satisfies PushPayload);
}

/** What is wrong with these VAPID settings, by field, or null: for the channel and for env.ts to name the variable. */
export function vapidProblem(vapid: VapidKeys): { field: keyof VapidKeys; message: string } | null {
  let subject: URL | null = null;
  try {
    subject = new URL(vapid.subject);
  } catch {
    subject = null;
  }
  if (subject === null || (subject.protocol !== 'mailto:' && subject.protocol !== 'https:')) {
    return { field: 'subject', message: 'the VAPID subject must be a mailto: or https: URL' };
  }
  const publicKey = Buffer.from(vapid.publicKey, 'base64url');
  if (publicKey.length !== 65 || publicKey[0] !== 4) return { field: 'publicKey', message: 'the VAPID public key must be 65 bytes, base64url (generateVapidKeys())' };
  if (Buffer.from(vapid.privateKey, 'base64url').length !== 32) return { field: 'privateKey', message: 'the VAPID private key must be 32 bytes, base64url (generateVapidKeys())' };
  return null;
}

function validTarget(to: OutgoingMessage['to']): PushTarget | null {
  if (typeof to !== 'object' || to === null) return null;
  const { endpoint, keys } = to as Partial<PushTarget>;
  if (typeof endpoint !== 'string' || typeof keys?.p256dh !== 'string' || typeof keys.auth !== 'string') return null;
  const url = httpUrl(endpoint);
  if (url === null || url.protocol !== 'https:') return null;
  if (Buffer.from(keys.p256dh, 'base64url').length !== 65 || Buffer.from(keys.auth, 'base64url').length !== 16) return null;
  return { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

export function createPushChannel(options: PushChannelOptions): Channel {
  const problem = vapidProblem(options.vapid);
  if (problem) throw new Error(`Push channel: ${problem.message}`);
  const ttl = options.ttlSeconds ?? 24 * 3600;
  // One keep-alive agent: a run of reminders goes to the same few push services.
  // `ca` replaces Node's trusted roots, so the extra ones are added to them: a channel given the
  // test receiver's certificate still reaches the real push services.
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ...(options.ca ? { ca: [...rootCertificates, ...[options.ca].flat()] } : {}) });

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    const target = validTarget(message.to);
    if (target === null) return { ok: false, code: 'INVALID_ADDRESS', reason: 'not a push subscription (https endpoint, 65-byte p256dh, 16-byte auth)' };
    if (message.key.length === 0 || message.key.length > LIMITS.key) return { ok: false, code: 'REJECTED', reason: `the key must have 1 to ${LIMITS.key} characters` };
    const link = httpUrl(message.link);
    if (link === null) return { ok: false, code: 'REJECTED', reason: 'the link is not an absolute http(s) URL' };
    try {
      const result = await webpush.sendNotification(target, pushPayload({ ...message, link: link.href }), {
        vapidDetails: options.vapid,
        TTL: ttl,
        urgency: message.urgent ? 'high' : 'normal',
        topic: topicFor(message.key),
        contentEncoding: 'aes128gcm',
        timeout: options.timeoutMs ?? 10_000,
        agent,
      });
      const location = result.headers.location;
      return { ok: true, providerId: typeof location === 'string' ? location : null };
    } catch (error) {
      return classify(error);
    }
  }

  return {
    name: 'push',
    send,
    async close() {
      agent.destroy();
    },
  };
}

/**
 * The push service's answer, sorted (RFC 8030 §8, and what FCM and autopush document): 404 and
 * 410 mean the subscription is gone for good (the caller drops it); 400 and 413 that this message
 * is malformed or too big; 401/403 that our VAPID signature or key is not accepted, which a retry
 * would not change; 429 and 5xx, and no answer at all, are worth another try.
 */
function classify(error: unknown): SendOutcome {
  if (error instanceof webpush.WebPushError) {
    const status = error.statusCode;
    const detail = `push service ${status}: ${bounded(oneLine(error.body ?? ''), 200)}`;
    if (status === 404 || status === 410) return { ok: false, code: 'SUBSCRIPTION_EXPIRED', reason: detail };
    if (status === 429 || status === 408 || status >= 500) throw new TransientChannelError(detail, retryAfterMs(error.headers['retry-after']), { cause: error });
    return { ok: false, code: 'REJECTED', reason: detail };
  }
  throw new TransientChannelError(`push service unreachable: ${error instanceof Error ? error.message : String(error)}`, null, { cause: error });
}
