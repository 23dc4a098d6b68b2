import { Client, Connection } from '@temporalio/client';
import { describe, expect } from 'vitest';
import { issueDirective } from '@chidao/api';
import { createDb, createRepositories } from '@chidao/db';
import { KG, localDateOf, type Directive } from '@chidao/domain';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';
import { browserTest as it, screenshotPath } from './browser';

/**
 * Notifications on a phone (390 px): a commune chair opens "Cài đặt thông báo" from the user menu,
 * finds the defaults, turns SMS on for new tasks, saves, and finds it kept after a reload; then the
 * bell opens the notifications page, where the seed directive 1119 is a new task (the worker's
 * dispatcher makes it from the outbox), marked unread until opened. A directive issued while the page
 * is open is counted by the bell and listed without a reload.
 */
const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const PHONE = { width: 390, height: 844 };
const NEW_TASK = 'Nhiệm vụ mới: Công văn 1119/UBND-KGVX';
const inDays = (n: number) => localDateOf(new Date(Date.now() + n * 86_400_000).toISOString());
/** A dispatch to the commune alone, issued by the province while the commune's page is open. */
const LATER: Directive = {
  id: `kg.${inDays(0).slice(0, 4)}.77-ubnd-vx`,
  reference: '77/UBND-VX',
  issuerUnitId: KG.province,
  place: 'Kiên Giang',
  date: inDays(0),
  subject: 'V/v rà soát số liệu cài đặt',
  urgency: null,
  recipients: [{ text: 'UBND phường Vĩnh Thanh.', group: { type: 'units', unitIds: [COMMUNE] } }],
  tasks: [{ id: 't1', text: 'Rà soát số liệu cài đặt trên địa bàn.', assignees: [{ type: 'units', unitIds: [COMMUNE] }], due: { type: 'date', date: inDays(30) } }],
  targets: [],
  deadlines: [],
  coordinatorUnitId: null,
  signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Nguyễn Văn A' },
  copiesTo: [],
};

