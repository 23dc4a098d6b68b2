import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { Client, Connection } from '@temporalio/client';
import { issueDirective } from '@chidao/api';
import { createDb, createRepositories } from '@chidao/db';
import { directiveIdOf, KG, kienGiangUnits, localDateOf, type Directive, type RecipientGroup } from '@chidao/domain';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';
import type { Stack } from './stack';
import { browserTest as it, expectNoSidewaysScroll, screenshotPath } from './browser';

/**
 * The escalation inbox as officials use it: a count on the home page, the page of its own with
 * filters and pages served by the API, and the actions taken from a row (yêu cầu giải trình, đã xử
 * lý). And the directive page right after issuing, while the directive is still being delivered.
 */

const DISTRICT = 'kg.rach-gia';
const DAY = 86_400_000;
/** A day `n` days from now in Việt Nam (yyyy-MM-dd): deadlines that have not passed, whatever day the test runs. */
const inDays = (n: number) => localDateOf(new Date(Date.now() + n * DAY).toISOString());

const DISTRICTS: RecipientGroup = { type: 'level', level: 'district', kinds: ['people_committee'] };
/** The wards and communes of Rạch Giá and Hà Tiên: enough escalations for more than one page, few enough workflows for a shared machine. */
const COMMUNE_IDS = kienGiangUnits()
  .filter((u) => u.parentId === DISTRICT || u.parentId === 'kg.ha-tien')
  .map((u) => u.id);
const COMMUNES: RecipientGroup = { type: 'units', unitIds: COMMUNE_IDS };

/**
 * A paper dispatch of 2020 entered today, after its own deadlines: to acknowledge by 04/09/2020 and
 * report by 10/09/2020. Every unit escalates at once, each district to the province and each commune
 * to its district and then to the province.
 */
const LATE: Directive = {
  id: directiveIdOf(KG.province, '2020-09-03', '1230/UBND-KGVX'),
  reference: '1230/UBND-KGVX',
  issuerUnitId: KG.province,
  place: 'Kiên Giang',
  date: '2020-09-03',
  subject: 'V/v rà soát người về từ vùng dịch',
  urgency: 'Hỏa tốc',
  recipients: [
    { text: 'Chủ tịch UBND các huyện, thành phố;', group: DISTRICTS },
    { text: 'Chủ tịch UBND các phường, xã thuộc thành phố Rạch Giá và Hà Tiên.', group: COMMUNES },
  ],
  tasks: [{ id: 't1', text: 'Rà soát người về từ vùng dịch.', assignees: [DISTRICTS, COMMUNES] }],
  targets: [],
  deadlines: [{ text: 'báo cáo trước ngày 10/9/2020.', due: '2020-09-10T16:00:00+07:00' }],
  coordinatorUnitId: null,
  signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Lâm Minh Thành' },
  copiesTo: [],
  tracking: { acknowledgeWithin: { type: 'date', date: '2020-09-04' } },
};

/** A directive to the district chairs with deadlines a month ahead, for the delivery after issuing. */
const TO_DISTRICTS: Directive = {
  id: directiveIdOf(KG.province, '2025-06-30', '47/UBND-VX'),
  reference: '47/UBND-VX',
  issuerUnitId: KG.province,
  place: 'Kiên Giang',
  date: '2025-06-30',
  subject: 'V/v rà soát hộ cận nghèo',
  urgency: null,
  recipients: [{ text: 'Chủ tịch UBND các huyện, thành phố.', group: DISTRICTS }],
  tasks: [{ id: 't1', text: 'Rà soát hộ cận nghèo.', assignees: [DISTRICTS] }],
  targets: [],
  deadlines: [{ text: 'trong tháng', due: inDays(30) }],
  coordinatorUnitId: null,
  signer: { capacity: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
  copiesTo: [],
};

/** Runs `work` with the stack's database and Temporal, as the API's issuing does. */
async function withEngine<T>(stack: Stack, work: (deps: { repos: ReturnType<typeof createRepositories>; client: Client }) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: stack.temporalAddress, tls: stack.temporalTls });
  const db = createDb(stack.databaseUrl);
  try {
    return await work({ repos: createRepositories(db), client: new Client({ connection }) });
  } finally {
    await db.close();
    await connection.close();
  }
}

const rows = (page: Page) => page.locator('tr[data-testid^="escalation-"]');
const total = async (page: Page) => Number(await page.getByTestId('escalation-count').getAttribute('data-total'));

