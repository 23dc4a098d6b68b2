import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { KG, kienGiangUnits, type Unit } from '@chidao/domain';
import { browserTestWith, screenshotPath } from './browser';

const it = browserTestWith({ mailbox: true });

/**
 * A province enrols its people from one spreadsheet (issue 23). The system administrator names a
 * province administrator and hands them a printed activation code; the province administrator
 * activates and imports 120 people from an XLSX in the template's columns, whose dry run shows its
 * two bad rows by row and column, imports the fixed file, and finds the same file
 * again changes nothing. A new commune chair opens the activation link from the mailbox (the stack's
 * real SMTP server), sets a password, signs in, forgets it, and sets a new one through the reset
 * link, on a phone.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const HEADER = ['Tên đăng nhập', 'Họ và tên', 'Đơn vị (mã hoặc tên)', 'Chức vụ', 'Thư điện tử'];
const CHAIR = { username: 'ct.vinhthanh', email: 'ct.vinhthanh@kiengiang.example.vn', unit: 'UBND phường Vĩnh Thanh' };
const ADMIN_PASSWORD = 'quản trị tỉnh Kiên Giang';
const CHAIR_PASSWORD = 'mật khẩu của chủ tịch phường';
const CHAIR_NEW_PASSWORD = 'mật khẩu mới sau khi quên';

/** Communes of 2020 whose names are unique in the province, so a name alone finds each. */
function communes(): Unit[] {
  const all = kienGiangUnits().filter((u) => u.level === 'commune' && u.kind === 'people_committee');
  const count = new Map<string, number>();
  for (const u of all) count.set(u.name, (count.get(u.name) ?? 0) + 1);
  return all.filter((u) => count.get(u.name) === 1 && u.name !== CHAIR.unit);
}

/** 120 people: the chair of phường Vĩnh Thanh, then a chair and an officer of each of 60 other communes (the last without its officer); the 61 chairs with an address. */
function roster(): string[][] {
  const rows: string[][] = [[CHAIR.username, 'Lê Văn Thành', CHAIR.unit, 'Chủ tịch', CHAIR.email]];
  const units = communes();
  for (let i = 0; rows.length < 120; i++) {
    const unit = units[i]!;
    const place = unit.name.replace(/^UBND /, '');
    const slug = unit.id.split('.').at(-1)!;
    rows.push([`ct.${slug}`, `Chủ tịch ${place}`, i % 2 === 0 ? unit.name : place, 'Chủ tịch', `ct.${slug}@kiengiang.example.vn`]);
    if (rows.length < 120) rows.push([`cb.${slug}`, `Cán bộ ${place}`, place, 'Cán bộ', '']);
  }
  return rows;
}

