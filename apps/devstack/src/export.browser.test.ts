import { readFile } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import ExcelJS from 'exceljs';
import { DIRECTIVE_1119, KG, localDateOf, placeAndDateVi } from '@chidao/domain';
import { browserTest as it, screenshotPath } from './browser';

/**
 * The province's view and the coordinator's compiled report, end to end: two districts report
 * through their own form; the province sees the trend; Sở TT&TT opens the compiled report, downloads
 * it as XLSX (read back here) and prints it in the official layout.
 */

const INSTALLS = 'Số lượt cài đặt Bluezone (lũy kế)';
const ADULTS = 'Dân số từ 15 đến 60 tuổi';
const SMARTPHONES = 'Số người dùng điện thoại thông minh';

// Rạch Giá reaches the 60% target exactly; Hà Tiên is behind. Together: 7.000 of 14.000 = 50,0%.
const REPORTS = [
  { unit: 'kg.rach-gia', name: 'UBND thành phố Rạch Giá', installs: '6.000', adults: '20.000', smartphones: '10.000', rate: '60,0%', met: 'Đạt' },
  { unit: 'kg.ha-tien', name: 'UBND thành phố Hà Tiên', installs: '1.000', adults: '5.000', smartphones: '4.000', rate: '25,0%', met: 'Chưa đạt' },
] as const;

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

let directiveId: string;
const today = () => localDateOf(new Date().toISOString());
const ddMMyyyy = (iso: string) => iso.split('-').reverse().join('/');

// First, and the rest of the file reads what it leaves: the districts report through their chairs' form.
describe('districts report', () => {
  it('Rạch Giá and Hà Tiên send their figures', async ({ openPage, consoleErrors, signIn }) => {
    for (const report of REPORTS) {
      // A fresh browser context per chair, as two people on two machines.
      const page = await openPage({ viewport: WIDTHS[0].viewport });
      await signIn(page, report.unit);
      const card = page.getByTestId(`assignment-${report.unit}`);
      await card.waitFor({ timeout: 60_000 });
      directiveId = (await card.getAttribute('data-directive-id'))!;
      // The form is there once the task is acknowledged.
      await card.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
      await card.getByTestId('report-form').waitFor();
      await card.getByLabel(INSTALLS).fill(report.installs);
      await card.getByLabel(ADULTS).fill(report.adults);
      await card.getByLabel(SMARTPHONES).fill(report.smartphones);
      await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
      await expect.poll(() => card.getAttribute('data-state')).toBe('reported');
      expect(consoleErrors()).toEqual([]);
    }
  });
});