const WIDTHS = [
  // The province: the fifteen districts late to acknowledge and to report (to it as their parent), and
  // the communes likewise (to provincial leadership).
  { name: 'desktop', viewport: { width: 1280, height: 900 }, unit: KG.province, raised: 2 * (15 + COMMUNE_IDS.length), level: 'parent', levelText: 'Chuyển cấp trên trực tiếp' },
  // Rạch Giá: its twelve wards and communes, each late to acknowledge and to report.
  { name: 'phone', viewport: { width: 390, height: 844 }, unit: DISTRICT, raised: 2 * 12, level: 'parent', levelText: 'Chuyển cấp trên trực tiếp' },
] as const;

describe('the escalation inbox', () => {
  it.beforeAll(async ({ stack }) => {
    await withEngine(stack, ({ repos, client }) => issueDirective({ repos, client, taskQueue: DEFAULT_TASK_QUEUE }, LATE, { once: true }));
  });

  it.for(WIDTHS)('at $name width: a count on the home page; the page filters, pages, asks to explain and marks handled', async ({ name, viewport, unit, raised, level, levelText }, { stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport });
    await signIn(page, unit);
    // Home: only the count, with a link, never the rows.
    const link = page.getByTestId('escalations-link');
    await expect.poll(() => link.count(), { timeout: 90_000 }).toBe(1);
    // Every one raised (the engine raises them one by one), before the page is read.
    await expect.poll(async () => Number(await link.getAttribute('data-total')), { timeout: 90_000 }).toBe(raised);
    expect(await link.textContent()).toMatch(/^\s*Đơn vị chậm, quá hạn cần đôn đốc: \d+$/);
    expect(await rows(page).count()).toBe(0);
    await page.screenshot({ path: screenshotPath(`escalations-home-${name}`), fullPage: true });

    await link.getByRole('link').click();
    await expect.poll(() => page.url()).toContain('#/escalations');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đơn vị chậm, quá hạn cần đôn đốc');
    const count = page.getByTestId('escalation-count');
    await count.waitFor();
    const open = await total(page);
    expect(open).toBe(raised);
    // One page at a time, served by the API.
    expect(await rows(page).count()).toBe(20);
    expect(await count.textContent()).toBe(`Hiển thị 1–20 trên tổng số ${open}`);
    await page.getByTestId('page-next').click();
    await expect.poll(() => count.textContent()).toBe(`Hiển thị 21–${Math.min(40, open)} trên tổng số ${open}`);
    expect(await rows(page).count()).toBe(Math.min(20, open - 20));
    await page.getByTestId('page-previous').click();
    await expect.poll(() => count.textContent()).toBe(`Hiển thị 1–20 trên tổng số ${open}`);

    // Each row names its công văn and its unit, with links; raised when the directive was entered, and says why.
    const first = rows(page).first();
    expect(await first.getByTestId('escalation-directive').textContent()).toBe(LATE.reference);
    expect(await first.getByTestId('escalation-directive').getAttribute('href')).toBe(`#/directives/${encodeURIComponent(LATE.id)}`);
    expect((await first.getByRole('rowheader').getByRole('link').getAttribute('href'))?.startsWith(`#/directives/${encodeURIComponent(LATE.id)}/`)).toBe(true);
    expect(await first.getByRole('rowheader').textContent()).toMatch(/^UBND /);
    expect(await first.getByTestId('entered-after-deadline').textContent()).toContain('Văn bản được nhập vào hệ thống khi đã quá hạn này');
    expect(await first.getByTestId('escalation-urge').getAttribute('href')).toBe(`#/urging/${encodeURIComponent(LATE.id)}`);
    if (unit === KG.province) {
      // Its issuer's "đôn đốc" drafts the urging from that directive's overdue tasks only (the API's
      // filter is tested in packages/api tasks.test.ts; this directive, entered after its own deadline,
      // may have none counted overdue, and the page then says there is nothing to urge).
      await first.getByTestId('escalation-urge').click();
      await page.getByTestId('urging-one-directive').waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByTestId('urging-one-directive').getByRole('link').getAttribute('href')).toBe('#/urging');
      for (const text of await page.getByTestId('urging-tasks').locator('li').allTextContents()) expect(text).toContain(LATE.reference);
      await page.goBack();
      await count.waitFor();
      await expect.poll(() => total(page)).toBe(open);
    }
    // Deadlines given as dates: how long overdue, in days.
    expect(await first.getByTestId('escalation-overdue').textContent()).toMatch(/^Quá hạn \d+ ngày$/);

    // Filters: by reason, then by level; every row shown matches, and the total is the API's.
    await page.getByTestId('filter-directive').selectOption(LATE.id);
    await page.getByTestId('filter-reason').selectOption('report_overdue');
    await expect.poll(() => total(page)).toBeLessThan(open);
    const reportLate = await total(page);
    expect(reportLate).toBeGreaterThan(0);
    for (const text of await rows(page).allTextContents()) expect(text).toContain('Chưa báo cáo quá hạn');
    await page.getByTestId('filter-reason').selectOption('');
    await page.getByTestId('filter-level').selectOption(level);
    await expect.poll(async () => (await rows(page).allTextContents()).every((text) => text.includes(levelText))).toBe(true);
    const atLevel = await total(page);
    if (name === 'phone') await expectNoSidewaysScroll(page);
    await page.screenshot({ path: screenshotPath(`escalations-filtered-${name}`), fullPage: true });

    // From a row: ask the unit to explain, then mark it handled; it leaves the open list for the handled one.
    const row = rows(page).first();
    const id = (await row.getAttribute('data-testid'))!;
    const unitName = (await row.getByRole('rowheader').textContent())!;
    await row.getByTestId('explanation-ask').click();
    await row.getByTestId('explanation-question').fill('Đề nghị giải trình lý do chưa tiếp nhận văn bản.');
    await row.getByTestId('explanation-ask-submit').click();
    await expect.poll(() => row.getByRole('status').textContent(), { timeout: 30_000 }).toBe(`Đã yêu cầu ${unitName} giải trình.`);
    await row.getByTestId('escalation-resolve').click();
    await expect.poll(() => page.getByTestId(id).count()).toBe(0);
    await expect.poll(() => total(page)).toBe(atLevel - 1);
    await page.getByTestId('filter-state').selectOption('handled');
    await expect.poll(() => page.getByTestId(id).getAttribute('data-state')).toBe('resolved');
    await page.screenshot({ path: screenshotPath(`escalations-handled-${name}`), fullPage: true });

    // Back home, the count has one fewer.
    await page.goto(`${stack.webUrl}/#/`);
    await expect.poll(async () => Number(await page.getByTestId('escalations-link').getAttribute('data-total'))).toBeLessThan(open);
    expect(consoleErrors()).toEqual([]);
  });
});

