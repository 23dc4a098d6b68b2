import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { KG } from '@chidao/domain';
import { repoRoot } from '@chidao/testing';
import { browserTest as it, screenshotPath } from './browser';

/** A quyết định giao chỉ tiêu with its phụ lục table, pasted as a converter writes it (Markdown table). */
const DECISION = readFileSync(join(repoRoot(), 'packages', 'intake', 'fixtures', 'kien-giang-2150-QD-UBND-phu-luc.md'), 'utf8');

/** axe-core's WCAG 2.0 and 2.1 A and AA rules, as the accessibility walk applies them: what breaks them, by rule and element. */
async function wcagViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode().analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}`));
}

/** Nothing may overflow the page sideways at phone width: the elements that stick out, if any. */
async function noSidewaysScroll(page: Page): Promise<void> {
  const wide = await page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5)
    .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`);
  expect(wide).toEqual([]);
}

describe('a decision with a table of targets per district, on a phone', () => {
  it('is read with its kind, its recipients from its tasks, a target per district quoted from its cell, and previewed as a quyết định', async ({ openPage, consoleErrors, signIn }) => {
    const province = await openPage({ viewport: { width: 390, height: 844 } });
    await signIn(province, KG.province);
    await province.getByTestId('nav-issue').click();
    await province.getByTestId('issue-source').fill(DECISION);
    await province.getByTestId('issue-read').click();
    const form = province.getByTestId('issue-form');
    await form.waitFor();

    // The kind is proposed and quoted from the document's name.
    await expect.poll(() => province.getByTestId('issue-kind').inputValue()).toBe('quyet_dinh');
    await expect.poll(async () => (await form.getByTestId('source-quote').allTextContents()).join('\n')).toContain('QUYẾT ĐỊNH');
    await expect.poll(() => province.getByTestId('issue-reference').inputValue()).toBe('2150/QĐ-UBND');

    // The phụ lục: 15 districts × 2 indicators, each row's district as the tree names it, each figure with its cell.
    const table = province.getByTestId('issue-unit-targets');
    await expect.poll(() => table.getByTestId('issue-unit-target').count()).toBe(30);
    const first = table.getByTestId('issue-unit-target').nth(1);
    await expect.poll(() => first.textContent()).toContain('UBND thành phố Rạch Giá');
    await expect.poll(() => first.textContent()).toContain('12.000');
    await expect.poll(() => first.textContent()).toContain('31/12/2024');
    // "trước ngày 31/12/2024" is shown with how it was read.
    await expect
      .poll(async () => (await province.getByTestId('issue-deadline-before').allTextContents())[0])
      .toBe('Văn bản ghi “trước ngày …”: hạn được tính đến hết ngày ghi trong văn bản.');
    await noSidewaysScroll(province);
    expect(await wcagViolations(province)).toEqual([]);
    await province.screenshot({ path: screenshotPath('issue-decision-draft-phone'), fullPage: true });

    // The units it gives tasks to are its recipients: the preview has nothing to correct, and names it a quyết định.
    await province.getByTestId('issue-preview').click();
    const preview = province.getByTestId('issue-preview-result');
    await preview.waitFor();
    await expect.poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe('Xem trước: Quyết định 2150/QĐ-UBND ngày 05/01/2024');
    await expect.poll(() => province.getByTestId('issue-levels').locator('tr[data-level="district"] td').first().textContent()).toContain('15');
    await noSidewaysScroll(province);
    await province.screenshot({ path: screenshotPath('issue-decision-preview-phone'), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});
