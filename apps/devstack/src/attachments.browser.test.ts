import ExcelJS from 'exceljs';
import { describe, expect } from 'vitest';
import { eicar } from '@chidao/files/testing';
import { browserTest as it, screenshotPath } from './browser';

/**
 * Report attachments on a phone (390 px): a commune attaches a photo and an XLSX list to its report
 * (each scanned by the real ClamAV before it may go), the EICAR test file is refused, and its district
 * finds both files on the report it reviews, as downloads.
 */
const DISTRICT = 'kg.rach-gia';
const COMMUNE = 'kg.rach-gia.p-vinh-quang';
const PHONE = { width: 390, height: 844 };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, ...Buffer.from('ảnh trụ sở')]);

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Danh sách').addRow(['Hộ gia đình', 'Số người cài đặt']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('report attachments', () => {
  it('a commune attaches a photo and a list, EICAR is refused, and the district downloads both', async ({ stack, openPage, signIn }) => {
    const page = await openPage({ viewport: PHONE });
    await signIn(page, COMMUNE);
    const card = page.getByTestId(`assignment-${COMMUNE}`);
    await card.waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('acknowledged');
    const files = card.getByTestId('report-attachments');
    await files.getByTestId('attachment-input').setInputFiles([
      { name: 'Ảnh hiện trường.jpg', mimeType: 'image/jpeg', buffer: JPEG },
      { name: 'danh-sach.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook() },
    ]);
    await expect.poll(() => files.locator('[data-testid="attachment"][data-state="clean"]').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => files.textContent()).toContain('Đã quét, an toàn');
    // A PDF carrying the EICAR test file: an allowed type, which the scan then blocks.
    await files.getByTestId('attachment-input').setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(eicar())]) });
    await expect.poll(() => files.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('Tệp bị phần mềm quét virus chặn');
    await page.screenshot({ path: screenshotPath('attachments-phone'), fullPage: true });

    await card.getByLabel('Số lượt cài đặt Bluezone (lũy kế)').fill('100');
    await card.getByLabel('Dân số từ 15 đến 60 tuổi').fill('1000');
    await card.getByLabel('Số người dùng điện thoại thông minh').fill('500');
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('reported');

    const district = await openPage({ viewport: PHONE });
    await signIn(district, DISTRICT);
    const directiveId = await card.getAttribute('data-directive-id');
    await district.goto(`${stack.webUrl}#/directives/${encodeURIComponent(directiveId!)}`);
    const item = district.getByTestId(`review-${COMMUNE}`);
    await item.waitFor({ timeout: 30_000 });
    const links = item.getByTestId('attachment-download');
    await expect.poll(() => links.count(), { timeout: 30_000 }).toBe(2);
    expect(await links.allTextContents()).toEqual(['Ảnh hiện trường.jpg', 'danh-sach.xlsx']);
    const [download] = await Promise.all([district.waitForEvent('download'), links.first().click()]);
    expect(download.suggestedFilename()).toBe('Ảnh hiện trường.jpg');
    await district.screenshot({ path: screenshotPath('attachments-district-phone'), fullPage: true });
  });
});
