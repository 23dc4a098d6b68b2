import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientChannelError, type Channel, type OutgoingMessage } from './channel';
import { DEFAULT_TEST_TEMPLATE, startZaloStub, type ZaloStub } from './testing';
import { createZaloChannel, ZNS_ERRORS } from './zalo';

let zalo: ZaloStub;
let channel: Channel;

beforeAll(async () => {
  zalo = await startZaloStub({
    invalidPrefix: '84599',
    notOnZaloPrefix: '84377',
    templates: { [DEFAULT_TEST_TEMPLATE]: ['title', 'body', 'link'], '200002': ['ten_nhiem_vu', 'han'] },
  });
  channel = createZaloChannel({ url: zalo.url, accessToken: zalo.accessToken, templateId: DEFAULT_TEST_TEMPLATE });
});
afterAll(() => zalo.stop());

let n = 0;
function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  n += 1;
  return {
    key: `delivery-${n}.zalo`,
    to: '0912345678',
    title: 'Nhiệm vụ mới: Báo cáo tình hình phòng chống lụt bão',
    body: 'UBND tỉnh giao Sở Nông nghiệp báo cáo trước ngày 15/12.',
    link: 'https://chidao.test/#/assignments/42',
    ...overrides,
  };
}

describe('the Zalo ZNS channel', () => {
  it('sends the default template with the title, body and link, to the 84… number, tracked by the key', async () => {
    const m = message();
    expect(await channel.send(m)).toMatchObject({ ok: true, providerId: expect.any(String) });
    const got = await zalo.waitFor((r) => r.body.tracking_id === m.key);
    expect(got.accessToken).toBe(zalo.accessToken);
    expect(got.error).toBe(0);
    expect(got.body).toEqual({
      phone: '84912345678',
      template_id: DEFAULT_TEST_TEMPLATE,
      template_data: { title: m.title, body: m.body, link: m.link },
      tracking_id: m.key,
    });
  });

  it("sends a message's own template and parameters", async () => {
    const m = message({ template: { id: '200002', data: { ten_nhiem_vu: 'Báo cáo lụt bão', han: '15/12/2026' } } });
    expect((await channel.send(m)).ok).toBe(true);
    const got = await zalo.waitFor((r) => r.body.tracking_id === m.key);
    expect(got.body.template_data).toEqual({ ten_nhiem_vu: 'Báo cáo lụt bão', han: '15/12/2026' });
  });

  it('answers TEMPLATE_REJECTED for an unknown template or missing parameters', async () => {
    expect(await channel.send(message({ template: { id: '999999', data: { a: 'b' } } }))).toMatchObject({ ok: false, code: 'TEMPLATE_REJECTED', reason: expect.stringContaining('-109') });
    expect(await channel.send(message({ template: { id: '200002', data: { ten_nhiem_vu: 'x' } } }))).toMatchObject({ ok: false, code: 'TEMPLATE_REJECTED', reason: expect.stringContaining('-112') });
    const noDefault = createZaloChannel({ url: zalo.url, accessToken: zalo.accessToken });
    const before = zalo.counts.requests;
    expect(await noDefault.send(message())).toMatchObject({ ok: false, code: 'TEMPLATE_REJECTED' });
    expect(zalo.counts.requests).toBe(before);
  });

  it('answers INVALID_ADDRESS for a number Zalo refuses, one with no Zalo account, and a malformed one (without a request)', async () => {
    expect(await channel.send(message({ to: '0599123456' }))).toMatchObject({ ok: false, code: 'INVALID_ADDRESS', reason: expect.stringContaining('-108') });
    expect(await channel.send(message({ to: '0377123456' }))).toMatchObject({ ok: false, code: 'INVALID_ADDRESS', reason: expect.stringContaining('-118') });
    const before = zalo.counts.requests;
    expect(await channel.send(message({ to: '12345' }))).toMatchObject({ ok: false, code: 'INVALID_ADDRESS' });
    expect(zalo.counts.requests).toBe(before);
  });

  it('throws a transient error when throttled, on an invalid (expired) access token, and when Zalo is down', async () => {
    zalo.rateLimitNext(1, 5);
    const throttled = await channel.send(message()).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(TransientChannelError);
    expect((throttled as TransientChannelError).retryAfterMs).toBe(5_000);
    zalo.failNext(1, ZNS_ERRORS.RATE_LIMITED);
    await expect(channel.send(message())).rejects.toBeInstanceOf(TransientChannelError);
    const expired = createZaloChannel({ url: zalo.url, accessToken: 'het-han', templateId: DEFAULT_TEST_TEMPLATE });
    await expect(expired.send(message())).rejects.toThrow(/-124/);
    // A token from a function (renewed elsewhere) is read on every send.
    let current = 'het-han';
    const renewing = createZaloChannel({ url: zalo.url, accessToken: async () => current, templateId: DEFAULT_TEST_TEMPLATE });
    await expect(renewing.send(message())).rejects.toBeInstanceOf(TransientChannelError);
    current = zalo.accessToken;
    expect((await renewing.send(message())).ok).toBe(true);

    const own = await startZaloStub();
    const toOwn = createZaloChannel({ url: own.url, accessToken: own.accessToken, templateId: own.templateId });
    await own.stop();
    await expect(toOwn.send(message())).rejects.toBeInstanceOf(TransientChannelError);
    await own.start();
    expect((await toOwn.send(message())).ok).toBe(true);
    await own.stop();
  });

  it('answers REJECTED when out of quota (a person must top up; the next channel should carry the notice now)', async () => {
    zalo.failNext(1, ZNS_ERRORS.OUT_OF_QUOTA);
    expect(await channel.send(message())).toMatchObject({ ok: false, code: 'REJECTED', reason: expect.stringContaining('-115') });
  });

  it('bounds the parameters it sends', async () => {
    const m = message({ title: 'Rất dài '.repeat(100), body: 'Nội dung '.repeat(500) });
    expect((await channel.send(m)).ok).toBe(true);
    const got = await zalo.waitFor((r) => r.body.tracking_id === m.key);
    const data = got.body.template_data as Record<string, string>;
    expect(Array.from(data.title!).length).toBeLessThanOrEqual(100);
    expect(Array.from(data.body!).length).toBeLessThanOrEqual(400);
    const tooMany = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, 'x']));
    expect(await channel.send(message({ template: { id: '200002', data: tooMany } }))).toMatchObject({ ok: false, code: 'TEMPLATE_REJECTED' });
  });

  it('sends the same tracking_id on a retry (Zalo does not de-duplicate; the stub counts it)', async () => {
    const m = message();
    await channel.send(m);
    await channel.send(m);
    expect(zalo.received.filter((r) => r.body.tracking_id === m.key).map((r) => r.duplicate)).toEqual([false, true]);
  });
});
