import { describe, expect } from 'vitest';
import { KG } from '@chidao/domain';
import { browserTest as it, expectNoSidewaysScroll, screenshotPath } from './browser';

/**
 * Settings per province on a phone: the system administrator (the demo province's chair) opens
 * #/admin/settings from the accounts page, sees a wrong number refused at its field, changes the
 * acknowledgement window, the escalation and the reading of "trước ngày", saves, and the page says
 * when and by whom (dd/MM/yyyy); a blank issuing form opened afterwards starts from the new window.
 */

const PHONE = { width: 390, height: 844 };

/** Today in Việt Nam as dd/MM/yyyy. */
function vietnamToday(): string {
  const [y, m, d] = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

describe('province settings', () => {
  it("the province's administrator changes its settings at 390 px, and a new directive's form starts from them", async ({ openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE, locale: 'vi-VN' });
    await signIn(page, KG.province);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-settings-link').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe('Thiết lập của tỉnh');
    expect(await page.title()).toContain('Thiết lập của tỉnh');
    const form = page.getByTestId('settings-form');
    await form.waitFor();
    // The system administrator keeps every province's; the page opens on its own.
    expect(await page.getByTestId('settings-province').inputValue()).toBe(KG.province);
    expect(await page.getByTestId('settings-version').textContent()).toBe('Chưa lưu lần nào: đang dùng mặc định của hệ thống.');
    expect(await page.getByTestId('settings-ack-days').inputValue()).toBe('1');

    // Out of bounds: refused at its field before anything is sent.
    await page.getByTestId('settings-ack-days').fill('40');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => form.getByRole('alert').first().textContent()).toContain('Nhập một số nguyên trong khoảng cho phép.');
    expect(await page.getByTestId('settings-version').textContent()).toBe('Chưa lưu lần nào: đang dùng mặc định của hệ thống.');

    await page.getByTestId('settings-ack-days').fill('2');
    await page.getByTestId('settings-escalate-parent').fill('2');
    await page.getByTestId('settings-escalate-province').fill('3');
    await page.getByTestId('settings-remindAtHalf').uncheck();
    await page.getByTestId('settings-before-exclusive').check();
    await page.getByTestId('settings-regime').selectOption('monthly');
    await page.getByTestId('settings-quiet-from').fill('22h');
    await expectNoSidewaysScroll(page);
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-saved').textContent(), { timeout: 30_000 }).toBe('Đã lưu. Văn bản ban hành từ nay dùng thiết lập mới.');
    await expect.poll(() => page.getByTestId('settings-version').textContent()).toBe(`Lưu lần cuối ngày ${vietnamToday()} bởi Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang (lần thứ 1).`);
    await page.screenshot({ path: screenshotPath('province-settings-phone'), fullPage: true });
    await expectNoSidewaysScroll(page);

    // Read back as saved after a reload.
    await page.reload();
    await page.getByTestId('settings-form').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('settings-ack-days').inputValue()).toBe('2');
    expect(await page.getByTestId('settings-before-exclusive').isChecked()).toBe(true);
    expect(await page.getByTestId('settings-remindAtHalf').isChecked()).toBe(false);
    expect(await page.getByTestId('settings-quiet-from').inputValue()).toBe('22:00');

    // A new directive's form starts from them.
    await page.getByTestId('nav-issue').click();
    await page.getByTestId('issue-blank').click();
    const issue = page.getByTestId('issue-form');
    await issue.waitFor({ timeout: 30_000 });
    expect(await issue.locator('input[name="ackDays"]').inputValue()).toBe('2');
    expect(await issue.locator('input[name="escalateParentAfter"]').inputValue()).toBe('2');
    expect(await issue.locator('input[name="remindHalf"]').isChecked()).toBe(false);
    expect(consoleErrors()).toEqual([]);
  });
});
