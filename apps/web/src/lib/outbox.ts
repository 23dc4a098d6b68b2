import type { ErrorCode, ReportFieldCode } from '@chidao/domain';
import { domainCodeOf } from './errors';

/**
 * The device's outbox (issue 22, "bad signal tolerated"): an acknowledgement or a report made without
 * a connection is kept on the phone with the Idempotency-Key it will be sent with, and sent when the
 * connection returns. The key is made once, when the person taps, and every attempt reuses it, so
 * however many times an action reaches the server it has one effect (the API stores the first answer
 * per account and key). This module is the pure part: what an entry is and how it moves on.
 */

/** The actions that may wait on the device: the two a commune on bad signal makes most. */
export type OutboxKind = 'acknowledge' | 'report';

/**
 * - `pending`: not sent yet (no connection, or the last attempt did not reach the server);
 * - `sending`: an attempt is under way;
 * - `sent`: the server took it (`sentAt`);
 * - `refused`: the server refused it by a rule (`code`): the task changed meanwhile (recalled,
 *   reassigned, deadline amended) or the report breaks a rule. It is not sent again.
 */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'refused';

export interface OutboxEntry<I = unknown> {
  /** The Idempotency-Key, also the entry's id: one per tap. */
  readonly key: string;
  /** Whose action it is: only their session sends it. */
  readonly userId: string;
  readonly kind: OutboxKind;
  readonly assignmentId: string;
  /** The procedure's input, as it will be sent. */
  readonly input: I;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly state: OutboxState;
  readonly sentAt?: number;
  readonly code?: ErrorCode;
  /** A refused report's wrong fields (the API's data.fields, by form key: lib/report refusedFields), to show beside each. */
  readonly fields?: Readonly<Record<string, ReportFieldCode>>;
  /** A sent report's version and period, for the "sent" notice. */
  readonly receipt?: { readonly version: number; readonly period: number | null };
}

/**
 * Adds a tap's action. A second "Tiếp nhận" while one is waiting or already sent for the same task
 * (a double tap, or a tap on a card not yet refreshed) adds nothing and returns the first: it is the
 * same action. A new report replaces the settled (sent or refused) entry of that task, which only
 * told its outcome; a report still waiting is replaced by the new one only if it never left the
 * device (`pending`), since the newer form holds what the person means to send.
 */
export function enqueue(entries: readonly OutboxEntry[], entry: OutboxEntry): { entries: OutboxEntry[]; entry: OutboxEntry } {
  const same = (e: OutboxEntry) => e.userId === entry.userId && e.assignmentId === entry.assignmentId && e.kind === entry.kind;
  if (entry.kind === 'acknowledge') {
    const existing = entries.find((e) => same(e) && e.state !== 'refused');
    if (existing) return { entries: [...entries], entry: existing };
  } else {
    const inFlight = entries.find((e) => same(e) && e.state === 'sending');
    if (inFlight) return { entries: [...entries], entry: inFlight };
  }
  return { entries: [...entries.filter((e) => !same(e)), entry], entry };
}

/** The entries the signed-in person's session should send now, oldest first. */
export function toSend(entries: readonly OutboxEntry[], userId: string): OutboxEntry[] {
  return entries.filter((e) => e.userId === userId && e.state === 'pending').sort((a, b) => a.createdAt - b.createdAt);
}

/** What to do after an attempt failed. */
export type FailureOutcome =
  /** It may not have reached the server, or the server could not finish: keep it and try again later. */
  | { readonly kind: 'retry' }
  /** The session is gone: keep it, ask the person to sign in again, then send it. */
  | { readonly kind: 'signedOut' }
  /** What it asked for is already so (an acknowledgement the server already has): it is done. */
  | { readonly kind: 'done' }
  /** Refused by a rule: show why, do not send it again. */
  | { readonly kind: 'refused'; readonly code: ErrorCode };

export function outcomeOf(kind: OutboxKind, error: unknown): FailureOutcome {
  const code = domainCodeOf(error);
  if (code === null || code === 'UNAVAILABLE' || code === 'ENGINE_UNAVAILABLE' || code === 'REQUEST_IN_PROGRESS' || code === 'RATE_LIMITED') {
    return { kind: 'retry' };
  }
  if (code === 'NOT_SIGNED_IN' || code === 'CSRF_REJECTED') return { kind: 'signedOut' };
  if (kind === 'acknowledge' && code === 'ALREADY_ACKNOWLEDGED') return { kind: 'done' };
  return { kind: 'refused', code };
}

/** Replaces the entry with `key` by `change(entry)`; entries of other keys are kept as they are. */
export function update(entries: readonly OutboxEntry[], key: string, change: (entry: OutboxEntry) => OutboxEntry): OutboxEntry[] {
  return entries.map((e) => (e.key === key ? change(e) : e));
}

/** The entry a task's card shows for `kind`: the person's latest for that task, if any. */
export function latestFor(entries: readonly OutboxEntry[], userId: string, assignmentId: string, kind: OutboxKind): OutboxEntry | null {
  let latest: OutboxEntry | null = null;
  for (const e of entries) {
    if (e.userId === userId && e.assignmentId === assignmentId && e.kind === kind && (latest === null || e.createdAt >= latest.createdAt)) latest = e;
  }
  return latest;
}

/**
 * Entries read back from the device, checked: IndexedDB holds whatever an older release (or a person
 * with the developer tools) wrote, and a bad entry must not break the page. One left `sending` when
 * the tab closed did not get its answer: it waits to be sent again (same key, so still one effect).
 */
export function revive(stored: unknown): OutboxEntry[] {
  if (!Array.isArray(stored)) return [];
  const kinds: readonly unknown[] = ['acknowledge', 'report'];
  const states: readonly unknown[] = ['pending', 'sending', 'sent', 'refused'];
  return stored
    .filter(
      (e): e is OutboxEntry =>
        typeof e === 'object' &&
        e !== null &&
        typeof e.key === 'string' &&
        typeof e.userId === 'string' &&
        typeof e.assignmentId === 'string' &&
        typeof e.createdAt === 'number' &&
        kinds.includes(e.kind) &&
        states.includes(e.state) &&
        typeof e.input === 'object' &&
        e.input !== null,
    )
    .map((e) => (e.state === 'sending' ? { ...e, state: 'pending' as const } : e))
    .map(({ fields, ...e }) => (isFieldMap(fields) ? { ...e, fields } : e));
}

/** A refused report's fields as kept: words keyed by words, nothing else. */
function isFieldMap(value: unknown): value is Record<string, ReportFieldCode> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/**
 * Another tab of this browser changed the entries of `keys` (each entry is stored under its own key,
 * so tabs never overwrite each other's): what it stored replaces this tab's copy, and one it removed
 * goes here too. Entries of other keys are kept as they are, in order, with new ones at the end.
 */
export function mergeStored(local: readonly OutboxEntry[], keys: readonly string[], stored: ReadonlyMap<string, OutboxEntry>): OutboxEntry[] {
  const touched = new Set(keys);
  const kept = local.flatMap((e) => (!touched.has(e.key) ? [e] : stored.has(e.key) ? [stored.get(e.key)!] : []));
  const known = new Set(local.map((e) => e.key));
  return [...kept, ...keys.filter((k) => !known.has(k) && stored.has(k)).map((k) => stored.get(k)!)];
}
