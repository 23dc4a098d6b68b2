import { describe, expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserTest as it, screenshotPath } from './browser';

/**
 * Reporting end to end: a commune reports, its district returns the report with a reason, the
 * commune corrects it, the district accepts, and the district's rollup ranks the commune.
 */
const DISTRICT = 'kg.rach-gia';

const INSTALLS = 'Số lượt cài đặt Bluezone (lũy kế)';
const ADULTS = 'Dân số từ 15 đến 60 tuổi';
const SMARTPHONES = 'Số người dùng điện thoại thông minh';

const WIDTHS = [
  {
    name: 'desktop',
    viewport: { width: 1280, height: 900 },
    // Communes acknowledge.browser.test.ts does not use; one per width so the runs are independent.
    commune: 'kg.rach-gia.p-an-hoa',
    // First report, then the correction (installs were counted twice: they go down, with a reason).
    first: { installs: '300', adults: '1.000', smartphones: '500' },
    second: { installs: '280', adults: '1.000', smartphones: '560' },
    // 280 / 1.000 adults and 280 / 560 smartphone users.
    rates: ['28,0%', '50,0%'],
  },
  {
    name: 'phone',
    viewport: { width: 390, height: 844 },
    commune: 'kg.rach-gia.p-an-binh',
    first: { installs: '500', adults: '1000', smartphones: '600' },
    second: { installs: '450', adults: '1000', smartphones: '600' },
    // 450 / 1.000 and 450 / 600: ahead of the desktop run's commune, so ranked first either way.
    rates: ['45,0%', '75,0%'],
  },
] as const;

async function fillFigures(card: Locator, figures: { installs: string; adults: string; smartphones: string }): Promise<void> {
  await card.getByLabel(INSTALLS).fill(figures.installs);
  await card.getByLabel(ADULTS).fill(figures.adults);
  await card.getByLabel(SMARTPHONES).fill(figures.smartphones);
}

