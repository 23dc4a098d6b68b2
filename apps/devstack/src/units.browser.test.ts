import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { KG } from '@chidao/domain';
import { browserTest as it, screenshotPath } from './browser';

/**
 * Units from the screen (issue 23), on a phone: the system administrator (the demo province's chair)
 * renames a phường of Kiên Giang 2020 and merges two others into a new one under Nghị quyết số
 * 1685/NQ-UBTVQH15 from 01/01/2025. The merger's preview says what 1119/UBND-KGVX's running
 * assignments will do (the new phường carries the two's task on) before it is applied; the tree
 * shows the new unit from the effective date and the two merged ones to the day before.
 */

const PHONE = { width: 390, height: 844 };
const RACH_GIA = 'kg.rach-gia';
const noSidewaysScroll = (page: Page) => page.locator('html').evaluate((root) => root.scrollWidth <= root.clientWidth);

describe('administrative units on a phone', () => {
  it('renames a phường and merges two into a new one, after a preview of what 1119 does', async ({ stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE, locale: 'vi-VN' });
    await signIn(page, KG.province);
    await page.goto(`${stack.webUrl}#/admin/units`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe('Quản lý đơn vị hành chính');
    const tree = page.getByTestId('units-tree');
    await expect.poll(() => tree.locator(`[data-unit-id="${RACH_GIA}.p-vinh-thanh"]`).textContent(), { timeout: 30_000 }).toContain('UBND phường Vĩnh Thanh');

    // The legal basis, dd/mm/yyyy.
    await page.getByTestId('units-resolution').fill('Nghị quyết số 1685/NQ-UBTVQH15');
    await page.getByTestId('units-effective').fill('01/01/2025');

    // A rename: previewed, then applied.
    await page.getByTestId('units-action').selectOption('rename');
    await page.getByTestId('units-unit').selectOption(`${RACH_GIA}.p-vinh-thanh`);
    await page.getByTestId('units-name').fill('UBND phường Vĩnh Thanh Mới');
    await page.getByTestId('units-preview').click();
    await expect.poll(() => page.getByTestId('units-plan-renamed').textContent(), { timeout: 30_000 }).toBe('Tên mới: UBND phường Vĩnh Thanh Mới');
    expect(await page.getByTestId('units-plan').textContent()).toContain('Nghị quyết số 1685/NQ-UBTVQH15, hiệu lực từ 01/01/2025');
    await page.getByTestId('units-apply').click();
    await expect.poll(() => page.getByTestId('units-applied').textContent(), { timeout: 30_000 }).toContain('Đã áp dụng');
    await expect.poll(() => tree.locator(`[data-unit-id="${RACH_GIA}.p-vinh-thanh"]`).textContent(), { timeout: 30_000 }).toContain('UBND phường Vĩnh Thanh Mới');

    // A merger: two phường of Rạch Giá into a new one. The preview names what 1119's assignments will do.
    await page.getByTestId('units-action').selectOption('merge');
    await page.getByTestId('units-parent').selectOption(RACH_GIA);
    const from = page.getByTestId('units-from');
    await from.getByLabel('UBND phường Vĩnh Quang').check();
    await from.getByLabel('UBND phường Vĩnh Hiệp').check();
    await page.getByTestId('units-name').fill('UBND phường Vĩnh Quang Hiệp');
    await page.getByTestId('units-code').fill('30999');
    await page.getByTestId('units-preview').click();
    const plan = page.getByTestId('units-plan');
    await expect.poll(() => page.getByTestId('units-plan-created').textContent(), { timeout: 30_000 }).toBe('Đơn vị mới: UBND phường Vĩnh Quang Hiệp');
    expect(await page.getByTestId('units-plan-ended').textContent()).toMatch(/^Chấm dứt hoạt động: UBND phường Vĩnh (Quang|Hiệp), UBND phường Vĩnh (Quang|Hiệp)$/);
    const directives = page.getByTestId('units-plan-directives');
    expect(await directives.textContent()).toContain('1119/UBND-KGVX');
    expect(await directives.textContent()).toMatch(/UBND phường Vĩnh Quang Hiệp nhận tiếp nhiệm vụ của UBND phường Vĩnh (Quang|Hiệp), UBND phường Vĩnh (Quang|Hiệp)/);
    expect(await noSidewaysScroll(page)).toBe(true);
    await plan.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('units-merge-preview-phone') });

    await page.getByTestId('units-apply').click();
    await expect.poll(() => page.getByTestId('units-applied').textContent(), { timeout: 60_000 }).toContain('Văn bản được chuyển tiếp: 1.');
    await expect.poll(() => tree.locator(`[data-unit-id="${RACH_GIA}.ubnd-phuong-vinh-quang-hiep"]`).textContent(), { timeout: 30_000 }).toBe('UBND phường Vĩnh Quang Hiệp · 30999 · từ 01/01/2025');
    expect(await tree.locator(`[data-unit-id="${RACH_GIA}.p-vinh-quang"]`).textContent()).toContain('đến 31/12/2024');
    expect(await tree.locator(`[data-unit-id="${RACH_GIA}.p-vinh-hiep"]`).textContent()).toContain('đến 31/12/2024');
    expect(await noSidewaysScroll(page)).toBe(true);
    expect(consoleErrors()).toEqual([]);
  });
});
