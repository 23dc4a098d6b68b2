import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { createDb } from '@chidao/db';
import { browserTest as it, deviceStore, screenshotPath } from './browser';

/**
 * Bad signal tolerated (issue 22): the installed app opens with no connection, and an acknowledgement
 * or a report made offline waits on the phone and is sent once the connection returns, with one
 * effect. Each test has communes of its own (every commune of Rạch Giá has the seed directive 1119).
 */
const PHONE = { width: 390, height: 844 } as const;

const INSTALLS = 'Số lượt cài đặt Bluezone (lũy kế)';
const ADULTS = 'Dân số từ 15 đến 60 tuổi';
const SMARTPHONES = 'Số người dùng điện thoại thông minh';
const NARRATIVE = 'Nội dung báo cáo';
const PENDING = 'Chưa gửi — sẽ tự gửi khi có mạng';

/** The device's store (device.ts), read in the page: the paths of the kept queries, the outbox, the drafts. */
async function device(page: Page): Promise<{ queries: string[]; outbox: Array<{ kind: string; state: string }>; drafts: number }> {
  const stored = await deviceStore(page);
  const snapshot = stored.find(([key]) => key === 'snapshot')?.[1] as { queries?: { queries?: Array<{ queryKey: [string[]] }> } } | undefined;
  const outbox = stored.filter(([key]) => key.startsWith('outbox:')).map(([, value]) => value as { kind: string; state: string; createdAt: number });
  return {
    queries: (snapshot?.queries?.queries ?? []).map((q) => q.queryKey[0].join('.')),
    outbox: outbox.sort((x, y) => x.createdAt - y.createdAt).map(({ kind, state }) => ({ kind, state })),
    drafts: stored.filter(([key]) => key.startsWith('draft:')).length,
  };
}

/** Signed in, the card shown with its report form, the app shell precached and the card's answers kept on the device. */
async function readyOffline(page: Page, card: Locator): Promise<void> {
  await card.waitFor({ timeout: 60_000 });
  // Before "Tiếp nhận" the card says to acknowledge first; the report form shows once it is tapped.
  await card.getByTestId('report-form').or(card.getByTestId('report-after-acknowledging')).waitFor({ timeout: 30_000 });
  await expect.poll(() => page.evaluate('navigator.serviceWorker.ready.then((r) => r.active && r.active.state)'), { timeout: 30_000 }).toBe('activated');
  await expect.poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), { timeout: 30_000 }).toBe(true);
  await expect.poll(async () => (await device(page)).queries, { timeout: 30_000 }).toEqual(expect.arrayContaining(['session.me', 'assignments.search', 'reports.history', 'directives.rollup']));
}

/** The database's record of one assignment: acknowledgements audited, report versions stored. */
async function effects(databaseUrl: string, assignmentId: string): Promise<{ acknowledgements: number; reports: number }> {
  const db = createDb(databaseUrl);
  try {
    const audit = await db.prisma.auditEntry.findMany({ where: { entityType: 'assignment', entityId: assignmentId, action: 'assignment.acknowledge' } });
    return { acknowledgements: audit.length, reports: await db.prisma.report.count({ where: { assignmentId } }) };
  } finally {
    await db.close();
  }
}

/** Console errors other than the requests the browser could not make while offline (on purpose here). */
const notOffline = (errors: string[]) => errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'));

async function fillReport(card: Locator, narrative: string): Promise<void> {
  await card.getByLabel(INSTALLS).fill('120');
  await card.getByLabel(ADULTS).fill('900');
  await card.getByLabel(SMARTPHONES).fill('400');
  await card.getByLabel(NARRATIVE).fill(narrative);
}

