import { describe, expect, it } from 'vitest';
import { memoryStorage } from './memoryStorage';
import {
  draftKey,
  draftToKeep,
  forgetDraft,
  forgetDraftsExcept,
  forgetEndedSession,
  keptDraftForms,
  parseSessionMessage,
  readDraft,
  readEndedSession,
  recordEndedSession,
  stayOnPageAfterSignIn,
  writeDraft,
  type DraftStore,
} from './drafts';

/** The device's draft store over a Map, as device.ts keeps it in memory. */
function memoryDrafts(): DraftStore & { readonly items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    items,
    get: (key) => items.get(key),
    set: (key, value) => void items.set(key, value),
    delete: (key) => void items.delete(key),
    keys: () => items.keys(),
  };
}

describe('draftToKeep', () => {
  it('keeps typed text and drops blank fields, non-text values and preselected defaults', () => {
    expect(draftToKeep({ reason: 'Chờ số liệu', date: '', picked: ['a'], kind: 'change' }, { kind: 'change' })).toEqual({ reason: 'Chờ số liệu' });
    expect(draftToKeep({ kind: 'drop' }, { kind: 'change' })).toEqual({ kind: 'drop' });
  });

  it('is null when nothing was typed', () => {
    expect(draftToKeep({ reason: '   ', date: '' })).toBeNull();
  });
});

describe('drafts on the device', () => {
  it('reads back what was written, for that user and form only', () => {
    const store = memoryDrafts();
    writeDraft(store, 'u.a', 'childDeadline:1', { instructions: 'Báo cáo trước thứ Sáu', date: '' });
    expect(readDraft(store, 'u.a', 'childDeadline:1')).toEqual({ instructions: 'Báo cáo trước thứ Sáu' });
    expect(readDraft(store, 'u.b', 'childDeadline:1')).toBeNull();
    expect(readDraft(store, 'u.a', 'childDeadline:2')).toBeNull();
  });

  it('forgets a draft emptied by the person or forgotten once sent', () => {
    const store = memoryDrafts();
    writeDraft(store, 'u.a', 'f', { text: 'x' });
    writeDraft(store, 'u.a', 'f', { text: '' });
    expect(store.items.has(draftKey('u.a', 'f'))).toBe(false);
    writeDraft(store, 'u.a', 'f', { text: 'y' });
    forgetDraft(store, 'u.a', 'f');
    expect(readDraft(store, 'u.a', 'f')).toBeNull();
  });

  it('treats a stored value that is no form draft as none', () => {
    const store = memoryDrafts();
    store.set(draftKey('u.a', 'f'), '{not json');
    expect(readDraft(store, 'u.a', 'f')).toBeNull();
    store.set(draftKey('u.a', 'f'), ['a']);
    expect(readDraft(store, 'u.a', 'f')).toBeNull();
  });

  it('finds which forms of a kind the person left a draft in (a reassignment reloaded mid-way)', () => {
    const store = memoryDrafts();
    writeDraft(store, 'u.a', 'reassign:directive:d/unit:x', { reason: 'Nhầm đơn vị' });
    writeDraft(store, 'u.b', 'reassign:directive:d/unit:y', { reason: 'of b' });
    writeDraft(store, 'u.a', 'forward:directive:d/unit:z', { instructions: 'x' });
    expect(keptDraftForms(store, 'u.a', 'reassign:')).toEqual(['reassign:directive:d/unit:x']);
  });

  it("forgets everyone else's drafts when a person signs in, and all of them when asked", () => {
    const store = memoryDrafts();
    writeDraft(store, 'u.a', 'f', { text: 'of a' });
    writeDraft(store, 'u.ab', 'f', { text: 'of ab' });
    writeDraft(store, 'u.b', 'g', { text: 'of b' });
    store.set('outbox', 'stays');
    forgetDraftsExcept(store, 'u.a');
    expect(readDraft(store, 'u.a', 'f')).toEqual({ text: 'of a' });
    expect(readDraft(store, 'u.ab', 'f')).toBeNull();
    expect(readDraft(store, 'u.b', 'g')).toBeNull();
    forgetDraftsExcept(store, null);
    expect(readDraft(store, 'u.a', 'f')).toBeNull();
    expect(store.get('outbox')).toBe('stays');
  });
});

describe('the ended session', () => {
  it('is recorded, read back and forgotten', () => {
    const storage = memoryStorage();
    expect(readEndedSession(storage)).toBeNull();
    recordEndedSession(storage, { userId: 'u.a' });
    expect(readEndedSession(storage)).toEqual({ userId: 'u.a' });
    forgetEndedSession(storage);
    expect(readEndedSession(storage)).toBeNull();
  });

  it('keeps the same person on their page and sends anyone else home', () => {
    expect(stayOnPageAfterSignIn({ userId: 'u.a' }, 'u.a')).toBe(true);
    expect(stayOnPageAfterSignIn({ userId: 'u.a' }, 'u.b')).toBe(false);
    expect(stayOnPageAfterSignIn(null, 'u.b')).toBe(true);
  });
});

describe('parseSessionMessage', () => {
  it('reads the messages tabs send each other and nothing else', () => {
    expect(parseSessionMessage({ type: 'signedOut', userId: 'u.a' })).toEqual({ type: 'signedOut', userId: 'u.a' });
    expect(parseSessionMessage({ type: 'signedIn', userId: 'u.b', at: 1 })).toEqual({ type: 'signedIn', userId: 'u.b' });
    expect(parseSessionMessage({ type: 'other', userId: 'u.a' })).toBeNull();
    expect(parseSessionMessage({ type: 'signedOut' })).toBeNull();
    expect(parseSessionMessage('signedOut')).toBeNull();
    expect(parseSessionMessage(null)).toBeNull();
  });
});
