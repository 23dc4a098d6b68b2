import type { IssueFormValues, IssueOptions, ParseResult } from './issue';

/**
 * The issue form's draft kept on the device while it is written, so a reload, Back past the page or a
 * lost connection does not lose an afternoon's typing. In the tab's sessionStorage: it goes with the
 * tab (a shared phone keeps nobody's draft for the next person), is per person (the key names them),
 * and is dropped once the directive is issued.
 */

/** Where the form's content came from: a dispatch read by intake, or a blank form ("Soạn mới"). */
export type IssueStart = { readonly kind: 'parsed'; readonly parsed: ParseResult } | { readonly kind: 'blank'; readonly options: IssueOptions };

export interface SavedIssueDraft {
  readonly start: IssueStart;
  /** The form as last typed; absent until the first change. */
  readonly values?: IssueFormValues;
}

const VERSION = 1;
const keyOf = (userId: string) => `chidao.issueDraft.${userId}`;

export function loadIssueDraft(storage: Storage | null, userId: string): SavedIssueDraft | null {
  try {
    const text = storage?.getItem(keyOf(userId));
    if (!text) return null;
    const saved = JSON.parse(text) as { v?: unknown; start?: { kind?: unknown }; values?: unknown };
    // A draft from an older form, or not one at all, is dropped rather than half-restored.
    if (saved.v !== VERSION || (saved.start?.kind !== 'parsed' && saved.start?.kind !== 'blank')) return null;
    return { start: saved.start as IssueStart, ...(saved.values ? { values: saved.values as IssueFormValues } : {}) };
  } catch {
    return null;
  }
}

/**
 * Keeps the draft; false when the device would not (storage full or refused): the form still works, unkept.
 * The pictures of a PDF's pages can be megabytes: when the draft with them does not fit, it is kept
 * without them (after a reload the form names each field's page, without its picture).
 */
export function saveIssueDraft(storage: Storage | null, userId: string, draft: SavedIssueDraft): boolean {
  const put = (d: SavedIssueDraft) => storage?.setItem(keyOf(userId), JSON.stringify({ v: VERSION, ...d }));
  try {
    put(draft);
    return storage !== null;
  } catch {
    if (draft.start.kind !== 'parsed' || draft.start.parsed.pages.length === 0) return false;
    try {
      put({ ...draft, start: { kind: 'parsed', parsed: { ...draft.start.parsed, pages: [] } } });
      return storage !== null;
    } catch {
      return false;
    }
  }
}

export function clearIssueDraft(storage: Storage | null, userId: string): void {
  try {
    storage?.removeItem(keyOf(userId));
  } catch {
    // Nothing kept, nothing to clear.
  }
}

/** The tab's sessionStorage, or null where the browser refuses it (some private modes). */
export function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
