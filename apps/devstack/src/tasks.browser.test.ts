import { Client, Connection } from '@temporalio/client';
import { describe, expect } from 'vitest';
import { issueDirective } from '@chidao/api';
import { createDb, createRepositories } from '@chidao/db';
import { DIRECTIVE_1119, KG, localDateOf, type Directive } from '@chidao/domain';
import { DEFAULT_TASK_QUEUE } from '@chidao/workflows';
import { browserTest as it, screenshotPath } from './browser';

/**
 * Tasks one by one, on a phone (390 px): in 1119, Sở TT&TT leads bullet 8 with Đài PT-TH and Báo Kiên
 * Giang cooperating. Đài PT-TH (which leads bullet 1 for its own staff) sends its contribution to bullet
 * 8; Sở TT&TT sees it on its own page and reports both its bullets done; the province accepts; the
 * province's chair opens the month's statistics and finds Sở TT&TT's two tasks done on time.
 */
const SO_TTTT = 'kg.so-tttt';
const DAI = 'kg.dai-ptth';
const PROVINCE = 'kg';
const PHONE = { width: 390, height: 844 };
const CONTRIBUTION = 'Đã phát 12 bản tin hướng dẫn cài đặt Bluezone trên sóng truyền hình tỉnh.';
const FIGURES: Record<string, string> = {
  'Số lượt cài đặt Bluezone (lũy kế)': '120',
  'Dân số từ 15 đến 60 tuổi': '300',
  'Số người dùng điện thoại thông minh': '250',
};

describe('tasks with their leads', () => {
  it('a cooperating unit contributes, the lead reads it and reports, and the chair reads the month’s statistics', async ({ stack, openPage, consoleErrors, signIn }) => {
    const dai = await openPage({ viewport: PHONE });
    await signIn(dai, DAI);
    const daiCard = dai.getByTestId(`assignment-${DAI}`);
    await daiCard.waitFor({ timeout: 60_000 });
    // Its two bullets with its role on each: it leads bullet 1, cooperates on bullet 8.
    await expect.poll(() => daiCard.locator('[data-task="t1"]').first().getAttribute('data-role')).toBe('lead');
    await expect.poll(() => daiCard.locator('[data-task="t8"]').first().getAttribute('data-role')).toBe('cooperating');
    // The form is there once the task is acknowledged.
    await daiCard.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const tasks = daiCard.getByTestId('report-tasks');
    await tasks.waitFor();
    const t8 = tasks.locator('[data-task="t8"]');
    await t8.getByLabel('Đã gửi ý kiến phối hợp cho đơn vị chủ trì').check();
    await t8.getByLabel('Ý kiến phối hợp gửi đơn vị chủ trì').fill(CONTRIBUTION);
    for (const [label, value] of Object.entries(FIGURES)) await daiCard.getByLabel(label).fill(value);
    await daiCard.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => daiCard.getAttribute('data-state')).toBe('reported');
    await expect.poll(() => daiCard.getByTestId('report-task-marks').textContent()).toContain('đã gửi ý kiến phối hợp');
    await tasks.scrollIntoViewIfNeeded();
    await dai.screenshot({ path: screenshotPath('tasks-cooperating-phone') });

    // The lead sees the contribution on its own page, and reports both its bullets done.
    const so = await openPage({ viewport: PHONE });
    await signIn(so, SO_TTTT);
    const soCard = so.getByTestId(`assignment-${SO_TTTT}`);
    await soCard.waitFor({ timeout: 60_000 });
    const contributions = soCard.getByTestId('contributions');
    await expect.poll(() => contributions.textContent(), { timeout: 30_000 }).toContain(CONTRIBUTION);
    await expect.poll(() => contributions.locator(`[data-unit="${DAI}"]`).getAttribute('data-done')).toBe('true');
    // Báo Kiên Giang cooperates too and has sent nothing yet.
    await expect.poll(() => contributions.locator('[data-unit="kg.bao-kien-giang"]').textContent()).toContain('chưa gửi ý kiến');
    await soCard.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const soTasks = soCard.getByTestId('report-tasks');
    await soTasks.waitFor();
    for (const task of ['t1', 't8']) await soTasks.locator(`[data-task="${task}"]`).getByLabel('Đã hoàn thành').check();
    await soTasks.locator('[data-task="t8"]').getByLabel('Kết quả, ghi chú').fill('Tổng hợp cùng Đài PT-TH và Báo Kiên Giang.');
    for (const [label, value] of Object.entries(FIGURES)) await soCard.getByLabel(label).fill(value);
    await soCard.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await expect.poll(() => soCard.getAttribute('data-state')).toBe('reported');
    await contributions.scrollIntoViewIfNeeded();
    await so.screenshot({ path: screenshotPath('tasks-lead-phone') });

    // The province accepts the lead's report, then reads the month's statistics.
    const chair = await openPage({ viewport: PHONE });
    await signIn(chair, PROVINCE);
    const directiveId = await soCard.getAttribute('data-directive-id');
    await chair.goto(`${stack.webUrl}#/directives/${encodeURIComponent(directiveId!)}`);
    const review = chair.getByTestId(`review-${SO_TTTT}`);
    await review.waitFor({ timeout: 30_000 });
    await review.getByRole('button', { name: 'Chấp nhận' }).click();
    await expect.poll(() => chair.getByTestId('review-done').textContent()).toContain('Đã chấp nhận báo cáo lần 1');

    await chair.getByTestId('nav-statistics').click();
    const byUnit = chair.getByTestId('statistics-by-unit');
    await byUnit.waitFor({ timeout: 30_000 });
    const soRow = byUnit.locator(`[data-row="${SO_TTTT}"]`);
    await expect.poll(() => soRow.locator('[data-bucket="doneOnTime"]').textContent()).toBe('2');
    await expect.poll(() => soRow.locator('[data-bucket="total"]').textContent()).toBe('2');
    // Đài PT-TH is counted for the bullet it leads only; its contribution to bullet 8 is not a task of its own.
    await expect.poll(() => byUnit.locator(`[data-row="${DAI}"] [data-bucket="total"]`).textContent()).toBe('1');
    // Every figure adds up: the by-unit total row is the summary's.
    const summaryTotal = await chair.getByTestId('statistics-summary').locator('[data-bucket="total"]').textContent();
    expect(await byUnit.locator('[data-row="total"] [data-bucket="total"]').textContent()).toBe(summaryTotal);
    expect(await chair.getByTestId('statistics-by-task').locator('[data-row="total"] [data-bucket="total"]').textContent()).toBe(summaryTotal);
    await chair.screenshot({ path: screenshotPath('tasks-statistics-phone') });
    await soRow.scrollIntoViewIfNeeded();
    await chair.screenshot({ path: screenshotPath('tasks-statistics-row-phone') });

    // The unit's row opens its tasks.
    await soRow.getByRole('button').click();
    const drill = chair.getByTestId('statistics-drill');
    await expect.poll(() => drill.locator(`[data-unit="${SO_TTTT}"]`).count()).toBe(2);
    await expect.poll(() => drill.textContent()).toContain('Hoàn thành đúng hạn');
    await drill.scrollIntoViewIfNeeded();
    await chair.screenshot({ path: screenshotPath('tasks-statistics-drill-phone') });
    expect(consoleErrors()).toEqual([]);
  });
});

