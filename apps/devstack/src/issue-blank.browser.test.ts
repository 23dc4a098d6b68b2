import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { KG } from '@chidao/domain';
import { browserTest as it, expectNoSidewaysScroll, screenshotPath } from './browser';

/**
 * Soạn mới: the province writes a directive on the blank form — every district's People's
 * Committee and one commune by name, one task for all of them, a 60% target whose figures the form
 * proposes, a progress report every three working days — previews it and issues it; the commune
 * sees the task with its periods and reports for the first one.
 *
 * Kiên Giang's committees ended with 30/6/2025 (the merger into An Giang, no more districts), so the
 * form dated today says it cannot be issued in their name and the preview refuses it; the three-level
 * flow is kept as it happens now: entering a dispatch Kiên Giang dated its last day, 30/6/2025.
 * The two-level province below issues dated today.
 */

/** Kiên Giang's last day, which its dispatches entered now are dated. */
const LAST_DAY_OF_KIEN_GIANG = { text: '30/06/2025', year: '2025' } as const;

const WIDTHS = [
  // Each width issues its own number and addresses its own commune, so the runs are independent.
  { name: 'desktop', viewport: { width: 1280, height: 900 }, reference: '1301/UBND-KGVX', commune: 'kg.rach-gia.p-vinh-thanh-van' },
  { name: 'phone', viewport: { width: 390, height: 844 }, reference: '1311/UBND-KGVX', commune: 'kg.rach-gia.p-vinh-bao' },
] as const;

const TARGET = 'tối thiểu 60% người dùng điện thoại thông minh trên địa bàn cài đặt ứng dụng Bluezone';
const DONE = 'Số người dùng điện thoại thông minh cài đặt ứng dụng Bluezone';
const TOTAL = 'Tổng số người dùng điện thoại thông minh';

/** dd/MM/yyyy of the day `days` after today in Việt Nam, and that day's year. */
function vietnamDate(days: number): { text: string; year: string } {
  const [y, m, d] = new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10).split('-');
  return { text: `${d}/${m}/${y}`, year: y! };
}

/** The 60% target of smartphone users, due in 60 days, with the figures the form proposes for it. */
async function addSmartphoneTarget(page: Page): Promise<void> {
  await page.getByTestId('issue-add-target').click();
  const target = page.getByTestId('issue-target').first();
  await target.getByLabel('Nội dung chỉ tiêu').fill(TARGET);
  await target.getByLabel('Giá trị').fill('60');
  await target.getByLabel('Thời hạn (dd/mm/yyyy)').fill(vietnamDate(60).text);
  await page.getByTestId('issue-suggest-metrics').click();
  await expect.poll(() => page.getByTestId('issue-suggested').textContent()).toContain('Đã thêm 2 số liệu và 1 tỷ lệ');
}

