import { describe, expect, it } from 'vitest';
import { createEmailChannel } from '../email';
import { startDevMailbox } from './dev-mailbox';

describe('the dev mailbox', () => {
  it('lists received e-mails newest first and shows one, its HTML sandboxed', async () => {
    const mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0 });
    const channel = createEmailChannel({ url: mailbox.smtpUrl, from: 'Theo dõi chỉ đạo <no-reply@localhost>' });
    try {
      const empty = await fetch(mailbox.url);
      expect(await empty.text()).toContain('Chưa có thư nào');
      for (const [i, title] of ['Thư thứ nhất', 'Thư thứ hai <b>đậm</b>'].entries()) {
        await channel.send({ key: `k${i}`, to: 'chuyen-vien@ubnd.test', title, body: 'Nội dung', link: 'https://chidao.test/#/assignments/1' });
      }
      await mailbox.sink.waitFor((m) => m.subject.startsWith('Thư thứ hai'));

      const list = await fetch(mailbox.url);
      expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await list.text();
      expect(html.indexOf('Thư thứ hai')).toBeLessThan(html.indexOf('Thư thứ nhất'));
      expect(html).toContain('Thư thứ hai &lt;b&gt;đậm&lt;/b&gt;');
      expect(html).not.toContain('<b>đậm</b>');

      const id = mailbox.sink.messages.at(-1)!.id;
      const view = await (await fetch(`${mailbox.url}messages/${id}`)).text();
      expect(view).toContain(`<iframe sandbox="" src="/messages/${id}/html"`);
      expect(view).toContain('Mở trong ứng dụng: https://chidao.test/#/assignments/1');
      const body = await fetch(`${mailbox.url}messages/${id}/html`);
      expect(body.headers.get('content-security-policy')).toMatch(/^sandbox;/);
      expect(await body.text()).toContain('Mở trong ứng dụng');

      expect((await fetch(`${mailbox.url}messages/999`)).status).toBe(404);
      expect((await fetch(mailbox.url, { method: 'POST' })).status).toBe(405);
      const json = (await (await fetch(`${mailbox.url}messages.json`)).json()) as Array<{ subject: string }>;
      expect(json.map((m) => m.subject)).toEqual(['Thư thứ hai <b>đậm</b>', 'Thư thứ nhất']);
    } finally {
      await channel.close?.();
      await mailbox.stop();
    }
  });
});
