import { describe, expect, it } from 'vitest';
import {
  draftKey,
  draftToKeep,
  forgetDraft,
  forgetDraftsExcept,
  forgetEndedSession,
  parseSessionMessage,
  readDraft,
  readEndedSession,
  recordEndedSession,
  stayOnPageAfterSignIn,
  writeDraft,
} from './drafts';

/** The Web Storage interface over a Map, as a tab's sessionStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear(),
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
    const storage = memoryStorage();
    writeDraft(storage, 'u.a', 'childDeadline:1', { instructions: 'Báo cáo trước thứ Sáu', date: '' });
    expect(readDraft(storage, 'u.a', 'childDeadline:1')).toEqual({ instructions: 'Báo cáo trước thứ Sáu' });
    expect(readDraft(storage, 'u.b', 'childDeadline:1')).toBeNull();
    expect(readDraft(storage, 'u.a', 'childDeadline:2')).toBeNull();
  });

  it('forgets a draft emptied by the person or forgotten once sent', () => {
    const storage = memoryStorage();
    writeDraft(storage, 'u.a', 'f', { text: 'x' });
    writeDraft(storage, 'u.a', 'f', { text: '' });
    expect(storage.getItem(draftKey('u.a', 'f'))).toBeNull();
    writeDraft(storage, 'u.a', 'f', { text: 'y' });
    forgetDraft(storage, 'u.a', 'f');
    expect(readDraft(storage, 'u.a', 'f')).toBeNull();
  });

  it('treats an unreadable stored draft as none', () => {
    const storage = memoryStorage();
    storage.setItem(draftKey('u.a', 'f'), '{not json');
    expect(readDraft(storage, 'u.a', 'f')).toBeNull();
    storage.setItem(draftKey('u.a', 'f'), '["a"]');
    expect(readDraft(storage, 'u.a', 'f')).toBeNull();
  });

  it("forgets everyone else's drafts when a person signs in, and all of them at sign-out", () => {
    const storage = memoryStorage();
    writeDraft(storage, 'u.a', 'f', { text: 'of a' });
    writeDraft(storage, 'u.ab', 'f', { text: 'of ab' });
    writeDraft(storage, 'u.b', 'g', { text: 'of b' });
    storage.setItem('unrelated', 'stays');
    forgetDraftsExcept(storage, 'u.a');
    expect(readDraft(storage, 'u.a', 'f')).toEqual({ text: 'of a' });
    expect(readDraft(storage, 'u.ab', 'f')).toBeNull();
    expect(readDraft(storage, 'u.b', 'g')).toBeNull();
    forgetDraftsExcept(storage, null);
    expect(readDraft(storage, 'u.a', 'f')).toBeNull();
    expect(storage.getItem('unrelated')).toBe('stays');
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
