import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientChannelError, type Channel, type OutgoingMessage } from './channel';
import { internationalForm, nationalForm } from './phone';
import { createSmsChannel, smsContent, unicodeCapacity } from './sms';
import { startSmsGatewayStub, type SmsGatewayStub } from './testing';

let gateway: SmsGatewayStub;
let channel: Channel;

beforeAll(async () => {
  gateway = await startSmsGatewayStub({ invalidPrefix: '0599' });
  channel = createSmsChannel({ url: gateway.url, apiKey: gateway.apiKey, secretKey: gateway.secretKey, brandname: gateway.brandname });
});
afterAll(() => gateway.stop());

let n = 0;
function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  n += 1;
  return {
    key: `delivery-${n}.sms`,
    to: '0912 345 678',
    title: 'Hỏa tốc: Ứng phó bão số 9',
    body: 'Chủ tịch UBND tỉnh yêu cầu các huyện báo cáo trước 17 giờ hôm nay.',
    link: 'https://chidao.test/#/assignments/9',
    urgent: true,
    ...overrides,
  };
}

describe('Vietnamese mobile numbers', () => {
  it('are read in the forms people write them, and refused otherwise', () => {
    for (const input of ['0912345678', '0912 345 678', '0912.345.678', '+84 912 345 678', '+84912345678', '84912345678', '(+84) 912-345-678']) {
      expect(nationalForm(input), input).toBe('0912345678');
      expect(internationalForm(input), input).toBe('84912345678');
    }
    for (const input of ['', '912345678', '091234567', '09123456789', '0212345678', '+85512345678', '0912a45678', '0912345678;', '1'.repeat(100)]) {
      expect(nationalForm(input), input).toBeNull();
    }
  });
});

describe('the SMS channel (eSMS)', () => {
  it('sends the title and link as a Unicode brandname SMS, in the form eSMS documents', async () => {
    const m = message();
    expect(await channel.send(m)).toMatchObject({ ok: true, providerId: expect.any(String) });
    const got = await gateway.waitFor((r) => r.body.RequestId === m.key);
    expect(got.answer).toBe('100');
    expect(got.body).toEqual({
      ApiKey: gateway.apiKey,
      SecretKey: gateway.secretKey,
      Phone: '0912345678',
      Content: 'Hỏa tốc: Ứng phó bão số 9\nhttps://chidao.test/#/assignments/9',
      Brandname: gateway.brandname,
      SmsType: '2',
      IsUnicode: '1',
      RequestId: m.key,
    });
  });

  it('counts a repeated key as sent: eSMS refuses the RequestId (124), so the phone gets one SMS', async () => {
    const m = message();
    expect((await channel.send(m)).ok).toBe(true);
    const sentBefore = gateway.counts.sent;
    expect((await channel.send(m)).ok).toBe(true);
    expect(gateway.counts.sent).toBe(sentBefore);
    expect(gateway.received.at(-1)?.answer).toBe('124');
  });

  it('turns a long key into a RequestId eSMS takes (≤ 50 characters), the same on every attempt', async () => {
    const m = message({ key: `outbox/${'x'.repeat(150)}/sms` });
    await channel.send(m);
    await channel.send(m);
    const [first, second] = gateway.received.slice(-2);
    expect(String(first!.body.RequestId).length).toBeLessThanOrEqual(50);
    expect(first!.body.RequestId).toBe(second!.body.RequestId);
  });

  it('refuses a number that is not a Vietnamese mobile without a request', async () => {
    const before = gateway.counts.requests;
    for (const to of ['12345', 'abc', '0212345678', 'nguoi@ubnd.test']) {
      expect(await channel.send(message({ to })), to).toMatchObject({ ok: false, code: 'INVALID_ADDRESS' });
    }
    expect(gateway.counts.requests).toBe(before);
  });

  it('answers INVALID_ADDRESS when eSMS says the number is malformed (108)', async () => {
    expect(await channel.send(message({ to: '0599123456' }))).toMatchObject({ ok: false, code: 'INVALID_ADDRESS', reason: expect.stringContaining('108') });
  });

  it('answers TEMPLATE_REJECTED on 146 and REJECTED on an account problem (no balance, 103)', async () => {
    gateway.failNext(1, '146');
    expect(await channel.send(message())).toMatchObject({ ok: false, code: 'TEMPLATE_REJECTED' });
    gateway.failNext(1, '103');
    expect(await channel.send(message())).toMatchObject({ ok: false, code: 'REJECTED', reason: expect.stringContaining('103') });
  });

  it('answers REJECTED when the keys are wrong (101)', async () => {
    const wrong = createSmsChannel({ url: gateway.url, apiKey: 'sai', secretKey: 'sai', brandname: gateway.brandname });
    expect(await wrong.send(message())).toMatchObject({ ok: false, code: 'REJECTED', reason: expect.stringContaining('101') });
  });

  it('throws a transient error when throttled (with the wait asked for) and when the gateway is down', async () => {
    gateway.rateLimitNext(1, 30);
    const error = await channel.send(message()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientChannelError);
    expect((error as TransientChannelError).retryAfterMs).toBe(30_000);
    const own = await startSmsGatewayStub();
    const toOwn = createSmsChannel({ url: own.url, apiKey: own.apiKey, secretKey: own.secretKey, brandname: own.brandname });
    await own.stop();
    await expect(toOwn.send(message())).rejects.toBeInstanceOf(TransientChannelError);
    await own.start();
    expect((await toOwn.send(message())).ok).toBe(true);
    await own.stop();
  });

  it('gives up on a gateway that never answers (transient)', async () => {
    const hung = createServer(() => {});
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as { port: number };
    const toHung = createSmsChannel({ url: `http://127.0.0.1:${port}`, apiKey: 'k', secretKey: 's', brandname: 'b', timeoutMs: 300 });
    try {
      await expect(toHung.send(message())).rejects.toBeInstanceOf(TransientChannelError);
    } finally {
      hung.closeAllConnections();
      hung.close();
    }
  });

  it('keeps an SMS within three segments however long the title, and drops a link too long to fit', () => {
    const capacity = unicodeCapacity(3);
    const long = smsContent({ title: 'Rất dài '.repeat(100), body: 'x', link: 'https://chidao.test/#/assignments/9' }, capacity);
    expect(long.length).toBeLessThanOrEqual(capacity);
    expect(long.endsWith('\nhttps://chidao.test/#/assignments/9')).toBe(true);
    const noLink = smsContent({ title: 'Việc mới', body: 'Nội dung '.repeat(50), link: `https://chidao.test/#/${'a'.repeat(300)}` }, capacity);
    expect(noLink.length).toBeLessThanOrEqual(capacity);
    expect(noLink.startsWith('Việc mới: Nội dung')).toBe(true);
    // Decomposed diacritics (NFD) are composed first, so they cost one character each.
    expect(smsContent({ title: 'Hỏa tốc'.normalize('NFD'), body: '', link: 'https://a.test/' }, capacity)).toBe('Hỏa tốc\nhttps://a.test/');
  });

  it('needs its keys and brandname', () => {
    expect(() => createSmsChannel({ apiKey: '', secretKey: 's', brandname: 'b' })).toThrow(/apiKey/);
    expect(() => createSmsChannel({ apiKey: 'a', secretKey: 's', brandname: '' })).toThrow(/brandname/);
  });
});
