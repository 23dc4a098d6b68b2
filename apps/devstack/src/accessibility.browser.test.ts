import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { DEMO_PASSWORD, DIRECTIVE_1119, KG } from '@chidao/domain';
import { repoRoot } from '@chidao/testing';
import { browserTest as it, screenshotPath, tooWide } from './browser';

/**
 * WCAG 2.1 AA on every main screen, as each role sees it: axe-core's WCAG 2.0 and 2.1 A and AA rules
 * at 390 px and at 1280 px, the tab's title, and (at 390 px) that nothing scrolls sideways. Each test
 * reuses one page across its screens (resizing it between the widths), and the file one stack, because
 * the machine is slow. Every finding of a test is collected and printed together (rule, element, help),
 * so one run shows all there is to fix. Focus after the actions that remove what was focused (signing
 * in, "Đọc", "Hủy") is asserted where it happens.
 */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const APPLICATION = 'Theo dõi chỉ đạo';

const DISTRICT = 'kg.rach-gia';
const COMMUNE = 'kg.rach-gia.p-an-hoa';
const DIRECTIVE = `#/directives/${encodeURIComponent(DIRECTIVE_1119.id)}`;
const DISPATCH = readFileSync(join(repoRoot(), 'packages', 'intake', 'fixtures', 'kien-giang-1205-UBND-KGVX-hoa-toc.txt'), 'utf8');

/** What a screen must show before it is audited; the page's own loading notices must be gone too. */
type Ready = () => Promise<unknown>;

/** The findings of one test, in words a developer can act on. */
class Audit {
  readonly findings: string[] = [];

  constructor(private readonly page: Page) {}

  /** One screen at both widths: its title, axe's WCAG rules, and at 390 px the page's width. */
  async screen(name: string, title: string, ready: Ready): Promise<void> {
    for (const viewport of [PHONE, DESKTOP]) {
      await this.page.setViewportSize(viewport);
      await ready();
      await expect.poll(() => this.page.locator('.loading').count()).toBe(0);
      const at = `${name} at ${viewport.width} px`;
      const documentTitle = await this.page.title();
      if (documentTitle !== `${title} — ${APPLICATION}`) this.findings.push(`${at}: the title is "${documentTitle}", not "${title} — ${APPLICATION}"`);
      // Legacy mode: axe gathers its frames' results without opening a page of its own, which a page
      // made by browser.newPage (the fixtures' openPage) may not do. The app has no frames to miss.
      const { violations } = await new AxeBuilder({ page: this.page }).withTags(WCAG_TAGS).setLegacyMode().analyze();
      for (const violation of violations) {
        for (const node of violation.nodes) this.findings.push(`${at}: ${violation.id} (${violation.impact ?? ''}) at ${node.target.join(' ')}: ${violation.help}`);
      }
      if (viewport === PHONE) {
        const wide = await tooWide(this.page);
        if (wide !== null) this.findings.push(`${at}: scrolls sideways, ${wide}`);
        await this.page.screenshot({ path: screenshotPath(`a11y-${slug(name)}-phone`), fullPage: true });
      }
    }
  }
}

/** A screen's name as a file name: "a commune’s task list" is a-commune-s-task-list. */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/**
 * The contrast between the focus ring of an element focused from the keyboard and what surrounds it
 * (the nearest ancestor with a background of its own), by WCAG 2.1's formula.
 */
async function focusRingContrast(locator: Locator): Promise<number> {
  await locator.focus();
  return locator.evaluate((element) => {
    if (!element.matches(':focus-visible')) return 0;
    const rgb = (colour: string) => (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const luminance = (colour: string) => {
      const [r = 0, g = 0, b = 0] = rgb(colour).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const view = element.ownerDocument.defaultView!;
    const style = (e: typeof element) => view.getComputedStyle(e);
    let around = element.parentElement;
    while (around && style(around).backgroundColor === 'rgba(0, 0, 0, 0)') around = around.parentElement;
    const ring = luminance(style(element).outlineColor);
    const background = luminance(around ? style(around).backgroundColor : 'rgb(255, 255, 255)');
    return (Math.max(ring, background) + 0.05) / (Math.min(ring, background) + 0.05);
  });
}

/** Whether focus is on the element: checked in the page, where focus lives. */
async function focused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === element.ownerDocument.activeElement);
}