const WARD = 'kg.rach-gia.p-vinh-thanh-van';
const inDays = (n: number) => localDateOf(new Date(Date.now() + n * 86_400_000).toISOString());
/** A paper dispatch the province's office enters two days after its task fell due: overdue on arrival. */
const LATE: Directive = {
  id: `kg.${inDays(0).slice(0, 4)}.88-ubnd-vx`,
  reference: '88/UBND-VX',
  issuerUnitId: KG.province,
  place: 'Kiên Giang',
  date: inDays(-5),
  subject: 'V/v báo cáo nhanh tình hình cài đặt',
  urgency: null,
  recipients: [{ text: 'Sở Giáo dục và Đào tạo; UBND phường Vĩnh Thanh Vân.', group: { type: 'units', unitIds: [KG.soGDDT, WARD] } }],
  tasks: [{ id: 't1', text: 'Báo cáo nhanh số liệu cài đặt ban đầu.', assignees: [{ type: 'units', unitIds: [KG.soGDDT, WARD] }], due: { type: 'date', date: inDays(-2) } }],
  targets: [],
  deadlines: [],
  coordinatorUnitId: null,
  signer: { capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Nguyễn Văn A' },
  copiesTo: [],
};

describe('the urging document', () => {
  it('the chair drafts an urging from the overdue tasks, issues it, and the ward sees it on its task', async ({ stack, openPage, consoleErrors, signIn }) => {
    const db = createDb(stack.databaseUrl);
    const connection = await Connection.connect({ address: stack.temporalAddress, tls: stack.temporalTls });
    try {
      const repos = createRepositories(db);
      await issueDirective({ repos, client: new Client({ connection }), taskQueue: DEFAULT_TASK_QUEUE }, LATE);
      await expect.poll(async () => (await repos.assignments.statesForDirective(LATE.id)).length, { timeout: 60_000 }).toBe(2);
    } finally {
      await connection.close();
      await db.close();
    }

    const chair = await openPage({ viewport: PHONE });
    await signIn(chair, PROVINCE);
    await chair.getByTestId('nav-statistics').click();
    const overdue = chair.getByTestId('statistics-summary').locator('[data-bucket="notDoneOverdue"]');
    await expect.poll(() => overdue.textContent(), { timeout: 30_000 }).toBe('2');
    await chair.getByTestId('draft-urging').click();
    const form = chair.getByTestId('urging-form');
    await form.waitFor({ timeout: 30_000 });
    const recipients = chair.getByTestId('urging-recipients');
    await expect.poll(() => recipients.textContent()).toContain('Sở Giáo dục và Đào tạo');
    await expect.poll(() => recipients.textContent()).toContain('Vĩnh Thanh Vân');
    const body = form.getByLabel('Nội dung văn bản');
    expect(await body.inputValue()).toContain('Nhiệm vụ "Báo cáo nhanh số liệu cài đặt ban đầu." tại Văn bản số 88/UBND-VX');
    await form.getByLabel('Số:').fill('125/UBND-VP');
    await body.fill(`${await body.inputValue()}\nĐề nghị gửi báo cáo qua hệ thống theo dõi.`);
    await chair.screenshot({ path: screenshotPath('urging-draft-phone') });
    await form.getByRole('button', { name: 'Ban hành văn bản đôn đốc' }).click();
    await expect.poll(() => chair.getByTestId('urging-issued').textContent()).toContain('125/UBND-VP');
    await expect.poll(() => chair.getByTestId('urging-issued').textContent()).toContain('2 đơn vị');

    const ward = await openPage({ viewport: PHONE });
    await signIn(ward, WARD);
    const card = ward.locator(`[data-directive-id="${LATE.id}"]`);
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.getByTestId('assignment-urged').textContent()).toContain('Đã bị đôn đốc bằng Văn bản số 125/UBND-VP');
    await card.getByTestId('assignment-urged').scrollIntoViewIfNeeded();
    await ward.screenshot({ path: screenshotPath('urging-received-phone') });
    expect(consoleErrors()).toEqual([]);
  });
});

