import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect } from 'vitest';
import { DISPATCH_1119_TEXT_PATH } from '@chidao/db';
import { DIRECTIVE_1119, KG } from '@chidao/domain';
import { textPdf } from '@chidao/intake/file-fixtures';
import { browserTest as it, expectNoSidewaysScroll, screenshotPath } from './browser';

/**
 * A directive's full text and original (issue 25), as a commune of 1119 reads them on a phone: from
 * its task card to the document's page, the full text readable at 390 px, and the original (the PDF
 * the seed made of 1119's text) drawn by PDF.js, a chunk fetched only when the original is opened,
 * with a text layer the browser's search finds "Bluezone" in.
 */
const COMMUNE = 'kg.rach-gia.p-vinh-thanh-van';
const PHONE = { width: 390, height: 844 };

describe('the full text and the original', () => {
  it('a commune opens the original of 1119 and finds "Bluezone" in its text layer', async ({ openPage, signIn, consoleErrors }) => {
    const page = await openPage({ viewport: PHONE });
    // What the page fetched: PDF.js (its worker and the viewer's chunk) only once the original is opened.
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await signIn(page, COMMUNE);
    const card = page.getByTestId(`assignment-${COMMUNE}`);
    await card.waitFor({ timeout: 60_000 });
    await card.getByTestId('task-document-link').click();

    await expect.poll(() => page.locator('#page-title').textContent(), { timeout: 30_000 }).toBe(`Văn bản ${DIRECTIVE_1119.reference}`);
    expect(await page.title()).toBe('Toàn văn và bản gốc — Theo dõi chỉ đạo');
    const fullText = page.getByTestId('document-full-text');
    await expect.poll(() => fullText.textContent()).toContain('đi từng ngõ, gõ từng nhà');
    // Markdown's markers are not read out as text.
    expect(await fullText.textContent()).not.toContain('**');
    await expect.poll(() => page.getByTestId('document-original').textContent()).toContain('cong-van-1119-UBND-KGVX.pdf');
    await expectNoSidewaysScroll(page);
    expect(fetched.filter((path) => /pdf/i.test(path) || path.startsWith('/files/'))).toEqual([]);

    await page.getByRole('button', { name: 'Xem bản gốc' }).click();
    const viewer = page.getByTestId('original-viewer');
    await expect.poll(() => viewer.getAttribute('data-state'), { timeout: 60_000 }).toBe('shown');
    expect(fetched.some((path) => /pdf\.worker/.test(path))).toBe(true);
    expect(fetched).toContain('/files/original');
    const textLayer = viewer.locator('.textLayer').first();
    await expect.poll(() => textLayer.textContent()).toContain('Bluezone');
    // Fit to the phone's width: the first page is as wide as the section that holds it.
    const [pageBox, sectionBox] = await Promise.all([viewer.locator('.original__page').first().boundingBox(), page.getByTestId('document-original').boundingBox()]);
    expect(pageBox!.width).toBeGreaterThan(sectionBox!.width - 2);
    expect(pageBox!.width).toBeLessThanOrEqual(sectionBox!.width + 1);
    await expectNoSidewaysScroll(page);
    // The browser's own search (Ctrl+F) finds the word in the original's text layer too (the subject
    // above it has it first): each match in page order, by the part of the page that holds it.
    const matches = await page.evaluate<string[]>(`(() => {
      const where = [];
      for (let i = 0; i < 6 && window.find('Bluezone', true, false, false); i++) {
        const node = window.getSelection()?.anchorNode ?? null;
        const element = node instanceof Element ? node : (node?.parentElement ?? null);
        where.push(element?.closest('.textLayer') ? 'original' : element?.closest('[data-testid="document-full-text"]') ? 'fullText' : 'other');
      }
      return where;
    })()`);
    expect(matches).toContain('original');
    await page.screenshot({ path: screenshotPath('document-original-phone') });
    // The page, its text and the drawn original pass axe's WCAG 2.0 and 2.1 A and AA rules, as the main screens do.
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode().analyze();
    expect(violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}: ${v.help}`))).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });

  it('the PDF a dispatch was read from becomes the original of the directive issued from it', async ({ openPage, signIn, consoleErrors }) => {
    const page = await openPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, KG.province);
    await page.getByTestId('nav-issue').click();
    // 1119's text under another number (1119 itself is issued already).
    await page.getByTestId('issue-file').setInputFiles({ name: '1120.pdf', mimeType: 'application/pdf', buffer: await textPdf(readFileSync(DISPATCH_1119_TEXT_PATH, 'utf8')) });
    await page.getByTestId('issue-form').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('issue-reference').inputValue()).toBe('1119/UBND-KGVX');
    await page.getByTestId('issue-reference').fill('1120/UBND-KGVX');
    await page.getByTestId('issue-preview').click();
    await page.getByTestId('issue-preview-result').waitFor({ timeout: 30_000 });
    await page.getByTestId('issue-confirm').click();
    const directiveId = 'kg.2020.1120-ubnd-kgvx';
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain(`#/directives/${encodeURIComponent(directiveId)}`);
    await page.getByTestId('document-link').click();
    await expect.poll(() => page.getByTestId('document-original').textContent(), { timeout: 30_000 }).toContain('1120.pdf');
    // Attached: nothing left to attach, and its full text is the dispatch's.
    expect(await page.getByTestId('attach-original').count()).toBe(0);
    await expect.poll(() => page.getByTestId('document-full-text').textContent()).toContain('đi từng ngõ, gõ từng nhà');
    expect(consoleErrors()).toEqual([]);
  });
});