async function goTo(page: Page, webUrl: string, hash: string): Promise<void> {
  await page.goto(`${webUrl}/${hash}`);
}

describe('accessibility of every main screen', () => {
  it('signing in, then a commune chair’s screens; a wrong current password is marked on its field', async ({ stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE });
    const audit = new Audit(page);
    await page.goto(stack.webUrl);
    await audit.screen('sign-in', 'Đăng nhập', () => page.getByLabel('Tên đăng nhập').waitFor());
    // The focus ring stands out from the page (3:1 at least), and from the blue header.
    expect(await focusRingContrast(page.getByLabel('Tên đăng nhập'))).toBeGreaterThanOrEqual(3);
    expect(await focusRingContrast(page.getByRole('button', { name: 'English' }))).toBeGreaterThanOrEqual(3);

    // Signing in replaces the form that held focus: focus goes to the home page's heading.
    await signIn(page, COMMUNE);
    await expect.poll(() => focused(page.locator('#page-title'))).toBe(true);
    expect(await page.locator('#page-title').textContent()).toBe('Trang chủ');

    const card = page.getByTestId(`assignment-${COMMUNE}`);
    await audit.screen('a commune’s task list', 'Trang chủ', () => card.waitFor({ timeout: 60_000 }));
    await goTo(page, stack.webUrl, DIRECTIVE);
    await audit.screen('a commune’s directive page', 'Theo dõi thực hiện', () => page.locator('#page-title').waitFor());
    await goTo(page, stack.webUrl, '#/notifications');
    await audit.screen('notifications', 'Thông báo', () => page.getByTestId('notifications').waitFor());
    await goTo(page, stack.webUrl, '#/settings/notifications');
    await audit.screen('notification settings', 'Cài đặt thông báo', () => page.getByTestId('notification-settings').waitFor());
    await goTo(page, stack.webUrl, '#/calendar');
    await audit.screen('the working calendar', 'Lịch làm việc', () => page.getByTestId('calendar-page').waitFor());

    await goTo(page, stack.webUrl, '#/password');
    const current = page.getByLabel('Mật khẩu hiện tại');
    await audit.screen('change password', 'Đổi mật khẩu', () => current.waitFor());
    // A wrong current password is that field's error, not a sign-in error.
    await current.fill(`${DEMO_PASSWORD}-not`);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('a-new-password-1');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('a-new-password-1');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect.poll(() => current.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await current.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    const description = await current.evaluate((input, ids) => ids.split(' ').map((id) => input.ownerDocument.getElementById(id)?.textContent ?? '').join(' '), describedBy);
    expect(description).toContain('Mật khẩu hiện tại không đúng.');
    await expect.poll(() => focused(current)).toBe(true);
    expect(await page.locator('main').textContent()).not.toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    await audit.screen('change password, refused', 'Đổi mật khẩu', () => current.waitFor());

    expect(audit.findings).toEqual([]);
    expect(consoleErrors().filter((e) => !e.includes('INVALID_CREDENTIALS'))).toEqual([]);
  });

  it('a commune reports; its district chair’s screens, and "Hủy" in the return panel keeps focus', async ({ stack, openPage, consoleErrors, signIn }) => {
    // The commune reports, so the district has a report to review.
    const commune = await openPage({ viewport: PHONE });
    await signIn(commune, COMMUNE);
    const card = commune.getByTestId(`assignment-${COMMUNE}`);
    await card.waitFor({ timeout: 60_000 });
    const acknowledge = card.getByRole('button', { name: 'Tiếp nhận' });
    if ((await card.getAttribute('data-state')) === 'issued') {
      await acknowledge.click();
      await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');
    }
    await card.getByLabel('Số lượt cài đặt Bluezone (lũy kế)').fill('300');
    await card.getByLabel('Dân số từ 15 đến 60 tuổi').fill('1000');
    await card.getByLabel('Số người dùng điện thoại thông minh').fill('500');
    await card.getByLabel('Nội dung báo cáo').fill('Đi từng ngõ, gõ từng nhà.');
    await card.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('reported');
    const communeAudit = new Audit(commune);
    await communeAudit.screen('a commune’s task list, reported', 'Trang chủ', () => card.getByTestId('report-history').waitFor());

    const page = await openPage({ viewport: PHONE });
    const audit = new Audit(page);
    await signIn(page, DISTRICT);
    await audit.screen('a district’s home', 'Trang chủ', () => page.getByTestId(`child-${COMMUNE}`).first().waitFor({ timeout: 60_000 }));

    await goTo(page, stack.webUrl, DIRECTIVE);
    const review = page.getByTestId(`review-${COMMUNE}`);
    await audit.screen('a district’s directive page', 'Theo dõi thực hiện', () => review.waitFor());
    // "Hủy" removes the return panel: focus goes back to "Trả lại".
    const returnButton = review.getByRole('button', { name: 'Trả lại', exact: true });
    await returnButton.click();
    await review.getByLabel('Lý do trả lại').waitFor();
    await audit.screen('the review’s return panel', 'Theo dõi thực hiện', () => review.getByLabel('Lý do trả lại').waitFor());
    await review.getByRole('button', { name: 'Hủy' }).click();
    await expect.poll(() => focused(returnButton)).toBe(true);

    await goTo(page, stack.webUrl, `${DIRECTIVE}/${encodeURIComponent(COMMUNE)}`);
    await audit.screen('a district’s drill-down to a commune', 'Theo dõi thực hiện', () => page.locator('#page-title').waitFor());
    await goTo(page, stack.webUrl, '#/statistics');
    await audit.screen('a district’s statistics', 'Thống kê nhiệm vụ', () => page.getByTestId('statistics-summary').waitFor());

    expect([...communeAudit.findings, ...audit.findings]).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });

  it('the province’s screens, with the issue form’s steps; "Đọc" moves focus to the page’s heading', async ({ stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE });
    const audit = new Audit(page);
    await signIn(page, KG.province);
    await audit.screen('the province’s home', 'Trang chủ', () => page.getByTestId(`directive-${DIRECTIVE_1119.id}`).waitFor({ timeout: 60_000 }));
    // On a phone the directive list's two links stay apart (they ran together as "Theo dõiBáo cáo tổng hợp").
    await page.setViewportSize(PHONE);
    const links = page.getByTestId(`directive-${DIRECTIVE_1119.id}`).getByRole('link');
    const [open, compiled] = await Promise.all([links.nth(0).boundingBox(), links.nth(1).boundingBox()]);
    expect(compiled!.x >= open!.x + open!.width + 8 || compiled!.y >= open!.y + open!.height).toBe(true);
    await goTo(page, stack.webUrl, DIRECTIVE);
    await audit.screen('the province’s directive page', 'Theo dõi thực hiện', () => page.getByTestId(`child-${DISTRICT}`).first().waitFor());
    await goTo(page, stack.webUrl, `${DIRECTIVE}/${encodeURIComponent(DISTRICT)}/${encodeURIComponent(COMMUNE)}`);
    await audit.screen('the province’s drill-down to a commune', 'Theo dõi thực hiện', () => page.locator('#page-title').waitFor());
    await goTo(page, stack.webUrl, `#/compiled/${encodeURIComponent(DIRECTIVE_1119.id)}`);
    await audit.screen('the compiled report', 'Báo cáo tổng hợp', () => page.getByTestId('compiled-report').waitFor());
    await goTo(page, stack.webUrl, '#/statistics');
    await audit.screen('the province’s statistics', 'Thống kê nhiệm vụ', () => page.getByTestId('statistics-summary').waitFor());
    await goTo(page, stack.webUrl, '#/urging');
    await audit.screen('urging', 'Đôn đốc nhiệm vụ quá hạn', () => page.locator('#page-title').waitFor());
    await goTo(page, stack.webUrl, '#/escalations');
    await audit.screen('the escalation inbox', 'Đơn vị chậm, quá hạn cần đôn đốc', () => page.getByTestId('escalation-count').waitFor({ timeout: 60_000 }));
    await goTo(page, stack.webUrl, '#/help');
    await audit.screen('how each role works', 'Hướng dẫn sử dụng', () => page.locator('#page-title').waitFor());

    await goTo(page, stack.webUrl, '#/issue');
    await audit.screen('the issue form: the dispatch', 'Ban hành văn bản', () => page.getByTestId('issue-source').waitFor());
    await page.getByTestId('issue-source').fill(DISPATCH);
    await page.getByTestId('issue-read').click();
    const form = page.getByTestId('issue-form');
    await form.waitFor();
    // "Đọc" hid the step it was on: focus is on the page's heading, not lost to the body.
    await expect.poll(() => focused(page.locator('#page-title'))).toBe(true);
    await audit.screen('the issue form: the draft', 'Ban hành văn bản', () => form.waitFor());
    // The units the dispatch names but the system does not track go with their task; then the preview.
    await page.getByTestId('issue-task').nth(2).getByRole('button', { name: 'Bỏ nhiệm vụ' }).click();
    await page.getByTestId('issue-reference').fill('1235/UBND-KGVX');
    await page.getByTestId('issue-preview').click();
    const preview = page.getByTestId('issue-preview-result');
    await audit.screen('the issue form: the preview', 'Ban hành văn bản', () => preview.waitFor());

    expect(audit.findings).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });

  it('the administrator’s screens: accounts, an account’s form, enrolment from a file, province settings, units, province sign-in', async ({ stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE });
    const audit = new Audit(page);
    // The demo province's chair keeps Kiên Giang's accounts and is its system administrator.
    await signIn(page, KG.province);
    await goTo(page, stack.webUrl, '#/admin');
    // The demo's sign-ins are not among the accounts kept here: the list starts empty.
    await audit.screen('the accounts', 'Quản lý tài khoản', () => page.getByTestId('admin-create').waitFor({ timeout: 60_000 }));
    await page.getByTestId('admin-create').click();
    const form = page.getByTestId('admin-account-form');
    await audit.screen('a new account’s form', 'Quản lý tài khoản', () => form.waitFor());
    await form.getByLabel('Tên đăng nhập').fill('ct.a11y');
    await form.getByLabel('Họ và tên').fill('Người thử trợ năng');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.locator('[data-testid="admin-row"][data-username="ct.a11y"]').getByRole('button', { name: 'Sửa' }).click();
    await audit.screen('an account’s form, with its province sign-in', 'Quản lý tài khoản', () => page.getByTestId('admin-subject-link').waitFor());
    await goTo(page, stack.webUrl, '#/admin/import');
    await audit.screen('enrolment from a file', 'Nhập danh sách tài khoản', () => page.getByTestId('roster-file').waitFor());
    await goTo(page, stack.webUrl, '#/admin/settings');
    await audit.screen('the province’s settings', 'Thiết lập của tỉnh', () => page.getByTestId('settings-form').waitFor());
    await goTo(page, stack.webUrl, '#/admin/units');
    await audit.screen('the units', 'Quản lý đơn vị hành chính', () => page.getByTestId('units-form').waitFor());
    await goTo(page, stack.webUrl, '#/admin/sso');
    await audit.screen('province sign-in', 'Đăng nhập bằng tài khoản của tỉnh', () => page.getByTestId('sso-unit').waitFor());
    expect(audit.findings).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });

  it('the coordinator’s home and compiled report', async ({ stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport: PHONE });
    const audit = new Audit(page);
    await signIn(page, KG.soTTTT);
    await audit.screen('the coordinator’s home', 'Trang chủ', () => page.getByTestId(`directive-${DIRECTIVE_1119.id}`).waitFor({ timeout: 60_000 }));
    await goTo(page, stack.webUrl, `#/compiled/${encodeURIComponent(DIRECTIVE_1119.id)}`);
    await audit.screen('the coordinator’s compiled report', 'Báo cáo tổng hợp', () => page.getByTestId('compiled-report').waitFor());
    expect(audit.findings).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });
});
