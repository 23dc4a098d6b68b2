/**
 * One interface for every way a notification leaves the system. An adapter turns a message into its
 * provider's request and the provider's answer into an outcome; it decides nothing about who gets
 * what or when (that is @chidao/domain's notifications rules and the dispatcher's).
 *
 * The three outcomes an adapter distinguishes:
 * - sent (the provider took it; `delivered` where the provider says it reached the device),
 * - refused for good (`ok: false`): a malformed address, an expired push subscription, a template the
 *   provider rejects. Retrying would change nothing; the dispatcher logs it and falls back to the
 *   person's next channel,
 * - a transient failure (thrown `TransientChannelError`): the provider is down, slow or rate-limits
 *   us. The delivery activity fails and Temporal retries it with backoff.
 */

export const CHANNELS = ['email', 'push', 'sms', 'zalo'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** A Web Push subscription as the browser's PushManager gives it (PushSubscription.toJSON()). */
export interface PushTarget {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

export interface OutgoingMessage {
  /**
   * The delivery's own key, the same on every attempt: the e-mail's Message-ID, the push message's
   * Topic and notification tag, the SMS gateway's RequestId, Zalo's tracking_id. A message sent
   * again after a crash mid-send carries it again, so the provider (or the device) keeps one.
   */
  readonly key: string;
  /** An e-mail address, a phone number (SMS, Zalo: 0912345678 or 84912345678), or a push subscription. */
  readonly to: string | PushTarget;
  /** One line: the e-mail's subject, the push notification's title. */
  readonly title: string;
  /** Plain text, Vietnamese first; SMS and Zalo get it shortened to what they carry. */
  readonly body: string;
  /** Absolute deep link into the web app (https://…/#/assignments/…). */
  readonly link: string;
  /** A Hỏa tốc directive: push with Urgency: high, SMS without delay. */
  readonly urgent?: boolean;
  /**
   * Zalo ZNS sends only registered templates: the template's parameters (names as registered).
   * Absent for the other channels.
   */
  readonly template?: { readonly id: string; readonly data: Readonly<Record<string, string>> };
}

export type SendOutcome =
  | {
      readonly ok: true;
      /** The provider's id for the message (SMTP queue id or Message-ID, SMSID, Zalo msg_id), when it gives one. */
      readonly providerId: string | null;
      /** The provider says it reached the device (push service 201 is only "accepted"). */
      readonly delivered?: boolean;
    }
  | {
      readonly ok: false;
      /** Stable, for the log and for tests: INVALID_ADDRESS, SUBSCRIPTION_EXPIRED, TEMPLATE_REJECTED, REJECTED. */
      readonly code: 'INVALID_ADDRESS' | 'SUBSCRIPTION_EXPIRED' | 'TEMPLATE_REJECTED' | 'REJECTED';
      /** In words, with the provider's own code where it gave one. */
      readonly reason: string;
    };

/** The provider could not take the message now (down, timed out, rate limited): try again later. */
export class TransientChannelError extends Error {
  override readonly name = 'TransientChannelError';
  constructor(
    message: string,
    /** The provider asked us to wait this long (Retry-After, a rate limit's window), when it said. */
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Channel {
  readonly name: ChannelName;
  /** Sends one message; resolves with its outcome or throws TransientChannelError. Never throws for a bad address. */
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Closes pooled connections. */
  close?(): Promise<void>;
}
