import type { ExternalChannel, NotificationKind, PlannedDelivery, Role } from '@chidao/domain';
import type { Db } from './client';
import { Prisma } from './generated/prisma/client';

/**
 * The notification outbox and what comes of it: events (written by triggers, see the notifications
 * migration) expanded into one notification per person, and those into deliveries per channel. Every
 * write is keyed (event key, (event, person), (notification, channel)), so a retried activity writes
 * each once.
 */

export interface NotificationEventRow {
  readonly id: string;
  readonly key: string;
  readonly kind: string;
  readonly at: string;
  readonly directiveId: string;
  readonly assignmentId: string | null;
  readonly unitId: string;
  readonly recipientUnitId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What a notification says and about what: one per (event, person). */
interface NotificationFields {
  readonly kind: NotificationKind;
  readonly at: string;
  readonly directiveId: string;
  readonly assignmentId: string | null;
  readonly unitId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly urgent: boolean;
}

export interface NotificationRecord extends NotificationFields {
  readonly id: string;
  readonly readAt: string | null;
}

export interface NewNotification extends NotificationFields {
  readonly eventId: string;
  readonly userId: string;
  readonly deliveries: readonly PlannedDelivery[];
}

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'delivered' | 'failed' | 'suppressed';

/** A delivery claimed for sending, with its notification. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly userId: string;
  readonly channel: ExternalChannel;
  readonly digest: boolean;
  readonly attempts: number;
  readonly notification: NotificationRecord;
}

export interface DeliveryLogEntry {
  readonly id: string;
  readonly notificationId: string;
  readonly userId: string;
  readonly kind: NotificationKind;
  readonly directiveId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly channel: ExternalChannel;
  readonly state: DeliveryState;
  readonly notBefore: string;
  readonly digest: boolean;
  readonly address: string | null;
  readonly attempts: number;
  readonly doneAt: string | null;
  readonly reason: string | null;
  readonly fallbackOf: string | null;
  readonly createdAt: string;
}

export interface PushSubscriptionRecord {
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

type NotificationRow = Prisma.NotificationGetPayload<object>;
const toNotification = (r: NotificationRow): NotificationRecord => ({
  id: String(r.id),
  kind: r.kind as NotificationKind,
  at: r.at.toISOString(),
  directiveId: r.directiveId,
  assignmentId: r.assignmentId,
  unitId: r.unitId,
  data: r.data as Record<string, unknown>,
  urgent: r.urgent,
  readAt: iso(r.readAt),
});

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;

export function createNotificationRepository(db: Db) {
  const { prisma } = db;

  return {
    /** Events not yet expanded, oldest first. */
    async pendingEvents(limit: number): Promise<NotificationEventRow[]> {
      const rows = await prisma.notificationEvent.findMany({ where: { expandedAt: null }, orderBy: { id: 'asc' }, take: limit });
      return rows.map((r) => ({
        id: String(r.id),
        key: r.key,
        kind: r.kind,
        at: r.at.toISOString(),
        directiveId: r.directiveId,
        assignmentId: r.assignmentId,
        unitId: r.unitId,
        recipientUnitId: r.recipientUnitId,
        data: r.data as Record<string, unknown>,
      }));
    },

    /** The directives' words and the units' names the notifications' text needs. */
    async context(directiveIds: readonly string[], unitIds: readonly string[]) {
      const [directives, units] = await Promise.all([
        prisma.directive.findMany({ where: { id: { in: [...directiveIds] } }, select: { id: true, reference: true, subject: true, issuerUnitId: true, body: true } }),
        prisma.unit.findMany({ where: { id: { in: [...unitIds] } }, select: { id: true, name: true } }),
      ]);
      return {
        directives: new Map(
          directives.map((d) => [
            d.id,
            { reference: d.reference, subject: d.subject, issuerUnitId: d.issuerUnitId, urgency: ((d.body as { urgency?: string | null }).urgency ?? null) as string | null },
          ]),
        ),
        unitNames: new Map(units.map((u) => [u.id, u.name] as const)),
      };
    },

