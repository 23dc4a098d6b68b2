import { EXTERNAL_CHANNELS, type ExternalChannel, type NotificationFacts, type NotificationKind } from '@chidao/domain';

/**
 * Pure helpers of the bell, the notifications page and the settings page: what the badge says, how a
 * delivery's state reads, and the facts describeNotification makes words of (the same words as the
 * e-mail and the push message, since they come from the same function).
 */

/** The badge's text: the count, "99+" past that (a wider badge would push the header onto two lines); null hides it. */
export function badgeText(unread: number): string | null {
  if (!Number.isFinite(unread) || unread <= 0) return null;
  return unread > 99 ? '99+' : String(Math.floor(unread));
}

/** What a stored notification or delivery gives describeNotification: its kind and ids over its data. */
export function factsOf(n: {
  readonly kind: NotificationKind;
  readonly directiveId: string;
  readonly assignmentId?: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}): NotificationFacts {
  // The kind and ids win over anything of the same name in `data`: they are what the row is.
  return { ...n.data, kind: n.kind, directiveId: n.directiveId, assignmentId: n.assignmentId ?? null };
}

/** A delivery as the log shows it. */
export interface DeliveryStateFacts {
  readonly state: 'pending' | 'sending' | 'sent' | 'delivered' | 'failed' | 'suppressed';
  readonly digest: boolean;
  readonly notBefore: string;
  readonly reason: string | null;
}

/** The i18n key (under notifications.delivery.states) of a delivery's state, and what fills it in. */
export type DeliveryStateLabel =
  | { readonly key: 'sent' | 'delivered' | 'sending' | 'suppressedPreference' | 'suppressedUnverified' | 'suppressed' }
  | { readonly key: 'failed'; readonly reason: string | null }
  | { readonly key: 'waitingDigest' | 'waitingQuiet'; readonly at: string }
  | { readonly key: 'waiting' };

/**
 * How the log words a delivery's state. A pending one is waiting for the morning digest, for the end
 * of quiet hours (its time is still ahead), or only for its turn; a suppressed one says why nothing
 * was sent (the dispatcher records 'preference' or 'unverified').
 */
export function deliveryStateLabel(d: DeliveryStateFacts, nowMs: number): DeliveryStateLabel {
  switch (d.state) {
    case 'sent':
    case 'delivered':
    case 'sending':
      return { key: d.state };
    case 'failed':
      return { key: 'failed', reason: d.reason };
    case 'suppressed':
      if (d.reason === 'preference') return { key: 'suppressedPreference' };
      if (d.reason === 'unverified') return { key: 'suppressedUnverified' };
      return { key: 'suppressed' };
    case 'pending': {
      const at = Date.parse(d.notBefore);
      if (d.digest) return { key: 'waitingDigest', at: d.notBefore };
      if (!Number.isNaN(at) && at > nowMs) return { key: 'waitingQuiet', at: d.notBefore };
      return { key: 'waiting' };
    }
  }
}

/** A group's channels with one turned on or off, in the fixed order push, e-mail, Zalo, SMS (the order they are tried in). */
export function withChannel(list: readonly ExternalChannel[], channel: ExternalChannel, on: boolean): ExternalChannel[] {
  const set = new Set(list);
  if (on) set.add(channel);
  else set.delete(channel);
  return EXTERNAL_CHANNELS.filter((c) => set.has(c));
}

/** A VAPID public key (URL-safe base64, as the server gives it) as the bytes PushManager.subscribe wants. */
export function vapidKeyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
