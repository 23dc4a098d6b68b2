import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { DIRECTIVE_1119, KG } from '@chidao/domain';
import { FIXTURES_DIR } from '@chidao/intake/fixtures';
import { browserTest as it, expectNoSidewaysScroll as noSidewaysScroll } from './browser';

// Exchange with other document-management systems (edXML, QCVN 102:2016/BTTTT), on a phone: a package
// received becomes the draft its text makes; an issued directive goes out as one.
const PHONE = { width: 390, height: 844 };
const fixture = (name: string) => readFileSync(join(FIXTURES_DIR, name));

async function upload(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('nav-issue').click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ban hành văn bản chỉ đạo');
  await page.getByTestId('issue-file').setInputFiles({ name, mimeType: 'application/xml', buffer });
}

describe('edXML packages', () => {
  it('a package received fills the form as its text does, says who sent it, and where its header disagrees', async ({ openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE });
    await signIn(page, KG.province);
    await upload(page, '1119.edxml', fixture('cong-van-1119-UBND-KGVX.edxml'));
    await page.getByTestId('issue-form').waitFor();
    await expect.poll(() => page.getByTestId('issue-reference').inputValue()).toBe('1119/UBND-KGVX');
    await expect.poll(() => page.getByTestId('issue-date').inputValue()).toBe('19/08/2020');
    const exchange = page.getByTestId('issue-exchange');
    await expect.poll(() => exchange.textContent()).toContain('Cơ quan gửi: Ủy ban nhân dân tỉnh Kiên Giang');
    expect(await exchange.textContent()).toContain('Nội dung đọc từ tệp đính kèm 1119-UBND-KGVX.txt.');
    expect(await exchange.textContent()).toContain('hệ thống chưa kiểm tra chữ ký');
    expect(await page.getByTestId('issue-exchange-warnings').count()).toBe(0);
    await noSidewaysScroll(page);

    // Another package, whose header gives another number and subject than its text: the form keeps the
    // text's. In a browser of its own: the first draft is kept on this one's device.
    const other = await openPage({ viewport: PHONE });
    await signIn(other, KG.province);
    await upload(other, '1205.edxml', fixture('kien-giang-1205-UBND-KGVX-hoa-toc-header-mismatch.edxml'));
    await other.getByTestId('issue-form').waitFor();
    await expect.poll(() => other.getByTestId('issue-reference').inputValue()).toBe('1205/UBND-KGVX');
    const warnings = other.getByTestId('issue-exchange-warnings');
    await expect.poll(() => warnings.textContent()).toContain('Số, ký hiệu: gói ghi «1250/UBND-KGVX», văn bản ghi «1205/UBND-KGVX».');
    await noSidewaysScroll(other);
    // The package's card, warnings included, meets WCAG 2.1 AA (contrast of the notice, the heading's order).
    const { violations } = await new AxeBuilder({ page: other }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).include('[data-testid="issue-exchange"]').setLegacyMode().analyze();
    expect(violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}: ${v.help}`))).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });

  it('the issuer downloads an issued directive as a package; a district it went to is not offered one', async ({ stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE });
    await signIn(page, KG.province);
    await page.goto(`${stack.webUrl}#/directives/${encodeURIComponent(DIRECTIVE_1119.id)}`);
    const link = page.getByTestId('export-edxml');
    await expect.poll(() => link.textContent()).toBe('Xuất edXML');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('1119-ubnd-kgvx.edxml');
    const xml = await readFile((await download.path())!, 'utf8');
    expect(xml).toContain('<edXML:CodeNumber>1119</edXML:CodeNumber>');
    expect(xml).toContain('<edXML:PromulgationDate>2020/08/19</edXML:PromulgationDate>');
    await noSidewaysScroll(page);

    const district = await openPage({ viewport: PHONE });
    await signIn(district, 'kg.rach-gia');
    await district.goto(`${stack.webUrl}#/directives/${encodeURIComponent(DIRECTIVE_1119.id)}`);
    await district.getByRole('heading', { level: 1, name: /UBND thành phố Rạch Giá/ }).waitFor();
    expect(await district.getByTestId('export-edxml').count()).toBe(0);
    expect(consoleErrors()).toEqual([]);
  });
});