describe.each(WIDTHS)('at $name width', ({ name, viewport, commune, first, second, rates }) => {
  it('a commune reports, the district returns it with a reason, the commune corrects, the district accepts and ranks it', async ({ stack, openPage, consoleErrors, signIn }) => {
    const communePage = await openPage({ viewport });
    const districtPage = await openPage({ viewport });
    // The commune reports. The directive may still be fanning out when it signs in.
    await signIn(communePage, commune);
    const card = communePage.getByTestId(`assignment-${commune}`);
    await card.waitFor({ timeout: 60_000 });
    await expect.poll(() => card.textContent()).toContain('1119/UBND-KGVX');
    // No form before the task is acknowledged: the card's one action is "Tiếp nhận".
    await expect.poll(() => card.getByTestId('report-after-acknowledging').textContent()).toBe('Tiếp nhận nhiệm vụ để gửi báo cáo.');
    expect(await card.getByTestId('report-form').count()).toBe(0);
    await card.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const form = card.getByTestId('report-form');
    await form.waitFor();
    // The form shows while "Tiếp nhận" is on its way; the checks below wait until it has arrived and
    // the card has been refreshed: a loaded CI run lost the form's error list at about that moment
    // (the typed figures stayed), and the error list is what this part checks.
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('acknowledged');

    // The client refuses what the server would: more installs than smartphone users. Nothing typed is lost.
    await fillFigures(card, { ...first, installs: '700' });
    await card.getByLabel('Nội dung báo cáo').fill('Đi từng ngõ, gõ từng nhà.');
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => card.getByTestId('report-form-errors').textContent()).toContain('Báo cáo chưa gửi được');
    await expect.poll(() => form.textContent()).toContain(`Không được lớn hơn số liệu ở mục “${SMARTPHONES}”`);
    expect(await card.getByLabel(INSTALLS).inputValue()).toBe('700');
    expect(await card.getByLabel('Nội dung báo cáo').inputValue()).toBe('Đi từng ngõ, gõ từng nhà.');
    await communePage.screenshot({ path: screenshotPath(`report-invalid-${name}`), fullPage: true });

    await card.getByLabel(INSTALLS).fill(first.installs);
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('reported');
    await expect.poll(() => card.getByTestId('report-history').locator('[data-version="1"]').getAttribute('data-review')).toBe('pending');
    await expect.poll(() => card.getByTestId('report-history').textContent()).toContain('Chờ xem xét');
    await communePage.screenshot({ path: screenshotPath(`report-pending-${name}`), fullPage: true });

    // The district returns it, with a reason.
    await signIn(districtPage, DISTRICT);
    const directiveId = await card.getAttribute('data-directive-id');
    expect(directiveId).toBeTruthy();
    await districtPage.goto(`${stack.webUrl}#/directives/${encodeURIComponent(directiveId!)}`);
    const item = districtPage.getByTestId(`review-${commune}`);
    await item.waitFor({ timeout: 30_000 });
    await districtPage.screenshot({ path: screenshotPath(`district-review-queue-${name}`), fullPage: true });
    await item.getByRole('button', { name: 'Trả lại', exact: true }).click();
    // A return needs a reason: without one nothing is sent.
    await item.getByRole('button', { name: 'Xác nhận trả lại' }).click();
    await expect.poll(() => item.getByRole('alert').textContent()).toContain('Vui lòng nêu lý do trả lại.');
    const reason = 'Số lượt cài đặt bị đếm trùng ở khu phố 3, đề nghị rà soát lại.';
    await item.getByLabel('Lý do trả lại').fill(reason);
    await item.getByRole('button', { name: 'Xác nhận trả lại' }).click();
    await expect.poll(() => districtPage.getByTestId('review-done').textContent()).toContain('Đã trả lại báo cáo lần 1');

    // The commune sees the reason, and corrects: installs go down, so the form asks for a correction.
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('returned');
    const returned = card.getByTestId('returned-notice');
    await expect.poll(() => returned.textContent()).toContain(reason);
    // "Sent, awaiting review" is no longer true once returned.
    await expect.poll(() => card.textContent()).not.toContain('Đã gửi báo cáo lần 1');
    await expect.poll(() => card.getByTestId('report-history').textContent()).toContain(`Lý do trả lại: ${reason}`);
    await card.getByText('Diễn biến').click();
    await expect.poll(() => card.getByTestId('timeline').textContent()).toContain('Báo cáo bị trả lại');
    await communePage.screenshot({ path: screenshotPath(`report-returned-${name}`), fullPage: true });

    await fillFigures(card, second);
    const correction = card.getByTestId('correction');
    await correction.waitFor();
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => form.textContent()).toContain('Thấp hơn số đã báo cáo lần trước');
    await correction.getByLabel('Đây là báo cáo đính chính số liệu đã báo cáo').check();
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => form.textContent()).toContain('Vui lòng nêu lý do đính chính.');
    await correction.getByLabel('Lý do đính chính').fill('Bỏ các lượt cài đặt bị đếm trùng ở khu phố 3.');
    await communePage.screenshot({ path: screenshotPath(`report-correction-${name}`), fullPage: true });
    // Sent from the keyboard: the submit button is reachable and works without a pointer.
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).focus();
    await communePage.keyboard.press('Enter');
    await expect.poll(() => card.getAttribute('data-state')).toBe('reported');
    await expect.poll(() => card.getByTestId('report-history').locator('[data-version="2"]').getAttribute('data-review')).toBe('pending');

    // The district accepts the correction; its rollup ranks the commune with its rates.
    const corrected = districtPage.locator(`[data-testid="review-${commune}"][data-version="2"]`);
    await corrected.waitFor({ timeout: 30_000 });
    await corrected.getByRole('button', { name: 'Chấp nhận' }).click();
    await expect.poll(() => districtPage.getByTestId('review-done').textContent()).toContain('Đã chấp nhận báo cáo lần 2');
    const row = districtPage.getByTestId(`rollup-${commune}`);
    await expect.poll(() => row.getAttribute('data-pending')).toBe('false');
    // The phone run's commune has the higher rate; the desktop run's is first until it reports.
    await expect.poll(() => row.getAttribute('data-rank')).toMatch(name === 'phone' ? /^1$/ : /^[12]$/);
    for (const rate of rates) await expect.poll(() => row.textContent()).toContain(rate);
    await expect.poll(() => row.textContent()).toContain('1 / 1 đã báo cáo');
    await expect.poll(() => districtPage.getByTestId(`chart-${commune}`).textContent()).toContain(rates[1]);
    await districtPage.screenshot({ path: screenshotPath(`district-rollup-${name}`), fullPage: true });
    await row.scrollIntoViewIfNeeded();
    await districtPage.screenshot({ path: screenshotPath(`district-rollup-row-${name}`) });

    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('accepted');
    await expect.poll(() => card.getByTestId('report-history').locator('[data-version="2"]').getAttribute('data-review')).toBe('accepted');
    // Accepted: nothing is left to send, so no form.
    await expect.poll(() => card.getByTestId('report-form').count()).toBe(0);
    await communePage.screenshot({ path: screenshotPath(`report-accepted-${name}`), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});
