import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientChannelError, type OutgoingMessage } from './channel';
import { createEmailChannel, messageIdFor } from './email';
import { LIMITS } from './text';
import { startSmtpSink, type SmtpSink } from './testing';

const FROM = 'Theo dõi chỉ đạo <no-reply@chidao.test>';
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink({ rejectRecipient: (address) => address.startsWith('khong-ton-tai@') });
});
afterAll(() => sink.stop());

let n = 0;
function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  n += 1;
  return {
    key: `delivery-${n}/email`,
    to: `chuyen-vien-${n}@ubnd.test`,
    title: 'Nhiệm vụ mới: Báo cáo tình hình phòng chống lụt bão',
    body: 'UBND tỉnh giao Sở Nông nghiệp báo cáo trước ngày 15/12.',
    link: 'https://chidao.test/#/assignments/42',
    ...overrides,
  };
}

describe('the e-mail channel', () => {
  it('delivers a Vietnamese notice with the deep link, a settings footer, and a Message-ID from the key', async () => {
    const channel = createEmailChannel({ url: sink.url, from: FROM });
    try {
      const m = message();
      const outcome = await channel.send(m);
      expect(outcome).toEqual({ ok: true, providerId: messageIdFor(m.key, 'no-reply@chidao.test') });
      const got = await sink.waitFor((e) => e.to.includes(m.to as string));
      expect(got.subject).toBe(m.title);
      expect(got.from).toContain('no-reply@chidao.test');
      expect(got.from).toContain('Theo dõi chỉ đạo');
      expect(got.messageId).toBe('<delivery-' + n + '=2Femail@chidao.test>');
      expect(got.text).toContain('Mở trong ứng dụng: https://chidao.test/#/assignments/42');
      expect(got.text).toContain('Đổi cách nhận thông báo: https://chidao.test/#/settings/notifications');
      expect(got.html).toContain('href="https://chidao.test/#/assignments/42"');
      expect(got.html).toContain('Mở trong ứng dụng');
      expect(got.html).toContain('báo cáo trước ngày 15/12.');
      expect(got.headers.get('auto-submitted')).toBe('auto-generated');
    } finally {
      await channel.close?.();
    }
  });

  it('sends the same Message-ID again for the same key (a resend after a crash)', async () => {
    const channel = createEmailChannel({ url: sink.url, from: FROM });
    try {
      const m = message({ key: 'outbox:7f3a/user:12 email' });
      await channel.send(m);
      await channel.send(m);
      const copies = await waitForCount((e) => e.to.includes(m.to as string), 2);
      expect(copies[0]!.messageId).toBe(copies[1]!.messageId);
      expect(copies[0]!.messageId).toBe('<outbox=3A7f3a=2Fuser=3A12=20email@chidao.test>');
    } finally {
      await channel.close?.();
    }
  });

  it('delivers a burst of notices over its few pooled connections', async () => {
    const own = await startSmtpSink();
    const channel = createEmailChannel({ url: own.url, from: FROM, maxConnections: 2 });
    try {
      const burst = Array.from({ length: 30 }, () => message());
      const outcomes = await Promise.all(burst.map((m) => channel.send(m)));
      expect(outcomes.every((o) => o.ok)).toBe(true);
      expect(new Set(own.messages.map((e) => e.messageId)).size).toBe(30);
      expect(own.counts.connections).toBeLessThanOrEqual(2);
      own.clear();
      expect(own.messages).toHaveLength(0);
      expect(own.counts.received).toBe(30);
    } finally {
      await channel.close?.();
      await own.stop();
    }
  });

  it('keeps distinct keys distinct in the Message-ID, whatever characters they hold', () => {
    const ids = ['a/b', 'a=2Fb', 'a_b', 'a.b', 'ă/b', 'a b'].map((key) => messageIdFor(key, 'x@chidao.test'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^<[A-Za-z0-9_=-]+@chidao\.test>$/);
  });

  it('escapes the HTML and renders a multi-line body as paragraphs and a list', async () => {
    const channel = createEmailChannel({ url: sink.url, from: FROM });
    try {
      const m = message({
        title: 'Tổng hợp <hôm nay> & "ngày mai"',
        body: 'Bạn có 3 việc sắp đến hạn:\n- Báo cáo <script>alert(1)</script>\n- Kế hoạch & dự toán\n\nXem chi tiết trong ứng dụng.',
      });
      await channel.send(m);
      const got = await sink.waitFor((e) => e.to.includes(m.to as string));
      expect(got.subject).toBe(m.title);
      expect(got.html).not.toContain('<script>');
      expect(got.html).toContain('&lt;script&gt;');
      expect(got.html).toContain('<li>Kế hoạch &amp; dự toán</li>');
      expect(got.html).toContain('<p style="margin:0 0 12px">Bạn có 3 việc sắp đến hạn:</p>');
      expect(got.html).toContain('<p style="margin:0 0 12px">Xem chi tiết trong ứng dụng.</p>');
      expect(got.text).toContain('  • Kế hoạch & dự toán');
    } finally {
      await channel.close?.();
    }
  });

  it('cuts an over-long title and body instead of failing', async () => {
    const channel = createEmailChannel({ url: sink.url, from: FROM });
    try {
      const m = message({ title: 'Đ'.repeat(LIMITS.title * 3), body: 'ư'.repeat(LIMITS.body * 2) });
      expect((await channel.send(m)).ok).toBe(true);
      const got = await sink.waitFor((e) => e.to.includes(m.to as string));
      expect(Array.from(got.subject)).toHaveLength(LIMITS.title);
      expect(got.subject.endsWith('…')).toBe(true);
      expect(got.text.length).toBeLessThan(LIMITS.body + 1000);
    } finally {
      await channel.close?.();
    }
  });

  it('refuses a malformed address without connecting', async () => {
    const before = sink.counts.connections;
    const channel = createEmailChannel({ url: sink.url, from: FROM });
    try {
      for (const to of ['khong-co-a-cong', 'a b@ubnd.test', 'a@ubnd.test\r\nBcc: x@evil.test', 'a@b@c.test', 'a@ubnd.test, b@ubnd.test', '<a@ubnd.test>', '', 'a@', '@ubnd.test', 'a..b@ubnd.test']) {
        const outcome = await channel.send(message({ to }));
        expect(outcome, to).toMatchObject({ ok: false, code: 'INVALID_ADDRESS' });
      }
      expect((await channel.send(message({ to: { endpoint: 'https://push.test/x', keys: { p256dh: 'a', auth: 'b' } } }))).ok).toBe(false);
      expect(sink.counts.connections).toBe(before);
    } finally {
      await channel.close?.();
    }
  });

  it('refuses a link that is not http(s) and a key that is too long, without connecting', async () => {
    const channel = createEmailChannel({ url: sink.url, from: FROM });
    try {
      expect(await channel.send(message({ link: 'javascript:alert(1)' }))).toMatchObject({ ok: false, code: 'REJECTED' });
      expect(await channel.send(message({ link: `https://chidao.test/#/${'x'.repeat(LIMITS.link)}` }))).toMatchObject({ ok: false, code: 'REJECTED' });
      expect(await channel.send(message({ key: 'k'.repeat(LIMITS.key + 1) }))).toMatchObject({ ok: false, code: 'REJECTED' });
    } finally {
      await channel.close?.();
    }
  });

  it('answers INVALID_ADDRESS when the server refuses the recipient with 550', async () => {
    const channel = createEmailChannel({ url: sink.url, from: FROM });
    try {
      const outcome = await channel.send(message({ to: 'khong-ton-tai@ubnd.test' }));
      expect(outcome).toMatchObject({ ok: false, code: 'INVALID_ADDRESS' });
      expect(outcome.ok === false && outcome.reason).toContain('550');
    } finally {
      await channel.close?.();
    }
  });

  it('throws a transient error on a 4xx reply, and REJECTED on a 5xx that is not about the recipient', async () => {
    const channel = createEmailChannel({ url: sink.url, from: FROM });
    try {
      sink.failNext(1, 451);
      await expect(channel.send(message())).rejects.toBeInstanceOf(TransientChannelError);
      // The next one goes through: the failure was for one message only.
      expect((await channel.send(message())).ok).toBe(true);
      const big = await startSmtpSink({ maxMessageBytes: 2_000 });
      const toBig = createEmailChannel({ url: big.url, from: FROM });
      try {
        const outcome = await toBig.send(message({ body: 'Nội dung dài. '.repeat(400) }));
        expect(outcome).toMatchObject({ ok: false, code: 'REJECTED' });
      } finally {
        await toBig.close?.();
        await big.stop();
      }
    } finally {
      await channel.close?.();
    }
  });

  it('throws a transient error while the server is down, and delivers once it is back on the same port', async () => {
    const own = await startSmtpSink();
    const channel = createEmailChannel({ url: own.url, from: FROM });
    try {
      expect((await channel.send(message())).ok).toBe(true);
      await own.stop();
      await expect(channel.send(message())).rejects.toBeInstanceOf(TransientChannelError);
      await own.start();
      const m = message();
      expect((await channel.send(m)).ok).toBe(true);
      await own.waitFor((e) => e.to.includes(m.to as string));
    } finally {
      await channel.close?.();
      await own.stop();
    }
  });

  it('gives up on a server that accepts the connection but never greets (transient)', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const channel = createEmailChannel({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeouts: { greetingMs: 300, connectionMs: 300, socketMs: 300 } });
    try {
      await expect(channel.send(message())).rejects.toBeInstanceOf(TransientChannelError);
    } finally {
      await channel.close?.();
      silent.close();
    }
  });

  it('logs in when the server asks for it, and is refused (REJECTED) without the credentials', async () => {
    const guarded = await startSmtpSink({ auth: { user: 'thong-bao', pass: 'mật khẩu' } });
    const withLogin = createEmailChannel({ url: guarded.url, from: FROM });
    const without = createEmailChannel({ url: `smtp://${guarded.host}:${guarded.port}`, from: FROM });
    try {
      expect(guarded.url).toContain('thong-bao:');
      expect((await withLogin.send(message())).ok).toBe(true);
      expect(await without.send(message())).toMatchObject({ ok: false, code: 'REJECTED' });
    } finally {
      await withLogin.close?.();
      await without.close?.();
      await guarded.stop();
    }
  });

  it('rejects a bad configuration when created', () => {
    expect(() => createEmailChannel({ url: 'http://mail.test', from: FROM })).toThrow(/smtp/);
    expect(() => createEmailChannel({ url: sink.url, from: 'khong phai dia chi' })).toThrow(/from/);
  });
});

async function waitForCount(predicate: Parameters<SmtpSink['waitFor']>[0] & {}, count: number) {
  for (;;) {
    const found = sink.messages.filter(predicate);
    if (found.length >= count) return found;
    await sink.waitFor((e) => predicate(e) && !found.includes(e));
  }
}
