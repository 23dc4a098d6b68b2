import { describe, expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, DIRECTIVE_1119 } from '@chidao/domain';
import { browserTest as it, screenshotPath, watchConsole } from './browser';

/**
 * Signed out in another tab (issue 22): two tabs of one browser share the session cookie. Signing out
 * in one ends the session underneath the other, which says so on its sign-in screen, keeps what was
 * typed on its directive page, and brings the same person back to it; another person lands on their
 * home page and never sees the text.
 */
const DISTRICT = 'kg.rach-gia';
const OTHER_DISTRICT = 'kg.ha-tien';
const NOTICE = 'Phiên làm việc đã kết thúc (đã đăng xuất ở thẻ khác hoặc quá thời gian). Vui lòng đăng nhập lại.';
const COMMUNE = 'kg.rach-gia.x-phi-thong';
const REASON = 'Chờ số liệu của các ấp vùng sâu.';
const TYPED = 'Các xã, phường báo cáo số liệu trước thứ Sáu, kèm danh sách hộ còn thiếu.';

/** Two tabs of one browser at phone width: same cookies, each with its own sessionStorage. */
async function twoTabs(browser: { newContext: (options: object) => Promise<BrowserContext> }) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const pageA = await context.newPage();
  const pageB = await context.newPage();
  const errors = [watchConsole(pageA), watchConsole(pageB)];
  // A call tab A happened to make after tab B signed out and before the message from B arrived is
  // answered NOT_SIGNED_IN, which the browser logs as a failed resource: that is the session ending,
  // which the app handles (the fallback to the next failed call), not a defect. Anything else counts.
  const consoleErrors = () => errors.flatMap((e) => e()).filter((error) => !error.endsWith('HTTP 401 NOT_SIGNED_IN)'));
  return { context, pageA, pageB, consoleErrors };
}

/** Signs in through the form already on the page, as the person would (no new page load). */
async function signInHere(page: Page, unitId: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(`ct.${unitId}`);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect.poll(() => page.getByTestId('current-user').getAttribute('data-unit-id')).toBe(unitId);
}

/** Tab A on the directive page with instructions typed for the units below; tab B signs out. */
async function typeThenSignOutElsewhere(webUrl: string, pageA: Page, pageB: Page): Promise<void> {
  await pageA.goto(webUrl);
  await signInHere(pageA, DISTRICT);
  await pageA.goto(`${webUrl}/#/directives/${DIRECTIVE_1119.id}`);
  await pageA.getByTestId('child-deadline-instructions').fill(TYPED);

  await signOutElsewhere(webUrl, pageB, DISTRICT);
}

/** Tab B, sharing tab A's cookies, is signed in as the same person and signs out. */
async function signOutElsewhere(webUrl: string, pageB: Page, unitId: string): Promise<void> {
  await pageB.goto(webUrl);
  await expect.poll(() => pageB.getByTestId('current-user').getAttribute('data-unit-id')).toBe(unitId);
  await pageB.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect.poll(() => pageB.getByRole('heading', { name: 'Đăng nhập', level: 1 }).count()).toBe(1);
}