describe('with no signal', () => {
  it('an acknowledgement and a report made offline wait on the phone through a reload, and are sent once when the signal returns', async ({ stack, openPage, consoleErrors, signIn }) => {
    const commune = 'kg.rach-gia.p-vinh-quang';
    const page = await openPage({ viewport: PHONE });
    await signIn(page, commune);
    const card = page.getByTestId(`assignment-${commune}`);
    await readyOffline(page, card);
    const assignmentId = (await card.getAttribute('data-assignment-id'))!;

    await page.context().setOffline(true);
    const ack = card.getByRole('button', { name: 'Tiếp nhận' });
    await ack.click();
    const ackStatus = card.getByTestId('outbox-acknowledge');
    await expect.poll(() => ackStatus.textContent()).toBe(PENDING);
    expect(await ack.isDisabled()).toBe(true);
    const narrative = 'Đã tuyên truyền tại 5 khu phố; báo cáo gửi khi mất sóng.';
    await fillReport(card, narrative);
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    const reportStatus = card.getByTestId('outbox-report');
    await expect.poll(() => reportStatus.textContent()).toBe(PENDING);
    await page.screenshot({ path: screenshotPath('offline-queued-phone'), fullPage: true });

    // Still offline, the app is opened again: the shell comes from the service worker, the list and
    // the queue from the device, and the list says when it was last updated.
    await page.reload();
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('tasks-last-updated').textContent()).toMatch(/^Cập nhật lần cuối lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    await expect.poll(() => ackStatus.textContent()).toBe(PENDING);
    await expect.poll(() => reportStatus.textContent()).toBe(PENDING);
    expect(await card.getByLabel(NARRATIVE).inputValue()).toBe(narrative);
    expect(await effects(stack.databaseUrl, assignmentId)).toEqual({ acknowledgements: 0, reports: 0 });

    await page.context().setOffline(false);
    await expect.poll(() => ackStatus.textContent(), { timeout: 30_000 }).toMatch(/^Đã gửi lúc \d{2}:\d{2}$/);
    await expect.poll(() => reportStatus.textContent(), { timeout: 30_000 }).toMatch(/^Đã gửi lúc \d{2}:\d{2}$/);
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('reported');
    await expect.poll(() => card.getByTestId('report-sent').textContent()).toContain('Đã gửi báo cáo lần 1');
    await expect.poll(() => page.getByTestId('tasks-saved-copy').count()).toBe(0);
    // Sent: the form's text is no longer kept.
    expect(await card.getByLabel(NARRATIVE).inputValue()).toBe('');
    await expect.poll(async () => (await device(page)).drafts).toBe(0);
    expect(await effects(stack.databaseUrl, assignmentId)).toEqual({ acknowledgements: 1, reports: 1 });
    await page.screenshot({ path: screenshotPath('offline-sent-phone'), fullPage: true });
    expect(notOffline(consoleErrors())).toEqual([]);
  });

  it('two tabs queue offline side by side: each sees the other’s waiting action, neither overwrites it, and both are sent once', async ({ stack, openContext, consoleErrors, signIn }) => {
    const commune = 'kg.rach-gia.p-an-binh';
    const profile = await openContext({ viewport: PHONE });
    const first = await profile.newPage();
    await signIn(first, commune);
    const second = await profile.newPage();
    await second.goto(first.url());
    const cardIn = (page: Page) => page.getByTestId(`assignment-${commune}`);
    await readyOffline(first, cardIn(first));
    await readyOffline(second, cardIn(second));
    const assignmentId = (await cardIn(first).getAttribute('data-assignment-id'))!;

    await profile.setOffline(true);
    // "Tiếp nhận" in the first tab; the second, opened before, hears of it and offers the report form.
    await cardIn(first).getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => cardIn(first).getByTestId('outbox-acknowledge').textContent()).toBe(PENDING);
    await expect.poll(() => cardIn(second).getByTestId('outbox-acknowledge').textContent(), { timeout: 30_000 }).toBe(PENDING);
    await fillReport(cardIn(second), 'Báo cáo từ thẻ thứ hai khi mất sóng.');
    await cardIn(second).getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => cardIn(second).getByTestId('outbox-report').textContent()).toBe(PENDING);
    // The phone keeps both, whichever tab wrote last.
    await expect.poll(async () => (await device(second)).outbox).toEqual([
      { kind: 'acknowledge', state: 'pending' },
      { kind: 'report', state: 'pending' },
    ]);

    // Tabs are not closed here: closing one lifts Chromium's emulated offline from the others.
    expect(await effects(stack.databaseUrl, assignmentId)).toEqual({ acknowledgements: 0, reports: 0 });

    // Back online, both tabs send what waits (the same entries, with the same keys): one effect each.
    await profile.setOffline(false);
    for (const page of [first, second]) {
      await expect.poll(() => cardIn(page).getByTestId('outbox-report').textContent(), { timeout: 30_000 }).toMatch(/^Đã gửi lúc \d{2}:\d{2}$/);
      await expect.poll(() => cardIn(page).getAttribute('data-state'), { timeout: 30_000 }).toBe('reported');
    }
    expect(await effects(stack.databaseUrl, assignmentId)).toEqual({ acknowledgements: 1, reports: 1 });
    // A tab opened afterwards finds the same record on the phone.
    const again = await profile.newPage();
    await again.goto(stack.webUrl);
    await expect.poll(() => cardIn(again).getByTestId('outbox-report').textContent(), { timeout: 30_000 }).toMatch(/^Đã gửi lúc \d{2}:\d{2}$/);
    expect(notOffline(consoleErrors())).toEqual([]);
  });

  it('a session that ended while offline asks to sign in again, then sends the queue', async ({ stack, openPage, consoleErrors, signIn }) => {
    const commune = 'kg.rach-gia.p-rach-soi';
    const page = await openPage({ viewport: PHONE });
    await signIn(page, commune);
    const card = page.getByTestId(`assignment-${commune}`);
    await readyOffline(page, card);
    const assignmentId = (await card.getAttribute('data-assignment-id'))!;

    await page.context().setOffline(true);
    await card.getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => card.getByTestId('outbox-acknowledge').textContent()).toBe(PENDING);
    // The session ends meanwhile (expired, or signed out elsewhere): the cookies are gone.
    await page.context().clearCookies();
    await page.context().setOffline(false);
    await page.getByLabel('Tên đăng nhập').waitFor({ timeout: 30_000 });
    expect(await effects(stack.databaseUrl, assignmentId)).toEqual({ acknowledgements: 0, reports: 0 });

    await signIn(page, commune);
    await expect.poll(() => card.getByTestId('outbox-acknowledge').textContent(), { timeout: 30_000 }).toMatch(/^Đã gửi lúc \d{2}:\d{2}$/);
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('acknowledged');
    expect(await effects(stack.databaseUrl, assignmentId)).toEqual({ acknowledgements: 1, reports: 0 });
    expect(notOffline(consoleErrors()).filter((e) => !/NOT_SIGNED_IN|CSRF_REJECTED/.test(e))).toEqual([]);
  });
});

