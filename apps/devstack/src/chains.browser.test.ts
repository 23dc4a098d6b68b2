import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BLUEZONE_METRICS, DIRECTIVE_1119, KG } from '@chidao/domain';
import { repoRoot } from '@chidao/testing';
import { browserTest as it, expectNoSidewaysScroll, screenshotPath } from './browser';

/**
 * A directive chain in the browser (issue 25), at 390 px: Rạch Giá opens 1119 and presses "Ban
 * hành văn bản thực hiện"; the form comes filled from its assignment and linked; it addresses its
 * wards, issues, and its directive's page says what it carries out, linking to 1119. The province,
 * on 1119's page, sees Rạch Giá's directive listed against Rạch Giá; a ward reports on it, and Rạch
 * Giá's own report on 1119 is filled from its rollup ("Điền số liệu từ tổng hợp") and sent. And Châu Thành pastes its 512,
 * which says "Thực hiện Công văn số 1119/UBND-KGVX ngày 19/8/2020": the form proposes the link.
 *
 * Kiên Giang's committees ended with 30/6/2025: Rạch Giá's directive is dated that last day (as
 * issue-blank.browser.test.ts enters Kiên Giang's).
 */
const PHONE = { width: 390, height: 844 } as const;
const RACH_GIA = 'kg.rach-gia';
const REFERENCE = '245/UBND-VP';
const WARD = 'kg.rach-gia.p-vinh-lac';
/** The report form's fields: 1119's figures, by their labels. */
const [INSTALLS, ADULTS, SMARTPHONES] = BLUEZONE_METRICS.map((m) => m.label) as [string, string, string];
const DIRECTIVE = `#/directives/${encodeURIComponent(DIRECTIVE_1119.id)}`;