describe('signed out in another tab', () => {
  it('says the session ended, and the same person returns to the directive page with the text typed', async ({ stack, browser }) => {
    const { context, pageA, pageB, consoleErrors } = await twoTabs(browser);
    try {
      await typeThenSignOutElsewhere(stack.webUrl, pageA, pageB);
      // The tab that signed out says nothing of an ended session: the person meant it.
      expect(await pageB.getByTestId('session-ended').count()).toBe(0);

      // The other tab learns of it without any action of its own, and says why it asks to sign in.
      await expect.poll(() => pageA.getByTestId('session-ended').textContent()).toBe(NOTICE);
      expect(await pageA.getByLabel('Tên đăng nhập').count()).toBe(1);
      await pageA.screenshot({ path: screenshotPath('session-ended-phone'), fullPage: true });

      await signInHere(pageA, DISTRICT);
      expect(new URL(pageA.url()).hash).toBe(`#/directives/${DIRECTIVE_1119.id}`);
      await expect.poll(() => pageA.getByTestId('child-deadline-instructions').inputValue()).toBe(TYPED);
      expect(await pageA.getByTestId('session-ended').count()).toBe(0);
      expect(consoleErrors()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("sends another person home, and neither they nor the first person later find the first person's text", async ({ stack, browser }) => {
    const { context, pageA, pageB, consoleErrors } = await twoTabs(browser);
    try {
      await typeThenSignOutElsewhere(stack.webUrl, pageA, pageB);
      await expect.poll(() => pageA.getByTestId('session-ended').textContent()).toBe(NOTICE);

      await signInHere(pageA, OTHER_DISTRICT);
      expect(new URL(pageA.url()).hash).toBe('#/');
      expect(await pageA.getByTestId('child-deadline-instructions').count()).toBe(0);
      // On the same directive's page, their own form is empty.
      await pageA.goto(`${stack.webUrl}/#/directives/${DIRECTIVE_1119.id}`);
      await expect.poll(() => pageA.getByTestId('child-deadline-instructions').count()).toBe(1);
      expect(await pageA.getByTestId('child-deadline-instructions').inputValue()).toBe('');

      // The other person signs out here; the first one signs in again on this tab: their text was
      // forgotten when someone else signed in on it (a shared phone), and there is no ended-session notice.
      await pageA.getByRole('button', { name: 'Đăng xuất' }).click();
      await expect.poll(() => pageA.getByLabel('Tên đăng nhập').count()).toBe(1);
      expect(await pageA.getByTestId('session-ended').count()).toBe(0);
      await signInHere(pageA, DISTRICT);
      expect(new URL(pageA.url()).hash).toBe('#/');
      await pageA.goto(`${stack.webUrl}/#/directives/${DIRECTIVE_1119.id}`);
      await expect.poll(() => pageA.getByTestId('child-deadline-instructions').count()).toBe(1);
      expect(await pageA.getByTestId('child-deadline-instructions').inputValue()).toBe('');
      expect(consoleErrors()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says so too when the session expired, found by the next call, and returns to the page asked for', async ({ stack, browser }) => {
    const { context, pageA, consoleErrors } = await twoTabs(browser);
    try {
      await pageA.goto(stack.webUrl);
      await signInHere(pageA, DISTRICT);
      // The session cookie gone as when it expires: no tab said anything, the next call finds out.
      await context.clearCookies();
      await pageA.goto(`${stack.webUrl}/#/statistics`);
      await expect.poll(() => pageA.getByTestId('session-ended').textContent()).toBe(NOTICE);
      await signInHere(pageA, DISTRICT);
      expect(new URL(pageA.url()).hash).toBe('#/statistics');
      await expect.poll(() => pageA.getByRole('heading', { level: 1 }).textContent()).toBe('Thống kê tình hình thực hiện nhiệm vụ');
      expect(consoleErrors()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("opens a form that was behind its button again, with its text: a commune's extension request", async ({ stack, browser }) => {
    const { context, pageA, pageB, consoleErrors } = await twoTabs(browser);
    try {
      await pageA.goto(stack.webUrl);
      await signInHere(pageA, COMMUNE);
      const card = pageA.getByTestId(`assignment-${COMMUNE}`);
      await card.getByRole('button', { name: 'Tiếp nhận' }).click();
      await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');
      await card.getByTestId('extension-open').click();
      await card.getByTestId('extension-reason').fill(REASON);

      await signOutElsewhere(stack.webUrl, pageB, COMMUNE);
      await expect.poll(() => pageA.getByTestId('session-ended').textContent()).toBe(NOTICE);
      await signInHere(pageA, COMMUNE);
      await expect.poll(() => card.getByTestId('extension-reason').inputValue()).toBe(REASON);
      // Cancelled, it is forgotten: opened again, the form is empty.
      await card.getByRole('button', { name: 'Hủy' }).click();
      await card.getByTestId('extension-open').click();
      expect(await card.getByTestId('extension-reason').inputValue()).toBe('');
      expect(consoleErrors()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
