import { describe, expect } from 'vitest';
import { DEMO_PASSWORD } from '@chidao/domain';
import { browserTest as it, screenshotPath } from './browser';

const DISTRICT = 'kg.rach-gia';

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

describe.each(WIDTHS)('at $name width', ({ name, viewport }) => {
  // Each width has its own commune, so the two runs share one stack without depending on each other.
  const commune = name === 'desktop' ? 'kg.rach-gia.p-vinh-thanh-van' : 'kg.rach-gia.p-vinh-thanh';
  const search = name === 'desktop' ? 'Vĩnh Thanh Vân' : 'phường Vĩnh Thanh';

  it('a commune chair acknowledges, and the open district page shows it without a reload', async ({ openPage, consoleErrors, signIn }) => {
    const districtPage = await openPage({ viewport });
    const communePage = await openPage({ viewport });
    await signIn(districtPage, DISTRICT);
    const row = districtPage.getByTestId(`child-${commune}`);
    // The directive may still be fanning out when the district opens its page.
    await row.waitFor({ timeout: 60_000 });
    // The district sees when each commune must acknowledge, and how it stands, in words.
    await expect.poll(() => row.getByTestId('standing').getAttribute('data-standing')).toMatch(/^(within|dueSoon)$/);
    await expect.poll(() => row.getByTestId('deadline').textContent()).toMatch(/Hạn tiếp nhận: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await expect.poll(() => row.getAttribute('data-state')).toBe('issued');
    const before = await districtPage.getByTestId('overview-below').first().textContent();

    await signIn(communePage, commune, search);
    const card = communePage.getByTestId(`assignment-${commune}`);
    await expect.poll(() => card.getAttribute('data-state')).toBe('issued');
    await expect.poll(() => card.textContent()).toContain('1119/UBND-KGVX');
    // 1119 is dated 19/08/2020 and was delivered when the stack started: the card says how its deadlines were set.
    const delivered = new Date(Date.parse((await card.getAttribute('data-issued-at')) ?? '') + 7 * 3_600_000).toISOString().slice(0, 10);
    await expect
      .poll(() => card.getByTestId('assignment-entered-late').textContent())
      .toBe(
        `Văn bản ngày 19/08/2020 được đưa vào theo dõi ngày ${delivered.split('-').reverse().join('/')}. Hạn tiếp nhận và hạn báo cáo được xác định khi đưa vào: hạn báo cáo ghi trong văn bản nếu đã qua thì được lùi đến hết hạn tiếp nhận.`,
      );
    await communePage.screenshot({ path: screenshotPath(`commune-before-ack-${name}`), fullPage: true });
    await card.getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');
    await expect.poll(() => card.textContent()).toContain('Đã tiếp nhận');
    await communePage.screenshot({ path: screenshotPath(`commune-after-ack-${name}`), fullPage: true });

    await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toBe('acknowledged');
    const after = await districtPage.getByTestId('overview-below').first().textContent();
    expect(after).not.toBe(before);
    await districtPage.screenshot({ path: screenshotPath(`district-after-ack-${name}`), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});

describe('signing in', () => {
  it('a user changes their password from the header, and signs in with the new one', async ({ openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: WIDTHS[1].viewport });
    await signIn(page, 'kg.ha-tien');
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
    await page.getByLabel('Mật khẩu hiện tại').fill(DEMO_PASSWORD);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mật khẩu mới của Hà Tiên');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('mật khẩu mới của Hà Tiên');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã đổi mật khẩu.');
    await page.screenshot({ path: screenshotPath('password-changed-phone'), fullPage: true });
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Tên đăng nhập').fill('ct.kg.ha-tien');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mật khẩu mới của Hà Tiên');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByTestId('current-user').getAttribute('data-unit-id')).toBe('kg.ha-tien');
    expect(consoleErrors()).toEqual([]);
  });

  it('a wrong password is refused in words, and signs nobody in', async ({ stack, openPage }) => {
    const page = await openPage({ viewport: WIDTHS[0].viewport });
    await page.goto(stack.webUrl);
    await page.getByLabel('Tên đăng nhập').fill(`ct.${DISTRICT}`);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(await page.getByTestId('current-user').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('sign-in-wrong-password'), fullPage: false });
  });
});

describe('the working calendar', () => {
  it('shows a year’s days off with their document; the administrator records a new announcement; a district chair only reads', async ({ stack, openPage, consoleErrors, signIn }) => {
    const admin = await openPage({ viewport: WIDTHS[1].viewport });
    await signIn(admin, 'kg');
    await admin.getByTestId('nav-calendar').click();
    await admin.getByTestId('calendar-page').waitFor();
    // 2026 as announced: Friday 2/1 off in exchange for Saturday 10/1 (12729/VPCP-KGVX).
    await admin.goto(`${stack.webUrl}/#/calendar/2026`);
    const status = admin.getByTestId('calendar-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('announced');
    expect(await admin.getByTestId('calendar-source').textContent()).toContain('12729/VPCP-KGVX');
    expect(await admin.getByTestId('calendar-days-off').textContent()).toContain('02/01/2026Thứ Sáu');
    expect(await admin.getByTestId('calendar-working-weekends').textContent()).toContain('Thứ Bảy 10/01/2026');

    // A year not announced yet is computed by the rule, and says so; the administrator records its announcement.
    await admin.getByTestId('calendar-next').click();
    await admin.goto(`${stack.webUrl}/#/calendar/2040`);
    await expect.poll(() => status.getAttribute('data-status')).toBe('computed');
    const days = admin.getByTestId('calendar-days-off-input');
    await days.fill(`${await days.inputValue()}\n05/03/2040`);
    await admin.getByTestId('calendar-number').fill('1/TB-BNV');
    await admin.getByTestId('calendar-document-date').fill('01/12/2039');
    await admin.getByTestId('calendar-issuer').fill('Bộ Nội vụ');
    await admin.getByRole('button', { name: 'Lưu lịch năm 2040' }).click();
    await expect.poll(() => admin.getByTestId('calendar-saved').count()).toBe(1);
    await expect.poll(() => status.getAttribute('data-status')).toBe('announced');
    expect(await admin.getByTestId('calendar-source').textContent()).toBe('Căn cứ: văn bản số 1/TB-BNV ngày 01/12/2039 của Bộ Nội vụ.');
    expect(await admin.getByTestId('calendar-days-off').textContent()).toContain('05/03/2040Thứ Hai');
    await admin.screenshot({ path: screenshotPath('calendar-admin-phone'), fullPage: true });

    const district = await openPage({ viewport: WIDTHS[0].viewport });
    await signIn(district, DISTRICT);
    await district.goto(`${stack.webUrl}/#/calendar/2040`);
    await expect.poll(() => district.getByTestId('calendar-status').getAttribute('data-status')).toBe('announced');
    expect(await district.getByTestId('calendar-form').count()).toBe(0);
    expect(consoleErrors()).toEqual([]);
  });
});
