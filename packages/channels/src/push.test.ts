import { createServer } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientChannelError, type Channel, type OutgoingMessage } from './channel';
import { createPushChannel, generateVapidKeys, pushPayload, topicFor } from './push';
import { LIMITS } from './text';
import { selfSignedCertificate, startPushReceiver, type PushReceiver } from './testing';

const keys = generateVapidKeys();
const vapid = { subject: 'mailto:ops@chidao.test', ...keys };
let receiver: PushReceiver;
let channel: Channel;

beforeAll(async () => {
  receiver = await startPushReceiver();
  channel = createPushChannel({ vapid, ca: receiver.ca });
});
afterAll(async () => {
  await channel.close?.();
  await receiver.stop();
});

function message(to: OutgoingMessage['to'], overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    key: `delivery-${Math.random().toString(36).slice(2)}/push`,
    to,
    title: 'Hỏa tốc: Ứng phó bão số 9',
    body: 'Chủ tịch UBND tỉnh yêu cầu các huyện báo cáo trước 17 giờ hôm nay.',
    link: 'https://chidao.test/#/assignments/9',
    ...overrides,
  };
}

describe('the push channel', () => {
  it('delivers a payload the device decrypts to what was sent, signed with our VAPID key', async () => {
    const subscription = receiver.subscribe({ applicationServerKey: keys.publicKey });
    const m = message(subscription);
    const outcome = await channel.send(m);
    expect(outcome).toMatchObject({ ok: true });
    const got = await receiver.waitFor((p) => p.subscriptionId === subscription.id);
    expect(got.payload).toEqual({ title: m.title, body: m.body, link: m.link, tag: m.key });
    expect(got.headers).toEqual({ ttl: 24 * 3600, urgency: 'normal', topic: topicFor(m.key) });
    expect(got.vapid.publicKey).toBe(keys.publicKey);
    expect(got.vapid.sub).toBe('mailto:ops@chidao.test');
    expect(got.vapid.aud).toBe(receiver.origin);
  });

  it('sends Urgency: high for an urgent message, and the same Topic for the same key', async () => {
    const subscription = receiver.subscribe();
    const m = message(subscription, { urgent: true });
    await channel.send(m);
    await channel.send(m);
    const got = receiver.received.filter((p) => p.subscriptionId === subscription.id);
    expect(got.map((p) => p.headers.urgency)).toEqual(['high', 'high']);
    expect(got[0]!.headers.topic).toBe(got[1]!.headers.topic);
    expect(got[0]!.headers.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('answers SUBSCRIPTION_EXPIRED once the subscription is gone (410)', async () => {
    const subscription = receiver.subscribe();
    receiver.expire(subscription.id);
    expect(await channel.send(message(subscription))).toMatchObject({ ok: false, code: 'SUBSCRIPTION_EXPIRED' });
  });

  it('throws a transient error with the wait the service asked for on 429, and on 5xx', async () => {
    const subscription = receiver.subscribe();
    receiver.failNext(1, 429, { 'Retry-After': '120' });
    const error = await channel.send(message(subscription)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientChannelError);
    expect((error as TransientChannelError).retryAfterMs).toBe(120_000);
    receiver.failNext(1, 503);
    await expect(channel.send(message(subscription))).rejects.toBeInstanceOf(TransientChannelError);
    expect((await channel.send(message(subscription))).ok).toBe(true);
  });

  it('answers REJECTED on 400 and 413', async () => {
    const subscription = receiver.subscribe();
    receiver.failNext(1, 413);
    expect(await channel.send(message(subscription))).toMatchObject({ ok: false, code: 'REJECTED' });
    receiver.failNext(1, 400);
    expect(await channel.send(message(subscription))).toMatchObject({ ok: false, code: 'REJECTED' });
  });

  it('is refused by the service when signed with another VAPID key than the subscription was made for', async () => {
    const other = createPushChannel({ vapid: { subject: 'mailto:ops@chidao.test', ...generateVapidKeys() }, ca: receiver.ca });
    try {
      const subscription = receiver.subscribe({ applicationServerKey: keys.publicKey });
      expect(await other.send(message(subscription))).toMatchObject({ ok: false, code: 'REJECTED' });
      expect(receiver.refused.at(-1)).toMatchObject({ subscriptionId: subscription.id, status: 403 });
    } finally {
      await other.close?.();
    }
  });

  it('throws a transient error while the push service is down', async () => {
    const own = await startPushReceiver();
    const toOwn = createPushChannel({ vapid, ca: own.ca });
    try {
      const subscription = own.subscribe();
      await own.stop();
      await expect(toOwn.send(message(subscription))).rejects.toBeInstanceOf(TransientChannelError);
      await own.start();
      expect((await toOwn.send(message(subscription))).ok).toBe(true);
    } finally {
      await toOwn.close?.();
      await own.stop();
    }
  });

  it('gives up on a push service that never answers (transient)', async () => {
    const { cert, key } = selfSignedCertificate();
    const hung = createServer({ cert, key }, () => {});
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as { port: number };
    const toHung = createPushChannel({ vapid, ca: cert, timeoutMs: 300 });
    try {
      const subscription = receiver.subscribe();
      const target = { endpoint: `https://127.0.0.1:${port}/push/${subscription.id}`, keys: subscription.keys };
      await expect(toHung.send(message(target))).rejects.toBeInstanceOf(TransientChannelError);
    } finally {
      await toHung.close?.();
      hung.closeAllConnections();
      hung.close();
    }
  });

  it('refuses what is not a subscription, without sending', async () => {
    const before = receiver.received.length + receiver.refused.length;
    const subscription = receiver.subscribe();
    for (const to of [
      'user@chidao.test',
      { endpoint: 'http://127.0.0.1:1/push/x', keys: subscription.keys },
      { endpoint: subscription.endpoint, keys: { p256dh: 'short', auth: subscription.keys.auth } },
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.keys.p256dh, auth: '' } },
    ]) {
      expect(await channel.send(message(to)), JSON.stringify(to)).toMatchObject({ ok: false, code: 'INVALID_ADDRESS' });
    }
    expect(await channel.send(message(subscription, { link: 'javascript:alert(1)' }))).toMatchObject({ ok: false, code: 'REJECTED' });
    expect(receiver.received.length + receiver.refused.length).toBe(before);
  });

  it('cuts a long title and body so the payload fits a push message', async () => {
    const subscription = receiver.subscribe();
    const m = message(subscription, { title: 'Tiêu đề rất dài '.repeat(100), body: 'Nội dung có dấu tiếng Việt. '.repeat(2000) });
    expect(Buffer.byteLength(pushPayload(m))).toBeLessThanOrEqual(3000);
    expect((await channel.send(m)).ok).toBe(true);
    const got = await receiver.waitFor((p) => p.subscriptionId === subscription.id);
    const payload = got.payload as { title: string; body: string };
    expect(Array.from(payload.title).length).toBeLessThanOrEqual(LIMITS.title);
    expect(payload.body.endsWith('…')).toBe(true);
  });

  it('refuses bad VAPID keys when created', () => {
    expect(() => createPushChannel({ vapid: { ...vapid, subject: 'ops@chidao.test' } })).toThrow(/subject/);
    expect(() => createPushChannel({ vapid: { ...vapid, publicKey: 'abc' } })).toThrow(/public key/);
    expect(() => createPushChannel({ vapid: { ...vapid, privateKey: 'abc' } })).toThrow(/private key/);
  });
});
