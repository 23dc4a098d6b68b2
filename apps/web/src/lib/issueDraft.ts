import { draftKey, type DraftStore } from './drafts';
import type { IssueFormValues, IssueOptions, ParseResult } from './issue';

/**
 * The issue form's draft kept on the device while it is written, so a reload, Back past the page, a
 * closed tab or a lost connection does not lose an afternoon's typing. In the device's one store of
 * drafts (device.ts, `draft:<user>:issue`): per person, dropped once the directive is issued, and
 * cleared with everything else at sign-out (a shared phone keeps nobody's draft for the next person).
 */

/** Where the form's content came from: a dispatch read by intake, or a blank form ("Soạn mới"). */
export type IssueStart = { readonly kind: 'parsed'; readonly parsed: ParseResult } | { readonly kind: 'blank'; readonly options: IssueOptions };

export interface SavedIssueDraft {
  readonly start: IssueStart;
  /** The form as last typed; absent until the first change. */
  readonly values?: IssueFormValues;
}

const VERSION = 1;
const FORM = 'issue';

export function loadIssueDraft(store: DraftStore, userId: string): SavedIssueDraft | null {
  const saved = store.get(draftKey(userId, FORM)) as { v?: unknown; start?: { kind?: unknown }; values?: unknown } | null | undefined;
  // A draft from an older form, or not one at all, is dropped rather than half-restored.
  if (typeof saved !== 'object' || saved === null || saved.v !== VERSION || (saved.start?.kind !== 'parsed' && saved.start?.kind !== 'blank')) return null;
  return { start: saved.start as IssueStart, ...(saved.values ? { values: saved.values as IssueFormValues } : {}) };
}

/**
 * Keeps the draft: a plain copy (the form goes on changing its own values; IndexedDB stores plain data).
 * Without the pictures of a PDF's pages: they can be megabytes, and the draft is written as the person
 * types; after a reload the form names each field's page, without its picture.
 */
export function saveIssueDraft(store: DraftStore, userId: string, draft: SavedIssueDraft): void {
  const kept = draft.start.kind === 'parsed' && draft.start.parsed.pages.length > 0 ? { ...draft, start: { kind: 'parsed' as const, parsed: { ...draft.start.parsed, pages: [] } } } : draft;
  store.set(draftKey(userId, FORM), JSON.parse(JSON.stringify({ v: VERSION, ...kept })) as unknown);
}

export function clearIssueDraft(store: DraftStore, userId: string): void {
  store.delete(draftKey(userId, FORM));
}
