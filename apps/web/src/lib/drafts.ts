/**
 * What a person typed into a form is kept on the device until it is sent or cancelled, so a reload,
 * Back, a closed tab or a session that ends underneath an open page (signed out in another tab,
 * expired) does not lose it: the same form shows the same text when it appears again. Every form's
 * draft lives in one store, the device's (device.ts: IndexedDB, mirrored in memory), under
 * `draft:<user>:<form>`, so another person signing in never sees it and signing out clears them all
 * with the rest of the device (clearDevice). The report form and the issue form keep their own
 * shapes there; the reason forms keep their typed text (draftToKeep).
 */

export const DRAFT_PREFIX = 'draft:';
const ENDED_KEY = 'chidao.sessionEnded';

/** Where drafts are kept: the device's store in the app, a Map in unit tests. */
export interface DraftStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  keys(): Iterable<string>;
}

/** The store key of one form's draft for one user (a report form's form is its assignment's id). */
export function draftKey(userId: string, form: string): string {
  return `${DRAFT_PREFIX}${userId}:${form}`;
}

/**
 * The fields worth keeping: string values with something in them that differ from the form's
 * `defaults` (a preselected choice is not something typed); null when nothing was.
 */
export function draftToKeep(values: Record<string, unknown>, defaults: Record<string, unknown> = {}): Record<string, string> | null {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() !== '' && value !== defaults[name]) kept[name] = value;
  }
  return Object.keys(kept).length > 0 ? kept : null;
}

/** A user's kept reason-form draft, or null (none, or not one: the store is the device's, not ours). */
export function readDraft(store: DraftStore, userId: string, form: string): Record<string, string> | null {
  const kept = store.get(draftKey(userId, form));
  return kept !== null && typeof kept === 'object' && !Array.isArray(kept) ? draftToKeep(kept as Record<string, unknown>) : null;
}

/** Keeps the form's current values, or forgets the draft when nothing differs from the defaults. */
export function writeDraft(store: DraftStore, userId: string, form: string, values: Record<string, unknown>, defaults: Record<string, unknown> = {}): void {
  const kept = draftToKeep(values, defaults);
  if (kept === null) store.delete(draftKey(userId, form));
  else store.set(draftKey(userId, form), kept);
}

export function forgetDraft(store: DraftStore, userId: string, form: string): void {
  store.delete(draftKey(userId, form));
}

/** Whether the user has a kept draft of some form whose name starts with `prefix` (`reassign:`), and of which. */
export function keptDraftForms(store: DraftStore, userId: string, prefix: string): string[] {
  const own = draftKey(userId, prefix);
  return [...store.keys()].filter((key) => key.startsWith(own)).map((key) => key.slice(draftKey(userId, '').length));
}

/** Forgets every draft except those of `keepUserId` (null: all of them), as at another person's sign-in. */
export function forgetDraftsExcept(store: DraftStore, keepUserId: string | null): void {
  const keep = keepUserId === null ? null : draftKey(keepUserId, '');
  const doomed = [...store.keys()].filter((key) => key.startsWith(DRAFT_PREFIX) && (keep === null || !key.startsWith(keep)));
  for (const key of doomed) store.delete(key);
}

/** A session that ended underneath this tab: whose it was. Signing out in this tab records none. */
export interface EndedSession {
  userId: string;
}

export function recordEndedSession(storage: Storage, ended: EndedSession): void {
  try {
    storage.setItem(ENDED_KEY, JSON.stringify(ended));
  } catch {
    // Without it the sign-in screen only misses its notice.
  }
}

export function readEndedSession(storage: Storage): EndedSession | null {
  const raw = storage.getItem(ENDED_KEY);
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as EndedSession).userId === 'string') {
      return { userId: (parsed as EndedSession).userId };
    }
  } catch {
    // Unreadable: as if there were none.
  }
  return null;
}

export function forgetEndedSession(storage: Storage): void {
  storage.removeItem(ENDED_KEY);
}

/**
 * Where a person lands after signing in: the page the tab is on when the same person whose session
 * ended signs in again (or nobody's session ended: a link followed while signed out), their home page
 * when someone else signs in after it, so nobody opens the previous person's page.
 */
export function stayOnPageAfterSignIn(ended: EndedSession | null, userId: string): boolean {
  return ended === null || ended.userId === userId;
}

/** What tabs of the same browser tell each other, so one signing out or in is known at once in the others. */
export type SessionMessage = { type: 'signedOut'; userId: string } | { type: 'signedIn'; userId: string };

/** A message from another tab, or null for anything else on the channel. */
export function parseSessionMessage(data: unknown): SessionMessage | null {
  if (data === null || typeof data !== 'object') return null;
  const { type, userId } = data as Record<string, unknown>;
  if ((type === 'signedOut' || type === 'signedIn') && typeof userId === 'string') return { type, userId };
  return null;
}