describe('đề nghị điều chỉnh', () => {
  it('a Sở asks to drop a task, the province agrees on its directive page, and the task leaves the Sở’s report form', async ({ stack, openPage, consoleErrors, signIn }) => {
    const so = await openPage({ viewport: PHONE });
    await signIn(so, KG.soGDDT);
    // Its card of 1119 (the urging test above gave it another directive).
    const card = so.locator(`[data-testid="assignment-${KG.soGDDT}"][data-directive-id="${DIRECTIVE_1119.id}"]`);
    await card.waitFor({ timeout: 60_000 });
    // Acknowledged first: a unit asks once it has read the task.
    await card.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('acknowledged');
    const section = card.getByTestId('adjustments');
    await section.getByTestId('adjustment-open').click();
    const form = section.getByTestId('adjustment-form');
    await form.getByLabel('Nhiệm vụ', { exact: true }).selectOption('t4');
    await form.getByLabel('Đề nghị', { exact: true }).selectOption('drop');
    await form.getByLabel('Lý do', { exact: true }).fill('Sở đã triển khai qua hệ thống trường học từ tuần trước.');
    await form.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await expect.poll(() => section.getByTestId('adjustment-1').getAttribute('data-state')).toBe('pending');
    await so.screenshot({ path: screenshotPath('adjustment-asked-phone') });

    const chair = await openPage({ viewport: PHONE });
    await signIn(chair, PROVINCE);
    await chair.goto(`${stack.webUrl}#/directives/${encodeURIComponent(DIRECTIVE_1119.id)}`);
    const line = chair.getByTestId(`adjustment-${KG.soGDDT}-1`);
    await line.waitFor({ timeout: 30_000 });
    await expect.poll(() => line.textContent()).toContain('Không giao cho đơn vị thực hiện');
    await line.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    await expect.poll(() => chair.getByTestId('adjustment-done').textContent()).toContain('Đã đồng ý đề nghị của Sở Giáo dục và Đào tạo');

    // The Sở's card marks the task dropped, and its report form no longer asks about it.
    await expect.poll(() => card.locator('li[data-task="t4"]').textContent(), { timeout: 30_000 }).toContain('đã được miễn thực hiện');
    await expect.poll(() => card.getByTestId('report-tasks').locator('[data-task="t4"]').count()).toBe(0);
    expect(consoleErrors()).toEqual([]);
  });
});