describe('on a phone', () => {
  it('a report form keeps what was typed through a reload and after its tab is closed', async ({ openContext, consoleErrors, signIn }) => {
    const commune = 'kg.rach-gia.p-vinh-loi';
    const profile = await openContext({ viewport: PHONE });
    const page = await profile.newPage();
    await signIn(page, commune);
    const card = page.getByTestId(`assignment-${commune}`);
    await card.getByRole('button', { name: 'Tiếp nhận' }).click({ timeout: 60_000 });
    await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');
    await card.getByTestId('report-form').waitFor({ timeout: 60_000 });
    const narrative = 'Đang tổng hợp số liệu từ các khu phố, chưa xong.';
    await fillReport(card, narrative);

    await page.reload();
    await card.getByTestId('report-form').waitFor({ timeout: 30_000 });
    expect(await card.getByLabel(NARRATIVE).inputValue()).toBe(narrative);
    expect(await card.getByLabel(INSTALLS).inputValue()).toBe('120');

    // The tab is closed and the app opened again in a new one of the same browser.
    const address = page.url();
    await page.close();
    const again = await profile.newPage();
    await again.goto(address);
    const cardAgain = again.getByTestId(`assignment-${commune}`);
    await cardAgain.getByTestId('report-form').waitFor({ timeout: 30_000 });
    expect(await cardAgain.getByLabel(NARRATIVE).inputValue()).toBe(narrative);
    expect(await cardAgain.getByLabel(SMARTPHONES).inputValue()).toBe('400');
    expect(consoleErrors()).toEqual([]);
  });

  it('a double tap on “Tiếp nhận” is one acknowledgement, shown as done; one already made elsewhere is shown as done too', async ({ stack, openPage, consoleErrors, signIn }) => {
    const commune = 'kg.rach-gia.p-vinh-bao';
    const page = await openPage({ viewport: PHONE });
    await signIn(page, commune);
    const card = page.getByTestId(`assignment-${commune}`);
    await card.getByRole('button', { name: 'Tiếp nhận' }).waitFor({ timeout: 60_000 });
    const assignmentId = (await card.getAttribute('data-assignment-id'))!;
    await card.getByRole('button', { name: 'Tiếp nhận' }).dblclick();
    await expect.poll(() => card.getByTestId('acknowledged-notice').textContent()).toBe('Đã tiếp nhận văn bản 1119/UBND-KGVX.');
    await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(await effects(stack.databaseUrl, assignmentId)).toEqual({ acknowledgements: 1, reports: 0 });

    // Two phones of one commune: the second, offline, taps after the first acknowledged. When it is
    // back online the server answers "already acknowledged", which is what the person wanted.
    const other = 'kg.rach-gia.p-vinh-lac';
    const first = await openPage({ viewport: PHONE });
    const second = await openPage({ viewport: PHONE });
    await signIn(first, other);
    await signIn(second, other);
    const secondCard = second.getByTestId(`assignment-${other}`);
    await secondCard.getByRole('button', { name: 'Tiếp nhận' }).waitFor({ timeout: 60_000 });
    const otherId = (await secondCard.getAttribute('data-assignment-id'))!;
    await second.context().setOffline(true);
    await first.getByTestId(`assignment-${other}`).getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => first.getByTestId(`assignment-${other}`).getAttribute('data-state')).toBe('acknowledged');
    await secondCard.getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => secondCard.getByTestId('outbox-acknowledge').textContent()).toBe(PENDING);
    await second.context().setOffline(false);
    await expect.poll(() => secondCard.getByTestId('acknowledged-notice').textContent(), { timeout: 30_000 }).toBe('Đã tiếp nhận văn bản 1119/UBND-KGVX.');
    expect(await secondCard.getByRole('alert').count()).toBe(0);
    expect(await effects(stack.databaseUrl, otherId)).toEqual({ acknowledgements: 1, reports: 0 });
    expect(notOffline(consoleErrors()).filter((e) => !e.includes('ALREADY_ACKNOWLEDGED'))).toEqual([]);
  });

  it('signing out clears the tasks, the waiting actions and the typed report kept on the phone', async ({ stack, openPage, consoleErrors, signIn }) => {
    const commune = 'kg.rach-gia.p-vinh-hiep';
    const page = await openPage({ viewport: PHONE });
    await signIn(page, commune);
    const card = page.getByTestId(`assignment-${commune}`);
    await readyOffline(page, card);
    const assignmentId = (await card.getAttribute('data-assignment-id'))!;
    // The acknowledgement cannot get through (bad signal): it waits in the outbox.
    await page.route('**/trpc/assignments.acknowledge**', (route) => route.abort('internetdisconnected'));
    await card.getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => card.getByTestId('outbox-acknowledge').textContent(), { timeout: 30_000 }).toBe(PENDING);
    await fillReport(card, 'Bản nháp của người dùng trước.');
    await expect.poll(async () => (await device(page)).outbox).toEqual([{ kind: 'acknowledge', state: 'pending' }]);
    await expect.poll(async () => (await device(page)).drafts).toBe(1);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Tên đăng nhập').waitFor();
    await expect.poll(() => device(page)).toEqual({ queries: [], outbox: [], drafts: 0 });
    await page.unroute('**/trpc/assignments.acknowledge**');

    // The next person on this phone (here the same account again) finds nothing of it: nothing was sent.
    await signIn(page, commune);
    await card.getByTestId('report-after-acknowledging').waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('outbox-acknowledge').count()).toBe(0);
    expect(await card.getAttribute('data-state')).toBe('issued');
    expect(await effects(stack.databaseUrl, assignmentId)).toEqual({ acknowledgements: 0, reports: 0 });
    // Acknowledged now, the report form opens empty: the previous person's text is gone.
    await card.getByRole('button', { name: 'Tiếp nhận' }).click();
    await card.getByTestId('report-form').waitFor({ timeout: 30_000 });
    expect(await card.getByLabel(NARRATIVE).inputValue()).toBe('');
    expect(notOffline(consoleErrors())).toEqual([]);
  });
});

