import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { DIRECTIVE_1119 } from '@chidao/domain';
import { repoRoot } from '@chidao/testing';
import { browserTest as it, expectNoSidewaysScroll } from './browser';

/**
 * "Hướng dẫn sử dụng" (#/help) explains each role in a few steps, and the README's "How each role
 * works" shows the screens it names. The screenshots there are taken here, on every run, so they show
 * the screens as they are (docs/screenshots/*.png).
 */

/** Where the README's screenshots live: written by this test, committed with the change that moves them. */
function docsScreenshot(name: string): string {
  const dir = join(repoRoot(), 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

describe('how each role works', () => {
  it('is a page of its own, linked from the header, with each role’s steps', async ({ openPage, signIn, consoleErrors }) => {
    const page = await openPage({ viewport: PHONE });
    await signIn(page, 'kg.rach-gia.p-vinh-thanh');
    // The commune's home page: its task, as the first step describes it.
    await page.locator('[data-testid^="assignment-"]').first().waitFor();
    await page.screenshot({ path: docsScreenshot('commune-tasks-phone') });
    await page.getByTestId('nav-help').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Hướng dẫn sử dụng theo vai trò');
    for (const [role, title] of [
      ['commune', 'UBND cấp xã (xã, phường, đặc khu)'],
      ['district', 'UBND cấp huyện'],
      ['province', 'Lãnh đạo UBND tỉnh'],
      ['coordinator', 'Sở, ngành chủ trì tổng hợp'],
      ['operator', 'Quản trị hệ thống'],
    ] as const) {
      const section = page.getByTestId(`help-${role}`);
      expect(await section.getByRole('heading').textContent()).toBe(title);
      expect(await section.locator('li').count()).toBe(4);
    }
    // Nothing sticks out sideways on a phone.
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: docsScreenshot('help-phone'), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });

  it('names screens that are there: the province’s directive list with its search, and the compiled report', async ({ openPage, signIn, consoleErrors }) => {
    const page = await openPage({ viewport: DESKTOP });
    await signIn(page, 'kg.so-tttt');
    const row = page.getByTestId(`directive-${DIRECTIVE_1119.id}`);
    await row.waitFor();
    expect(await page.getByTestId('directive-search').isVisible()).toBe(true);
    await page.getByTestId('directive-list').screenshot({ path: docsScreenshot('coordinator-home-desktop') });
    await row.getByTestId('directive-compiled-link').click();
    await page.getByTestId('download-xlsx').waitFor();
    await page.screenshot({ path: docsScreenshot('compiled-report-desktop') });
    expect(consoleErrors()).toEqual([]);
  });
});