    /** People holding any of `roles` at `unitId`, for each audience; with every role they hold anywhere (for their default preferences). */
    async people(audiences: ReadonlyArray<{ unitId: string; roles: readonly Role[] }>): Promise<Array<{ audience: number; userId: string }>> {
      if (audiences.length === 0) return [];
      const rows = await prisma.$queryRaw<Array<{ audience: number; user_id: string }>>`
        SELECT DISTINCT a.ord::int - 1 AS audience, r.user_id
        FROM unnest(${audiences.map((a) => a.unitId)}::text[], ${audiences.map((a) => a.roles.join(','))}::text[]) WITH ORDINALITY AS a(unit_id, roles, ord)
        JOIN user_role r ON r.unit_id = a.unit_id AND r.role = ANY(string_to_array(a.roles, ','))`;
      return rows.map((r) => ({ audience: r.audience, userId: r.user_id }));
    },

    /**
     * Each person's roles, saved preferences (null: the defaults), verified and unverified channels,
     * and the settings their province saved (null: none), whose quiet hours are the defaults' there.
     */
    async recipients(userIds: readonly string[]) {
      const ids = [...new Set(userIds)];
      const [roles, prefs, contacts, pushes, users] = await Promise.all([
        prisma.userRole.findMany({ where: { userId: { in: ids } }, select: { userId: true, role: true } }),
        prisma.notificationPreference.findMany({ where: { userId: { in: ids } } }),
        prisma.contactPoint.findMany({ where: { userId: { in: ids } }, select: { userId: true, channel: true, verifiedAt: true } }),
        prisma.pushSubscription.groupBy({ by: ['userId'], where: { userId: { in: ids }, expiredAt: null } }),
        prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, unit: { select: { path: true } } } }),
      ]);
      // A unit's path names its ancestors; only a province has settings, so the one of them with a row is its province's.
      const ancestors = new Map(users.map((u) => [u.id, u.unit.path.split('/')]));
      const settingRows = await prisma.provinceSetting.findMany({ where: { provinceId: { in: [...new Set([...ancestors.values()].flat())] } }, select: { provinceId: true, settings: true } });
      const provinceSettings = new Map(settingRows.map((r) => [r.provinceId, r.settings as unknown]));
      const out = new Map(
        ids.map((id) => [
          id,
          {
            roles: [] as Role[],
            preferences: null as unknown,
            verified: new Set<ExternalChannel>(),
            unverified: new Set<ExternalChannel>(),
            provinceSettings: (ancestors.get(id) ?? []).map((unitId) => provinceSettings.get(unitId)).find((s) => s !== undefined) ?? null,
          },
        ]),
      );
      for (const r of roles) out.get(r.userId)?.roles.push(r.role as Role);
      for (const p of prefs) out.get(p.userId)!.preferences = p.settings;
      for (const c of contacts) out.get(c.userId)?.[c.verifiedAt ? 'verified' : 'unverified'].add(c.channel as ExternalChannel);
      for (const p of pushes) out.get(p.userId)?.verified.add('push');
      return out;
    },

    /**
     * The events' notifications and their deliveries, and the events marked expanded, in one
     * transaction; then each person's in-app list is told (pg_notify at commit).
     */
    async expand(eventIds: readonly string[], notifications: readonly NewNotification[]): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (notifications.length > 0) {
          await tx.$executeRaw`
            INSERT INTO notification (event_id, user_id, kind, at, directive_id, assignment_id, unit_id, data, urgent)
            SELECT * FROM unnest(${notifications.map((n) => BigInt(n.eventId))}::bigint[], ${notifications.map((n) => n.userId)}::text[],
                                 ${notifications.map((n) => n.kind)}::text[], ${notifications.map((n) => new Date(n.at))}::timestamptz[],
                                 ${notifications.map((n) => n.directiveId)}::text[], ${notifications.map((n) => n.assignmentId)}::text[],
                                 ${notifications.map((n) => n.unitId)}::text[], ${notifications.map((n) => JSON.stringify(n.data))}::jsonb[],
                                 ${notifications.map((n) => n.urgent)}::boolean[])
            ON CONFLICT (event_id, user_id) DO NOTHING`;
          const deliveries = notifications.flatMap((n) => n.deliveries.map((d) => ({ n, d })));
          if (deliveries.length > 0) {
            await tx.$executeRaw`
              INSERT INTO notification_delivery (notification_id, user_id, channel, state, not_before, digest, reason)
              SELECT n.id, d.user_id, d.channel, d.state, d.not_before, d.digest, d.reason
              FROM unnest(${deliveries.map(({ n }) => BigInt(n.eventId))}::bigint[], ${deliveries.map(({ n }) => n.userId)}::text[],
                          ${deliveries.map(({ d }) => d.channel)}::text[], ${deliveries.map(({ d }) => d.state)}::text[],
                          ${deliveries.map(({ n, d }) => new Date(d.state === 'pending' ? d.notBefore : n.at))}::timestamptz[],
                          ${deliveries.map(({ d }) => d.state === 'pending' && d.digest)}::boolean[],
                          ${deliveries.map(({ d }) => (d.state === 'suppressed' ? d.reason : null))}::text[])
                   AS d(event_id, user_id, channel, state, not_before, digest, reason)
              JOIN notification n ON n.event_id = d.event_id AND n.user_id = d.user_id
              ON CONFLICT (notification_id, channel) DO NOTHING`;
          }
          await tx.$executeRaw`SELECT pg_notify('chidao_inbox', u) FROM unnest(${[...new Set(notifications.map((n) => n.userId))]}::text[]) AS u`;
        }
        await tx.$executeRaw`UPDATE notification_event SET expanded_at = now() WHERE id = ANY(${eventIds.map((id) => BigInt(id))}::bigint[]) AND expanded_at IS NULL`;
      });
    },

    /** Channels with deliveries due by `now`, and when the next later one falls due. */
    async due(now: string): Promise<{ channels: ExternalChannel[]; nextAt: string | null }> {
      const rows = await prisma.$queryRaw<Array<{ channel: string; due: boolean; next_at: Date | null }>>`
        SELECT channel, bool_or(not_before <= ${new Date(now)}) AS due, min(not_before) FILTER (WHERE not_before > ${new Date(now)}) AS next_at
        FROM notification_delivery WHERE state IN ('pending', 'sending') GROUP BY channel`;
      const next = rows.map((r) => r.next_at).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0];
      return { channels: rows.filter((r) => r.due).map((r) => r.channel as ExternalChannel), nextAt: next ? next.toISOString() : null };
    },

    /**
     * Up to `limit` deliveries of a channel due by `now`, marked sending (an attempt counts when its
     * outcome is written: claimed rows a failing provider never got to are not attempts). A
     * delivery left `sending` by an attempt that died is claimed again: one sender per channel runs
     * at a time (the dispatcher's lane), so whatever is `sending` when a lane starts is its own.
     */
    async claim(channel: ExternalChannel, now: string, limit: number): Promise<ClaimedDelivery[]> {
      const rows = await prisma.$queryRaw<Array<{ id: bigint; user_id: string; digest: boolean; attempts: number; notification_id: bigint }>>`
        UPDATE notification_delivery d SET state = 'sending'
        WHERE d.id IN (SELECT id FROM notification_delivery WHERE channel = ${channel} AND state IN ('pending', 'sending') AND not_before <= ${new Date(now)}
                       ORDER BY not_before, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.user_id, d.digest, d.attempts, d.notification_id`;
      if (rows.length === 0) return [];
      const notes = new Map(
        (await prisma.notification.findMany({ where: { id: { in: rows.map((r) => r.notification_id) } } })).map((n) => [String(n.id), toNotification(n)] as const),
      );
      return rows
        .map((r) => ({ id: String(r.id), userId: r.user_id, channel, digest: r.digest, attempts: r.attempts, notification: notes.get(String(r.notification_id))! }))
        .sort((a, b) => Number(a.id) - Number(b.id));
    },

    /** The verified addresses of these people on a channel (e-mail, SMS, Zalo). */
    async addressesOf(userIds: readonly string[], channel: Exclude<ExternalChannel, 'push'>): Promise<Map<string, string>> {
      const rows = await prisma.contactPoint.findMany({ where: { userId: { in: [...userIds] }, channel, verifiedAt: { not: null } } });
      return new Map(rows.map((r) => [r.userId, r.address] as const));
    },

    async pushSubscriptionsOf(userIds: readonly string[]): Promise<Map<string, PushSubscriptionRecord[]>> {
      const rows = await prisma.pushSubscription.findMany({ where: { userId: { in: [...userIds] }, expiredAt: null }, orderBy: { createdAt: 'asc' } });
      const out = new Map<string, PushSubscriptionRecord[]>();
      for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), { endpoint: r.endpoint, p256dh: r.p256dh, auth: r.auth }]);
      return out;
    },

    async markSent(ids: readonly string[], outcome: { at: string; address: string | null; providerId: string | null; delivered: boolean; digestKey?: string }): Promise<void> {
      await prisma.notificationDelivery.updateMany({
        where: { id: { in: ids.map(BigInt) }, state: { in: ['pending', 'sending'] } },
        data: {
          attempts: { increment: 1 },
          lastAttemptAt: new Date(outcome.at),
          state: outcome.delivered ? 'delivered' : 'sent',
          doneAt: new Date(outcome.at),
          address: outcome.address,
          providerId: outcome.providerId,
          reason: null,
          ...(outcome.digestKey ? { digestKey: outcome.digestKey } : {}),
        },
      });
    },

    async markFailed(ids: readonly string[], outcome: { at: string; address: string | null; reason: string }): Promise<void> {
      await prisma.notificationDelivery.updateMany({
        where: { id: { in: ids.map(BigInt) }, state: { in: ['pending', 'sending'] } },
        data: { attempts: { increment: 1 }, lastAttemptAt: new Date(outcome.at), state: 'failed', doneAt: new Date(outcome.at), address: outcome.address, reason: outcome.reason.slice(0, 500) },
      });
    },

    /** A transient failure's note on what is still to be sent (the attempt is retried by Temporal). */
    async noteAttempt(ids: readonly string[], reason: string, at: string): Promise<void> {
      await prisma.notificationDelivery.updateMany({
        where: { id: { in: ids.map(BigInt) }, state: { in: ['pending', 'sending'] } },
        data: { attempts: { increment: 1 }, lastAttemptAt: new Date(at), reason: reason.slice(0, 500) },
      });
    },

    /** The channels a notification has gone (or is going) through. */
    async channelsUsed(notificationId: string): Promise<ExternalChannel[]> {
      const rows = await prisma.notificationDelivery.findMany({ where: { notificationId: BigInt(notificationId), state: { not: 'suppressed' } }, select: { channel: true } });
      return rows.map((r) => r.channel as ExternalChannel);
    },

    /** Whether any channel got the notification through. */
    async anyDelivered(notificationId: string): Promise<boolean> {
      return (await prisma.notificationDelivery.count({ where: { notificationId: BigInt(notificationId), state: { in: ['sent', 'delivered'] } } })) > 0;
    },

    /** The next channel's delivery, standing in for one that failed; a suppressed row for the channel becomes it. */
    async addFallback(input: { notificationId: string; userId: string; channel: ExternalChannel; fallbackOf: string; at: string }): Promise<void> {
      await prisma.$executeRaw`
        INSERT INTO notification_delivery (notification_id, user_id, channel, state, not_before, fallback_of)
        VALUES (${BigInt(input.notificationId)}, ${input.userId}, ${input.channel}, 'pending', ${new Date(input.at)}, ${BigInt(input.fallbackOf)})
        ON CONFLICT (notification_id, channel) DO UPDATE SET state = 'pending', not_before = excluded.not_before, fallback_of = excluded.fallback_of, reason = NULL
        WHERE notification_delivery.state = 'suppressed'`;
    },

    /** The push service said the subscription is gone (404/410): nothing more is sent to it. */
    async expirePush(endpoint: string, at: string): Promise<void> {
      await prisma.pushSubscription.updateMany({ where: { endpoint, expiredAt: null }, data: { expiredAt: new Date(at) } });
    },

    async subscribePush(input: { userId: string; endpoint: string; p256dh: string; auth: string; userAgent: string | null }): Promise<void> {
      await prisma.pushSubscription.upsert({
        where: { endpoint: input.endpoint },
        create: { ...input },
        update: { userId: input.userId, p256dh: input.p256dh, auth: input.auth, userAgent: input.userAgent, expiredAt: null },
      });
    },

    async unsubscribePush(userId: string, endpoint: string): Promise<void> {
      await prisma.pushSubscription.deleteMany({ where: { userId, endpoint } });
    },

    async pushSubscriptionCount(userId: string): Promise<number> {
      return prisma.pushSubscription.count({ where: { userId, expiredAt: null } });
    },

    // ---- the in-app list ----

    /** A person's notifications, newest first, `limit` of them before the id `before`. */
    async list(userId: string, options: { limit: number; before?: string; unreadOnly?: boolean }): Promise<NotificationRecord[]> {
      const rows = await prisma.notification.findMany({
        where: { userId, ...(options.before ? { id: { lt: BigInt(options.before) } } : {}), ...(options.unreadOnly ? { readAt: null } : {}) },
        orderBy: { id: 'desc' },
        take: options.limit,
      });
      return rows.map(toNotification);
    },

    async unreadCount(userId: string): Promise<number> {
      return prisma.notification.count({ where: { userId, readAt: null } });
    },

    /** Marks the person's own notifications read; another person's ids change nothing. */
    async markRead(userId: string, ids: readonly string[], at: string): Promise<number> {
      const { count } = await prisma.notification.updateMany({ where: { userId, id: { in: ids.map(BigInt) }, readAt: null }, data: { readAt: new Date(at) } });
      return count;
    },

    async markAllRead(userId: string, at: string): Promise<number> {
      const { count } = await prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date(at) } });
      return count;
    },

    // ---- preferences ----

    async preferencesOf(userId: string): Promise<unknown> {
      return (await prisma.notificationPreference.findUnique({ where: { userId } }))?.settings ?? null;
    },

    async savePreferences(userId: string, settings: object): Promise<void> {
      await prisma.notificationPreference.upsert({
        where: { userId },
        create: { userId, settings: settings as Prisma.InputJsonObject },
        update: { settings: settings as Prisma.InputJsonObject },
      });
    },

    // ---- the delivery log ----

    /** Deliveries newest first: one person's (`userId`), or everyone's for an administrator (null). */
    async deliveryLog(userId: string | null, options: { limit: number; before?: string; state?: DeliveryState }): Promise<DeliveryLogEntry[]> {
      const rows = await prisma.notificationDelivery.findMany({
        where: { ...(userId ? { userId } : {}), ...(options.before ? { id: { lt: BigInt(options.before) } } : {}), ...(options.state ? { state: options.state } : {}) },
        orderBy: { id: 'desc' },
        take: options.limit,
      });
      const notes = new Map(
        (await prisma.notification.findMany({ where: { id: { in: rows.map((r) => r.notificationId) } } })).map((n) => [String(n.id), toNotification(n)] as const),
      );
      return rows.map((r) => {
        const n = notes.get(String(r.notificationId))!;
        return {
          id: String(r.id),
          notificationId: String(r.notificationId),
          userId: r.userId,
          kind: n.kind,
          directiveId: n.directiveId,
          data: n.data,
          channel: r.channel as ExternalChannel,
          state: r.state as DeliveryState,
          notBefore: r.notBefore.toISOString(),
          digest: r.digest,
          address: r.address,
          attempts: r.attempts,
          doneAt: iso(r.doneAt),
          reason: r.reason,
          fallbackOf: r.fallbackOf === null ? null : String(r.fallbackOf),
          createdAt: r.createdAt.toISOString(),
        };
      });
    },
  };
}
