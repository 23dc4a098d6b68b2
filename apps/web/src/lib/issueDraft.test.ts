import { describe, expect, it } from 'vitest';
import { blankForm, type IssueOptions, type ParseResult } from './issue';
import { clearIssueDraft, loadIssueDraft, saveIssueDraft } from './issueDraft';

/** A Storage as the browser's, in memory; `full` refuses every write as a full quota does, `quota` writes longer than it. */
function memoryStorage(full = false, quota = Infinity): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => {
      if (full || value.length > quota) throw new DOMException('quota', 'QuotaExceededError');
      items.set(key, value);
    },
  };
}

const options = { issuer: { id: 'kg', name: 'Ủy ban nhân dân tỉnh Kiên Giang' }, units: [], place: 'Kiên Giang' } as unknown as IssueOptions;

describe('the issue draft kept on the device', () => {
  it('comes back as it was typed, for the same person only, until it is cleared', () => {
    const storage = memoryStorage();
    const values = { ...blankForm({ place: 'Kiên Giang', today: '2026-12-07' }), reference: '1301/UBND-KGVX', subject: 'V/v cài đặt ứng dụng Bluezone' };
    expect(saveIssueDraft(storage, 'u.kg', { start: { kind: 'blank', options }, values })).toBe(true);
    expect(loadIssueDraft(storage, 'u.kg')).toEqual({ start: { kind: 'blank', options }, values });
    expect(loadIssueDraft(storage, 'u.kg.rach-gia')).toBeNull();
    clearIssueDraft(storage, 'u.kg');
    expect(loadIssueDraft(storage, 'u.kg')).toBeNull();
  });

  it('drops what is not a draft of this form, and says when the device would not keep one', () => {
    const storage = memoryStorage();
    storage.setItem('chidao.issueDraft.u.kg', '{"v":0,"start":{"kind":"blank"}}');
    expect(loadIssueDraft(storage, 'u.kg')).toBeNull();
    storage.setItem('chidao.issueDraft.u.kg', 'not json');
    expect(loadIssueDraft(storage, 'u.kg')).toBeNull();
    expect(saveIssueDraft(memoryStorage(true), 'u.kg', { start: { kind: 'blank', options } })).toBe(false);
    expect(loadIssueDraft(null, 'u.kg')).toBeNull();
  });

  it("keeps a draft read from a PDF without its pages' pictures when it does not fit with them", () => {
    const image = `data:image/jpeg;base64,${'A'.repeat(50_000)}`;
    const parsed = { source: 'Số: 1119/UBND-KGVX', pages: [{ number: 1, image }] } as unknown as ParseResult;
    const roomy = memoryStorage();
    expect(saveIssueDraft(roomy, 'u.kg', { start: { kind: 'parsed', parsed } })).toBe(true);
    expect(loadIssueDraft(roomy, 'u.kg')?.start).toEqual({ kind: 'parsed', parsed });
    const tight = memoryStorage(false, 10_000);
    expect(saveIssueDraft(tight, 'u.kg', { start: { kind: 'parsed', parsed } })).toBe(true);
    expect(loadIssueDraft(tight, 'u.kg')?.start).toEqual({ kind: 'parsed', parsed: { ...parsed, pages: [] } });
  });
});