/** Who the server says a session cookie belongs to (session.me, asked from outside the browser): their unit, or null for none. */
async function sessionOf(webUrl: string, cookies: ReadonlyArray<{ name: string; value: string }>): Promise<string | null> {
  const response = await fetch(`${webUrl}/trpc/session.me`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
  const body = (await response.json()) as { result?: { data?: { unitId?: string } | null } };
  return body.result?.data?.unitId ?? null;
}

describe('signing out with no signal', () => {
  it('shows the sign-in page at once and clears the phone; the old session ends when the signal returns, before anything else is sent', async ({ stack, openPage, consoleErrors, signIn }) => {
    const commune = 'kg.rach-gia.p-vinh-thanh-van';
    const page = await openPage({ viewport: PHONE });
    await signIn(page, commune);
    const card = page.getByTestId(`assignment-${commune}`);
    await readyOffline(page, card);
    const cookies = await page.context().cookies();
    expect(await sessionOf(stack.webUrl, cookies)).toBe(commune);

    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Tên đăng nhập').waitFor();
    await expect.poll(() => device(page)).toEqual({ queries: [], outbox: [], drafts: 0 });
    // Nothing reached the server yet: the session is still alive there, and the sign-out waits.
    expect(await sessionOf(stack.webUrl, cookies)).toBe(commune);
    // A reload while still offline (the phone handed on) opens the sign-in page, not the last person's.
    await page.reload();
    await page.getByLabel('Tên đăng nhập').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('current-user').count()).toBe(0);

    const sent: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/trpc/')) sent.push(pathname.slice('/trpc/'.length));
    });
    await page.context().setOffline(false);
    // The signal returns: the sign-out goes first, and the old cookie is refused from then on.
    await expect.poll(() => sessionOf(stack.webUrl, cookies), { timeout: 30_000 }).toBeNull();
    expect(sent[0]).toBe('session.signOut');
    expect(await page.getByLabel('Tên đăng nhập').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('signed-out-offline-phone'), fullPage: true });

    // The next person signs in as usual.
    await signIn(page, 'kg.rach-gia.p-vinh-loi');
    expect(notOffline(consoleErrors())).toEqual([]);
  });
});

