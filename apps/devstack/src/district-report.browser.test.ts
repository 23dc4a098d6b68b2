import { readFile } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import ExcelJS from 'exceljs';
import { localDateOf } from '@chidao/domain';
import { browserTest as it, screenshotPath } from './browser';

/**
 * A district's report of its communes (1119/UBND-KGVX, three levels as in 2020): a commune of Rạch
 * Giá acknowledges and reports through its form; the district's page offers the printable report and
 * its XLSX file, at phone and desktop widths; the report lists each commune with when it acknowledged
 * and how it stands, with the totals; another district is refused it.
 */

const DISTRICT = 'kg.rach-gia';
const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

let directiveId: string;
const today = () => localDateOf(new Date().toISOString());
const ddMMyyyy = (iso: string) => iso.split('-').reverse().join('/');

describe('a commune reports', () => {
  it('Vĩnh Thanh acknowledges and sends its figures', async ({ openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: WIDTHS[0].viewport });
    await signIn(page, COMMUNE);
    const card = page.getByTestId(`assignment-${COMMUNE}`);
    await card.waitFor({ timeout: 60_000 });
    directiveId = (await card.getAttribute('data-directive-id'))!;
    await card.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await card.getByTestId('report-form').waitFor();
    await card.getByLabel('Số lượt cài đặt Bluezone (lũy kế)').fill('1.200');
    await card.getByLabel('Dân số từ 15 đến 60 tuổi').fill('10.000');
    await card.getByLabel('Số người dùng điện thoại thông minh').fill('8.000');
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('reported');
    expect(consoleErrors()).toEqual([]);
  });
});

describe.each(WIDTHS)('at $name width', ({ name, viewport }) => {
  it('the district’s page offers the printable report of its communes and its XLSX file', async ({ stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport });
    await signIn(page, DISTRICT);
    await page.goto(`${stack.webUrl}#/directives/${encodeURIComponent(directiveId)}`);
    const offer = page.getByTestId('progress-report');
    await offer.waitFor({ timeout: 30_000 });
    const download = offer.getByTestId('download-xlsx');
    expect(await download.textContent()).toBe('Tải tệp Excel tiến độ (XLSX)');
    expect(await download.getAttribute('href')).toBe(`/files/progress.xlsx?directiveId=${encodeURIComponent(directiveId)}&unitId=${DISTRICT}`);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    await offer.getByRole('link', { name: 'Báo cáo tiến độ của các đơn vị trực thuộc' }).click();
    const report = page.getByTestId('compiled-report');
    await report.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.title()).toContain('Báo cáo tiến độ đơn vị trực thuộc');
    // The district's own document: its body under the province, the motto, the place and date.
    await expect.poll(() => page.getByTestId('official-body').textContent()).toContain('ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG');
    expect(await page.getByTestId('official-body').textContent()).toContain('ỦY BAN NHÂN DÂN THÀNH PHỐ RẠCH GIÁ');
    expect(await page.getByTestId('official-motto').textContent()).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(await page.getByTestId('official-as-of').textContent()).toContain(ddMMyyyy(today()));
    // Each commune: Vĩnh Thanh with its figures and today's acknowledgement, the others not yet acknowledged.
    const vinhThanh = page.getByTestId(`compiled-row-${COMMUNE}`);
    await expect.poll(() => vinhThanh.textContent()).toContain('1.200');
    expect(await vinhThanh.getByTestId('acknowledged-at').textContent()).toContain(ddMMyyyy(today()));
    // Reported and awaiting the district's review: no deadline runs, the state says so.
    expect(await vinhThanh.getByTestId('task-state').textContent()).toBe('Đã báo cáo');
    expect(await page.getByTestId('compiled-row-kg.rach-gia.p-vinh-bao').getByTestId('standing').count()).toBe(1);
    const other = page.getByTestId('compiled-row-kg.rach-gia.p-vinh-bao');
    expect(await other.getByTestId('acknowledged-at').textContent()).toBe('Chưa tiếp nhận');
    const rows = await report.locator('tbody tr').count();
    expect(rows).toBe(12);
    const total = page.getByTestId('compiled-total');
    expect(await total.textContent()).toContain('1.200');
    expect(await total.getByTestId('total-acknowledged').textContent()).toBe('1/12 đơn vị đã tiếp nhận');
    expect(await page.getByTestId('official-signature').textContent()).toContain('CHỦ TỊCH');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: screenshotPath(`district-progress-report-${name}`), fullPage: true });

    // The file: the same model as a sheet, saved under the district's name.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    expect(file.suggestedFilename()).toBe(`bao-cao-tien-do-uy-ban-nhan-dan-thanh-pho-rach-gia-1119-ubnd-kgvx-${today()}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await file.path())!)) as unknown as ArrayBuffer);
    const cells: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    expect(cells.filter((c) => c.at(-2) === 'Chưa tiếp nhận')).toHaveLength(11);
    expect(cells.find((c) => String(c[1]).startsWith('Tổng cộng'))?.at(-2)).toBe('1/12 đơn vị đã tiếp nhận');

    // Printing keeps the document and drops the app around it.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByTestId('print-report').isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(consoleErrors()).toEqual([]);
  });
});

describe('another district', () => {
  it('is refused Rạch Giá’s report of its communes', async ({ stack, openPage, signIn }) => {
    const page = await openPage({ viewport: WIDTHS[1].viewport });
    await signIn(page, 'kg.ha-tien');
    await page.goto(`${stack.webUrl}#/progress/${encodeURIComponent(directiveId)}/${DISTRICT}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Không tìm thấy đơn vị');
    expect(await page.getByTestId('compiled-report').count()).toBe(0);
  });
});
