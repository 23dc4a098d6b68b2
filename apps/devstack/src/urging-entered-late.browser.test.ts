import { describe, expect } from 'vitest';
import { DIRECTIVE_1119, KG, localDateOf } from '@chidao/domain';
import { browserTest as it, screenshotPath } from './browser';

/**
 * Đôn đốc drafted from a directive entered after its own deadlines (issue 22): 1119/UBND-KGVX of
 * 19/8/2020 asks for reports by 24/8/2020 and is entered when the stack starts, so its deadlines were
 * moved past the entry and nobody is late. The province's urging page says so in officials' words,
 * with the next deadline, instead of an empty draft.
 */
const ddMMyyyy = (iso: string) => iso.split('-').reverse().join('/');

describe('đôn đốc on a directive entered after its deadlines', () => {
  it.for([
    { name: 'desktop', viewport: { width: 1280, height: 900 } },
    { name: 'phone', viewport: { width: 390, height: 844 } },
  ] as const)('at $name width: the page says why nobody is late yet', async ({ name, viewport }, { stack, openPage, consoleErrors, signIn }) => {
    const page = await openPage({ viewport });
    await signIn(page, KG.province);
    await page.goto(`${stack.webUrl}#/urging/${encodeURIComponent(DIRECTIVE_1119.id)}`);
    const why = page.getByTestId('urging-nothing');
    await why.waitFor({ timeout: 30_000 });
    expect(await why.getAttribute('data-kind')).toBe('enteredAfterDeadline');
    const text = (await why.textContent()) ?? '';
    expect(text).toContain('Văn bản 1119/UBND-KGVX ngày 19/08/2020 được đưa vào theo dõi ngày');
    expect(text).toContain(`ngày ${ddMMyyyy(localDateOf(new Date().toISOString()))}`);
    expect(text).toContain('khi thời hạn ghi trong văn bản (24/08/2020) đã qua');
    expect(text).toContain('chưa có đơn vị nào quá hạn');
    expect(text).toContain('Thời hạn gần nhất đang áp dụng:');
    expect(await page.getByTestId('urging-form').count()).toBe(0);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: screenshotPath(`urging-entered-late-${name}`), fullPage: true });
    expect(consoleErrors()).toEqual([]);
  });
});
