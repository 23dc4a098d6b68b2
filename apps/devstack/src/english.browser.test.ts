import { describe, expect } from 'vitest';
import { DIRECTIVE_1119, KG, localDateOf } from '@chidao/domain';
import { browserTest as it, screenshotPath } from './browser';

/**
 * Switching the interface to English: the labels change, dates stay dd/MM/yyyy, and the choice
 * survives a reload. The province's chair at a desktop (with the compiled report), a commune's chair
 * on a phone.
 */

// The province is the issuer: its home lists the directives it leads and how far each has got (it has
// no task of its own, so no "my tasks"); the commune's shows its task.
const WIDTHS = [
  {
    name: 'desktop',
    viewport: { width: 1280, height: 900 },
    unit: KG.province,
    card: `directive-${DIRECTIVE_1119.id}`,
    vi: 'Theo dõi',
    en: 'Track',
    section: 'overviews',
    heading: { vi: 'Theo dõi thực hiện', en: 'Implementation tracking' },
  },
  {
    name: 'phone',
    viewport: { width: 390, height: 844 },
    unit: 'kg.kien-hai.x-hon-tre',
    card: 'assignment-kg.kien-hai.x-hon-tre',
    vi: 'Ngày ban hành',
    en: 'Issued on',
    section: 'my-tasks',
    heading: { vi: 'Nhiệm vụ của tôi', en: 'My tasks' },
  },
] as const;

const DATE = /\b\d{2}\/\d{2}\/\d{4}\b/;

describe.each(WIDTHS)('at $name width', ({ name, viewport, unit, card: cardId, vi, en, section, heading }) => {
  it('switches to English, keeps dates as dd/MM/yyyy, and remembers the choice after a reload', async ({ stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport });
    await signIn(page, unit);
    const tasks = page.getByTestId(section);
    await expect.poll(() => tasks.getByRole('heading', { level: 2 }).first().textContent(), { timeout: 60_000 }).toBe(heading.vi);
    const card = page.getByTestId(cardId);
    await card.waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => tasks.getByRole('heading', { level: 2 }).first().textContent()).toBe(heading.en);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    // The dispatch's date reads 19/08/2020 in either language.
    await expect.poll(() => card.textContent()).toContain(en);
    expect(await card.textContent()).toContain('19/08/2020');
    expect(await card.textContent()).not.toContain(vi);
    await page.screenshot({ path: screenshotPath(`english-home-${name}`), fullPage: true });

    await page.reload();
    await expect.poll(() => page.getByTestId(section).getByRole('heading', { level: 2 }).first().textContent()).toBe(heading.en);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.getByTestId(cardId).textContent()).toContain('19/08/2020');

    if (name === 'desktop') {
      // The compiled report's labels follow the language; the document's own words and dates do not change form.
      await page.goto(`${stack.webUrl}#/compiled/${encodeURIComponent(DIRECTIVE_1119.id)}`);
      const report = page.getByTestId('compiled-report');
      await report.waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByTestId('official-motto').textContent()).toContain('SOCIALIST REPUBLIC OF VIETNAM');
      const today = localDateOf(new Date().toISOString()).split('-').reverse().join('/');
      expect(await page.getByTestId('official-date').textContent()).toBe(`Kiên Giang, ${today}`);
      expect(await page.getByTestId('official-as-of').textContent()).toBe(`Figures as of ${today}.`);
      expect(await report.textContent()).toContain('Results of dispatch No. 1119/UBND-KGVX of 19/08/2020');
      expect(await page.getByTestId('compiled-table').locator('thead').textContent()).toContain('Rank');
      expect(await page.getByRole('button', { name: 'Print report' }).count()).toBe(1);
      await page.screenshot({ path: screenshotPath('english-compiled-report-desktop'), fullPage: true });
    } else {
      const deadline = page.getByTestId(cardId).getByTestId('deadline');
      await expect.poll(() => deadline.textContent()).toMatch(DATE);
    }

    // And back to Vietnamese.
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await expect.poll(() => page.getByRole('button', { name: 'Đăng xuất' }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath(`english-back-to-vietnamese-${name}`), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});