describe('a sign-out that has not got through', () => {
  it('a reload meanwhile opens the sign-in page, not the previous person’s home page from the answer the page asked for ahead', async ({ stack, openPage, consoleErrors, signIn }) => {
    const commune = 'kg.rach-gia.p-vinh-thanh';
    const page = await openPage({ viewport: PHONE });
    await signIn(page, commune);
    await page.getByTestId(`assignment-${commune}`).waitFor({ timeout: 60_000 });
    const cookies = await page.context().cookies();
    // The sign-out does not get through (bad signal): it stays pending, and the session is alive on the server.
    await page.route('**/trpc/session.signOut**', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Tên đăng nhập').waitFor();
    expect(await sessionOf(stack.webUrl, cookies)).toBe(commune);

    // Reloaded with the signal back: index.html asks who is signed in before the app runs, with the old
    // cookie, so that early answer names the previous person. The app sends the sign-out first and asks again.
    await page.unroute('**/trpc/session.signOut**');
    await page.reload();
    await expect.poll(() => sessionOf(stack.webUrl, cookies), { timeout: 30_000 }).toBeNull();
    await page.getByLabel('Tên đăng nhập').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('current-user').count()).toBe(0);
    // The next person signs in; nothing was asked in the previous person's name and refused on the way.
    await signIn(page, 'kg.rach-gia.p-vinh-loi');
    expect(notOffline(consoleErrors())).toEqual([]);
  });
});