describe('notifications', () => {
  it("the system administrator reads everyone's delivery log, failures alone if asked", async ({ openPage, signIn }) => {
    const page = await openPage({ viewport: PHONE, locale: 'vi-VN' });
    await signIn(page, KG.province);
    await page.goto(`${new URL(page.url()).origin}/#/settings/notifications`);
    const everyone = page.getByTestId('deliveries-everyone');
    await everyone.waitFor({ timeout: 30_000 });
    expect(await everyone.locator('h2, h3').first().textContent()).toBe('Nhật ký gửi thông báo của toàn hệ thống');
    await everyone.getByTestId('deliveries-failed-only').check();
    await expect.poll(() => everyone.getByTestId('deliveries-failed-only').isChecked()).toBe(true);
  });

  it('a commune chair keeps changed preferences and reads the new task in the list', async ({ stack, openPage, consoleErrors, signIn }) => {
    // A Vietnamese phone: its time fields read 21:00, not 9:00 PM.
    const page = await openPage({ viewport: PHONE, locale: 'vi-VN' });
    // The bell's feed: server-sent events on the same origin (the CSP's connect-src 'self').
    const feeds: Array<{ status: number; type: string }> = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/trpc/notifications.live') feeds.push({ status: r.status(), type: r.headers()['content-type'] ?? '' });
    });
    await signIn(page, COMMUNE);
    await expect.poll(() => feeds.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(feeds[0]!.status).toBe(200);
    expect(feeds[0]!.type).toContain('text/event-stream');

    await page.getByTestId('nav-notification-settings').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe('Cài đặt thông báo');
    const prefs = page.getByTestId('preferences');
    await prefs.getByTestId('preferences-form').waitFor({ timeout: 30_000 });
    const checked = (group: string, channel: string) => prefs.getByTestId(`pref-group-${group}`).locator(`[data-channel="${channel}"]`).isChecked();
    // The defaults for a commune chair: push, e-mail and Zalo; SMS for escalations only; quiet 21:00–07:00; no digest.
    expect(await prefs.getByTestId('preferences-source').getAttribute('data-saved')).toBe('false');
    expect(await checked('task', 'push')).toBe(true);
    expect(await checked('task', 'email')).toBe(true);
    expect(await checked('task', 'zalo')).toBe(true);
    expect(await checked('task', 'sms')).toBe(false);
    expect(await checked('escalation', 'sms')).toBe(true);
    expect(await checked('report', 'zalo')).toBe(false);
    const quiet = prefs.getByTestId('quiet-hours');
    expect(await quiet.getByLabel('Không gửi trong giờ yên lặng').isChecked()).toBe(true);
    expect(await quiet.getByLabel('Từ').inputValue()).toBe('21:00');
    expect(await quiet.getByLabel('Đến').inputValue()).toBe('07:00');
    expect(await quiet.textContent()).toContain('Hỏa tốc');
    expect(await prefs.getByTestId('digest').getByLabel('Nhận bản tổng hợp hằng ngày').isChecked()).toBe(false);
    // Each group is named as an official knows it.
    expect(await prefs.getByTestId('pref-group-task').locator('legend').textContent()).toBe('Nhiệm vụ mới, thay đổi, thu hồi, đôn đốc');

    // A time is typed as officials write it, whatever the phone's language; one that is not a time says so beside it.
    await quiet.getByLabel('Từ').fill('9 PM');
    await prefs.getByTestId('save-preferences').click();
    await expect.poll(() => quiet.textContent()).toContain('Nhập giờ dạng giờ:phút, ví dụ 21:00 hoặc 21h30.');
    expect(await prefs.getByTestId('preferences-saved').count()).toBe(0);
    await quiet.getByLabel('Từ').fill('21h30');

    await prefs.getByTestId('pref-group-task').getByLabel('Tin nhắn SMS').check();
    await prefs.getByTestId('save-preferences').click();
    await prefs.getByTestId('preferences-saved').waitFor();
    await page.screenshot({ path: screenshotPath('notifications-settings-phone'), fullPage: true });

    await page.reload();
    await prefs.getByTestId('preferences-form').waitFor({ timeout: 30_000 });
    await expect.poll(() => prefs.getByTestId('preferences-source').getAttribute('data-saved'), { timeout: 30_000 }).toBe('true');
    expect(await checked('task', 'sms')).toBe(true);
    expect(await quiet.getByLabel('Từ').inputValue()).toBe('21:30');
    expect(await checked('task', 'push')).toBe(true);
    expect(await checked('reminder', 'sms')).toBe(false);

    // Contacts: each channel either offers its form or says the installation has not enabled it.
    for (const channel of ['email', 'sms', 'zalo']) {
      const contact = page.getByTestId(`contact-${channel}`);
      await contact.waitFor();
      const text = (await contact.textContent()) ?? '';
      const offered = (await contact.getByTestId(`contact-${channel}-address-form`).count()) === 1;
      expect(offered || text.includes('Hệ thống chưa bật kênh này'), channel).toBe(true);
    }

    // Everyone's delivery log is the system administrator's only.
    expect(await page.getByTestId('deliveries').count()).toBe(1);
    expect(await page.getByTestId('deliveries-everyone').count()).toBe(0);

    // The bell opens the list; the dispatcher may still be expanding 1119's events, so the page is read again until it is there.
    await page.getByTestId('bell').click();
    await page.getByTestId('notifications').waitFor();
    const newTask = page.locator('[data-kind="task.new"]').filter({ hasText: NEW_TASK });
    await expect
      .poll(
        async () => {
          if ((await newTask.count()) === 0) await page.reload();
          return newTask.count();
        },
        { timeout: 90_000, interval: 2_000 },
      )
      .toBeGreaterThan(0);
    expect(await newTask.first().getAttribute('data-unread')).toBe('true');
    const bell = page.getByTestId('bell');
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/^Thông báo, \d+ chưa đọc$/);
    expect(await newTask.first().textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await page.screenshot({ path: screenshotPath('notifications-list-phone') });

    // Opening it marks it read and goes to the commune's tasks.
    await newTask.first().locator('a').click();
    await page.getByTestId(`assignment-${COMMUNE}`).waitFor({ timeout: 30_000 });
    await bell.click();
    await expect.poll(() => newTask.first().getAttribute('data-unread'), { timeout: 30_000 }).toBe('false');

    // Everything read (1119 may be the commune's only notification, so opening it may have read them all already): the badge goes.
    const markAll = page.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' });
    if (await markAll.isEnabled()) await markAll.click();
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 30_000 }).toBe('Thông báo');
    await expect.poll(() => markAll.isDisabled(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('unread-count').textContent(), { timeout: 30_000 }).toBe('0 thông báo chưa đọc');
    expect(await bell.locator('.bell__badge').count()).toBe(0);

    // Issued while the page is open: the bell counts it and the list shows it, no reload.
    const db = createDb(stack.databaseUrl);
    const connection = await Connection.connect({ address: stack.temporalAddress, tls: stack.temporalTls });
    try {
      await issueDirective({ repos: createRepositories(db), client: new Client({ connection }), taskQueue: DEFAULT_TASK_QUEUE }, LATER);
    } finally {
      await connection.close();
      await db.close();
    }
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 90_000 }).toBe('Thông báo, 1 chưa đọc');
    const later = page.locator('[data-kind="task.new"]').filter({ hasText: 'Nhiệm vụ mới: Công văn 77/UBND-VX' });
    await expect.poll(() => later.getAttribute('data-unread'), { timeout: 30_000 }).toBe('true');
    expect(await bell.locator('.bell__badge').textContent()).toBe('1');
    await page.screenshot({ path: screenshotPath('notifications-live-phone') });
    expect(consoleErrors()).toEqual([]);
  });
});