it('Rạch Giá issues a directive carrying out 1119; the province sees it on 1119', async ({ stack, openPage, signIn }) => {
  const district = await openPage({ viewport: PHONE });
  await signIn(district, RACH_GIA);
  await district.goto(`${stack.webUrl}/${DIRECTIVE}`);
  await district.getByTestId('implement-open').click();
  const form = district.getByTestId('issue-form');
  await form.waitFor();
  await expect.poll(() => district.getByTestId('issue-subject').inputValue()).toMatch(/^Thực hiện Công văn số 1119\/UBND-KGVX ngày 19\/08\/2020 của Ủy ban nhân dân tỉnh Kiên Giang về đẩy mạnh/);
  await expect.poll(() => district.getByTestId('issue-implements').textContent()).toContain('1119/UBND-KGVX ngày 19/08/2020');
  // Its two tasks of 1119 (t1 and t9), each for the wards it addresses.
  await expect.poll(() => district.getByTestId('issue-task').count()).toBe(2);
  await district.getByTestId('issue-date').fill('30/06/2025');
  await district.getByTestId('issue-reference').fill(REFERENCE);
  await district.getByTestId('issue-preset-commune-people_committee').click();
  for (const task of await district.getByTestId('issue-task').all()) await task.getByTestId('issue-assign-all').click();
  await expectNoSidewaysScroll(district);
  await district.screenshot({ path: screenshotPath('chains-form-phone'), fullPage: true });
  await district.getByTestId('issue-preview').click();
  await district.getByTestId('issue-preview-result').waitFor();
  await district.getByTestId('issue-confirm').click();
  await expect.poll(() => district.url()).toContain(`#/directives/${encodeURIComponent(`${RACH_GIA}.2025.245-ubnd-vp`)}`);
  const note = district.getByTestId('directive-implements');
  await expect.poll(() => note.textContent(), { timeout: 30_000 }).toBe('Thực hiện Công văn số 1119/UBND-KGVX ngày 19/08/2020 của Ủy ban nhân dân tỉnh Kiên Giang');
  expect(await note.getByRole('link').getAttribute('href')).toBe(DIRECTIVE);

  const province = await openPage({ viewport: PHONE });
  await signIn(province, KG.province);
  await province.goto(`${stack.webUrl}/${DIRECTIVE}`);
  const row = province.getByTestId('chain-below').locator(`tr[data-unit="${RACH_GIA}"]`);
  await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain(`Số ${REFERENCE} ngày 30/06/2025`);
  await expect.poll(() => province.getByTestId('chain-below').locator('tr[data-unit="kg.ha-tien"]').textContent()).toContain('Chưa ban hành');
  await expectNoSidewaysScroll(province);
  await province.screenshot({ path: screenshotPath('chains-below-phone'), fullPage: true });

  // A ward reports on Rạch Giá's directive; Rạch Giá's report on 1119 is filled from that rollup and sent by Rạch Giá.
  const ward = await openPage({ viewport: PHONE });
  await signIn(ward, WARD);
  const wardCard = ward.getByTestId(`assignment-${WARD}`).filter({ hasText: REFERENCE });
  await expect.poll(() => wardCard.count(), { timeout: 60_000 }).toBe(1);
  await wardCard.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await expect.poll(() => wardCard.getAttribute('data-state'), { timeout: 30_000 }).toBe('acknowledged');
  await wardCard.getByLabel(INSTALLS).fill('500');
  await wardCard.getByLabel(ADULTS).fill('1000');
  await wardCard.getByLabel(SMARTPHONES).fill('600');
  await wardCard.getByLabel('Nội dung báo cáo').fill('Đi từng ngõ, gõ từng nhà.');
  await wardCard.getByRole('button', { name: 'Báo cáo', exact: true }).click();
  await expect.poll(() => wardCard.getAttribute('data-state')).toBe('reported');

  await district.goto(stack.webUrl);
  const own = district.getByTestId(`assignment-${RACH_GIA}`).filter({ hasText: '1119/UBND-KGVX' });
  await expect.poll(() => own.count(), { timeout: 30_000 }).toBe(1);
  await own.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await expect.poll(() => own.getAttribute('data-state'), { timeout: 30_000 }).toBe('acknowledged');
  const live = own.getByTestId('from-rollup');
  await expect.poll(() => live.textContent(), { timeout: 30_000 }).toContain(`từ văn bản thực hiện ${REFERENCE}: 1/`);
  await live.getByTestId('from-rollup-fill').click();
  expect(await own.getByLabel(INSTALLS).inputValue()).toBe('500');
  expect(await own.getByLabel(SMARTPHONES).inputValue()).toBe('600');
  await own.getByLabel('Nội dung báo cáo').fill('Tổng hợp từ báo cáo của các phường, xã.');
  await expectNoSidewaysScroll(district);
  await own.getByRole('button', { name: 'Báo cáo', exact: true }).click();
  await expect.poll(() => own.getAttribute('data-state')).toBe('reported');
  await expect.poll(() => live.textContent()).toContain('Số liệu đã gửi lên trùng với số liệu tổng hợp hiện nay.');
});

it('a pasted dispatch citing 1119 proposes the link, which the district confirms or removes', async ({ openPage, signIn }) => {
  const page = await openPage({ viewport: PHONE });
  await signIn(page, 'kg.chau-thanh');
  await page.getByTestId('nav-issue').click();
  await page.getByTestId('issue-source').fill(readFileSync(join(repoRoot(), 'packages', 'intake', 'fixtures', 'huyen-chau-thanh-512-UBND-VP.txt'), 'utf8'));
  await page.getByTestId('issue-read').click();
  await page.getByTestId('issue-form').waitFor();
  const cited = page.getByTestId('issue-basis-item');
  await expect.poll(() => cited.first().textContent()).toContain('1119/UBND-KGVX');
  expect(await cited.first().getByTestId('issue-basis-link').getAttribute('href')).toBe(DIRECTIVE);
  // Proposed, not recorded, until the district says so.
  expect(await page.getByTestId('issue-implements').count()).toBe(0);
  await cited.first().getByTestId('issue-basis-propose').click();
  await expect.poll(() => page.getByTestId('issue-implements').textContent()).toContain('Văn bản này thực hiện văn bản số 1119/UBND-KGVX ngày 19/08/2020');
  expect(await cited.first().getByTestId('issue-basis-propose').count()).toBe(0);
  await expectNoSidewaysScroll(page);
  await page.getByTestId('issue-implements-remove').click();
  await expect.poll(() => page.getByTestId('issue-implements').count()).toBe(0);
  await expect.poll(() => cited.first().getByTestId('issue-basis-propose').count()).toBe(1);
});
