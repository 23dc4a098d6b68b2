import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { browserTest as it, screenshotPath } from './browser';

/**
 * The issue form as an official moves through it on a phone: each step has its address, so the
 * browser's Back and Forward move between them with the draft as it was typed; a reload finds the
 * draft again; a unit is found by a few letters of its name among the province's hundred-odd; no
 * internal code (target1Done) shows; and once issued, the draft kept on the device is gone.
 */

const VIEWPORT = { width: 390, height: 844 };
const REFERENCE = '216/UBND-VX';
const SUBJECT = 'V/v cài đặt ứng dụng Bluezone trên địa bàn đặc khu';
const TASK = 'Tuyên truyền, hướng dẫn người dân cài đặt Bluezone; báo cáo tiến độ hằng tuần về Sở Thông tin và Truyền thông.';
const DONE = 'Số người dùng điện thoại thông minh cài đặt ứng dụng Bluezone';

/** yyyy-MM-dd of the day `days` after today in Việt Nam, as a native date input takes it. */
function isoDate(days: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** dd/MM/yyyy of the day `days` after today in Việt Nam. */
function vietnamDate(days: number): string {
  const [y, m, d] = isoDate(days).split('-');
  return `${d}/${m}/${y}`;
}

// Evaluated in the page: a string, since this file is type-checked without the DOM's types.
const hashOf = (page: Page) => page.evaluate('window.location.hash') as Promise<string>;

/** The draft's fields as the page shows them. */
async function draftShown(page: Page) {
  const recipient = page.getByTestId('issue-recipient').first();
  return {
    reference: await page.getByTestId('issue-reference').inputValue(),
    subject: await page.getByTestId('issue-subject').inputValue(),
    recipient: await recipient.getByLabel('Dòng “Kính gửi”').inputValue(),
    unit: await recipient.getByLabel('Đơn vị', { exact: true }).inputValue(),
    task: await page.getByTestId('issue-task').first().getByLabel('Nhiệm vụ 1').inputValue(),
  };
}

describe('the issue form’s steps', () => {
  it('keep their addresses and the draft through Back, Forward and a reload; a unit is found by name; the draft goes once issued', async ({ openPage, signIn, consoleErrors }) => {
    const page = await openPage({ viewport: VIEWPORT });
    await signIn(page, 'an-giang');
    await page.getByTestId('nav-issue').click();
    await expect.poll(() => hashOf(page)).toBe('#/issue');
    await page.getByTestId('issue-blank').click();
    await expect.poll(() => hashOf(page)).toBe('#/issue/draft');
    await page.getByTestId('issue-form').waitFor();
    await page.getByTestId('issue-reference').fill(REFERENCE);
    await page.getByTestId('issue-subject').fill(SUBJECT);

    // One unit by name: a few letters without marks narrow a hundred-odd units to the one meant.
    await page.getByTestId('issue-add-recipient-unit').click();
    const recipient = page.getByTestId('issue-recipient').first();
    const unitSelect = recipient.getByLabel('Đơn vị', { exact: true });
    const allOptions = await unitSelect.locator('option').count();
    expect(allOptions).toBeGreaterThan(100);
    await recipient.getByLabel('Tìm đơn vị theo tên').fill('phu quoc');
    await expect.poll(() => recipient.getByTestId('unit-picker-found').textContent()).toBe('Tìm thấy 1 đơn vị.');
    expect(await unitSelect.locator('option').allTextContents()).toEqual(['Chọn đơn vị…', 'UBND đặc khu Phú Quốc']);
    await unitSelect.selectOption({ label: 'UBND đặc khu Phú Quốc' });
    await expect.poll(() => recipient.getByLabel('Dòng “Kính gửi”').inputValue()).toBe('UBND đặc khu Phú Quốc');
    // By level: the province's agencies only, none of its communes.
    await recipient.getByLabel('Tìm đơn vị theo tên').fill('');
    await recipient.getByLabel('Thuộc cấp').selectOption({ label: 'Cấp xã' });
    const communes = await unitSelect.locator('option').count();
    expect(communes).toBeGreaterThan(50);
    expect(communes).toBeLessThan(allOptions);

    const task = page.getByTestId('issue-task').first();
    await task.getByLabel('Nhiệm vụ 1').fill(TASK);
    await task.getByTestId('issue-assign-all').click();
    // A long task shows its whole text: the box grows to hold it.
    const box = task.getByLabel('Nhiệm vụ 1');
    expect(await box.evaluate((e) => e.scrollHeight <= e.clientHeight + 1)).toBe(true);

    // A target whose figures the form proposes: people see their names, never the system's keys.
    await page.getByTestId('issue-add-target').click();
    const target = page.getByTestId('issue-target').first();
    await target.getByLabel('Nội dung chỉ tiêu').fill('tối thiểu 60% người dùng điện thoại thông minh trên địa bàn cài đặt ứng dụng Bluezone');
    await target.getByLabel('Giá trị').fill('60');
    // Its deadline picked on the browser's calendar: the field shows it as dd/mm/yyyy all the same.
    await target.locator('input[type="date"]').fill(isoDate(60));
    await expect.poll(() => target.getByLabel('Thời hạn (dd/mm/yyyy)').inputValue()).toBe(vietnamDate(60));
    await page.getByTestId('issue-suggest-metrics').click();
    await expect.poll(() => page.getByTestId('issue-metric').count()).toBe(2);
    const rate = page.getByTestId('issue-rate').first();
    expect(await rate.getByLabel('Tử số').locator('option:checked').textContent()).toBe(DONE);
    expect(await page.getByTestId('issue-form').innerText()).not.toMatch(/target1|Mã số liệu/);
    await page.screenshot({ path: screenshotPath('issue-steps-draft-phone'), fullPage: true });

    const typed = await draftShown(page);
    expect(typed).toEqual({ reference: REFERENCE, subject: SUBJECT, recipient: 'UBND đặc khu Phú Quốc', unit: 'an-giang.dk-phu-quoc', task: TASK });

    // Back: the first step, at its own address; Forward: the draft as it was typed.
    await page.goBack();
    await expect.poll(() => hashOf(page)).toBe('#/issue');
    await expect.poll(() => page.getByTestId('issue-form').isVisible()).toBe(false);
    expect(await page.getByTestId('issue-blank').isVisible()).toBe(true);
    await page.goForward();
    await expect.poll(() => hashOf(page)).toBe('#/issue/draft');
    await expect.poll(() => page.getByTestId('issue-form').isVisible()).toBe(true);
    expect(await draftShown(page)).toEqual(typed);

    // A reload (a phone that dropped the tab, a tap on refresh) finds the draft where it was.
    await page.reload();
    await page.getByTestId('issue-form').waitFor();
    expect(await hashOf(page)).toBe('#/issue/draft');
    expect(await draftShown(page)).toEqual(typed);
    expect(await page.getByTestId('issue-metric').count()).toBe(2);

    // The preview has its address too; Back returns to the draft and Forward to the same preview.
    await page.getByTestId('issue-preview').click();
    await page.getByTestId('issue-preview-result').waitFor();
    expect(await hashOf(page)).toBe('#/issue/preview');
    await page.goBack();
    await expect.poll(() => hashOf(page)).toBe('#/issue/draft');
    await expect.poll(() => page.getByTestId('issue-form').isVisible()).toBe(true);
    expect(await draftShown(page)).toEqual(typed);
    await page.goForward();
    await expect.poll(() => page.getByTestId('issue-preview-result').isVisible()).toBe(true);

    // A change after the preview: Forward shows the form to preview again, never the outdated preview.
    await page.goBack();
    await page.getByTestId('issue-form').waitFor({ state: 'visible' });
    await page.getByTestId('issue-subject').fill(`${SUBJECT} (sửa)`);
    await page.goForward();
    await expect.poll(() => hashOf(page)).toBe('#/issue/preview');
    await expect.poll(() => page.getByTestId('issue-form').isVisible()).toBe(true);
    expect(await page.getByTestId('issue-preview-result').count()).toBe(0);

    // Issued: the directive's page, and the draft kept on the device is gone.
    await page.getByTestId('issue-preview').click();
    await page.getByTestId('issue-preview-result').waitFor();
    await page.getByTestId('issue-confirm').click();
    await expect.poll(() => hashOf(page), { timeout: 60_000 }).toMatch(/^#\/directives\//);
    expect(await page.evaluate(`Object.keys(window.sessionStorage).filter((k) => k.startsWith('chidao.issueDraft'))`)).toEqual([]);
    await page.getByTestId('issue-form').waitFor({ state: 'detached' });
    await page.getByTestId('nav-issue').click();
    await page.getByTestId('issue-blank').click();
    await page.getByTestId('issue-form').waitFor();
    expect(await page.getByTestId('issue-reference').inputValue()).toBe('');

    // The home page's directive list finds it by a word of its subject typed without marks, and by its
    // date; words it does not hold find nothing, and clearing the filters brings the list back.
    await page.goto(new URL('#/', page.url()).href);
    const list = page.getByTestId('directive-list');
    const row = list.locator('tr', { hasText: REFERENCE });
    await row.waitFor();
    // Named as officials name it: its kind, then its number.
    expect(await row.locator('.directive-list__reference').textContent()).toBe(`Công văn ${REFERENCE}`);
    await page.getByTestId('directive-search').fill('dac khu bluezone');
    await expect.poll(() => row.count()).toBe(1);
    await page.getByTestId('directive-search').fill('dac khu covid');
    await expect.poll(() => list.getByText('Không có kết quả phù hợp.').count()).toBe(1);
    expect(await row.count()).toBe(0);
    await list.getByRole('button', { name: 'Bỏ lọc' }).click();
    await page.getByTestId('directive-from').fill(vietnamDate(1));
    await expect.poll(() => list.getByText('Không có kết quả phù hợp.').count()).toBe(1);
    // Picked on the calendar beside the field, the day reads dd/mm/yyyy there too.
    await page.getByTestId('directive-from-native').fill(isoDate(0));
    await expect.poll(() => page.getByTestId('directive-from').inputValue()).toBe(vietnamDate(0));
    await expect.poll(() => row.count()).toBe(1);
    await page.screenshot({ path: screenshotPath('directive-list-search-phone'), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});