describe('the service worker', () => {
  it('shows a push message once per tag, with a link that stays in the app', async ({ stack, openPage, consoleErrors }) => {
    const page = await openPage({ viewport: PHONE });
    const origin = new URL(stack.webUrl).origin;
    await page.context().grantPermissions(['notifications'], { origin });
    await page.goto(stack.webUrl);
    // What the settings page does when push is turned on (the stack has no push key, so the page cannot).
    // Strings, not functions: this package is type-checked without the DOM's types.
    await page.evaluate(`navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(() => true)`);
    // A push message as the push service would deliver it, through the DevTools protocol.
    const cdp = await page.context().newCDPSession(page);
    const registrations: string[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) if (!r.isDeleted && r.scopeURL.startsWith(origin)) registrations.push(r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => registrations.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const push = (payload: unknown) =>
      cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: registrations[0]!, data: JSON.stringify(payload) });
    const shown = () =>
      page.evaluate<Array<{ title: string; body: string; tag: string; link: string | undefined }>>(
        `navigator.serviceWorker.ready
          .then((registration) => registration.getNotifications())
          .then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, link: n.data && n.data.link })))`,
      );

    /**
     * Delivers until shown, as a push service retries: a message handed over while the browser is
     * starting or stopping the worker is sometimes dropped (seen on a loaded machine). Delivering
     * again is what a duplicate is, and the tag makes it replace the one shown.
     */
    const deliver = (payload: { title: string; body: string; link: string; tag: string }) =>
      expect
        .poll(
          async () => {
            const now = (await shown()).filter((n) => n.tag === payload.tag);
            if (now.length === 0) await push(payload);
            return now;
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toHaveLength(1);

    const message = { title: 'Nhiệm vụ mới: Công văn 1119/UBND-KGVX', body: 'UBND phường Vĩnh Thanh được giao nhiệm vụ.', link: `${origin}/#/`, tag: 'n-1' };
    await deliver(message);
    // The same message again (a retry after a lost acknowledgement) replaces it: still one.
    await push(message);
    await deliver({ title: 'Khác', body: '', link: 'https://example.org/x', tag: 'n-2' });
    const all = await shown();
    expect(all.filter((n) => n.tag === 'n-1')).toEqual([{ title: message.title, body: message.body, tag: 'n-1', link: `${origin}/#/` }]);
    // A link elsewhere is not followed: the message opens the notifications page instead.
    expect(all.find((n) => n.tag === 'n-2')?.link).toBe(`${origin}/#/notifications`);
    expect(consoleErrors()).toEqual([]);
  });
});