// Last in this file: it recalls the seed directive the tests above use.
describe('when the task changed meanwhile', () => {
  it('a report queued offline for a task recalled meanwhile is refused with the reason, and what was typed is still shown', async ({ stack, openPage, consoleErrors, signIn }) => {
    const commune = 'kg.rach-gia.p-an-hoa';
    const page = await openPage({ viewport: PHONE });
    await signIn(page, commune);
    const card = page.getByTestId(`assignment-${commune}`);
    await readyOffline(page, card);
    const assignmentId = (await card.getAttribute('data-assignment-id'))!;
    const directiveId = (await card.getAttribute('data-directive-id'))!;
    await card.getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');
    await card.getByTestId('report-form').waitFor({ timeout: 30_000 });

    await page.context().setOffline(true);
    const narrative = 'Báo cáo soạn khi mất sóng, trước khi văn bản bị thu hồi.';
    await fillReport(card, narrative);
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => card.getByTestId('outbox-report').textContent()).toBe(PENDING);

    // Meanwhile the province recalls the directive.
    const province = await openPage({ viewport: PHONE });
    await signIn(province, 'kg');
    await province.goto(`${stack.webUrl}/#/directives/${encodeURIComponent(directiveId)}`);
    const recall = province.getByTestId('recall');
    await recall.getByRole('button', { name: 'Thu hồi' }).click();
    await recall.getByLabel('Lý do thu hồi').fill('Văn bản ban hành nhầm, sẽ ban hành lại.');
    await recall.getByRole('button', { name: 'Tiếp tục' }).click();
    await recall.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
    const db = createDb(stack.databaseUrl);
    try {
      await expect.poll(async () => (await db.prisma.assignment.findUnique({ where: { id: assignmentId } }))?.state, { timeout: 60_000 }).toBe('recalled');
    } finally {
      await db.close();
    }

    await page.context().setOffline(false);
    const status = card.getByTestId('outbox-report');
    await expect.poll(() => status.getAttribute('data-outbox-state'), { timeout: 30_000 }).toBe('refused');
    // The list, read again, shows the task recalled: the form is gone, the refusal says why, and what
    // was typed is shown so it is not lost.
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('recalled');
    await expect.poll(() => status.textContent()).toBe('Không gửi được: văn bản đã được thu hồi.');
    expect(await card.getByTestId('report-form').count()).toBe(0);
    expect(await card.getByTestId('unsent-report').textContent()).toBe(`Nội dung báo cáo chưa gửi được:${narrative}`);
    // Acknowledged before the signal went; the report was never recorded.
    expect(await effects(stack.databaseUrl, assignmentId)).toEqual({ acknowledgements: 1, reports: 0 });
    await page.screenshot({ path: screenshotPath('offline-refused-phone'), fullPage: true });
    // The refusal itself, the one failed answer expected: the closed task is not found, or not in a state to report.
    const refusal = /\/trpc\/reports\.submit: HTTP 40[49] (ASSIGNMENT_NOT_FOUND|ILLEGAL_TRANSITION)\)$/;
    expect(notOffline(consoleErrors()).filter((e) => !refusal.test(e))).toEqual([]);
  });
});