async function xlsx(rows: string[][]): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  for (const row of [HEADER, ...rows]) sheet.addRow(row);
  return { name: 'danh-sach-kien-giang.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

/** The newest message to `address` with `subject`, read in the mailbox's page as a person would: its link's page in the app (#/activate/<code>). */
async function linkFromMailbox(page: Page, mailboxUrl: string, address: string, subject: string): Promise<string> {
  let href = '';
  await expect
    .poll(
      async () => {
        await page.goto(mailboxUrl);
        const row = page.locator('tr', { hasText: address }).filter({ hasText: subject }).first();
        if ((await row.count()) === 0) return false;
        href = (await row.getByRole('link').getAttribute('href')) ?? '';
        return true;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await page.goto(new URL(href, mailboxUrl).toString());
  const text = (await page.locator('pre').textContent()) ?? '';
  const link = /#\/activate\/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(text)?.[0];
  expect(link, text).toBeDefined();
  return link!;
}

const noSidewaysScroll = (page: Page) => page.locator('html').evaluate((root) => root.scrollWidth <= root.clientWidth);

describe('enrolling a province', () => {
  it('from the province administrator named with a printed code to a commune chair who resets a forgotten password', async ({ stack, browser, openPage, consoleErrors, signIn }) => {
    expect(stack.mailboxUrl).not.toBeNull();
    const mailbox = stack.mailboxUrl!;
    // The person's mail reader: the mailbox's own page, not the app (its console is not the app's).
    const mail = await browser.newPage({ viewport: PHONE, locale: 'vi-VN' });

    // The system administrator (the demo province's chair) names the province administrator.
    const system = await openPage({ viewport: DESKTOP, locale: 'vi-VN' });
    await signIn(system, KG.province);
    await system.getByTestId('nav-admin').click();
    await expect.poll(() => system.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe('Quản lý tài khoản');
    await system.getByTestId('admin-create').click();
    const form = system.getByTestId('admin-account-form');
    await form.getByLabel('Tên đăng nhập').fill('qt.kiengiang');
    await form.getByLabel('Họ và tên').fill('Phạm Thị Quản');
    await form.getByLabel('Đơn vị công tác').selectOption(KG.province);
    await form.getByLabel('Quản trị tỉnh').check();
    await form.getByRole('button', { name: 'Lưu' }).click();
    await system.getByText('Đã lưu tài khoản Phạm Thị Quản.').waitFor({ timeout: 30_000 });
    await system.getByTestId('admin-search').fill('qt.kiengiang');
    await system.getByTestId('admin-filter').click();
    const row = system.locator('[data-testid="admin-row"][data-username="qt.kiengiang"]');
    await expect.poll(() => row.textContent()).toContain('Chưa kích hoạt');
    await row.getByRole('button', { name: 'In mã kích hoạt' }).click();
    const printed = system.getByTestId('code-sheet-code');
    await printed.waitFor({ timeout: 30_000 });
    const code = (await printed.textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // The province administrator types the code from the sheet and sets a password.
    const admin = await openPage({ viewport: DESKTOP, locale: 'vi-VN' });
    await admin.goto(`${new URL(stack.webUrl).origin}/#/activate`);
    await admin.getByLabel('Mã', { exact: true }).fill(code.toLowerCase());
    await admin.getByLabel('Mật khẩu mới', { exact: true }).fill(ADMIN_PASSWORD);
    await admin.getByLabel('Nhập lại mật khẩu mới').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    await expect.poll(() => admin.getByTestId('current-user').textContent(), { timeout: 30_000 }).toContain('Phạm Thị Quản');

    // The dry run of a file with two bad rows shows each by row and column, and offers no import.
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-import-link').click();
    await expect.poll(() => admin.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe('Nhập danh sách tài khoản');
    const people = roster();
    const broken = people.map((r) => [...r]);
    broken[40]![2] = 'xã Không Có Trên Bản Đồ';
    broken[77]![4] = 'khong-phai-dia-chi-thu';
    await admin.getByTestId('roster-file').setInputFiles(await xlsx(broken));
    const summary = admin.getByTestId('roster-summary');
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toBe('Thêm mới 118 · Cập nhật 0 · Không đổi 0 · Có lỗi 2');
    expect(await admin.getByTestId('roster-error').allTextContents()).toEqual([
      'Dòng 42, cột “Đơn vị (mã hoặc tên)”: không tìm thấy đơn vị “xã Không Có Trên Bản Đồ”',
      'Dòng 79, cột “Thư điện tử”: địa chỉ thư không hợp lệ (khong-phai-dia-chi-thu)',
    ]);
    expect(await admin.getByTestId('roster-row').count()).toBe(120);
    expect(await admin.getByTestId('roster-apply').count()).toBe(0);

    // The fixed file imports all 120, and the chairs' links go out by e-mail.
    await admin.getByTestId('roster-file').setInputFiles(await xlsx(people));
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toBe('Thêm mới 120 · Cập nhật 0 · Không đổi 0 · Có lỗi 0');
    await admin.getByTestId('roster-apply').click();
    // The 59 officers without an address get their codes on the printed sheet.
    await admin.getByTestId('code-sheet').waitFor({ timeout: 120_000 });
    expect(await admin.getByTestId('code-sheet-row').count()).toBe(59);
    await admin.screenshot({ path: screenshotPath('administration-code-sheet') });
    await admin.getByRole('button', { name: 'Đóng phiếu' }).click();
    const done = admin.getByTestId('roster-done');
    await expect.poll(() => done.textContent()).toContain('Đã nhập: thêm mới 120, cập nhật 0, không đổi 0. Đã gửi 61 thư kích hoạt.');
    await admin.screenshot({ path: screenshotPath('administration-imported') });

    // The same file again changes nothing.
    await admin.getByTestId('roster-file').setInputFiles(await xlsx(people));
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toBe('Thêm mới 0 · Cập nhật 0 · Không đổi 120 · Có lỗi 0');
    expect(await admin.getByTestId('roster-nothing').textContent()).toBe('Không có gì thay đổi.');
    expect(await admin.getByTestId('roster-apply').count()).toBe(0);

    // On a phone the dry run and the account list fit the screen: no sideways scroll.
    await admin.setViewportSize(PHONE);
    expect(await noSidewaysScroll(admin)).toBe(true);
    await admin.goto(`${new URL(stack.webUrl).origin}/#/admin`);
    await expect.poll(() => admin.getByTestId('admin-count').textContent()).toBe('Có 121 tài khoản');
    expect(await noSidewaysScroll(admin)).toBe(true);

    // The commune chair, on a phone, opens the link from the mailbox and sets a password.
    const phone = await openPage({ viewport: PHONE, locale: 'vi-VN' });
    const activation = await linkFromMailbox(mail, mailbox, CHAIR.email, 'Kích hoạt tài khoản');
    await phone.goto(`${new URL(stack.webUrl).origin}/${activation}`);
    await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe('Đặt mật khẩu');
    expect(await noSidewaysScroll(phone)).toBe(true);
    await phone.getByLabel('Mật khẩu mới', { exact: true }).fill(CHAIR_PASSWORD);
    await phone.getByLabel('Nhập lại mật khẩu mới').fill(CHAIR_PASSWORD);
    await phone.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    const user = phone.getByTestId('current-user');
    await expect.poll(() => user.textContent(), { timeout: 30_000 }).toContain('Lê Văn Thành');
    expect(await user.getAttribute('data-unit-id')).toBe('kg.rach-gia.p-vinh-thanh');

    // Signed out, the chair signs in with that password, then forgets it.
    await phone.getByRole('button', { name: 'Đăng xuất' }).click();
    await phone.getByLabel('Tên đăng nhập').waitFor({ timeout: 30_000 });
    await phone.getByLabel('Tên đăng nhập').fill(CHAIR.username);
    await phone.getByLabel('Mật khẩu', { exact: true }).fill(CHAIR_PASSWORD);
    await phone.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => user.getAttribute('data-unit-id'), { timeout: 30_000 }).toBe('kg.rach-gia.p-vinh-thanh');
    await phone.getByRole('button', { name: 'Đăng xuất' }).click();
    await phone.getByTestId('forgot-link').click();
    await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe('Quên mật khẩu');
    await phone.getByLabel('Tên đăng nhập').fill(CHAIR.username);
    await phone.getByRole('button', { name: 'Gửi liên kết' }).click();
    await expect.poll(() => phone.getByTestId('reset-sent').textContent(), { timeout: 30_000 }).toBe(
      'Nếu tài khoản tồn tại và có thư điện tử hoặc số điện thoại đã xác minh, liên kết đã được gửi. Liên kết có hiệu lực 30 phút.',
    );
    const reset = await linkFromMailbox(mail, mailbox, CHAIR.email, 'Đặt lại mật khẩu');
    await phone.goto(`${new URL(stack.webUrl).origin}/${reset}`);
    await phone.getByLabel('Mật khẩu mới', { exact: true }).fill(CHAIR_NEW_PASSWORD);
    await phone.getByLabel('Nhập lại mật khẩu mới').fill(CHAIR_NEW_PASSWORD);
    await phone.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    await expect.poll(() => user.getAttribute('data-unit-id'), { timeout: 30_000 }).toBe('kg.rach-gia.p-vinh-thanh');

    // The old password no longer signs in; the new one does.
    await phone.getByRole('button', { name: 'Đăng xuất' }).click();
    await phone.getByLabel('Tên đăng nhập').fill(CHAIR.username);
    await phone.getByLabel('Mật khẩu', { exact: true }).fill(CHAIR_PASSWORD);
    await phone.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => phone.getByRole('alert').first().textContent(), { timeout: 30_000 }).toContain('mật khẩu');
    await phone.getByLabel('Mật khẩu', { exact: true }).fill(CHAIR_NEW_PASSWORD);
    await phone.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => user.getAttribute('data-unit-id'), { timeout: 30_000 }).toBe('kg.rach-gia.p-vinh-thanh');
    expect(await noSidewaysScroll(phone)).toBe(true);
    // The refused sign-in answers 401 by design; nothing else may show in the console.
    expect(consoleErrors().filter((e) => !e.includes('401'))).toEqual([]);
    await mail.close();
  });
});