describe.each(WIDTHS)('at $name width', ({ name, viewport, reference, commune }) => {
  it('the province issues from the blank form with periodic reports; the commune sees the task and its periods and reports for the first', async ({ openPage, consoleErrors, signIn }) => {
    const province = await openPage({ viewport });
    const communePage = await openPage({ viewport });
    const directiveId = `kg.${LAST_DAY_OF_KIEN_GIANG.year}.${reference.toLowerCase().replace('/', '-')}`;
    await signIn(province, KG.province);
    await province.getByTestId('nav-issue').click();
    await province.getByTestId('issue-blank').click();
    const form = province.getByTestId('issue-form');
    await form.waitFor();
    // Dated today, at the province's own place; but Kiên Giang ended with 30/6/2025, and the form says so under the date.
    expect(await province.getByTestId('issue-date').inputValue()).toBe(vietnamDate(0).text);
    expect(await province.getByTestId('issue-place').inputValue()).toBe('Kiên Giang');
    await expect.poll(() => province.getByTestId('issue-issuer-standing').textContent()).toBe(
      `Ủy ban nhân dân tỉnh Kiên Giang chấm dứt hoạt động từ 01/07/2025: không ban hành được văn bản đề ngày ${vietnamDate(0).text} nhân danh đơn vị này. Chỉ nhập được văn bản đã ban hành đến hết ngày 30/06/2025.`,
    );
    await province.getByTestId('issue-reference').fill(reference);
    await province.getByTestId('issue-subject').fill('V/v báo cáo tiến độ cài đặt ứng dụng Bluezone');

    // Recipients: every district's People's Committee, and one commune by name.
    await province.getByTestId('issue-preset-district-people_committee').click();
    await province.getByTestId('issue-add-recipient-unit').click();
    const named = province.getByTestId('issue-recipient').nth(1);
    await named.getByLabel('Đơn vị', { exact: true }).selectOption(commune);
    // Its "Kính gửi" line follows the unit chosen.
    await expect.poll(() => named.getByLabel('Dòng “Kính gửi”').inputValue()).toMatch(/^UBND phường Vĩnh/);

    // One task, for every recipient.
    const task = province.getByTestId('issue-task').first();
    await task.getByLabel('Nhiệm vụ 1').fill('Tuyên truyền, hướng dẫn người dân cài đặt Bluezone; báo cáo tiến độ định kỳ.');
    await task.getByTestId('issue-assign-all').click();
    await expect.poll(() => task.getByTestId('group-editor').count()).toBe(2);

    // A 60% target of smartphone users: the form proposes the two counts and the rate.
    await addSmartphoneTarget(province);
    const metrics = province.getByTestId('issue-metric');
    await expect.poll(() => metrics.count()).toBe(2);
    expect(await metrics.nth(0).getByLabel('Tên số liệu').inputValue()).toBe(DONE);
    expect(await metrics.nth(1).getByLabel('Tên số liệu').inputValue()).toBe(TOTAL);
    const rate = province.getByTestId('issue-rate').first();
    expect(await rate.getByLabel('Chỉ tiêu (%)').inputValue()).toBe('60');
    // The rate divides the one proposed count by the other, and its pickers show them.
    expect(await rate.getByLabel('Tử số').inputValue()).toBe('target1Done');
    expect(await rate.getByLabel('Mẫu số').inputValue()).toBe('target1Total');

    // A progress report every 0 working days is refused at the field, by the domain's rule; and the date, by today's.
    await province.getByTestId('issue-progress-everyWorkingDays').check();
    await province.getByTestId('issue-progress-days').fill('0');
    await province.getByTestId('issue-preview').click();
    await expect.poll(() => province.getByTestId('issue-problems').textContent()).toContain('Báo cáo định kỳ: Thiết lập không hợp lệ');
    await expect.poll(() => province.getByTestId('issue-problems').textContent()).toContain('Ngày ban hành: Đơn vị ban hành không hoạt động vào ngày này');
    // The dispatch Kiên Giang dated its last day: the note goes.
    await province.getByTestId('issue-date').fill(LAST_DAY_OF_KIEN_GIANG.text);
    await expect.poll(() => province.getByTestId('issue-issuer-standing').count()).toBe(0);
    await expect.poll(() => province.getByTestId('issue-progress').locator('.field__error').first().textContent()).toContain('Thiết lập không hợp lệ');
    await province.screenshot({ path: screenshotPath(`issue-blank-problem-${name}`), fullPage: true });

    // Every three working days, within the ten to report: periods on days 3, 6 and 9.
    await province.getByTestId('issue-progress-days').fill('3');
    await province.getByTestId('issue-preview').click();
    const preview = province.getByTestId('issue-preview-result');
    await preview.waitFor();
    expect(await province.getByTestId('issue-progress-summary').textContent()).toBe(
      'Báo cáo định kỳ: sau mỗi 3 ngày làm việc, đến hạn báo cáo cuối cùng.',
    );
    const levels = province.getByTestId('issue-levels');
    await expect.poll(() => levels.locator('tr[data-level="district"] td').first().textContent()).toContain('15');
    await expect.poll(() => levels.locator('tr[data-level="commune"] td').first().textContent()).toContain('1');
    for (const level of ['district', 'commune']) {
      const periods = levels.locator(`tr[data-level="${level}"]`).getByTestId('issue-level-progress');
      await expect.poll(() => periods.textContent()).toMatch(/^3 kỳ/);
      await expect.poll(() => periods.textContent()).toMatch(/kỳ 1: \d{2}\/\d{2}\/\d{4}; kỳ 2: \d{2}\/\d{2}\/\d{4}; kỳ 3: \d{2}\/\d{2}\/\d{4}$/);
    }
    if (name === 'phone') await expectNoSidewaysScroll(province);
    await province.screenshot({ path: screenshotPath(`issue-blank-preview-${name}`), fullPage: true });

    await province.getByTestId('issue-confirm').click();
    await expect.poll(() => province.url()).toContain(`#/directives/${encodeURIComponent(directiveId)}`);
    await expect.poll(() => province.locator('main').textContent(), { timeout: 30_000 }).toContain(reference);
    await province.screenshot({ path: screenshotPath(`issue-blank-issued-${name}`), fullPage: true });

    // The commune finds the task, its three periods, and a report form that answers period 1 first.
    await signIn(communePage, commune);
    await expect.poll(() => communePage.getByTestId('nav-issue').count()).toBe(0);
    const card = communePage.getByTestId(`assignment-${commune}`).filter({ hasText: reference });
    await expect.poll(() => card.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => card.textContent()).toContain('Tuyên truyền, hướng dẫn người dân cài đặt Bluezone');
    await expect.poll(() => card.getByTestId('progress-period').count(), { timeout: 30_000 }).toBe(3);
    // The form is there once the task is acknowledged.
    await card.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const reportFor = card.getByTestId('report-for');
    await expect.poll(() => reportFor.inputValue()).toBe('1');
    await card.getByLabel(DONE).fill('120');
    await card.getByLabel(TOTAL).fill('400');
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => card.getByTestId('report-history').locator('[data-version="1"]').getByTestId('report-period').textContent()).toMatch(
      /^Kỳ 1 \(hạn \d{2}\/\d{2}\/\d{4}\)/,
    );
    await expect.poll(() => card.getByTestId('report-history').locator('[data-version="1"]').getByTestId('report-date').textContent()).toContain(
      `Ngày báo cáo: ${vietnamDate(0).text}`,
    );
    // Period 1 is answered: the next report answers period 2 unless the reporter says otherwise.
    await expect.poll(() => card.locator('[data-testid="progress-period"][data-period="1"]').getAttribute('data-reported')).toBe('true');
    await expect.poll(() => reportFor.inputValue()).toBe('2');
    if (name === 'phone') await expectNoSidewaysScroll(communePage);
    await communePage.screenshot({ path: screenshotPath(`issue-blank-commune-${name}`), fullPage: true });

    // The issuer moves the acknowledgement deadline of the units that have not acknowledged.
    await province.getByTestId('amend-ack-open').click();
    await province.getByTestId('amend-ack-date').fill(vietnamDate(14).text);
    await province.getByTestId('amend-ack-reason').fill('Nhiều xã chưa nhận được văn bản qua hệ thống.');
    await province.getByTestId('amend-ack-next').click();
    await province.getByTestId('amend-ack-confirm').click();
    await expect.poll(() => province.getByTestId('amend-ack-done').textContent(), { timeout: 30_000 }).toContain(
      `Đã điều chỉnh hạn tiếp nhận thành hết ngày ${vietnamDate(14).text}`,
    );
    await province.screenshot({ path: screenshotPath(`issue-blank-amend-ack-${name}`), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});

describe('a province of the two-level map (An Giang since 1/7/2025)', () => {
  it('issues from the blank form to every xã, phường and đặc khu with monthly reports until ended; Phú Quốc sees each period’s figures window and reports; the compiled table is by cấp xã; the province ends the monthly reports', async ({ stack, openPage, consoleErrors, signIn }) => {
    const viewport = WIDTHS[1].viewport;
    const reference = '215/UBND-VX';
    const zone = 'an-giang.dk-phu-quoc';
    const province = await openPage({ viewport });
    const zonePage = await openPage({ viewport });
    const directiveId = `an-giang.${vietnamDate(0).year}.215-ubnd-vx`;
    await signIn(province, 'an-giang');
    await province.getByTestId('nav-issue').click();
    await province.getByTestId('issue-blank').click();
    await province.getByTestId('issue-form').waitFor();
    expect(await province.getByTestId('issue-place').inputValue()).toBe('An Giang');
    await province.getByTestId('issue-reference').fill(reference);
    await province.getByTestId('issue-subject').fill('V/v cài đặt ứng dụng Bluezone');

    // No district level: the communes' preset addresses the kinds this province has.
    await province.getByTestId('issue-preset-commune-people_committee').click();
    const recipient = province.getByTestId('issue-recipient').first();
    expect(await recipient.getByLabel('Dòng “Kính gửi”').inputValue()).toBe('UBND các xã, phường, đặc khu');
    expect(await province.getByTestId('issue-preset-district-people_committee').count()).toBe(0);
    const task = province.getByTestId('issue-task').first();
    await task.getByLabel('Nhiệm vụ 1').fill('Tuyên truyền, hướng dẫn người dân cài đặt Bluezone.');
    await task.getByTestId('issue-assign-all').click();
    await addSmartphoneTarget(province);
    await expect.poll(() => province.getByTestId('issue-metric').count()).toBe(2);
    // Monthly reports by Nghị định 09/2019 (figures to the 14th), due by the 5th, until the province says otherwise.
    await province.getByTestId('issue-progress-monthly').check();
    expect(await province.getByTestId('issue-progress-cutoff').inputValue()).toBe('14');
    await province.getByTestId('issue-progress-due').fill('5');
    await province.getByTestId('issue-progress-until-ended').check();

    // Preview: the 102 commune-level units of the official list, in one level.
    await province.getByTestId('issue-preview').click();
    const levels = province.getByTestId('issue-levels');
    await expect.poll(() => levels.locator('tr[data-level="commune"] td').first().textContent()).toContain('102');
    expect(await levels.locator('tr[data-level="district"]').count()).toBe(0);
    expect(await province.getByTestId('issue-progress-summary').textContent()).toBe(
      'Báo cáo định kỳ hằng tháng: số liệu chốt ngày 14, gửi trước ngày 5. Tiếp tục cho đến khi có chỉ đạo khác.',
    );
    await expectNoSidewaysScroll(province);
    await province.screenshot({ path: screenshotPath('issue-two-level-preview-phone'), fullPage: true });
    await province.getByTestId('issue-confirm').click();
    await expect.poll(() => province.url()).toContain(`#/directives/${encodeURIComponent(directiveId)}`);

    // Đặc khu Phú Quốc finds the task and reports: 700 of its 1.000 smartphone users.
    await signIn(zonePage, zone);
    const card = zonePage.getByTestId(`assignment-${zone}`).filter({ hasText: reference });
    await expect.poll(() => card.count(), { timeout: 60_000 }).toBe(1);
    // The form is there once the task is acknowledged.
    await card.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await card.getByTestId('report-form').waitFor();
    // Each period with the days its figures cover, 15th to 14th.
    await expect.poll(() => card.getByTestId('progress-period-window').first().textContent(), { timeout: 30_000 }).toMatch(
      /^ \(số liệu từ 15\/\d{2}\/\d{4} đến 14\/\d{2}\/\d{4}\)$/,
    );
    await card.getByLabel(DONE).fill('700');
    await card.getByLabel(TOTAL).fill('1000');
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('reported');

    // The province compiles: a row per xã, phường, đặc khu, captioned by their level.
    await province.goto(`${stack.webUrl}#/compiled/${encodeURIComponent(directiveId)}`);
    const table = province.getByTestId('compiled-table');
    await expect.poll(() => table.locator('caption').textContent(), { timeout: 30_000 }).toContain('Kết quả theo đơn vị cấp xã');
    await expect.poll(() => province.getByTestId(`compiled-row-${zone}`).textContent()).toContain('70,0%');
    expect(await province.getByTestId(`compiled-row-${zone}`).textContent()).toContain('UBND đặc khu Phú Quốc');
    await province.screenshot({ path: screenshotPath('compiled-two-level-phone'), fullPage: true });

    // The province ends the monthly reports from the directive's page.
    await province.goto(`${stack.webUrl}#/directives/${encodeURIComponent(directiveId)}`);
    await province.getByTestId('end-progress-button').click();
    await province.getByLabel('Lý do (chỉ đạo mới)').fill('Đã đạt mục tiêu, không cần báo cáo định kỳ nữa.');
    await province.getByTestId('end-progress-next').click();
    await province.getByTestId('end-progress-confirm').click();
    await expect.poll(() => province.getByTestId('end-progress-done').textContent(), { timeout: 30_000 }).toBe(`Đã kết thúc báo cáo định kỳ theo văn bản ${reference}.`);
    expect(consoleErrors()).toEqual([]);
  });
});