describe('right after issuing', () => {
  it('the directive page says "Đã ban hành" and how many units have it until every one does, at 1280 and 390 px', async ({ stack, openPage, consoleErrors, signIn }) => {
    // Stored as issuing stores it, its workflow not yet started: the moment before the fan-out reaches anyone, held still.
    await withEngine(stack, ({ repos }) => repos.directives.insert(TO_DISTRICTS, `directive:${TO_DISTRICTS.id}`));
    const pages = await Promise.all([openPage({ viewport: { width: 1280, height: 900 } }), openPage({ viewport: { width: 390, height: 844 } })]);
    for (const page of pages) {
      await signIn(page, KG.province);
      await page.goto(`${stack.webUrl}/#/directives/${encodeURIComponent(TO_DISTRICTS.id)}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Theo dõi thực hiện: UBND tỉnh Kiên Giang');
      const delivery = page.getByTestId('overview-delivery');
      await expect.poll(() => delivery.textContent(), { timeout: 30_000 }).toBe('Đã ban hành · Đã giao cho 0/15 đơn vị');
      const overview = page.getByTestId(`overview-${TO_DISTRICTS.id}`);
      expect(await overview.textContent()).not.toContain('Không có');
      expect(await overview.textContent()).not.toContain('không giao cho đơn vị nào');
      // Nothing to report yet: no "0 / 0 đã báo cáo".
      expect(await page.getByTestId('rollup').count()).toBe(0);
    }
    await pages[1]!.screenshot({ path: screenshotPath('issued-delivering-phone'), fullPage: true });

    // The workflow starts and delivers: the fifteen districts appear, and the delivery line gives way to acknowledgements.
    await withEngine(stack, ({ repos, client }) => issueDirective({ repos, client, taskQueue: DEFAULT_TASK_QUEUE }, TO_DISTRICTS, { once: true }));
    for (const page of pages) {
      await expect.poll(() => page.getByTestId('overview-delivery').count(), { timeout: 60_000 }).toBe(0);
      await expect.poll(() => page.getByTestId('overview-below').textContent()).toContain('0 / 15 đã tiếp nhận');
      // Districts in the order officials list them: by place name, An Biên first.
      await expect.poll(() => page.locator('tr[data-testid^="child-"]').first().textContent()).toContain('UBND huyện An Biên');
    }
    await pages[0]!.screenshot({ path: screenshotPath('issued-delivered-desktop'), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});
