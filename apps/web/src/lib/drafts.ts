/**
 * What a person typed into a form is kept in the tab's sessionStorage until it is sent or cancelled, so
 * a session that ends underneath an open page (signed out in another tab, expired) does not lose it:
 * after signing in again the same form shows the same text. Each draft is keyed by the user's id, so
 * another person signing in on the same browser never sees it, and signing out clears the user's own.
 */

const DRAFT_PREFIX = 'chidao.draft:';
const ENDED_KEY = 'chidao.sessionEnded';

/** The storage key of one form's draft for one user. */
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

/** A user's kept draft of a form, or null (none, or unreadable: storage is the device's, not ours). */
export function readDraft(storage: Storage, userId: string, form: string): Record<string, string> | null {
  const raw = storage.getItem(draftKey(userId, form));
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? draftToKeep(parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Keeps the form's current values, or forgets the draft when nothing differs from the defaults. */
export function writeDraft(
  storage: Storage,
  userId: string,
  form: string,
  values: Record<string, unknown>,
  defaults: Record<string, unknown> = {},
): void {
  const kept = draftToKeep(values, defaults);
  try {
    if (kept === null) storage.removeItem(draftKey(userId, form));
    else storage.setItem(draftKey(userId, form), JSON.stringify(kept));
  } catch {
    // A full or refused storage only means the text is not kept; the form itself still works.
  }
}

export function forgetDraft(storage: Storage, userId: string, form: string): void {
  storage.removeItem(draftKey(userId, form));
}

/** Forgets every draft except those of `keepUserId` (null: all of them), as at sign-out or another person's sign-in. */
export function forgetDraftsExcept(storage: Storage, keepUserId: string | null): void {
  const keep = keepUserId === null ? null : `${DRAFT_PREFIX}${keepUserId}:`;
  const doomed: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null && key.startsWith(DRAFT_PREFIX) && (keep === null || !key.startsWith(keep))) doomed.push(key);
  }
  for (const key of doomed) storage.removeItem(key);
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
