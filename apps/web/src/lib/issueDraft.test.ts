import { describe, expect, it } from 'vitest';
import { blankForm, type IssueOptions, type ParseResult } from './issue';
import { draftKey, type DraftStore } from './drafts';
import { clearIssueDraft, loadIssueDraft, saveIssueDraft } from './issueDraft';

/** The device's draft store over a Map, as device.ts keeps it in memory. */
function memoryDrafts(): DraftStore {
  const items = new Map<string, unknown>();
  return { get: (key) => items.get(key), set: (key, value) => void items.set(key, value), delete: (key) => void items.delete(key), keys: () => items.keys() };
}

const options = { issuer: { id: 'kg', name: 'Ủy ban nhân dân tỉnh Kiên Giang' }, units: [], place: 'Kiên Giang' } as unknown as IssueOptions;

describe('the issue draft kept on the device', () => {
  it('comes back as it was typed, for the same person only, until it is cleared', () => {
    const storage = memoryDrafts();
    const values = { ...blankForm({ place: 'Kiên Giang', today: '2026-12-07' }), reference: '1301/UBND-KGVX', subject: 'V/v cài đặt ứng dụng Bluezone' };
    saveIssueDraft(storage, 'u.kg', { start: { kind: 'blank', options }, values });
    expect(loadIssueDraft(storage, 'u.kg')).toEqual({ start: { kind: 'blank', options }, values });
    expect(loadIssueDraft(storage, 'u.kg.rach-gia')).toBeNull();
    clearIssueDraft(storage, 'u.kg');
    expect(loadIssueDraft(storage, 'u.kg')).toBeNull();
  });

  it('drops what is not a draft of this form', () => {
    const storage = memoryDrafts();
    storage.set(draftKey('u.kg', 'issue'), { v: 0, start: { kind: 'blank' } });
    expect(loadIssueDraft(storage, 'u.kg')).toBeNull();
    storage.set(draftKey('u.kg', 'issue'), 'not a draft');
    expect(loadIssueDraft(storage, 'u.kg')).toBeNull();
  });

  it("keeps a draft read from a PDF without its pages' pictures, which can be megabytes", () => {
    const image = `data:image/jpeg;base64,${'A'.repeat(50_000)}`;
    const parsed = { source: 'Số: 1119/UBND-KGVX', pages: [{ number: 1, image }] } as unknown as ParseResult;
    const store = memoryDrafts();
    saveIssueDraft(store, 'u.kg', { start: { kind: 'parsed', parsed } });
    expect(loadIssueDraft(store, 'u.kg')?.start).toEqual({ kind: 'parsed', parsed: { ...parsed, pages: [] } });
  });
});
