import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIRECTIVE_1119 } from '@chidao/domain';
import type { Stack } from './stack';
import { signIn as signInWith, screenshotPath, startBrowserStack, watchConsole } from './browser';

/**
 * A deadline extension (gia hạn) end to end: a commune asks for a later report day with a reason,
 * its district approves, and the commune's card shows the new deadline.
 */
const DISTRICT = 'kg.rach-gia';
// A commune no other browser test uses.
const COMMUNE = 'kg.rach-gia.x-phi-thong';

let stack: Stack;
let browser: Browser;
let stopAll: () => Promise<void>;

beforeAll(async () => {
  ({ stack, browser, stop: stopAll } = await startBrowserStack());
});

afterAll(async () => {
  await stopAll?.();
});

const signIn = (page: Page, unitId: string) => signInWith(page, stack.webUrl, unitId);

describe('an extension request', () => {
  it('a commune asks for a later report day, the district approves, the commune sees the new deadline', async () => {
    const viewport = { width: 390, height: 844 };
    const communePage = await browser.newPage({ viewport });
    const districtPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [communePage, districtPage].map(watchConsole);
    try {
      await signIn(communePage, COMMUNE);
      const card = communePage.getByTestId(`assignment-${COMMUNE}`);
      await card.getByRole('button', { name: 'Tiếp nhận' }).click();
      await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');

      await card.getByTestId('extension-open').click();
      await card.getByTestId('extension-date').fill('31/12/2030');
      await card.getByTestId('extension-reason').fill('Chờ số liệu của các ấp vùng sâu.');
      await card.getByTestId('extension-submit').click();
      await expect.poll(() => card.getByTestId('extension-1').getAttribute('data-state')).toBe('pending');
      await communePage.screenshot({ path: screenshotPath('extension-requested-phone'), fullPage: true });

      await signIn(districtPage, DISTRICT);
      await districtPage.goto(`${stack.webUrl}/#/directives/${DIRECTIVE_1119.id}`);
      const request = districtPage.getByTestId(`child-request-${COMMUNE}`);
      await request.getByTestId('extension-approve').click();
      await expect.poll(() => districtPage.getByTestId('child-requests-done').count()).toBeGreaterThan(0);
      await districtPage.screenshot({ path: screenshotPath('extension-approved-desktop'), fullPage: true });

      await expect.poll(() => card.getByTestId('extension-1').getAttribute('data-state'), { timeout: 45_000 }).toBe('approved');
      await communePage.reload();
      await expect.poll(() => card.getByTestId('deadline').textContent()).toContain('Hạn báo cáo: 31/12/2030 23:59');
      await communePage.screenshot({ path: screenshotPath('extension-granted-phone'), fullPage: true });
      expect(errors.flat()).toEqual([]);
    } finally {
      await Promise.all([communePage.close(), districtPage.close()]);
    }
  });
});
