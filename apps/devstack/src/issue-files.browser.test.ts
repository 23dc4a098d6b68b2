import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { KG } from '@chidao/domain';
import { pagePictures, scannedPdf, textPdf } from '@chidao/intake/file-fixtures';
import { FIXTURES_DIR } from '@chidao/intake/fixtures';
import { browserTest as it, screenshotPath } from './browser';

// The seed dispatch as officials receive it: the PDF exported by a word processor, and a scan of its
// printed pages (pictures only, read by OCR on the server). Made here, from the fixture's text.
const seed = readFileSync(join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.txt'), 'utf8');
const PHONE = { width: 390, height: 844 };

/** Nothing may overflow the page sideways at phone width: the elements that stick out, if any. */
async function noSidewaysScroll(page: Page): Promise<void> {
  const wide = await page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5)
    .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`);
  expect(wide).toEqual([]);
}

/** The picture has arrived and decoded (the devstack's tsconfig has no DOM types: a plain reading of the element). */
const loaded = (img: unknown) => {
  const { complete, naturalWidth } = img as { complete: boolean; naturalWidth: number };
  return complete && naturalWidth > 0;
};

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('nav-issue').click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ban hành văn bản chỉ đạo');
  await page.getByTestId('issue-file').setInputFiles({ name, mimeType, buffer });
}

describe('a dispatch uploaded as a PDF or a scan, on a phone', () => {
  it('reads a PDF into the form, each field naming its page, the page shown with the line marked', async ({ openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE });
    await signIn(page, KG.province);
    await upload(page, '1119.pdf', 'application/pdf', await textPdf(seed));

    const form = page.getByTestId('issue-form');
    await form.waitFor();
    await expect.poll(() => page.getByTestId('issue-reference').inputValue()).toBe('1119/UBND-KGVX');
    await expect.poll(() => page.getByTestId('issue-date').inputValue()).toBe('19/08/2020');
    // The ministry's công văn it carries out is named, with its date and issuer; it is tracked nowhere here, so nothing links to it.
    const cited = page.getByTestId('issue-basis-item');
    await expect.poll(() => cited.locator('strong').allTextContents()).toEqual(['Công văn 2841/BTTTT-THH']);
    await expect.poll(() => cited.first().textContent()).toContain('ngày 01/08/2020 của Bộ Thông tin và Truyền thông');
    expect(await cited.getByTestId('issue-basis-link').count()).toBe(0);
    // The reference's quote, then its page: page 1, from the PDF's own text (no OCR).
    const pages = form.getByTestId('source-page');
    await expect.poll(() => pages.first().locator('summary').textContent()).toBe('Trang 1');
    // What was not understood names its page too, to find it on the paper.
    await expect.poll(() => page.getByTestId('issue-unrecognized').getByTestId('source-page').first().textContent()).toMatch(/^Trang \d/);
    // The signer is on the last page.
    await expect.poll(async () => (await pages.allTextContents()).some((t) => /^Trang [2-9]/.test(t))).toBe(true);
    await pages.first().locator('summary').click();
    const image = pages.first().getByRole('img', { name: 'Trang 1 của tệp, dòng trích được đánh dấu' });
    await expect.poll(() => image.evaluate(loaded)).toBe(true);
    await noSidewaysScroll(page);
    // The page's picture and its summary pass axe's WCAG rules as the rest of the form does.
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).include('[data-testid="source-page"]').setLegacyMode().analyze();
    expect(violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}: ${v.help}`))).toEqual([]);
    await page.screenshot({ path: screenshotPath('issue-pdf-phone'), fullPage: false });
    expect(consoleErrors()).toEqual([]);
  });

  // OCR of three pages takes 10–30 s, longer while other tests share the cores: the limits are guards.
  it('reads a scan of it through OCR: the same reference, date and tasks, and how sure the OCR was', { timeout: 300_000 }, async ({ openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE });
    await signIn(page, KG.province);
    const scan = await scannedPdf(await pagePictures(await textPdf(seed)));
    await upload(page, '1119-scan.pdf', 'application/pdf', scan);
    // While OCR reads it, the person is told why it takes long.
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'OCR' }).count(), { timeout: 10_000 }).toBeGreaterThan(0);

    const form = page.getByTestId('issue-form');
    await form.waitFor({ timeout: 200_000 });
    await expect.poll(() => page.getByTestId('issue-reference').inputValue()).toBe('1119/UBND-KGVX');
    await expect.poll(() => page.getByTestId('issue-date').inputValue()).toBe('19/08/2020');
    await expect.poll(() => form.getByTestId('issue-task-due').count()).toBe(9);
    const first = form.getByTestId('source-page').first();
    await expect.poll(() => first.locator('summary').textContent()).toMatch(/^Trang 1 · nhận dạng chữ \(OCR\), độ tin cậy \d{1,3}%/);
    await first.locator('summary').click();
    await expect.poll(() => first.getByRole('img').evaluate(loaded)).toBe(true);
    await noSidewaysScroll(page);
    expect(consoleErrors()).toEqual([]);
  });
});
