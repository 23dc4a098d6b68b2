import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { KG } from '@chidao/domain';
import { repoRoot } from '@chidao/testing';
import { browserTest as it, expectNoSidewaysScroll, screenshotPath } from './browser';

const DISTRICT = 'kg.rach-gia';
const FIXTURE = join(repoRoot(), 'packages', 'intake', 'fixtures', 'kien-giang-1205-UBND-KGVX-hoa-toc.txt');

const WIDTHS = [
  // Each width issues its own number: issuing one number twice is refused or a no-op.
  { name: 'desktop', viewport: { width: 1280, height: 900 }, reference: '1215/UBND-KGVX' },
  { name: 'phone', viewport: { width: 390, height: 844 }, reference: '1225/UBND-KGVX' },
] as const;

const dispatch = readFileSync(FIXTURE, 'utf8');

describe.each(WIDTHS)('at $name width', ({ name, viewport, reference }) => {
  const directiveId = `kg.2020.${reference.toLowerCase().replace('/', '-')}`;

  it('provincial leadership reads a pasted dispatch, corrects it, previews and issues it; a district receives it; the province gets the escalation', async ({ stack, openPage, consoleErrors, signIn }) => {
    const province = await openPage({ viewport });
    const district = await openPage({ viewport });
    await signIn(province, KG.province);
    await province.getByTestId('nav-issue').click();
    await expect.poll(() => province.getByRole('heading', { level: 1 }).textContent()).toBe('Ban hành văn bản chỉ đạo');

    // 1. Paste the dispatch and let the system read it.
    await province.getByTestId('issue-source').fill(dispatch);
    await province.getByTestId('issue-read').click();
    const form = province.getByTestId('issue-form');
    await form.waitFor();
    await expect.poll(() => province.getByTestId('issue-reference').inputValue()).toBe('1205/UBND-KGVX');
    // Each proposed field quotes the text it came from; what was not understood is listed.
    await expect.poll(() => form.getByTestId('source-quote').first().textContent()).toContain('1205/UBND-KGVX');
    await expect
      .poll(async () => (await form.getByTestId('source-quote').allTextContents()).join('\n'))
      .toContain('V/v triển khai khẩn cấp các biện pháp phòng, chống dịch COVID-19');
    const unrecognized = province.getByTestId('issue-unrecognized');
    await expect.poll(() => unrecognized.textContent()).toContain('Công an tỉnh');
    await expect.poll(() => unrecognized.textContent()).toContain('Bộ Chỉ huy Quân sự tỉnh');
    await province.screenshot({ path: screenshotPath(`issue-draft-${name}`), fullPage: true });

    // 2. Correct it: the police and the military command are not tracked here, so task 3 goes;
    //    the dispatch was received on paper and should have been acknowledged by 04/09/2020.
    await province.getByTestId('issue-preview').click();
    const problems = province.getByTestId('issue-problems');
    await expect.poll(() => problems.textContent()).toContain('Chưa chọn đơn vị.');
    await expect.poll(() => province.getByTestId('group-unresolved').count()).toBe(2);
    await province.getByTestId('issue-task').nth(2).getByRole('button', { name: 'Bỏ nhiệm vụ' }).click();
    await province.getByTestId('issue-reference').fill(reference);
    await province.getByTestId('issue-ack-by-date').check();
    await province.getByTestId('issue-ack-date').fill('04/09/2020');

    // 3. Preview: receivers and deadlines per level, and the warning that the deadline has passed.
    await province.getByTestId('issue-preview').click();
    const preview = province.getByTestId('issue-preview-result');
    await preview.waitFor();
    const levels = province.getByTestId('issue-levels');
    await expect.poll(() => levels.locator('tr[data-level="district"] td').first().textContent()).toContain('15');
    // Sở Y tế by name and every provincial department and organisation by level.
    await expect.poll(() => levels.locator('tr[data-level="province"] td').first().textContent()).toContain('25 (Sở, ban, ngành: 21; Đoàn thể: 4)');
    await expect.poll(() => levels.locator('tr[data-level="district"]').textContent()).toContain('04/09/2020 23:59');
    await expect
      .poll(async () => (await province.getByTestId('issue-notice').allTextContents()).join(' '))
      .toContain('Cấp huyện: hạn tiếp nhận đã qua. Đơn vị chưa tiếp nhận sẽ bị báo cấp trên ngay khi ban hành.');
    if (name === 'phone') await expectNoSidewaysScroll(province);
    await province.screenshot({ path: screenshotPath(`issue-preview-${name}`), fullPage: true });

    // 4. Issue: the new directive's page opens.
    await province.getByTestId('issue-confirm').click();
    await expect.poll(() => province.url()).toContain(`#/directives/${encodeURIComponent(directiveId)}`);
    await expect.poll(() => province.locator('main').textContent(), { timeout: 30_000 }).toContain(reference);
    await province.screenshot({ path: screenshotPath(`issue-issued-${name}`), fullPage: true });

    // The directive is in the province's list, with its districts.
    await province.goto(`${stack.webUrl}/#/`);
    await expect.poll(() => province.getByTestId('overviews').textContent(), { timeout: 30_000 }).toContain(reference);

    // A district chair finds the task in their inbox.
    await signIn(district, DISTRICT);
    const card = district.getByTestId(`assignment-${DISTRICT}`).filter({ hasText: reference });
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => card.getAttribute('data-state')).toBe('issued');
    await district.screenshot({ path: screenshotPath(`issue-district-inbox-${name}`), fullPage: true });

    // The acknowledgement deadline had passed: the engine escalated Rạch Giá to its parent, the province.
    // The home page counts them; the inbox page, filtered to this directive, lists them.
    await expect.poll(() => province.getByTestId('escalations-link').count(), { timeout: 60_000 }).toBe(1);
    await province.getByTestId('escalations-link').getByRole('link').click();
    await province.getByTestId('filter-directive').selectOption(directiveId);
    await province.getByTestId('filter-reason').selectOption('acknowledge_overdue');
    const escalation = province.getByTestId(`escalation-directive:${directiveId}/unit:${DISTRICT}#acknowledge:escalate_parent:1`);
    // Every district and department missed the date: Rạch Giá's row may be on a later page, and may still be on its way.
    await expect
      .poll(
        async () => {
          if ((await escalation.count()) === 1) return true;
          const next = province.getByTestId('page-next');
          if ((await next.count()) === 1 && (await next.isEnabled())) await next.click();
          // Past the last page: back to the first (a changed filter starts there).
          else await province.getByTestId('filter-reason').selectOption((await province.getByTestId('filter-reason').inputValue()) === '' ? 'acknowledge_overdue' : '');
          return false;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await expect.poll(() => escalation.getAttribute('data-state')).toBe('open');
    await province.screenshot({ path: screenshotPath(`issue-escalation-${name}`), fullPage: true });
    if (name === 'phone') await expectNoSidewaysScroll(province);
    expect(consoleErrors()).toEqual([]);
  });
});
