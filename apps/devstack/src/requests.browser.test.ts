import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { Client, Connection } from '@temporalio/client';
import { issueDirective } from '@chidao/api';
import { createDb, createRepositories } from '@chidao/db';
import { DIRECTIVE_1119, KG, localDateOf, type Directive } from '@chidao/domain';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';
import { browserTest as it, deviceStore, expectNoSidewaysScroll, screenshotPath } from './browser';

/**
 * Changes while a directive runs, end to end: a deadline extension (gia hạn) a commune asks for and
 * its district approves; a district forwarding a directive addressed to district chairs only down
 * to its wards (chuyển giao), the wards seeing it, and the district moving one ward's task to
 * another (giao lại).
 */
const DISTRICT = 'kg.rach-gia';
// A commune no other browser test uses.
const COMMUNE = 'kg.rach-gia.x-phi-thong';

const DAY = 86_400_000;
/** A day `n` days from now in Việt Nam, as the API (yyyy-MM-dd) and as typed (dd/MM/yyyy). */
const inDays = (n: number) => localDateOf(new Date(Date.now() + n * DAY).toISOString());
const typed = (day: string) => day.split('-').reverse().join('/');

describe('an extension request', () => {
  it('a commune asks for a later report day, the district approves, the commune sees the new deadline', async ({ stack, openPage, consoleErrors, signIn }) => {
    const viewport = { width: 390, height: 844 };
    const communePage = await openPage({ viewport });
    const districtPage = await openPage({ viewport: { width: 1280, height: 900 } });
    // Two months from today, whatever day the test runs: later than 1119's own deadline of 2020.
    const later = typed(inDays(60));
    await signIn(communePage, COMMUNE);
    const card = communePage.getByTestId(`assignment-${COMMUNE}`);
    await card.getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');

    await card.getByTestId('extension-open').click();
    await card.getByTestId('extension-date').fill(later);
    await card.getByTestId('extension-reason').fill('Chờ số liệu của các ấp vùng sâu.');
    await card.getByTestId('extension-submit').click();
    await expect.poll(() => card.getByTestId('extension-1').getAttribute('data-state')).toBe('pending');
    await communePage.screenshot({ path: screenshotPath('extension-requested-phone'), fullPage: true });

    await signIn(districtPage, DISTRICT);
    await districtPage.goto(`${stack.webUrl}/#/directives/${DIRECTIVE_1119.id}`);
    const request = districtPage.getByTestId(`child-request-${COMMUNE}`);
    await request.getByTestId('extension-approve').click();
    await expect.poll(() => districtPage.getByTestId('child-requests-done').count()).toBeGreaterThan(0);
    await districtPage.screenshot({ path: screenshotPath('extension-approved-desktop'), fullPage: true });

    await expect.poll(() => card.getByTestId('extension-1').getAttribute('data-state'), { timeout: 45_000 }).toBe('approved');
    await communePage.reload();
    await expect.poll(() => card.getByTestId('deadline').textContent()).toContain(`Hạn báo cáo: ${later} 23:59`);
    await communePage.screenshot({ path: screenshotPath('extension-granted-phone'), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});

/**
 * A directive to the district chairs only, with a report deadline a month ahead, entered today.
 * Dated Kiên Giang's last day, 30/6/2025: its committees and districts ended then, and the API
 * refuses one dated later (this one goes straight to the engine, but is one the API would issue).
 */
const TO_DISTRICTS: Directive = {
  id: 'kg.2025.46-ubnd-vx',
  reference: '46/UBND-VX',
  issuerUnitId: KG.province,
  place: 'Kiên Giang',
  date: '2025-06-30',
  subject: 'V/v rà soát hộ nghèo năm nay',
  urgency: null,
  recipients: [{ text: 'Chủ tịch UBND các huyện, thành phố.', group: { type: 'level', level: 'district', kinds: ['people_committee'] } }],
  tasks: [{ id: 't1', text: 'Chỉ đạo các xã, phường rà soát hộ nghèo.', assignees: [{ type: 'level', level: 'district', kinds: ['people_committee'] }] }],
  targets: [],
  deadlines: [{ text: 'trong tháng', due: inDays(30) }],
  coordinatorUnitId: null,
  signer: { capacity: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
  copiesTo: [],
};

/** The keys of the drafts kept in the device's store. */
const keptDraftKeys = async (page: Page): Promise<string[]> => (await deviceStore(page)).map(([key]) => key).filter((key) => key.startsWith('draft:'));

describe('forwarding a task to the units below', () => {
  it.beforeAll(async ({ stack }) => {
    const connection = await Connection.connect({ address: stack.temporalAddress, tls: stack.temporalTls });
    const db = createDb(stack.databaseUrl);
    try {
      await issueDirective({ repos: createRepositories(db), client: new Client({ connection }), taskQueue: DEFAULT_TASK_QUEUE }, TO_DISTRICTS);
    } finally {
      await db.close();
      await connection.close();
    }
  });

  const WIDTHS = [
    // At desktop width Rạch Giá picks two wards, then moves one ward's task to a third.
    { name: 'desktop', viewport: { width: 1280, height: 900 }, district: 'kg.rach-gia', wards: ['kg.rach-gia.p-vinh-bao', 'kg.rach-gia.p-vinh-lac'], all: false },
    // On a phone Hà Tiên hands it to every one of its seven wards and communes.
    { name: 'phone', viewport: { width: 390, height: 844 }, district: 'kg.ha-tien', wards: ['kg.ha-tien.p-dong-ho'], all: true },
  ] as const;

  it.for(WIDTHS)('at $name width: the district forwards with its instructions and deadline, the ward sees the task', async ({ name, viewport, district, wards, all }, { stack, openPage, consoleErrors, signIn }) => {
    const districtPage = await openPage({ viewport });
    const wardPage = await openPage({ viewport });
    const instructions = `Các phường, xã rà soát từng tổ dân phố và báo cáo ${district === 'kg.rach-gia' ? 'thành phố Rạch Giá' : 'thành phố Hà Tiên'} trước.`;
    await signIn(districtPage, district);
    await districtPage.goto(`${stack.webUrl}/#/directives/${encodeURIComponent(TO_DISTRICTS.id)}`);
    const form = districtPage.getByTestId('forward-task');
    await expect.poll(() => form.count(), { timeout: 30_000 }).toBe(1);
    if (!all) {
      await form.getByTestId('forward-some').check();
      for (const ward of wards) await form.getByTestId(`forward-unit-${ward}`).check();
    }
    await form.getByTestId('forward-instructions').fill(instructions);
    // A day later than the district's own deadline is refused before anything is sent.
    await form.getByTestId('forward-report-date').fill(typed(inDays(40)));
    await form.getByTestId('forward-submit').click();
    await expect.poll(() => form.locator('.field__error').first().textContent()).toContain(typed(inDays(30)));
    await form.getByTestId('forward-report-date').fill(typed(inDays(20)));
    await form.getByTestId('forward-acknowledge-date').fill(typed(inDays(5)));
    await form.getByTestId('forward-submit').click();
    await expect.poll(() => form.getByTestId('forward-done').textContent(), { timeout: 30_000 }).toContain(
      `Đã chuyển giao cho ${all ? 7 : wards.length} đơn vị, hạn báo cáo ${typed(inDays(20))}.`,
    );
    // The wards appear below the district, not yet acknowledged.
    for (const ward of wards) {
      await expect.poll(() => districtPage.getByTestId(`child-${ward}`).getAttribute('data-state'), { timeout: 30_000 }).toBe('issued');
    }
    if (name === 'phone') await expectNoSidewaysScroll(districtPage);
    await districtPage.screenshot({ path: screenshotPath(`forward-district-${name}`), fullPage: true });

    // The ward finds the task in its own list, with the district's instructions and deadline.
    await signIn(wardPage, wards[0]);
    const card = wardPage.getByTestId(`assignment-${wards[0]}`).filter({ hasText: TO_DISTRICTS.reference });
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => card.getByTestId('assignment-instructions').textContent()).toContain(instructions);
    await expect.poll(() => card.getByTestId('deadline').textContent()).toContain(`${typed(inDays(5))} 23:59`);
    await card.getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');
    await expect.poll(() => card.getByTestId('deadline').textContent()).toContain(`Hạn báo cáo: ${typed(inDays(20))} 23:59`);
    if (name === 'phone') await expectNoSidewaysScroll(wardPage);
    await wardPage.screenshot({ path: screenshotPath(`forward-ward-${name}`), fullPage: true });

    if (!all) {
      // Giao lại: the district moves the second ward's task to a third ward.
      const [, second] = wards;
      const third = 'kg.rach-gia.p-vinh-hiep';
      await districtPage.getByTestId(`reassign-${second}`).click();
      const move = districtPage.getByTestId('reassign-task');
      await move.getByTestId('reassign-target').selectOption(third);
      await move.getByTestId('reassign-reason').fill('Giao nhầm phường, đúng là phường Vĩnh Hiệp.');
      // The reason is kept on the device like every form's input: once it is stored, a reload (as a
      // closed tab) opens the form again on the same row with the same unit and reason.
      await expect.poll(() => keptDraftKeys(districtPage)).toContain(`draft:u.${district}:reassign:directive:${TO_DISTRICTS.id}/unit:${second}`);
      await districtPage.reload();
      await expect.poll(() => move.getByTestId('reassign-reason').inputValue(), { timeout: 30_000 }).toBe('Giao nhầm phường, đúng là phường Vĩnh Hiệp.');
      expect(await move.getByTestId('reassign-target').inputValue()).toBe(third);
      await move.getByTestId('reassign-submit').click();
      await expect.poll(() => move.getByTestId('reassign-done').textContent(), { timeout: 30_000 }).toContain('UBND phường Vĩnh Hiệp');
      await expect.poll(() => districtPage.getByTestId(`child-${second}`).getAttribute('data-state'), { timeout: 30_000 }).toBe('reassigned');
      await expect.poll(() => districtPage.getByTestId(`child-${third}`).getAttribute('data-state'), { timeout: 30_000 }).toBe('issued');
      await districtPage.screenshot({ path: screenshotPath(`reassign-district-${name}`), fullPage: true });
    }
    expect(consoleErrors()).toEqual([]);
  });
});