describe.each(WIDTHS)('at $name width', ({ name, viewport }) => {
  it('the province sees the rate by report day, its own line against the 60% target', async ({ stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport });
    await signIn(page, KG.province);
    await page.goto(`${stack.webUrl}#/directives/${encodeURIComponent(directiveId)}`);
    const trend = page.getByTestId('trend');
    const chart = trend.getByTestId('trend-chart');
    await chart.waitFor({ timeout: 30_000 });
    await expect.poll(() => chart.getAttribute('data-points')).toBe('1');
    await expect.poll(() => trend.getByTestId('trend-target').textContent()).toContain('Chỉ tiêu 60,0%');
    await expect.poll(() => trend.getByTestId('trend-own').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+$/);
    // The figures beside the chart: today's date as dd/MM/yyyy and the province's 50,0%.
    const row = trend.getByTestId('trend-table').locator(`tr[data-date="${today()}"]`);
    await expect.poll(() => row.textContent()).toContain(ddMMyyyy(today()));
    await expect.poll(() => row.textContent()).toContain('50,0%');
    // Highlighting a district draws its line and adds its column.
    await trend.getByLabel('Làm nổi bật đơn vị').selectOption({ label: REPORTS[1].name });
    await trend.getByTestId('trend-highlight').waitFor();
    await trend.getByText('Bảng số liệu theo ngày').click();
    await expect.poll(() => row.textContent()).toContain(REPORTS[1].rate);
    await trend.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath(`province-trend-${name}`), fullPage: true });

    // Drill-down: province → district (its own reports) → commune (nothing reported yet).
    await page.getByTestId('rollup-kg.rach-gia').getByRole('link', { name: REPORTS[0].name }).click();
    const districtReports = page.getByTestId('unit-reports');
    await expect.poll(() => districtReports.getAttribute('data-unit-id')).toBe('kg.rach-gia');
    await expect.poll(() => districtReports.getByTestId('report-history').textContent()).toContain('6.000');
    await page.getByTestId('child-kg.rach-gia.p-vinh-lac').getByRole('link').click();
    await expect.poll(() => page.getByTestId('unit-reports').getAttribute('data-unit-id')).toBe('kg.rach-gia.p-vinh-lac');
    await expect.poll(() => page.getByTestId('unit-reports').textContent()).toContain('Đơn vị chưa báo cáo lần nào.');
    await expect.poll(() => page.locator('.breadcrumb').textContent()).toContain(REPORTS[0].name);
    await page.screenshot({ path: screenshotPath(`province-drill-commune-${name}`), fullPage: true });

    // The province's list of directives with their standing leads to the compiled report too.
    await page.goto(stack.webUrl);
    const listed = page.getByTestId(`directive-${directiveId}`);
    await expect.poll(() => listed.getByTestId('directive-rate').textContent(), { timeout: 30_000 }).toContain('50,0% / 60,0%');
    await expect.poll(() => listed.getByTestId('directive-rate').textContent()).toContain('dưới chỉ tiêu');
    await page.screenshot({ path: screenshotPath(`province-directive-list-${name}`), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});

describe('the coordinator’s compiled report', () => {
  it('opens from the directive list, downloads as XLSX, and prints in the official layout', async ({ openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: WIDTHS[0].viewport });
    await signIn(page, KG.soTTTT);
    const listed = page.getByTestId(`directive-${directiveId}`);
    await listed.getByTestId('directive-compiled-link').click();
    const report = page.getByTestId('compiled-report');
    await report.waitFor({ timeout: 30_000 });

    // Header: the issuing body left, the national motto right, the place and date, the subject.
    await expect.poll(() => page.getByTestId('official-body').textContent()).toContain('ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG');
    await expect.poll(() => page.getByTestId('official-body').textContent()).toContain('SỞ THÔNG TIN VÀ TRUYỀN THÔNG');
    await expect.poll(() => page.getByTestId('official-motto').textContent()).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    await expect.poll(() => page.getByTestId('official-motto').textContent()).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(await page.getByTestId('official-date').textContent()).toBe(placeAndDateVi('Kiên Giang', today()));
    expect(await page.getByTestId('official-subject').textContent()).toContain('V/v báo cáo kết quả thực hiện Công văn số 1119/UBND-KGVX');
    expect(await page.getByTestId('official-as-of').textContent()).toContain(ddMMyyyy(today()));
    // Table: each district's figures and rate, in words against the target; the total from the sums.
    const rachGia = page.getByTestId('compiled-row-kg.rach-gia');
    await expect.poll(() => rachGia.textContent()).toContain('6.000');
    expect(await rachGia.textContent()).toContain('60,0%');
    expect(await rachGia.textContent()).toContain('Đạt');
    expect(await page.getByTestId('compiled-row-kg.ha-tien').textContent()).toContain('Chưa đạt');
    const total = page.getByTestId('compiled-total');
    expect(await total.textContent()).toContain('Tổng cộng (Ủy ban nhân dân tỉnh Kiên Giang)');
    expect(await total.textContent()).toContain('7.000');
    expect(await total.textContent()).toContain('14.000');
    expect(await total.textContent()).toContain('50,0%');
    expect(await page.getByTestId('official-signature').textContent()).toContain('GIÁM ĐỐC');
    // Nobody recorded the director's name: a line to write it on, named for screen readers.
    expect(await page.getByTestId('signer-line').textContent()).toBe('Họ và tên người ký');
    await page.screenshot({ path: screenshotPath('compiled-report-desktop'), fullPage: true });

    // The XLSX: a plain link to the server's file (no JSON, no base64), built from the same model, read back here.
    expect(await page.getByTestId('download-xlsx').getAttribute('href')).toBe(`/files/compiled.xlsx?directiveId=${encodeURIComponent(DIRECTIVE_1119.id)}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`bao-cao-tong-hop-1119-ubnd-kgvx-${today()}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Báo cáo tổng hợp')!;
    expect(sheet.getCell(1, 1).value).toBe('ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG');
    expect(sheet.getCell(1, 4).value).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const cells: { row: number; values: unknown[] }[] = [];
    sheet.eachRow((row, n) => cells.push({ row: n, values: (row.values as unknown[]).slice(1) }));
    const rowOf = (label: string) => cells.find((c) => c.values[1] === label)?.values;
    expect(rowOf('UBND thành phố Rạch Giá')?.slice(0, 5)).toEqual([1, 'UBND thành phố Rạch Giá', 6_000, 20_000, 10_000]);
    expect(rowOf('UBND thành phố Rạch Giá')?.[6]).toBeCloseTo(0.6, 12);
    expect(rowOf('UBND thành phố Rạch Giá')?.[7]).toBe('Đạt');
    const totalRow = rowOf('Tổng cộng (Ủy ban nhân dân tỉnh Kiên Giang)')!;
    expect(totalRow.slice(2, 5)).toEqual([7_000, 25_000, 14_000]);
    expect(totalRow[6]).toBeCloseTo(0.5, 12);
    expect(cells.some((c) => c.values.includes('GIÁM ĐỐC'))).toBe(true);

    // Printing: the app's header and the buttons go, the document stays.
    const print = page.getByTestId('print-report');
    await print.focus();
    expect(await print.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await print.isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('compiled-report-print-desktop'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expect(consoleErrors()).toEqual([]);
  });

  it('is refused to a district chair, as if it did not exist', async ({ stack, openPage, signIn }) => {
    const page = await openPage({ viewport: WIDTHS[1].viewport });
    await signIn(page, 'kg.rach-gia');
    await page.goto(`${stack.webUrl}#/compiled/${encodeURIComponent(directiveId)}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Không tìm thấy văn bản.');
    expect(await page.getByTestId('compiled-report').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('compiled-report-refused-phone'), fullPage: true });
  });
});
