import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  audienceOf,
  provincialDefaults,
  describeDigest,
  describeNotification,
  digestDateOf,
  fallbackChannel,
  isNotificationKind,
  planDeliveries,
  validatePreferences,
  type ExternalChannel,
  type NotificationFacts,
  type NotificationActivities,
  type NotificationPreferences,
  type Reachability,
  type Role,
} from '@chidao/domain';
import type { ClaimedDelivery, NewNotification, Repositories } from '@chidao/db';
import type { Channel, OutgoingMessage, SendOutcome } from '@chidao/channels';
import { TransientChannelError } from '@chidao/channels';

/**
 * The notification dispatcher's activities: expand the outbox's events into notifications and
 * deliveries (the domain's rules decide whom and how), and send one channel's due deliveries.
 * Each is safe to run again: expansion is keyed, and sending reclaims only what is still unsent,
 * under the delivery's own key (the provider's idempotency key), so a message resent after a crash
 * is the same message.
 */

export interface NotificationDeps {
  readonly repos: Repositories;
  /** The channels configured (off unless configured): @chidao/channels' channelsFromEnv. */
  readonly channels: Partial<Record<ExternalChannel, Channel>>;
  /** The web app's public origin for deep links (http://localhost:8080). */
  readonly appUrl: string;
  /** Messages sent at once per channel. */
  readonly concurrency?: number;
}


type Recipient = { roles: Role[]; preferences: unknown; verified: Set<ExternalChannel>; unverified: Set<ExternalChannel>; provinceSettings: unknown };

function preferencesOf(r: Recipient): NotificationPreferences {
  if (r.preferences) {
    try {
      return validatePreferences(r.preferences);
    } catch {
      // Saved under an older shape: the defaults rather than nothing.
    }
  }
  return provincialDefaults(r.roles, r.provinceSettings);
}

