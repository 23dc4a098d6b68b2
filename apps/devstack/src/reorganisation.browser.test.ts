import { describe, expect } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { AN_GIANG_2025, anGiang2025Units, successionOf, vietnam2025 } from '@chidao/admin-units';
import { applyReorganisation } from '@chidao/api';
import { createDb, createRepositories } from '@chidao/db';
import { DIRECTIVE_1119, KG, kienGiangUnits } from '@chidao/domain';
import { browserTest as it, screenshotPath } from './browser';

/**
 * 1119/UBND-KGVX running on Kiên Giang 2020 through the map of 1/7/2025, as people see it: the system
 * administrator applies the reorganisation (as `npm run reorganise -- … --apply` does); the province
 * finds the new phường among its units and what waits for its decision, on a phone, and moves Phường
 * Vĩnh Bảo's task to Phường Rạch Giá;
 * the new phường's chair finds the task, saying whose it took over.
 */
const BASIS = 'Nghị quyết số 1654/NQ-UBTVQH15, hiệu lực từ 01/07/2025';
const VINH_BAO = 'kg.rach-gia.p-vinh-bao';
const PHUONG_RACH_GIA = 'an-giang.p-rach-gia';

describe('after the map of 1/7/2025 is applied to 1119', () => {
  it('the province decides where a ward the lists do not name goes, and the new ward’s chair has the task', async ({ stack, openPage, consoleErrors, signIn }) => {
    const db = createDb(stack.databaseUrl);
    const connection = await Connection.connect({ address: stack.temporalAddress, tls: stack.temporalTls });
    try {
      await applyReorganisation(
        { repos: createRepositories(db), client: new Client({ connection }) },
        {
          directiveId: DIRECTIVE_1119.id,
          succession: successionOf(kienGiangUnits(), vietnam2025().merges.get(AN_GIANG_2025.code)!, anGiang2025Units(), { oldCodes: { from: '30733', to: '31199' } }),
          basis: BASIS,
          by: `u.${KG.province}`,
        },
      );
    } finally {
      await connection.close();
      await db.close();
    }

    const page = await openPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, KG.province);
    await page.goto(`${stack.webUrl}#/directives/${encodeURIComponent(DIRECTIVE_1119.id)}`);
    const decisions = page.getByTestId('reorganisation-decisions');
    await decisions.waitFor({ timeout: 60_000 });
    // The new phường is among the province's units, in place of Rạch Giá's nine; Hà Tiên's district has ended.
    await expect.poll(() => page.getByTestId(`child-${PHUONG_RACH_GIA}`).textContent(), { timeout: 30_000 }).toContain('UBND phường Rạch Giá');
    // (The page refreshes while the districts' assignments end, after every successor has started.)
    await expect.poll(() => page.getByTestId('child-kg.ha-tien').getAttribute('data-state'), { timeout: 60_000 }).toBe('recalled');
    await expect.poll(() => decisions.getByRole('heading', { level: 2 }).textContent()).toMatch(/^Chờ quyết định sau sắp xếp đơn vị hành chính \(\d+\)$/);
    expect(await decisions.textContent()).toContain(BASIS);
    const vinhBao = page.getByTestId(`decision-${VINH_BAO}`);
    expect(await vinhBao.textContent()).toContain('không có trong danh sách đơn vị trước ngày 01/7/2025 dưới tên này');
    const before = Number(/\((\d+)\)/.exec((await decisions.getByRole('heading', { level: 2 }).textContent()) ?? '')![1]);
    await decisions.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('reorganisation-decisions-phone') });

    // Choosing nothing is refused in words; then Phường Rạch Giá.
    await page.getByTestId(`decision-submit-${VINH_BAO}`).click();
    await expect.poll(() => vinhBao.textContent()).toContain('Vui lòng chọn đơn vị mới.');
    await page.getByTestId(`decision-target-${VINH_BAO}`).selectOption(PHUONG_RACH_GIA);
    await page.getByTestId(`decision-submit-${VINH_BAO}`).click();
    await expect.poll(() => page.getByTestId('reorganisation-done').textContent()).toBe('Đã chuyển nhiệm vụ của UBND phường Vĩnh Bảo cho UBND phường Rạch Giá.');
    await expect.poll(() => page.getByTestId(`decision-${VINH_BAO}`).count()).toBe(0);
    await expect.poll(() => decisions.getByRole('heading', { level: 2 }).textContent()).toBe(`Chờ quyết định sau sắp xếp đơn vị hành chính (${before - 1})`);

    // The new ward's chair: the task, with the units it took over.
    const chair = await openPage({ viewport: { width: 390, height: 844 } });
    await signIn(chair, PHUONG_RACH_GIA);
    const card = chair.getByTestId(`assignment-${PHUONG_RACH_GIA}`);
    await card.waitFor({ timeout: 60_000 });
    await expect.poll(() => card.getByTestId('assignment-succeeds').textContent()).toMatch(/^Tiếp nhận nhiệm vụ của 1\d đơn vị trước khi sắp xếp đơn vị hành chính/);
    await card.scrollIntoViewIfNeeded();
    await chair.screenshot({ path: screenshotPath('reorganisation-successor-phone') });
    expect(consoleErrors()).toEqual([]);
  });
});