export function createNotificationActivities({ repos, channels, appUrl, concurrency = 8 }: NotificationDeps): NotificationActivities {
  const configured = new Set(Object.keys(channels) as ExternalChannel[]);
  /** What the person can be reached through here: only channels this installation has configured. */
  const reachOf = (r: Recipient): Reachability => ({
    verified: new Set([...r.verified].filter((c) => configured.has(c))),
    unverified: new Set([...r.unverified].filter((c) => configured.has(c))),
  });
  // The origin without its trailing slash (cut by hand: a regex anchored at the end rescans on every slash).
  let origin = appUrl;
  while (origin.endsWith('/')) origin = origin.slice(0, -1);
  const link = (path: string) => `${origin}/${path}`;
  const heartbeat = (details?: unknown) => {
    try {
      Context.current().heartbeat(details);
    } catch {
      // Called outside an activity (a unit test of the function).
    }
  };

  return {
    async expandNotifications({ limit, now }) {
      const events = await repos.notifications.pendingEvents(limit);
      if (events.length === 0) return { expanded: 0, notifications: 0, more: false };
      const unitIds = new Set<string>();
      for (const e of events) {
        unitIds.add(e.unitId);
        if (e.recipientUnitId) unitIds.add(e.recipientUnitId);
      }
      const { directives, unitNames } = await repos.notifications.context([...new Set(events.map((e) => e.directiveId))], [...unitIds]);
      const audiences = events.flatMap((e, index) => {
        const directive = directives.get(e.directiveId);
        if (!isNotificationKind(e.kind) || !directive) return [];
        return audienceOf({ kind: e.kind, unitId: e.unitId, recipientUnitId: e.recipientUnitId, issuerUnitId: directive.issuerUnitId, data: e.data }).map((a) => ({ ...a, index }));
      });
      const people = await repos.notifications.people(audiences);
      const recipients = await repos.notifications.recipients(people.map((p) => p.userId));
      const out: NewNotification[] = [];
      const seen = new Set<string>();
      for (const person of people) {
        const e = events[audiences[person.audience]!.index]!;
        const directive = directives.get(e.directiveId)!;
        if (!isNotificationKind(e.kind) || seen.has(`${e.id}/${person.userId}`)) continue;
        seen.add(`${e.id}/${person.userId}`);
        const recipient = recipients.get(person.userId)!;
        const urgent = directive.urgency === 'Hỏa tốc';
        const data = {
          ...e.data,
          // An urging's own number and subject are not the directive's.
          ...(e.kind === 'assignment.urged' ? { urgingReference: e.data['reference'], urgingSubject: e.data['subject'] } : {}),
          reference: directive.reference,
          subject: directive.subject,
          urgency: directive.urgency,
          unitName: unitNames.get(e.unitId) ?? e.unitId,
          ...(e.recipientUnitId ? { aboveName: unitNames.get(e.recipientUnitId) ?? e.recipientUnitId } : {}),
        };
        out.push({
          eventId: e.id,
          userId: person.userId,
          kind: e.kind,
          at: e.at,
          directiveId: e.directiveId,
          assignmentId: e.assignmentId,
          unitId: e.unitId,
          data,
          urgent,
          deliveries: planDeliveries({ kind: e.kind, at: e.at, urgent }, preferencesOf(recipient), reachOf(recipient), now),
        });
      }
      await repos.notifications.expand(
        events.map((e) => e.id),
        out,
      );
      return { expanded: events.length, notifications: out.length, more: events.length === limit };
    },

    async dueNotifications({ now }) {
      const due = await repos.notifications.due(now);
      return { channels: due.channels.filter((c) => configured.has(c)), nextAt: due.nextAt };
    },

    async deliverNotifications({ channel, now, limit }) {
      const adapter = channels[channel];
      // Every worker is configured alike; one that is not leaves the lane to Temporal's backoff, which may hand it to another.
      if (!adapter) throw ApplicationFailure.retryable(`The ${channel} channel is not configured on this worker`, 'CHANNEL_OFF');
      // A retry (after an outage) runs later than the round that scheduled it: it takes what is due by
      // the later of the two clocks (the workflow's, which a test may have moved ahead, and this one).
      now = new Date(Math.max(Date.parse(now), Date.now())).toISOString();
      const claimed = await repos.notifications.claim(channel, now, limit);
      // The digest's deliveries of one person go out as one message; the rest one by one.
      const batches = new Map<string, ClaimedDelivery[]>();
      for (const d of claimed) {
        const key = d.digest ? `digest:${d.userId}:${channel}:${digestDateOf(Date.parse(now))}` : `n:${d.id}`;
        batches.set(key, [...(batches.get(key) ?? []), d]);
      }
      const addresses =
        channel === 'push'
          ? null
          : await repos.notifications.addressesOf(
              claimed.map((d) => d.userId),
              channel,
            );
      const pushes = channel === 'push' ? await repos.notifications.pushSubscriptionsOf(claimed.map((d) => d.userId)) : null;
      let sent = 0;
      let failed = 0;
      let transient: TransientChannelError | null = null;
      const queue = [...batches.entries()];
      const worker = async () => {
        for (let next = queue.shift(); next && !transient; next = queue.shift()) {
          const [key, group] = next;
          const first = group[0]!;
          const ids = group.map((d) => d.id);
          const facts = group.map((d) => ({ ...d.notification.data, kind: d.notification.kind, directiveId: d.notification.directiveId, assignmentId: d.notification.assignmentId }) as NotificationFacts);
          const text = first.digest ? describeDigest(digestDateOf(Date.parse(now)), facts) : describeNotification(facts[0]!);
          // The key the provider sees: the delivery's id, or the digest's (person, channel, day).
          const messageKey = first.digest ? key : `delivery-${first.id}`;
          const message = { key: messageKey, title: text.title, body: text.body, link: link(text.path), urgent: first.notification.urgent };
          try {
            const outcome = await send(adapter, channel, message, first.userId, addresses, pushes);
            if (outcome.result.ok) {
              await repos.notifications.markSent(ids, {
                at: new Date().toISOString(),
                address: outcome.address,
                providerId: outcome.result.providerId,
                delivered: outcome.result.delivered === true,
                ...(first.digest ? { digestKey: key } : {}),
              });
              sent += group.length;
            } else {
              await repos.notifications.markFailed(ids, { at: new Date().toISOString(), address: outcome.address, reason: `${outcome.result.code}: ${outcome.result.reason}` });
              failed += group.length;
              for (const d of group) await fallBack(d);
            }
          } catch (error) {
            if (!(error instanceof TransientChannelError)) throw error;
            await repos.notifications.noteAttempt(ids, error.message, new Date().toISOString());
            transient = error;
          }
          heartbeat({ sent, failed });
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
      if (transient) {
        // The provider cannot take messages now: the activity fails, and Temporal retries it with backoff.
        const retry = transient as TransientChannelError;
        throw ApplicationFailure.create({ message: retry.message, type: 'TRANSIENT_CHANNEL', ...(retry.retryAfterMs ? { nextRetryDelay: retry.retryAfterMs } : {}) });
      }
      return { sent, failed, more: claimed.length === limit };

      async function fallBack(d: ClaimedDelivery) {
        const recipient = (await repos.notifications.recipients([d.userId])).get(d.userId)!;
        const used = new Set(await repos.notifications.channelsUsed(d.notification.id));
        const next = fallbackChannel(preferencesOf(recipient), reachOf(recipient), used);
        if (next) {
          await repos.notifications.addFallback({ notificationId: d.notification.id, userId: d.userId, channel: next, fallbackOf: d.id, at: now });
          return;
        }
        // No channel left: the escalation's assignment notes whom it could not reach (beyond the app).
        const n = d.notification;
        if (n.kind === 'escalation' && n.assignmentId && !(await repos.notifications.anyDelivered(n.id))) {
          await repos.events.append({
            assignmentId: n.assignmentId,
            key: `unreachable:${n.id}`,
            kind: 'notification.unreachable',
            at: now,
            data: { userId: d.userId, escalationId: n.data['escalationId'] ?? null, channels: [...used] },
          });
        }
      }
    },
  };

  /** One message through the adapter; push goes to every live subscription of the person. */
  async function send(
    adapter: Channel,
    channel: ExternalChannel,
    message: Omit<OutgoingMessage, 'to'>,
    userId: string,
    addresses: Map<string, string> | null,
    pushes: Map<string, Array<{ endpoint: string; p256dh: string; auth: string }>> | null,
  ): Promise<{ result: SendOutcome; address: string | null }> {
    if (channel !== 'push') {
      const to = addresses?.get(userId);
      if (!to) return { result: { ok: false, code: 'INVALID_ADDRESS', reason: 'No verified address any more' }, address: null };
      return { result: await adapter.send({ ...message, to }), address: to };
    }
    const subscriptions = pushes?.get(userId) ?? [];
    let result: SendOutcome = { ok: false, code: 'SUBSCRIPTION_EXPIRED', reason: 'No live push subscription' };
    let reached: string | null = null;
    for (const s of subscriptions) {
      const r = await adapter.send({ ...message, to: { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } } });
      if (r.ok) {
        result = r;
        reached = new URL(s.endpoint).origin;
      } else if (r.code === 'SUBSCRIPTION_EXPIRED') {
        await repos.notifications.expirePush(s.endpoint, new Date().toISOString());
        if (!result.ok) result = r;
      } else if (!result.ok) result = r;
    }
    return { result, address: reached };
  }
}
